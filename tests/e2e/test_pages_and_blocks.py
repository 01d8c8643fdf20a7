"""Issue 14, points 9, 12 and 13 in a real browser: script injection, two blocks on a page, the pages.

The demo server beats every second and prompts every 6 s of credited time (``demo_server``).
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import ARTIFACTS, demo_manage, sign_in

pytestmark = pytest.mark.browser

TWO_SESSIONS = "attendance.5"  # "two sessions on one page": Morning and Afternoon, both recorded
PAYLOAD = "</script><img src=x onerror=alert(1)>"
AFTERNOON_USAGE_ID = "attendance-two-sessions-on-one-page.attendance.d1.u0"
CREATE_A_PAYLOAD_UNIT = f"""
from django.contrib.auth import get_user_model
from attendance_app import api
admin = get_user_model().objects.get(username="admin")
unit = api.create_unit(admin.id, {{
    "org": "DemoX", "managed_by": "internal", "acronym": "XSS", "name": {PAYLOAD!r},
    "field_of_study": {PAYLOAD!r}, "hours": 0, "minutes": 1, "increment": "whole", "rounding": "down",
}})
print(unit.id)
"""


def _shell(code: str) -> str:
    return demo_manage("shell", "-c", code).stdout


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_two_blocks_on_one_page_keep_their_own_meters_and_prompts(demo_server, page):
    from playwright.sync_api import expect

    sign_in(page, demo_server, "learner01")
    page.goto(f"{demo_server}/scenario/{TWO_SESSIONS}/")
    morning = page.locator("section.attendance-block", has_text="Morning session (recorded)")
    afternoon = page.locator("section.attendance-block", has_text="Afternoon session (recorded)")
    expect(morning).to_have_class(re.compile("attendance-ready"))
    expect(afternoon).to_have_class(re.compile("attendance-ready"))
    assert morning.get_attribute("data-usage-key") != afternoon.get_attribute("data-usage-key")
    duplicate_ids = page.evaluate(
        "() => { const ids = [...document.querySelectorAll('[id]')].map(n => n.id);"
        " return ids.filter((id, i) => ids.indexOf(id) !== i); }"
    )
    assert duplicate_ids == []
    # Each label names its own block's control.
    expect(morning.get_by_label("More time to answer prompts")).to_have_count(1)
    expect(afternoon.get_by_label("More time to answer prompts")).to_have_count(1)

    for block in (morning, afternoon):  # both report presence: their own time moves
        pending = block.locator('[data-meter="pending"]')
        expect(pending).to_have_text(re.compile(r"00:00:0[1-9]"), timeout=10_000)

    dialog = morning.get_by_role("alertdialog", name="Are you still here?")
    expect(dialog).to_be_visible(timeout=20_000)
    dialog.get_by_role("button", name="I'm here").click()

    expect(morning.locator('[data-meter="hits"]')).to_have_text("1")
    expect(morning.locator(".attendance-status")).to_have_text("Presence confirmed")
    expect(afternoon.locator('[data-meter="hits"]')).to_have_text("0")  # the other block's prompt is its own
    expect(afternoon.locator(".attendance-status")).not_to_have_text("Presence confirmed")
    _screenshot(page, "two-blocks-on-one-page")


def test_a_payload_unit_name_runs_no_script_and_heartbeats_go_on(demo_server, page):
    from playwright.sync_api import expect

    unit_id = int(_shell(CREATE_A_PAYLOAD_UNIT).split()[-1])
    sign_in(page, demo_server, "staff")  # the block's editor handler awards it, as Studio would
    csrf = next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "csrftoken")
    added = page.request.post(
        f"{demo_server}/handler/{AFTERNOON_USAGE_ID}/add_rule/?student=staff",
        data={"unit_id": unit_id},
        headers={"X-CSRFToken": csrf, "Referer": demo_server},
    )
    assert added.ok, added.text()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    beats: list[int] = []
    page.on(
        "response",
        lambda response: beats.append(response.status) if "/presence/beat/" in response.url else None,
    )
    sign_in(page, demo_server, "learner02")

    page.goto(f"{demo_server}/scenario/{TWO_SESSIONS}/")
    afternoon = page.locator("section.attendance-block", has_text="Afternoon session (recorded)")
    expect(afternoon).to_have_class(re.compile("attendance-ready"))
    expect(afternoon.locator(".attendance-units")).to_contain_text(PAYLOAD)  # shown as text
    expect(afternoon.locator('[data-meter="units"]')).to_contain_text(PAYLOAD)
    page.wait_for_timeout(4_000)

    assert dialogs == []
    assert page.locator("img[src=x]").count() == 0
    # The arguments parsed, so both blocks beat. (Two blocks beating at once on SQLite may still meet
    # "database is locked": issue 14 point 5, not this test's subject.)
    assert beats.count(200) >= 3
    assert not [status for status in beats if 400 <= status < 500]
    _screenshot(page, "payload-unit-name")

    page.goto(f"{demo_server}/attendance/my-credits/")
    page.wait_for_timeout(500)
    assert dialogs == []


def test_my_credits_links_open_the_activity_in_the_demo(demo_server, page):
    from playwright.sync_api import expect

    sign_in(page, demo_server, "learner01")
    page.goto(f"{demo_server}/attendance/my-credits/")
    expect(page.get_by_role("banner")).to_contain_text("Signed in as Amara Okafor")

    page.get_by_role("link", name="Tax update (past live webinar)").click()

    expect(page.get_by_role("heading", name="Tax update (past live webinar)")).to_be_visible()
    assert "/scenario/attendance.3/" in page.url


def test_my_credits_shows_progress_toward_the_organization_s_requirement(demo_server, page):
    from playwright.sync_api import expect

    sign_in(page, demo_server, "learner01")
    page.goto(f"{demo_server}/attendance/my-credits/")
    section = page.get_by_role("region", name="Required credits")
    expect(section).to_contain_text("CPE for DemoX")
    bar = section.get_by_role("progressbar")
    expect(bar).to_have_count(1)
    expect(bar).to_have_accessible_name(re.compile(r"^CPE for DemoX: [0-9.]+ of 40\.00$"))
    _screenshot(page, "my-credits-requirements")


def test_the_external_unit_form_hides_the_duration_fields(demo_server, page):
    from playwright.sync_api import expect

    sign_in(page, demo_server, "admin")
    page.goto(f"{demo_server}/attendance/units/?org=DemoX")
    form = page.locator("form.attendance-unit-form")
    expect(form.get_by_label("Hours")).to_be_visible()

    form.get_by_label("Managed by").select_option("external")

    expect(form.get_by_label("Hours")).to_be_hidden()
    expect(form.get_by_label("Pop-up duration (seconds)")).to_be_hidden()
    expect(form.get_by_label("External URL")).to_be_visible()
    _screenshot(page, "external-unit-form")


def test_signing_out_from_the_header(demo_server, page):
    from playwright.sync_api import expect

    sign_in(page, demo_server, "learner03")
    page.goto(f"{demo_server}/attendance/my-credits/")

    page.get_by_role("banner").get_by_role("button", name="Sign out").click()

    page.goto(f"{demo_server}/attendance/my-credits/")
    expect(page.get_by_label("Username")).to_be_visible()  # sent to sign in again
