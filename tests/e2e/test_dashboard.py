"""Issue 17, point 6 in a real browser: a coach opens the dashboards, sees the charts, drills down.

The demo's mirrors are filled by the backfill command first, as an operator would on an existing site.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import ARTIFACTS, demo_manage, sign_in

pytestmark = pytest.mark.browser

COURSE = "course-v1:DemoX+CE101+2026"


@pytest.fixture(scope="module")
def mirrored(demo_server):
    demo_manage("backfill_attendance_mirrors")
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

    page.get_by_role("link", name="Continuing Education 101", exact=True).click()
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


def _download(page, trigger) -> tuple[str, bytes]:
    with page.expect_download() as info:
        trigger()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_a_coach_opens_the_reports_downloads_csv_and_xlsx_and_creates_a_report(mirrored, page):
    sign_in(page, mirrored, "coach")
    page.goto(f"{mirrored}/attendance/courses/{COURSE}/dashboard/")
    page.wait_for_function("document.querySelector('#chart-levels').width > 0")
    page.get_by_role("link", name="All reports of this course").click()
    page.wait_for_url(f"**/attendance/courses/{COURSE}/reports/")
    assert page.locator("h1").inner_text().startswith("Reports of ")
    assert page.locator("#report-attendance-report").count() == 0  # managers only
    _screenshot(page, "reports-page")

    tracking = page.locator("#report-attendance-tracking")
    run = tracking.locator("form[method=get]")
    name, data = _download(page, lambda: run.get_by_role("button", name="Download CSV").click())
    assert name.startswith("attendance_attendance-tracking_DemoX-CE101-2026_")
    assert name.endswith(".csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["ID", "Person", "Activity", "Hits", "Time", "Computed units", "Date"]

    sessions = page.locator("#report-all-sessions form[method=get]")
    sessions.get_by_label("Status").select_option("all")
    name, data = _download(page, lambda: sessions.get_by_role("button", name="Download XLSX").click())
    assert name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    header = next(sheet.iter_rows(values_only=True))
    assert list(header) == ["SESSION ID", "Name", "Start", "End", "Registered", "Completion", "Instructors"]

    # Create report: chosen columns, a filter and a name, kept and listed, then downloaded.
    tracking.get_by_text("Create report from Attendance tracking").click()
    create = tracking.locator("form[method=post]").first
    create.get_by_label("Person", exact=True).check()
    create.get_by_label("Time", exact=True).check()
    create.get_by_label("Grouping").select_option("user")
    create.get_by_label("Name of the report").fill("Hours per learner")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tracking.screenshot(path=str(ARTIFACTS / "reports-create.png"))
    create.get_by_role("button", name="Save report").click()
    page.wait_for_url("**/reports/#report-attendance-tracking")
    assert "The report “Hours per learner” is saved." in page.locator("[role=status]").inner_text()
    _screenshot(page, "reports-created")
    name, data = _download(
        page, lambda: page.get_by_role("link", name="Download Hours per learner as CSV").click()
    )
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Person", "Time"]
    assert len(rows) > 1

    # Send by email: a confirmation, then My reports with the progress.
    page.get_by_role("link", name="Send by email").first.click()
    page.wait_for_url("**/attendance-tracking.xlsx/email/?preset=*")
    assert "columns" not in page.locator("main").inner_text()  # the preset's id is what is sent
    page.get_by_role("button", name="Send as CSV").click()
    page.wait_for_url("**/attendance/reports/")
    row = page.locator("tbody tr").first
    assert "Attendance tracking (csv)" in row.inner_text()
    assert "Ready" in row.inner_text()  # written by the demo's eager Celery, with its rows counted
    _screenshot(page, "my-reports")
    name, data = _download(page, lambda: row.get_by_role("link", name="Download").click())
    assert name.endswith(".csv")
    assert next(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == ["Person", "Time"]

    page.goto(f"{mirrored}/attendance/courses/{COURSE}/reports/")
    page.get_by_role("button", name="Delete Hours per learner").click()
    page.wait_for_url("**/reports/#report-attendance-tracking")
    assert page.get_by_role("link", name="Download Hours per learner as CSV").count() == 0


def test_the_reports_page_refuses_a_learner(mirrored, page):
    sign_in(page, mirrored, "learner01")
    assert page.goto(f"{mirrored}/attendance/courses/{COURSE}/reports/").status == 403
