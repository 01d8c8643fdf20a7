"""Issue #18 end to end: an administrator fills in the sponsor, uploads a signature, previews; an
author picks an activity's delivery method in Studio."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.e2e.conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (240, 60), (20, 40, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_sponsor_settings_with_a_signature_and_the_preview(demo_server, page):
    sign_in(page, demo_server, "admin")
    page.goto(f"{demo_server}/attendance/sponsors/?org=DemoX")
    page.get_by_label("Sponsor name").fill("DemoX Institute")
    page.get_by_label("Address", exact=True).fill("1 Main Street, Springfield")
    page.get_by_label("NASBA").fill("112233")
    page.get_by_label("Responsible person's name").fill("Ada Lovelace")
    page.get_by_label("Signature of the responsible person").set_input_files(
        {"name": "notes.png", "mimeType": "image/png", "buffer": b"plain text, not a picture"}
    )
    page.get_by_role("button", name="Save", exact=True).click()
    error = page.locator("#sponsor-signature_image-error")
    assert "not a PNG or JPEG" in error.inner_text()
    assert page.get_by_label("Sponsor name").input_value() == "DemoX Institute"  # kept for a retry

    page.get_by_label("Signature of the responsible person").set_input_files(
        {"name": "signature.png", "mimeType": "image/png", "buffer": _png()}
    )
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("status").filter(has_text="Saved.").wait_for()
    assert page.locator("img.attendance-sponsor-image").count() == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sponsor-settings.png"), full_page=True)

    preview = page.request.get(f"{demo_server}/attendance/sponsors/preview/?org=DemoX")
    assert preview.status == 200
    assert preview.headers["content-type"] == "application/pdf"


def test_studio_delivery_method_is_saved(demo_server, page):
    sign_in(page, demo_server, "staff")
    page.goto(f"{demo_server}/scenario/attendance.1/studio_view/")
    method = page.get_by_label("Delivery method (printed on certificates)")
    assert method.input_value() == ""  # the default of the mode
    method.select_option("Blended")
    page.locator(".attendance-editor").get_by_role("button", name="Save", exact=True).click()
    page.locator(".attendance-saved").filter(has_text="Settings saved.").wait_for()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "studio-delivery-method.png"), full_page=True)

    page.reload()
    assert page.get_by_label("Delivery method (printed on certificates)").input_value() == "Blended"
