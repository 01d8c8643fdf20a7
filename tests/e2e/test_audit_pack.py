"""Issue 18, item 6 in a real browser: the course team downloads audit packs from the dashboard."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest

from tests.e2e.conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser

COURSE = "course-v1:DemoX+CE101+2026"


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _checked(path) -> dict:
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    for line in files["SHA256SUMS"].decode().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256(files[name]).hexdigest() == digest
    return json.loads(files["manifest.json"])


def test_staff_download_an_activitys_pack_and_a_course_range_from_the_dashboard(demo_server, page, tmp_path):
    sign_in(page, demo_server, "staff")
    page.goto(f"{demo_server}/attendance/courses/{COURSE}/dashboard/")
    pack_links = page.get_by_role("link", name="Audit pack of")
    assert pack_links.count() >= 1
    page.locator("form.attendance-audit-pack").scroll_into_view_if_needed()
    _screenshot(page, "audit-pack-dashboard")

    with page.expect_download(timeout=30_000) as download_info:
        pack_links.first.click()
    download = download_info.value
    assert download.suggested_filename.startswith("attendance_audit-pack_DemoX-CE101-2026_")
    path = tmp_path / "activity.zip"
    download.save_as(path)
    manifest = _checked(path)
    assert manifest["what"]["scope"] == "activity"
    assert manifest["requested_by"]["username"] == "staff"

    page.get_by_label("From").fill("2026-01-01")
    page.get_by_label("To").fill("2026-06-30")
    with page.expect_download(timeout=30_000) as download_info:
        page.get_by_role("button", name="Download the audit pack (ZIP)").click()
    path = tmp_path / "course.zip"
    download_info.value.save_as(path)
    assert _checked(path)["filters"] == {"start": "2026-01-01", "end": "2026-06-30"}


def test_a_range_over_six_months_is_refused_with_a_clear_page(demo_server, page):
    sign_in(page, demo_server, "staff")
    page.goto(f"{demo_server}/attendance/courses/{COURSE}/dashboard/")
    page.get_by_label("From").fill("2026-01-01")
    page.get_by_label("To").fill("2026-12-31")
    page.get_by_role("button", name="Download the audit pack (ZIP)").click()
    page.wait_for_selector("[role=alert]")
    assert "can’t be longer than 6 months" in page.locator("[role=alert]").inner_text()
    _screenshot(page, "audit-pack-refused")


def test_the_evidence_page_offers_the_activitys_pack(demo_server, page):
    sign_in(page, demo_server, "staff")
    page.goto(f"{demo_server}/attendance/courses/{COURSE}/dashboard/")
    page.get_by_role("link", name="Evidence of").first.click()
    button = page.get_by_role("link", name="Download the audit pack (ZIP)")
    assert button.is_visible()
    _screenshot(page, "audit-pack-evidence")
