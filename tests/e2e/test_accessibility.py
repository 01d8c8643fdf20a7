"""Issue #20.6: axe-core finds no serious or critical WCAG 2.1 AA violation on the plugin's pages.

Each test opens one page as the person who uses it, waits for what its scripts draw, and runs axe
(tests/e2e/axe.py). The block's views are checked inside the block only: the page around them is
the workbench's here and the LMS's or Studio's in production, not ours. learner04 is used by no
other browser test, so the shared demo database stays as the other modules expect it.
"""

from __future__ import annotations

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import ARTIFACTS, add_running_slot, demo_manage, sign_in

pytestmark = pytest.mark.browser

COURSE = "course-v1:DemoX+CE101+2026"
BLOCK = ".attendance-block"
STUDIO = ".attendance-studio"
RECORDED = "attendance.1"  # "Revenue recognition (recorded)"
CLASSROOM = "attendance.2"  # "Audit workshop (classroom)"
ISSUE_A_CERTIFICATE = """
from decimal import Decimal
from django.contrib.auth import get_user_model
from attendance_app import api, clock
from attendance_app.models import Activity, Claim, CreditUnit
learner = get_user_model().objects.get(username="learner04")
activity = Activity.objects.get(display_name="Practice session (recorded)")
unit = CreditUnit.objects.get(acronym="PRAC", active=True)
now = clock.now()
claim, _ = Claim.objects.get_or_create(
    user=learner, activity=activity, unit=unit,
    defaults={"units": Decimal("1"), "claimed_at": now, "updated_at": now},
)
print(api.certificate_for(learner.id, claim.id, now)["code"])
"""


def demo_shell(code: str) -> str:
    """Run ``code`` in ``manage.py shell`` against the demo server's database; its last printed line."""
    done = demo_manage("shell", "-c", code)
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def mirrored(demo_server):
    """The dashboards read the mirrors: fill them as an operator would on an existing site."""
    demo_manage("backfill_attendance_mirrors")
    return demo_server


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"a11y-{name}.png"), full_page=True)


def test_the_learner_view_with_a_prompt_open(demo_server, page):
    from playwright.sync_api import expect

    sign_in(page, demo_server, "learner04")
    page.goto(f"{demo_server}/scenario/{RECORDED}/")
    expect(page.get_by_role("region", name="Your attendance")).to_be_visible()
    assert_accessible(page, "the learner view", BLOCK)
    video = page.locator("section.attendance-block video")
    if video.count():
        video.evaluate("player => { player.muted = true; return player.play(); }")
    dialog = page.get_by_role("alertdialog", name="Are you still here?")
    expect(dialog).to_be_visible(timeout=20_000)
    _screenshot(page, "learner-prompt")
    assert_accessible(page, "the learner view with a prompt open", BLOCK)


@pytest.mark.parametrize("scenario", ["attendance.0", CLASSROOM])
def test_the_studio_editor(demo_server, page, scenario):
    from playwright.sync_api import expect

    sign_in(page, demo_server, "staff")
    page.goto(f"{demo_server}/scenario/{scenario}/studio_view/")
    expect(page.locator(".attendance-studio")).to_be_visible()
    page.wait_for_load_state("networkidle")
    _screenshot(page, f"studio-{scenario}")
    assert_accessible(page, f"the Studio editor of {scenario}", STUDIO)


def test_the_learner_view_of_a_classroom(demo_server, page):
    from playwright.sync_api import expect

    sign_in(page, demo_server, "learner05")
    page.goto(f"{demo_server}/scenario/{CLASSROOM}/")
    expect(page.locator(".attendance-classroom-slot").first).to_be_visible()
    _screenshot(page, "learner-classroom")
    assert_accessible(page, "the learner view of a classroom", BLOCK)


def test_my_credits(demo_server, page):
    sign_in(page, demo_server, "learner01")
    page.goto(f"{demo_server}/attendance/my-credits/")
    page.wait_for_load_state("networkidle")
    _screenshot(page, "my-credits")
    assert_accessible(page, "My credits")


def test_the_units_catalogue(demo_server, page):
    sign_in(page, demo_server, "admin")
    page.goto(f"{demo_server}/attendance/units/?org=DemoX")
    page.wait_for_load_state("networkidle")
    _screenshot(page, "units")
    assert_accessible(page, "the units catalogue")


def test_the_classroom_instructor_page(demo_server, page):
    import re

    from playwright.sync_api import expect

    path = add_running_slot("Accessible lab", "Room 9", 1, ("learner04",))
    sign_in(page, demo_server, "instructor")
    page.goto(demo_server + path)
    expect(page.locator("[data-code]")).to_have_text(re.compile(r"^\d{6}$"), timeout=10_000)
    _screenshot(page, "classroom-instructor")
    assert_accessible(page, "the classroom instructor page")
    page.goto(demo_server + path.rsplit("/", 2)[0] + "/")
    _screenshot(page, "classroom-slots")
    assert_accessible(page, "the classroom's list of slots")
    # The page a learner's phone opens from the QR code.
    page.context.clear_cookies()
    sign_in(page, demo_server, "learner04")
    page.goto(f"{demo_server}/attendance/checkin/{path.rstrip('/').rsplit('/', 1)[1]}/")
    expect(page.get_by_role("heading", name="Check in: Accessible lab")).to_be_visible()
    _screenshot(page, "checkin")
    assert_accessible(page, "the check-in page")


def test_the_group_and_course_dashboards_and_the_reports_page(mirrored, page):
    sign_in(page, mirrored, "coach")
    page.goto(f"{mirrored}/attendance/dashboard/")
    page.wait_for_function("document.querySelector('#chart-rates').width > 0")
    _screenshot(page, "dashboard-groups")
    assert_accessible(page, "the group dashboard")
    page.goto(f"{mirrored}/attendance/courses/{COURSE}/dashboard/")
    page.wait_for_selector("#chart-levels")
    page.wait_for_load_state("networkidle")
    _screenshot(page, "dashboard-course")
    assert_accessible(page, "the course dashboard")
    page.goto(f"{mirrored}/attendance/courses/{COURSE}/reports/")
    page.wait_for_load_state("networkidle")
    _screenshot(page, "reports")
    assert_accessible(page, "the Reports page")
    page.goto(f"{mirrored}/attendance/reports/")
    assert_accessible(page, "My reports")


def test_the_verify_pages(demo_server, page):
    from playwright.sync_api import expect

    code = demo_shell(ISSUE_A_CERTIFICATE)
    page.goto(f"{demo_server}/attendance/verify/")
    assert_accessible(page, "the verify lookup page")
    page.goto(f"{demo_server}/attendance/verify/{code}/")
    expect(page.locator("dl.attendance-certificate")).to_contain_text("Dmitri Volkov")
    _screenshot(page, "verify")
    assert_accessible(page, "the verify page of a valid certificate")
