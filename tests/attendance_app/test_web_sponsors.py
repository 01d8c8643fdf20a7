"""The sponsor settings page: scopes, the form with uploads, errors per field, CSRF and the preview."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from attendance_app.api import sponsors
from attendance_app.models import SponsorSettings
from tests.attendance_app.rest_api.utils import user_for
from tests.attendance_app.sponsor_helpers import image_bytes, oversized_png

pytestmark = pytest.mark.django_db
URL = "/attendance/sponsors/"
PREVIEW = "/attendance/sponsors/preview/"


def signed_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def form(**values):
    return {"name": "DemoX Institute", "contact": "cpe@demox.test", "provider_nasba": "112233", **values}


def test_anonymous_visitors_are_sent_to_sign_in():
    for url in (URL, PREVIEW):
        response = Client().get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


@pytest.mark.parametrize("role", ["learner", "outsider", "course_staff", "instructor"])
def test_people_who_administer_no_sponsor_are_refused(request, role):
    response = signed_in(user_for(request, role)).get(URL)

    assert response.status_code == 403
    assert b"Only organization administrators and global staff manage sponsor settings." in response.content


def test_an_org_admin_sees_their_organization_and_not_the_site(org_admin):
    page = signed_in(org_admin).get(URL)

    assert page.status_code == 200
    assert b"Sponsor of DemoX" in page.content
    assert b'enctype="multipart/form-data"' in page.content
    assert b"csrfmiddlewaretoken" in page.content
    assert signed_in(org_admin).get(URL, {"org": ""}).status_code == 403
    assert signed_in(org_admin).get(URL, {"org": "OtherX"}).status_code == 403


def test_an_admin_of_another_organization_cannot_open_or_change_this_one(request):
    other = user_for(request, "other_org_admin")

    assert signed_in(other).get(URL, {"org": "DemoX"}).status_code == 403
    assert signed_in(other).post(f"{URL}?org=DemoX", form()).status_code == 403
    assert signed_in(other).get(PREVIEW, {"org": "DemoX"}).status_code == 403
    assert not SponsorSettings.objects.exists()


def test_global_staff_edit_the_site_and_any_organization(global_staff):
    assert b"Sponsor of the whole site" in signed_in(global_staff).get(URL).content

    response = signed_in(global_staff).post(f"{URL}?org=AnyX", form())

    assert response.status_code == 200
    assert SponsorSettings.objects.get(org="AnyX").name == "DemoX Institute"


def test_saving_with_a_signature_upload_keeps_it_and_shows_it(org_admin):
    signature = SimpleUploadedFile("signature.png", image_bytes("PNG"), content_type="image/png")

    response = signed_in(org_admin).post(f"{URL}?org=DemoX", form(signature_image=signature))

    assert response.status_code == 200
    assert b"Saved." in response.content
    assert b'src="data:image/png;base64,' in response.content
    sponsor = sponsors.scope_sponsor(sponsors.Scope(org="DemoX"))
    assert (sponsor.name, sponsor.provider_ids, sponsor.signature_image) == (
        "DemoX Institute",
        {"nasba": "112233"},
        image_bytes("PNG"),
    )


def test_remove_takes_the_saved_image_away(org_admin):
    sponsors.save_sponsor(org_admin.id, sponsors.Scope(org="DemoX"), {"logo_image": image_bytes("JPEG")})

    signed_in(org_admin).post(f"{URL}?org=DemoX", form(remove_logo_image="1"))

    assert sponsors.scope_sponsor(sponsors.Scope(org="DemoX")).logo_image == b""


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("signature.png", b"MZ\x90\x00 a program", content_type="image/png"),
            b"not a PNG or JPEG",
        ),
        (SimpleUploadedFile("big.png", oversized_png(), content_type="image/png"), b"at most 512 KB"),
    ],
    ids=["not-an-image-named-png", "oversized"],
)
def test_a_bad_upload_is_shown_by_its_field_and_nothing_is_saved(org_admin, upload, message):
    response = signed_in(org_admin).post(f"{URL}?org=DemoX", form(signature_image=upload))

    assert response.status_code == 400
    assert message in response.content
    invalid = b'name="signature_image" accept="image/png,image/jpeg" aria-invalid="true"'
    assert invalid in response.content
    assert b'value="DemoX Institute"' in response.content  # what was typed stays in the form
    assert not SponsorSettings.objects.exists()


def test_a_too_long_name_is_an_error_by_the_field(org_admin):
    response = signed_in(org_admin).post(f"{URL}?org=DemoX", form(name="x" * 256))

    assert response.status_code == 400
    assert b"Use at most 255 characters." in response.content
    assert not SponsorSettings.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(org_admin):
    response = signed_in(org_admin, enforce_csrf_checks=True).post(f"{URL}?org=DemoX", form())

    assert response.status_code == 403
    assert not SponsorSettings.objects.exists()


def test_the_preview_is_a_sample_certificate_with_the_saved_settings(org_admin):
    sponsors.save_sponsor(
        org_admin.id,
        sponsors.Scope(org="DemoX"),
        {
            "name": "DemoX Institute",
            "responsible_name": "Ada Lovelace",
            "signature_image": image_bytes("PNG"),
        },
    )

    response = signed_in(org_admin).get(PREVIEW, {"org": "DemoX"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    text = " ".join(page.extract_text().split())
    assert "Sponsor: DemoX Institute" in text
    assert "Ada Lovelace" in text
    assert len(page.images) == 1


def test_the_page_lists_what_each_bodys_certificates_still_lack(org_admin, global_staff):
    sponsors.save_sponsor(global_staff.id, sponsors.Scope(), {"address": "1 Site Road"})
    sponsors.save_sponsor(
        org_admin.id,
        sponsors.Scope(org="DemoX"),
        {"name": "DemoX", "contact": "cpe@demox.test", "provider_ids": {"nasba": "1"}},
    )

    page = signed_in(org_admin).get(URL, {"org": "DemoX"}).content.decode()

    assert "<li>NASBA: Signature</li>" in page
    assert "<li>IACET: Registry or provider id, Signature</li>" in page  # the address is the site's
    assert "<li>AMA: Signature</li>" in page


def test_saved_text_is_escaped_on_the_page(org_admin):
    sponsors.save_sponsor(
        org_admin.id,
        sponsors.Scope(org="DemoX"),
        {"name": '"><script>alert(1)</script>', "address": "</textarea><b>"},
    )

    page = signed_in(org_admin).get(URL, {"org": "DemoX"}).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;/textarea&gt;&lt;b&gt;" in page
