"""Issue #18 item 8 end to end: an organization admin adds a credit requirement, first with mistakes."""

from __future__ import annotations

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser


def test_an_admin_adds_a_requirement_after_correcting_mistakes(demo_server, page):
    sign_in(page, demo_server, "admin")
    page.goto(f"{demo_server}/attendance/units/?org=DemoX")
    page.get_by_role(
        "link", name="Credit requirements: how many credits learners must earn per period"
    ).click()
    assert (
        page.get_by_role("table", name="Requirements of DemoX")
        .get_by_role("cell", name="CPE", exact=True)
        .count()
        == 1
    )

    window = page.get_by_label("Window (months)")
    assert not window.is_visible()  # a calendar year (the default) has no window
    page.get_by_label("Credit unit (acronym)").select_option("CEU")
    page.get_by_label("Required credits per period").fill("0")
    page.get_by_label("Rolling window of months").check()
    assert window.is_visible()
    page.get_by_role("button", name="Add the requirement").click()

    page.get_by_role("alert").filter(has_text="nothing was saved").wait_for()
    assert page.get_by_label("Required credits per period").get_attribute("aria-invalid") == "true"
    assert "Enter a number from 0.01" in page.locator("#requirement-required_credits-error").inner_text()
    assert "Enter the window" in page.locator("#requirement-window_months-error").inner_text()
    assert page.get_by_label("Credit unit (acronym)").input_value() == "CEU"  # kept for a retry
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "credit-requirements-errors.png"), full_page=True)
    assert_accessible(page, "the credit requirements page with errors")

    page.get_by_label("Required credits per period").fill("2.5")
    window.fill("24")
    page.get_by_role("button", name="Add the requirement").click()

    page.get_by_role("status").filter(has_text="DemoX now requires 2.5 CEU credits per period.").wait_for()
    row = page.get_by_role("row").filter(has_text="CEU")
    assert "Rolling window of 24 months" in row.inner_text()
    page.screenshot(path=str(ARTIFACTS / "credit-requirements.png"), full_page=True)
    assert_accessible(page, "the credit requirements page")

    row.get_by_role("link", name="Delete CEU…").click()
    assert_accessible(page, "the credit requirement's delete confirmation")
    page.get_by_role("button", name="Delete the requirement").click()
    page.get_by_role("status").filter(has_text="DemoX no longer requires CEU credits.").wait_for()
    assert page.get_by_role("row").filter(has_text="CEU").count() == 0


def test_the_course_team_overrides_the_course_sponsor(demo_server, page):
    sign_in(page, demo_server, "admin")  # the organization's sponsor, which the course inherits
    page.goto(f"{demo_server}/attendance/sponsors/?org=DemoX")
    page.get_by_label("Address", exact=True).fill("1 Main Street, Springfield")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("status").filter(has_text="Saved.").wait_for()
    page.context.clear_cookies()

    sign_in(page, demo_server, "staff")
    page.goto(f"{demo_server}/attendance/courses/course-v1:DemoX+CE101+2026/dashboard/")
    page.get_by_role("link", name="Sponsor settings of this course").click()
    page.get_by_role("heading", name="Sponsor of the course course-v1:DemoX+CE101+2026").wait_for()
    page.get_by_label("Sponsor name").fill("CE101 Sponsor")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("status").filter(has_text="Saved.").wait_for()
    assert page.get_by_label("Sponsor name").input_value() == "CE101 Sponsor"
    assert (
        page.get_by_label("Address", exact=True).get_attribute("placeholder") == "1 Main Street, Springfield"
    )
    assert (
        "Inherited when empty: 1 Main Street, Springfield"
        in page.locator("#sponsor-address-inherited").inner_text()
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sponsor-course.png"), full_page=True)
    assert_accessible(page, "a course's sponsor settings")

    link = page.get_by_role("link", name="Preview this course's certificate (saved settings)")
    preview = page.request.get(f"{demo_server}{link.get_attribute('href')}")
    assert preview.status == 200
    assert preview.headers["content-type"] == "application/pdf"
