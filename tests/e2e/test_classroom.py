"""The instructor's classroom page on a phone: the rotating code shows, marking saves, the audit lists it.

The test adds a running slot of the demo's classroom workshop (instructor: ``instructor``; learners
learner01 and learner02 registered) in the demo database, then drives the page as the instructor.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.e2e.conftest import ARTIFACTS, DEMO_ENV, ROOT, sign_in

pytestmark = pytest.mark.browser

ADD_RUNNING_SLOT = """
from datetime import timedelta
from django.contrib.auth import get_user_model
from attendance_app import clock
from attendance_app.api import classroom
from attendance_app.models import Activity
users = get_user_model().objects
activity = Activity.objects.get(mode="classroom")
staff, teacher = users.get(username="staff"), users.get(username="instructor")
now = clock.now()
slot = classroom.create_slots(staff.id, activity.usage_key, {
    "title": "Audit lab", "start": (now - timedelta(minutes=20)).isoformat(),
    "end": (now + timedelta(hours=1)).isoformat(), "duration_hours": 1.5, "location": "Room 4",
    "capacity": 10, "instructor_ids": [teacher.id]})[0].slot
for name in ("learner01", "learner02"):
    classroom.register(users.get(username=name).id, activity.usage_key, slot.id, now - timedelta(days=1))
print(f"/attendance/activities/{activity.usage_key}/classroom/{slot.id}/")
"""


def test_the_instructor_shows_the_code_and_marks_on_a_phone(demo_server, browser):
    from playwright.sync_api import expect

    path = (
        subprocess.run(
            [sys.executable, str(ROOT / "demo" / "manage.py"), "shell", "-c", ADD_RUNNING_SLOT],
            env=DEMO_ENV,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US", is_mobile=True)
    page = context.new_page()
    try:
        sign_in(page, demo_server, "instructor")
        page.goto(demo_server + path)

        expect(page.locator("[data-code]")).to_have_text(re.compile(r"^\d{6}$"), timeout=10_000)
        expect(page.locator("[data-qr] svg")).to_be_visible()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "classroom-instructor-code.png"), full_page=True)

        row = page.locator(".classroom-row", has_text="learner02")
        row.get_by_label("Status").select_option("absent")
        row.get_by_label("Remark").fill("No show")
        row.get_by_role("button", name="Save").click()

        expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
        page.locator(".classroom-audit summary").click()
        expect(page.locator(".classroom-audit tbody tr")).to_have_count(1)
        expect(page.locator(".classroom-audit tbody")).to_contain_text("absent (No show)")
        page.screenshot(path=str(ARTIFACTS / "classroom-instructor-marked.png"), full_page=True)
    finally:
        context.close()
