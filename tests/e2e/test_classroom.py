"""The classroom on phones: the rotating code and its check-in page, marking and its audit, the claim.

The test adds a running slot of the demo's classroom workshop (instructor: ``instructor``; learners
learner01 and learner02 registered) in the demo database, then drives the page as the instructor.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import ARTIFACTS, add_running_slot, demo_manage, sign_in

pytestmark = pytest.mark.browser
CLASSROOM_SCENARIO = "attendance.2"  # "Audit workshop (classroom)"


def test_the_instructor_shows_the_code_and_marks_on_a_phone(demo_server, browser):
    """The code shows; learner01 checks in through the QR code's page; the instructor marks learner02
    twice; the audit lists all three changes; learner01 claims the slot's credit in the block and
    downloads the certificate."""
    from playwright.sync_api import expect
    from pypdf import PdfReader

    path = add_running_slot("Audit lab", "Room 4", 1.5, ("learner01", "learner02"))
    usage_key, slot_id = path.split("/")[3], path.split("/")[5]
    code_api = f"{demo_server}/api/attendance/v1/activities/{usage_key}/slots/{slot_id}/checkin-code/"
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US", is_mobile=True)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US", is_mobile=True)
    page, learner = context.new_page(), phone.new_page()
    try:
        sign_in(page, demo_server, "instructor")
        page.goto(demo_server + path)

        expect(page.locator("[data-code]")).to_have_text(re.compile(r"^\d{6}$"), timeout=10_000)
        expect(page.locator("[data-qr] svg")).to_be_visible()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "classroom-instructor-code.png"), full_page=True)

        # learner01 scans the QR code: it opens the plugin's check-in page, not the unit.
        sign_in(learner, demo_server, "learner01")
        checkin_url = page.request.get(code_api).json()["checkin_url"]
        expected = rf"{re.escape(demo_server)}/attendance/checkin/{slot_id}/\?code=\d{{6}}"
        assert re.fullmatch(expected, checkin_url), checkin_url
        learner.goto(checkin_url)
        expect(learner.get_by_role("heading", name="Check in: Audit lab")).to_be_visible()
        learner.screenshot(path=str(ARTIFACTS / "classroom-checkin-page.png"), full_page=True)
        learner.get_by_role("button", name="Check in").click()
        expect(learner.get_by_role("status")).to_have_text("You are checked in: Present.")
        expect(learner.get_by_role("link", name="Go to the course unit")).to_be_visible()
        learner.screenshot(path=str(ARTIFACTS / "classroom-checkin-done.png"), full_page=True)

        page.reload()
        row = page.locator(".classroom-row", has_text="learner02")
        row.get_by_label("Status").select_option("absent")
        row.get_by_label("Remark").fill("No show")
        row.get_by_role("button", name="Save").click()
        expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
        row = page.locator(".classroom-row", has_text="learner02")
        row.get_by_label("Status").select_option("excused")
        row.get_by_label("Remark").fill("Doctor's note")
        row.get_by_role("button", name="Save").click()
        expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()

        page.locator(".classroom-audit summary").click()
        audit = page.locator(".classroom-audit tbody tr")
        expect(audit).to_have_count(3)
        expect(audit.filter(has_text="learner01")).to_contain_text("present")
        expect(audit.filter(has_text="No show").filter(has_text="Doctor's note")).to_have_count(1)
        expect(audit.filter(has_text="learner02").first).to_contain_text("instructor")
        page.screenshot(path=str(ARTIFACTS / "classroom-instructor-marked.png"), full_page=True)

        # The present learner claims the slot's credit in the block, then downloads the certificate.
        learner.goto(f"{demo_server}/scenario/{CLASSROOM_SCENARIO}/")
        block = learner.locator("section.attendance-block")
        claim = block.locator(".attendance-claim")
        expect(claim.locator(".attendance-claim-units")).to_contain_text("CPE")
        claim.locator(".attendance-claim-button").click()
        expect(claim.locator(".attendance-claim-result")).to_have_text(re.compile(r"^Claimed: [\d.]+ CPE\.$"))
        learner.screenshot(path=str(ARTIFACTS / "classroom-learner-claimed.png"), full_page=True)

        learner.goto(f"{demo_server}/attendance/my-credits/")
        name = "Download the CPE certificate for Audit workshop (classroom)"
        button = learner.get_by_role("button", name=name)
        with learner.expect_download(timeout=30_000) as download_info:
            button.click()
        download = download_info.value
        match = re.fullmatch(r"certificate-(.+)\.pdf", download.suggested_filename)
        assert match, download.suggested_filename
        pdf_path = ARTIFACTS / "classroom-certificate.pdf"
        download.save_as(str(pdf_path))
        assert pdf_path.read_bytes().startswith(b"%PDF")
        text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(str(pdf_path)).pages).split())
        assert "Amara Okafor" in text, text  # learner01 in demo/people.py
        assert "Audit workshop (classroom)" in text, text
        assert match.group(1) in text, text
    finally:
        context.close()
        phone.close()


ADD_LEARNER_SLOTS = """
from datetime import timedelta
from django.contrib.auth import get_user_model
from attendance_app import clock
from attendance_app.api import classroom
from attendance_app.models import Activity
users = get_user_model().objects
activity = Activity.objects.get(mode="classroom")
staff, teacher = users.get(username="staff"), users.get(username="instructor")
now = clock.now()
def slot(title, start, hours, capacity):
    return classroom.create_slots(staff.id, activity.usage_key, {
        "title": title, "start": start.isoformat(), "end": (start + timedelta(hours=hours)).isoformat(),
        "duration_hours": hours, "location": "Room 7", "capacity": capacity,
        "instructor_ids": [teacher.id]})[0].slot
slot("Lab A: one seat", now + timedelta(days=20), 2, 1)
running = slot("Lab B: now", now - timedelta(minutes=5), 1, 10)
learner03 = users.get(username="learner03")
classroom.register(learner03.id, activity.usage_key, running.id, now - timedelta(days=1))
print(f"/attendance/activities/{activity.usage_key}/classroom/{running.id}/")
"""


def test_learners_register_wait_are_promoted_and_check_in(demo_server, browser):
    from playwright.sync_api import expect

    instructor_path = demo_manage("shell", "-c", ADD_LEARNER_SLOTS).stdout.strip().splitlines()[-1]
    contexts = {
        name: browser.new_context(viewport={"width": 900, "height": 1000}, locale="en-US", timezone_id=zone)
        for name, zone in (
            ("learner01", "Europe/Paris"),
            ("learner02", "America/New_York"),
            ("learner03", "Europe/Paris"),
            ("instructor", "UTC"),
        )
    }
    pages = {name: context.new_page() for name, context in contexts.items()}
    try:
        for name, page in pages.items():
            sign_in(page, demo_server, name)
        first, second, third = pages["learner01"], pages["learner02"], pages["learner03"]
        scenario = f"{demo_server}/scenario/{CLASSROOM_SCENARIO}/"

        first.goto(scenario)
        lab_a = first.locator(".attendance-classroom-slot", has_text="Lab A")
        expect(lab_a).to_contain_text("1 of 1 seats left")
        lab_a.get_by_role("button", name="Register", exact=True).click()
        expect(lab_a.get_by_role("button", name="Unregister")).to_be_visible()

        second.goto(scenario)
        waiting = second.locator(".attendance-classroom-slot", has_text="Lab A")
        expect(waiting).to_contain_text("Full, 0 waiting")
        waiting.get_by_role("button", name="Join the waiting list").click()
        expect(second.locator(".attendance-classroom-status")).to_have_text("You are on the waiting list.")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        second.screenshot(path=str(ARTIFACTS / "classroom-learner-waiting.png"), full_page=True)

        lab_a.get_by_role("button", name="Unregister").click()
        expect(first.locator(".attendance-classroom-status")).to_have_text("Saved.")
        # learner02 was promoted to the freed seat: learner01 now finds the slot full.
        expect(lab_a.get_by_role("button", name="Join the waiting list")).to_be_visible()
        second.reload()
        expect(waiting.get_by_role("button", name="Unregister")).to_be_visible()

        pages["instructor"].goto(demo_server + instructor_path)
        code = pages["instructor"].locator("[data-code]")
        expect(code).to_have_text(re.compile(r"^\d{6}$"), timeout=10_000)
        third.goto(scenario)
        lab_b = third.locator(".attendance-classroom-slot", has_text="Lab B")
        lab_b.get_by_label("Code shown in the room").fill(code.inner_text())
        lab_b.get_by_role("button", name="Check in").click()
        expect(third.locator(".attendance-classroom-status")).to_have_text("You are checked in.")
        expect(lab_b).to_contain_text("Your attendance: Present")
        expect(lab_b.get_by_role("button", name="Check in")).to_have_count(0)
        third.screenshot(path=str(ARTIFACTS / "classroom-learner-checked-in.png"), full_page=True)
        expect(pages["instructor"].locator("[data-checkins]")).to_contain_text("learner03", timeout=10_000)
    finally:
        for context in contexts.values():
            context.close()


def test_an_author_adds_a_weekly_series_in_the_studio_editor(demo_server, page):
    from playwright.sync_api import expect

    sign_in(page, demo_server, "staff")
    page.goto(f"{demo_server}/scenario/{CLASSROOM_SCENARIO}/studio_view/")
    editor = page.locator(".attendance-slots-editor")
    expect(editor).to_be_visible()
    before = editor.locator(".attendance-slots li").count()

    editor.get_by_label("Slot title").fill("Evening lab")
    editor.get_by_label("Slot starts (UTC)").fill("2027-03-01T17:00")
    editor.get_by_label("Slot ends (UTC)").fill("2027-03-01T16:00")
    editor.get_by_label("Reported duration (hours)").fill("1.5")
    editor.get_by_label("Capacity (seats)").fill("0")
    editor.get_by_role("button", name="Add", exact=True).click()
    expect(editor.locator("[id$=-slot-end-error]")).to_have_text("The slot must end after it starts.")
    expect(editor.locator("[id$=-slot-capacity-error]")).not_to_be_empty()

    editor.get_by_label("Slot ends (UTC)").fill("2027-03-01T18:30")
    editor.get_by_label("Capacity (seats)").fill("15")
    editor.get_by_label("Weekly, this many times").fill("3")
    editor.get_by_role("button", name="Add", exact=True).click()

    expect(editor.locator(".attendance-slots li", has_text="Evening lab")).to_have_count(3)
    assert editor.locator(".attendance-slots li").count() == before + 3
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    editor.screenshot(path=str(ARTIFACTS / "classroom-studio-slots.png"))


def test_an_author_edits_a_slot_imports_a_csv_and_sets_statuses_and_settings_in_studio(demo_server, page):
    from playwright.sync_api import expect

    sign_in(page, demo_server, "staff")
    page.goto(f"{demo_server}/scenario/{CLASSROOM_SCENARIO}/studio_view/")
    editor = page.locator(".attendance-slots-editor")
    expect(editor).to_be_visible()
    editor.get_by_label("Slot title").fill("Seminar")
    editor.get_by_label("Slot starts (UTC)").fill("2027-04-05T09:00")
    editor.get_by_label("Slot ends (UTC)").fill("2027-04-05T10:00")
    editor.get_by_label("Reported duration (hours)").fill("1")
    editor.get_by_label("Capacity (seats)").fill("8")
    editor.get_by_role("button", name="Add", exact=True).click()
    expect(editor.locator(".attendance-slots li", has_text="Seminar")).to_have_count(1)

    # Edit it: a wrong instructor is named on its field; then the right one, a new title and room.
    editor.get_by_role("button", name="Edit Seminar").click()
    expect(editor.get_by_label("Slot title")).to_have_value("Seminar")
    editor.get_by_label("Slot title").fill("Seminar (room 5)")
    editor.get_by_label("Location").fill("Room 5")
    editor.get_by_label("Instructors (usernames)").fill("nobody_here")
    editor.get_by_role("button", name="Save the slot").click()
    expect(editor.get_by_label("Instructors (usernames)")).to_have_attribute("aria-invalid", "true")
    expect(editor.locator("[id$=-slot-instructors-error]")).to_contain_text("nobody_here")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    editor.screenshot(path=str(ARTIFACTS / "classroom-studio-edit-error.png"))
    editor.get_by_label("Instructors (usernames)").fill("instructor")
    editor.get_by_role("button", name="Save the slot").click()
    expect(editor.locator(".attendance-slots-status")).to_have_text("Slot saved.")
    expect(editor.locator(".attendance-slots li", has_text="Seminar (room 5)")).to_have_count(1)
    editor.get_by_role("button", name="Edit Seminar (room 5)").click()
    expect(editor.get_by_label("Location")).to_have_value("Room 5")
    expect(editor.get_by_label("Instructors (usernames)")).to_have_value("instructor")
    editor.get_by_role("button", name="Cancel editing").click()

    # A CSV with a wrong middle line imports nothing and lists the line; the corrected one imports.
    importer = page.locator(".attendance-slots-import")
    header = "title,start,end,duration_hours,location,online_url,capacity,instructors\n"
    lines = [
        "Import A,2027-05-03T09:00:00Z,2027-05-03T10:00:00Z,1,,,5,\n",
        "Import B,2027-05-10T09:00:00Z,2027-05-10T08:00:00Z,1,,,5,\n",
        "Import C,2027-05-17T09:00:00Z,2027-05-17T10:00:00Z,1,,,5,instructor\n",
    ]
    importer.get_by_label("CSV text").fill(header + "".join(lines))
    importer.get_by_role("button", name="Import").click()
    expect(importer.locator(".attendance-import-lines li")).to_have_text(
        ["line 3: end: The slot must end after it starts."]
    )
    expect(editor.locator(".attendance-slots li", has_text="Import")).to_have_count(0)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    importer.screenshot(path=str(ARTIFACTS / "classroom-studio-csv-errors.png"))
    importer.get_by_label("CSV text").fill(
        header + "".join(lines).replace("2027-05-10T08:00", "2027-05-10T10:00")
    )
    importer.get_by_role("button", name="Import").click()
    expect(importer.locator(".attendance-import-status")).to_have_text("Slots imported: 3.")
    expect(editor.locator(".attendance-slots li", has_text="Import")).to_have_count(3)
    expect(importer.locator(".attendance-import-lines li")).to_have_count(0)

    # Late to 50 %: a value over 100 is named on its field first.
    statuses = page.locator(".attendance-statuses-editor")
    late = statuses.locator("fieldset.attendance-status", has_text="Late")
    late.get_by_label("Credit (percent of the slot)").fill("150")
    late.get_by_role("button", name="Save the status Late").click()
    expect(late.get_by_label("Credit (percent of the slot)")).to_have_attribute("aria-invalid", "true")
    late.get_by_label("Credit (percent of the slot)").fill("50")
    late.get_by_role("button", name="Save the status Late").click()
    expect(statuses.locator(".attendance-statuses-status")).to_have_text("Statuses saved.")
    expect(late.get_by_label("Credit (percent of the slot)")).to_have_value("50")

    settings = page.locator(".attendance-classroom-settings")
    settings.get_by_label("At most this many warnings per learner").fill("3")
    settings.get_by_label("Check-ins only from these networks (optional)").fill("not a network")
    settings.get_by_role("button", name="Save the classroom settings").click()
    subnets = settings.get_by_label("Check-ins only from these networks (optional)")
    expect(subnets).to_have_attribute("aria-invalid", "true")
    subnets.fill("")
    settings.get_by_role("button", name="Save the classroom settings").click()
    expect(settings.locator(".attendance-classroom-settings-status")).to_have_text(
        "Classroom settings saved."
    )

    page.reload()
    expect(page.locator(".attendance-classroom-settings")).to_be_visible()
    settings = page.locator(".attendance-classroom-settings")
    expect(settings.get_by_label("At most this many warnings per learner")).to_have_value("3")
    late = page.locator(".attendance-statuses-editor fieldset.attendance-status", has_text="Late")
    expect(late.get_by_label("Credit (percent of the slot)")).to_have_value("50")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator(".attendance-studio").screenshot(path=str(ARTIFACTS / "classroom-studio-author.png"))

    # The demo's other tests keep the seeded values.
    late.get_by_label("Credit (percent of the slot)").fill("80")
    late.get_by_role("button", name="Save the status Late").click()
    expect(page.locator(".attendance-statuses-status")).to_have_text("Statuses saved.")
    settings.get_by_label("At most this many warnings per learner").fill("2")
    settings.get_by_role("button", name="Save the classroom settings").click()
    expect(settings.locator(".attendance-classroom-settings-status")).to_have_text(
        "Classroom settings saved."
    )
