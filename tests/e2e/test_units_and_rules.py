"""Issue 2/8 end to end: a CPE unit from the template, attached with a quiz rule, seen by a learner."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser


def test_cpe_unit_from_template_to_rule_to_learner_view(demo_server, page):
    sign_in(page, demo_server, "admin")
    page.goto(f"{demo_server}/attendance/units/?org=DemoX")
    page.get_by_label("Template (optional)").select_option("cpe")
    assert page.get_by_label("Minutes").input_value() == "50"  # the template filled the form in
    assert page.get_by_label("Acronym").input_value() == "CPE"

    page.get_by_role("button", name="Create").click()
    acronym_error = page.locator("#unit-acronym-error")
    assert acronym_error.inner_text() == "“CPE” is already used here."  # the seed has a CPE unit
    page.get_by_label("Acronym").fill("CPE-ETH")
    page.get_by_label("Name").fill("CPE in ethics")
    page.get_by_role("button", name="Create").click()
    page.get_by_role("heading", name="CPE-ETH — CPE in ethics").wait_for()

    sign_in(page, demo_server, "staff")
    page.goto(f"{demo_server}/scenario/attendance.2/studio_view/")
    unit_select = page.get_by_label("Credit unit", exact=True)
    unit_select.locator("option", has_text="CPE-ETH").wait_for(state="attached")
    unit_select.select_option(label="CPE-ETH — CPE in ethics (50 min)")
    page.get_by_label("Quiz completion (optional)").select_option(label="Module 1 quiz")
    page.get_by_label("Min Grade (%)").fill("80")
    page.get_by_label("Min Grade (%)").press("Enter")  # submits the form from the keyboard
    rule = page.locator(".attendance-rules li", has_text="CPE-ETH")
    rule.wait_for()
    assert "needs 80 % on “Module 1 quiz”" in rule.inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "studio-editor-rules.png"), full_page=True)

    sign_in(page, demo_server, "learner01")
    page.goto(f"{demo_server}/scenario/attendance.2/")
    units = page.locator(".attendance-units")
    units.wait_for()
    assert "CPE-ETH" in units.inner_text()
    assert "needs at least 80 % on “Module 1 quiz”" in units.inner_text()


def test_removing_a_rule_from_the_keyboard(demo_server, page):
    sign_in(page, demo_server, "staff")
    page.goto(f"{demo_server}/scenario/attendance.1/studio_view/")
    remove = page.get_by_role("button", name="Remove CEU")
    remove.wait_for()

    remove.focus()
    page.keyboard.press("Enter")

    page.locator(".attendance-rules li", has_text="CEU").wait_for(state="detached")
    assert page.evaluate("document.activeElement.id").endswith("-rules-title")
    assert page.locator(".attendance-rules li").count() == 2  # PRAC and CPE remain (demo seed)
