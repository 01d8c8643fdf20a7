"""Issue 17, point 6 in a real browser: a coach opens the dashboards, sees the charts, drills down.

The demo's mirrors are filled by the backfill command first, as an operator would on an existing site.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.e2e.conftest import ARTIFACTS, DEMO_ENV, ROOT, sign_in

pytestmark = pytest.mark.browser

COURSE = "course-v1:DemoX+CE101+2026"


@pytest.fixture(scope="module")
def mirrored(demo_server):
    subprocess.run(
        [sys.executable, str(ROOT / "demo" / "manage.py"), "backfill_attendance_mirrors"],
        check=True,
        env=DEMO_ENV,
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    return demo_server


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_coach_sees_the_charts_and_drills_down_to_a_learner_and_a_block(mirrored, page):
    sign_in(page, mirrored, "coach")
    page.goto(f"{mirrored}/attendance/dashboard/")
    for chart in ("ongoing", "blended", "rates"):
        canvas = page.locator(f"#chart-{chart}")
        page.wait_for_function(f"document.querySelector('#chart-{chart}').width > 0")
        assert canvas.get_attribute("aria-describedby") == f"chart-{chart}-table"
    assert page.evaluate("typeof window.Chart") == "function"  # the vendored build, no CDN
    _screenshot(page, "dashboard-groups")

    page.get_by_role("link", name="Continuing Education 101").click()
    page.wait_for_selector("#chart-levels")
    assert "Morning group" in page.locator("section[aria-labelledby=groups-title]").inner_text()
    assert "Evening group" not in page.locator("section[aria-labelledby=groups-title]").inner_text()
    _screenshot(page, "dashboard-course")

    # Keyboard: the first learner's link is reachable and opens with Enter.
    first = page.locator("section[aria-labelledby=learners-title] tbody a").first
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**?learner=*")
    assert page.locator("h1").inner_text().startswith("Results of ")
    _screenshot(page, "dashboard-learner")

    page.locator("tbody th a").first.click()
    page.wait_for_url("**?block=*")
    assert page.locator("h1").inner_text().startswith("Results in ")
    _screenshot(page, "dashboard-block")


def test_a_learner_cannot_open_the_dashboards(mirrored, page):
    sign_in(page, mirrored, "learner01")
    assert page.goto(f"{mirrored}/attendance/dashboard/").status == 403
    assert page.goto(f"{mirrored}/attendance/courses/{COURSE}/dashboard/").status == 403
