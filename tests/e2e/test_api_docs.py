"""The API's Swagger UI in the demo: every operation listed, nothing loaded from another host."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser


def test_swagger_ui_lists_the_api_and_tries_a_call_with_the_session(demo_server, page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    sign_in(page, demo_server, "admin")

    page.goto(f"{demo_server}/api/attendance/v1/docs/")
    page.locator(".opblock").first.wait_for()

    assert page.locator(".opblock").count() >= 30
    assert {urlsplit(url).netloc for url in requested} == {urlsplit(demo_server).netloc}
    templates = page.locator(".opblock-get", has_text="/api/attendance/v1/units/templates/")
    templates.locator(".opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    status = templates.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=False)
