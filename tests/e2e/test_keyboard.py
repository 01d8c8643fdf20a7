"""Issue #20.6: the prompt, a registration, marking and a claim with the keyboard alone (no clicks).

Focus moves only with page.keyboard (Tab, Shift+Tab, Enter, letter keys on a select); each test
asserts where focus goes and what the action did. learner05 to learner07 are used by no other
browser test, so the shared demo database stays as the other modules expect it.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import ARTIFACTS, demo_manage, sign_in
from tests.e2e.keyboard import focused, tab_to

pytestmark = pytest.mark.browser

RECORDED = "attendance.1"  # "Revenue recognition (recorded)"
CLASSROOM = "attendance.2"  # "Audit workshop (classroom)"
ADD_KEYBOARD_SLOTS = """
from datetime import timedelta
from django.contrib.auth import get_user_model
from attendance_app import clock
from attendance_app.api import classroom
from attendance_app.models import Activity
users = get_user_model().objects
activity = Activity.objects.get(mode="classroom")
staff, teacher = users.get(username="staff"), users.get(username="instructor")
now = clock.now()
def slot(title, start, hours):
    return classroom.create_slots(staff.id, activity.usage_key, {
        "title": title, "start": start.isoformat(), "end": (start + timedelta(hours=hours)).isoformat(),
        "duration_hours": hours, "location": "Room 12", "capacity": 5,
        "instructor_ids": [teacher.id]})[0].slot
slot("Keyboard seminar", now + timedelta(days=30), 1)
running = slot("Keyboard lab", now - timedelta(minutes=5), 1)
learner06 = users.get(username="learner06")
classroom.register(learner06.id, activity.usage_key, running.id, now - timedelta(days=1))
print(f"/attendance/activities/{activity.usage_key}/classroom/{running.id}/")
"""


@pytest.fixture(scope="module")
def instructor_path(demo_server) -> str:
    """A running slot with learner06 registered, and a future one with seats: the instructor's page."""
    done = demo_manage("shell", "-c", ADD_KEYBOARD_SLOTS)
    return done.stdout.strip().splitlines()[-1]


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"keyboard-{name}.png"), full_page=True)


def test_a_prompt_is_answered_with_the_keyboard_and_focus_comes_back(demo_server, page):
    from playwright.sync_api import expect

    sign_in(page, demo_server, "learner05")
    page.goto(f"{demo_server}/scenario/{RECORDED}/")
    block = page.locator("section.attendance-block")
    video = block.locator("video")
    if video.count():  # time counts while the recording plays: start it from the keyboard
        anchor = video
        tab_to(page, video)
        page.keyboard.press("Space")
    else:  # no recording: time counts while the tab is visible; the learner is in the block's form
        anchor = block.get_by_label("More time to answer prompts")
        tab_to(page, anchor)
    dialog = page.get_by_role("alertdialog", name="Are you still here?")
    expect(dialog).to_be_visible(timeout=20_000)
    here = dialog.get_by_role("button", name="I'm here")
    expect(here).to_be_focused()  # the prompt takes focus on its confirm button
    for key in ("Tab", "Shift+Tab", "Tab"):  # and keeps it: the dialog is modal
        page.keyboard.press(key)
        expect(here).to_be_focused()
    _screenshot(page, "prompt")

    page.keyboard.press("Enter")

    expect(dialog).to_be_hidden()
    expect(block.locator(".attendance-status[role=status]")).to_have_text("Presence confirmed")
    expect(block.locator('[data-meter="hits"]')).to_have_text("1")
    expect(anchor).to_be_focused()  # back where the learner was


def test_a_learner_registers_for_a_slot_with_the_keyboard(demo_server, instructor_path, page):
    from playwright.sync_api import expect

    sign_in(page, demo_server, "learner07")
    page.goto(f"{demo_server}/scenario/{CLASSROOM}/")
    seminar = page.locator(".attendance-classroom-slot", has_text="Keyboard seminar")
    register = seminar.get_by_role("button", name="Register", exact=True)
    expect(register).to_be_visible()
    # Each slot's button is told apart by its slot's title, which a screen reader reads with it.
    expect(register).to_have_accessible_description("Keyboard seminar")
    tab_to(page, register)

    page.keyboard.press("Enter")

    expect(page.locator(".attendance-classroom-status")).to_have_text("Saved.")
    unregister = seminar.get_by_role("button", name="Unregister")
    expect(unregister).to_be_focused()  # the redrawn list gives focus back to the same slot
    expect(seminar).to_contain_text("4 of 5 seats left")
    _screenshot(page, "registered")


def test_the_instructor_marks_and_the_learner_claims_with_the_keyboard(demo_server, instructor_path, browser):
    from playwright.sync_api import expect

    instructor = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-US")
    learner = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-US")
    page, learner_page = instructor.new_page(), learner.new_page()
    try:
        sign_in(page, demo_server, "instructor")
        page.goto(demo_server + instructor_path)
        row = page.locator(".classroom-row", has_text="learner06")
        status, remark = row.get_by_label("Status"), row.get_by_label("Remark")
        save = row.get_by_role("button", name="Save")
        tab_to(page, status)
        page.keyboard.press("p")  # a closed select picks the first option starting with the letter
        expect(status).to_have_value("present")
        page.keyboard.press("Tab")
        expect(remark).to_be_focused()
        page.keyboard.type("On time")
        page.keyboard.press("Tab")
        expect(save).to_be_focused()  # status, remark, save: the row's order on screen
        # Every row has a Save: the learner's name, read with it, tells a screen reader whose it is.
        expect(save).to_have_accessible_description(re.compile(r"learner06"))

        page.keyboard.press("Enter")

        expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
        row = page.locator(".classroom-row", has_text="learner06")
        expect(row.get_by_label("Status")).to_have_value("present")
        expect(row.get_by_label("Remark")).to_have_value("On time")
        _screenshot(page, "marked")

        sign_in(learner_page, demo_server, "learner06")
        learner_page.goto(f"{demo_server}/scenario/{CLASSROOM}/")
        claim = learner_page.locator("section.attendance-block .attendance-claim")
        button = claim.get_by_role("button", name="Claim credits")
        expect(button).to_be_visible()
        passed = tab_to(learner_page, button)
        assert not any(item == "body" for item in passed), passed  # focus never fell out of the page

        learner_page.keyboard.press("Enter")

        result = claim.locator(".attendance-claim-result")
        expect(result).to_have_text(re.compile(r"^Claimed: [\d.]+ CPE\.$"))
        assert focused(learner_page) != "body"  # the button, or the result when nothing is left to claim
        _screenshot(learner_page, "claimed")
    finally:
        instructor.close()
        learner.close()
