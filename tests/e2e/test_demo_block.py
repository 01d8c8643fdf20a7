"""The demo renders the Attendance block for a learner and its editor for course staff."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser


def test_learner_sees_the_live_session_block(demo_server, page):
    sign_in(page, demo_server, "learner01")

    page.goto(f"{demo_server}/scenario/attendance.0/")

    block = page.locator("section.attendance-block")
    block.wait_for()
    assert "student=learner01" in page.url
    assert page.get_by_role("heading", name="Ethics in practice (live webinar)").is_visible()
    assert "Live session" in block.inner_text()
    assert "attendance-ready" in (block.get_attribute("class") or "")  # the block's JS ran
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "learner-live-block.png"), full_page=True)


def test_staff_editor_refuses_an_end_before_the_start_with_a_clear_message(demo_server, page):
    sign_in(page, demo_server, "staff")
    page.goto(f"{demo_server}/scenario/attendance.0/studio_view/")

    page.get_by_label("End (UTC)").fill("2026-11-30T10:00")
    page.get_by_role("button", name="Save", exact=True).click()

    error = page.locator("[id$='-live_end-error']")
    error.wait_for(state="visible")
    assert error.inner_text() == "The end must be after the start."
    assert page.get_by_label("End (UTC)").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id").endswith("-live_end")


def test_staff_editor_saves_valid_settings(demo_server, page):
    sign_in(page, demo_server, "staff")
    page.goto(f"{demo_server}/scenario/attendance.2/studio_view/")

    page.get_by_label("Display name").fill("Audit workshop, spring cohort")
    page.get_by_role("button", name="Save", exact=True).click()

    page.get_by_text("Settings saved.").wait_for()
    page.goto(f"{demo_server}/scenario/attendance.2/")
    assert page.get_by_role("heading", name="Audit workshop, spring cohort").is_visible()
