"""Issue #20, point 5, in a browser: hostile text typed into a form is shown as text, runs nothing."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser

PAYLOAD = '"><img src=x onerror=alert(1)></script><script>alert(2)</script>{{7*7}}'


def test_a_sponsor_name_with_markup_is_text_on_the_settings_page(demo_server, page):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, demo_server, "admin")
    page.goto(f"{demo_server}/attendance/sponsors/?org=DemoX")
    name = page.get_by_label("Sponsor name")
    before = name.input_value()
    name.fill(PAYLOAD)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("status").filter(has_text="Saved.").wait_for()
    try:
        page.reload()
        assert page.get_by_label("Sponsor name").input_value() == PAYLOAD
        assert page.locator("img[src='x']").count() == 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "injection-sponsor-settings.png"), full_page=True)
        assert dialogs == []
    finally:  # the demo server is shared by the session's other browser tests
        page.get_by_label("Sponsor name").fill(before)
        page.get_by_role("button", name="Save", exact=True).click()
        page.get_by_role("status").filter(has_text="Saved.").wait_for()
