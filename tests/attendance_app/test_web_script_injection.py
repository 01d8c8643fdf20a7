"""Author and learner text is text on every page of the app and in the certificate (issue 14, point 9)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.test import Client
from pypdf import PdfReader

from attendance_app import api
from attendance_app.models import Activity, Claim
from tests.attendance_xblock.test_script_injection import PAYLOAD, Page
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 24, 10, tzinfo=UTC)
USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "replay")


@pytest.fixture
def certificate_code(course_staff, org_admin, learner):
    api.configure_activity(
        course_staff.id,
        USAGE_KEY,
        {
            "display_name": PAYLOAD,
            "mode": "recorded",
            "live_start": "2026-01-01T00:00Z",
            "external_id": PAYLOAD,
        },
    )
    unit = api.create_unit(
        org_admin.id, {"org": "DemoX", "template": "cpe", "name": PAYLOAD, "field_of_study": PAYLOAD}
    )
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": unit.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    learner.first_name, learner.last_name = PAYLOAD, "Lovelace"
    learner.save()
    api.start_presence(learner.id, USAGE_KEY, T0)
    claim = Claim.objects.create(
        user=learner,
        activity=Activity.objects.get(usage_key=USAGE_KEY),
        unit=unit,
        units=Decimal("1.0"),
        claimed_at=T0,
        updated_at=T0,
    )
    return api.certificate_for(learner.id, claim.id, T0)["code"]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_text_only(content: str) -> None:
    page = Page(content)
    assert "img" not in [tag for tag, _attrs in page.tags]
    assert "onerror" not in page.attributes()
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;" in content


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("learner", "/attendance/my-credits/"),
        ("course_staff", f"/attendance/activities/{USAGE_KEY}/evidence/"),
        ("org_admin", "/attendance/units/?org=DemoX"),
    ],
)
def test_signed_in_pages_show_the_payload_as_text(request, certificate_code, who, url):
    response = signed_in(request.getfixturevalue(who)).get(url)

    assert response.status_code == 200
    assert_text_only(response.content.decode())


def test_the_unit_page_and_its_delete_confirmation_show_the_payload_as_text(org_admin, certificate_code):
    unit_id = Claim.objects.get().unit_id
    client = signed_in(org_admin)

    for url in (f"/attendance/units/{unit_id}/", f"/attendance/units/{unit_id}/delete/"):
        response = client.get(url)
        assert response.status_code == 200
        assert_text_only(response.content.decode())


def test_the_verify_page_shows_the_payload_as_text(certificate_code):
    response = Client().get(f"/attendance/verify/{certificate_code}/")

    assert response.status_code == 200
    assert_text_only(response.content.decode())


def test_the_certificate_prints_the_payload_as_text(learner, certificate_code):
    response = signed_in(learner).get(f"/attendance/certificates/{certificate_code}/")

    assert response.status_code == 200
    text = "".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    # Learner, activity, unit and field of study: each printed as it was typed.
    assert text.count(PAYLOAD.replace(" ", "")) >= 4
