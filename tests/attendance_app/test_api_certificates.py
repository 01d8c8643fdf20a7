"""Certificates: issuing, the PDF, who downloads it, verification and course settings (DESIGN 7, seed 002)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from pypdf import PdfReader

from attendance_app import api
from attendance_app.api.revocation import Revoked
from attendance_app.certificates.fonts import printable
from attendance_app.exceptions import InvalidInput, NotAuthorized, NotFound
from attendance_app.models import Activity, ActivityLogEntry, Certificate, Claim
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "replay")
API = "/api/attendance/v1"


@pytest.fixture
def cpe(org_admin):
    unit = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    unit.field_of_study = "Accounting"
    unit.save()
    return unit


@pytest.fixture
def activity(course_staff, cpe):
    api.configure_activity(
        course_staff.id,
        USAGE_KEY,
        {"display_name": "Replay", "mode": "recorded", "live_start": (T0 - timedelta(days=1)).isoformat()},
    )
    return Activity.objects.get(usage_key=USAGE_KEY)


def make_claim(user, activity, unit, units="1.2"):
    return Claim.objects.create(
        user=user, activity=activity, unit=unit, units=Decimal(units), claimed_at=T0, updated_at=T0
    )


@pytest.fixture
def claim(learner, activity, cpe):
    learner.first_name, learner.last_name = "Zoë", "Łukasiewicz-Đặng"
    learner.save()
    return make_claim(learner, activity, cpe)


@pytest.fixture
def code(learner, claim):
    return api.certificate_for(learner.id, claim.id, T0)["code"]


def managers_only(course_staff):
    api.set_certificate_settings(course_staff.id, COURSE_KEY, {"visibility": "managers"})


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


# Issuing ------------------------------------------------------------------------------------------


def test_issuing_is_idempotent_and_the_code_is_long_and_url_safe(learner, claim):
    first = api.certificate_for(learner.id, claim.id, T0)
    again = api.certificate_for(learner.id, claim.id, T0 + timedelta(days=1))

    assert first["code"] == again["code"]
    assert len(first["code"]) >= 12
    assert first["code"].replace("-", "").replace("_", "").isalnum()
    assert first["can_download"] is True
    assert first["verify_path"] == f"/attendance/verify/{first['code']}/"
    assert Certificate.objects.count() == 1


def test_codes_differ_between_claims(learner, other_learner, activity, cpe, claim):
    other = make_claim(other_learner, activity, cpe)

    assert (
        api.certificate_for(learner.id, claim.id, T0)["code"]
        != api.certificate_for(other_learner.id, other.id, T0)["code"]
    )


def test_a_claim_without_units_has_no_certificate(learner, activity, cpe):
    empty = make_claim(learner, activity, cpe, units="0")

    with pytest.raises(InvalidInput):
        api.certificate_for(learner.id, empty.id, T0)


def test_other_learners_and_outsiders_cannot_issue_someone_elses(other_learner, outsider, claim):
    for user in (other_learner, outsider):
        with pytest.raises(NotFound):
            api.certificate_for(user.id, claim.id, T0)
    with pytest.raises(NotAuthorized):
        api.certificate_for(None, claim.id, T0)


def test_the_course_team_issues_a_learners_certificate(course_staff, claim):
    assert api.certificate_for(course_staff.id, claim.id, T0)["can_download"] is True


# The PDF ------------------------------------------------------------------------------------------


def test_the_pdf_prints_the_learner_course_units_code_and_cpe_statement(learner, course_staff, code):
    api.set_certificate_settings(
        course_staff.id,
        COURSE_KEY,
        {"sponsor_name": "Acme CPE", "sponsor_id": "NASBA-123", "contact": "cpe@acme.test"},
    )

    text = pdf_text(api.render_certificate_pdf(learner.id, code, T0))

    assert printable("Zoë Łukasiewicz-Đặng") in text
    assert "Continuing Education 101" in text
    assert "Replay" in text
    assert "1.2 CPE" in text
    assert "Accounting" in text
    assert "CPE credits have been granted based on a 50-minute hour" in text
    assert code in text
    assert f"/attendance/verify/{code}/" in text
    assert "QAS Self Study" in text  # a recorded session's default delivery method
    assert "Acme CPE" in text
    assert "NASBA-123" in text
    assert "cpe@acme.test" in text
    assert "2026-11-24" in text


def test_unsupported_characters_print_as_question_marks():
    assert printable("Ada\u0000 漢") == "Ada ?"


def test_downloading_writes_a_log_entry_for_the_downloader(learner, activity, code):
    api.render_certificate_pdf(learner.id, code, T0)

    (entry,) = ActivityLogEntry.objects.filter(action="Certificate downloaded")
    assert (entry.user_id, entry.category, entry.label, entry.created_at) == (
        learner.id,
        "CE/CME",
        "1.2 CPE",
        T0,
    )
    assert entry.activity == activity


# Who downloads ------------------------------------------------------------------------------------


def test_the_learner_and_the_course_team_download_by_default(learner, course_staff, code):
    assert api.render_certificate_pdf(learner.id, code, T0).startswith(b"%PDF")
    assert api.render_certificate_pdf(course_staff.id, code, T0).startswith(b"%PDF")


def test_other_learners_outsiders_and_anonymous_cannot_download(other_learner, outsider, code):
    for user in (other_learner, outsider):
        with pytest.raises(NotFound):
            api.render_certificate_pdf(user.id, code, T0)
    with pytest.raises(NotAuthorized):
        api.render_certificate_pdf(None, code, T0)
    assert not ActivityLogEntry.objects.exists()


def test_managers_only_lets_the_course_team_download_and_tells_the_learner_why_not(
    learner, course_staff, claim, code
):
    managers_only(course_staff)

    with pytest.raises(NotAuthorized, match=r"completed.*manager downloads"):
        api.render_certificate_pdf(learner.id, code, T0)
    assert api.render_certificate_pdf(course_staff.id, code, T0).startswith(b"%PDF")
    issued = api.certificate_for(learner.id, claim.id, T0)
    assert (issued["can_download"], issued["message"]) == (
        False,
        "This credit is completed. Your manager downloads the certificate.",
    )


def test_a_revoked_certificate_is_not_downloaded(learner, code):
    Certificate.objects.filter(code=code).update(revoked_at=T0)

    with pytest.raises(Revoked) as raised:
        api.render_certificate_pdf(learner.id, code, T0)
    assert raised.value.status_code == 410


def test_an_unknown_code_is_not_found(learner):
    with pytest.raises(NotFound):
        api.render_certificate_pdf(learner.id, "x" * 16, T0)


# Verifying ----------------------------------------------------------------------------------------


def test_verify_shows_the_name_but_no_username_or_email(learner, code):
    result = api.verify(code)

    assert result is not None
    assert (result["valid"], result["learner_name"], result["units"]) == (
        True,
        "Zoë Łukasiewicz-Đặng",
        "1.2 CPE",
    )
    assert (result["course_name"], result["activity_name"], result["date"]) == (
        "Continuing Education 101",
        "Replay",
        "2026-11-24",
    )
    assert learner.email not in str(result)
    assert "username" not in result


def test_verify_says_a_revoked_certificate_is_not_valid(code):
    Certificate.objects.filter(code=code).update(revoked_at=T0)

    result = api.verify(code)

    assert result is not None
    assert (result["valid"], result["revoked"]) == (False, True)


def test_verify_of_an_unknown_or_malformed_code_is_none(db):
    assert api.verify("A" * 16) is None
    assert api.verify("<script>") is None


# Settings -----------------------------------------------------------------------------------------


def test_settings_default_to_learner_downloads(course_staff):
    settings = api.get_certificate_settings(course_staff.id, COURSE_KEY)

    assert settings == {"visibility": "learner", "sponsor_name": "", "sponsor_id": "", "contact": ""}


def test_the_course_settings_refuse_a_delivery_method_which_is_each_activitys(course_staff):
    with pytest.raises(InvalidInput) as error:
        api.set_certificate_settings(course_staff.id, COURSE_KEY, {"delivery_method": "Group Live"})

    assert error.value.field_errors == {"delivery_method": ["Set the delivery method on each activity."]}


def test_only_the_course_team_reads_and_changes_settings(learner, outsider, course_staff):
    for user in (learner, outsider):
        with pytest.raises(NotAuthorized):
            api.set_certificate_settings(user.id, COURSE_KEY, {"visibility": "managers"})
        with pytest.raises(NotAuthorized):
            api.get_certificate_settings(user.id, COURSE_KEY)

    assert api.set_certificate_settings(course_staff.id, COURSE_KEY, {"visibility": "managers"})[
        "visibility"
    ] == ("managers")


def test_invalid_settings_name_the_fields_and_change_nothing(course_staff):
    with pytest.raises(InvalidInput) as error:
        api.set_certificate_settings(
            course_staff.id, COURSE_KEY, {"visibility": "everyone", "sponsor_id": "x" * 65, "colour": "red"}
        )

    assert set(error.value.field_errors) == {"visibility", "sponsor_id", "colour"}
    assert api.get_certificate_settings(course_staff.id, COURSE_KEY)["visibility"] == "learner"


# REST ---------------------------------------------------------------------------------------------


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_rest_issues_then_downloads_the_pdf(learner, claim):
    client = client_for(learner)

    issued = client.post(f"{API}/claims/{claim.id}/certificate/", content_type="application/json")
    assert issued.status_code == 200
    code = issued.json()["code"]
    again = client.post(f"{API}/claims/{claim.id}/certificate/", content_type="application/json")
    assert again.json()["code"] == code

    response = client.get(f"{API}/certificates/{code}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="certificate-{code}.pdf"'
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("role", "status"),
    [("learner", 200), ("other_learner", 404), ("course_staff", 200), ("outsider", 404), ("anonymous", 403)],
)
def test_rest_pdf_per_role(request, role, status, code):
    client = Client() if role == "anonymous" else client_for(request.getfixturevalue(role))

    response = client.get(f"{API}/certificates/{code}/pdf/")

    assert response.status_code in ((401, 403) if status == 403 else (status,))


def test_rest_pdf_of_a_managers_only_course_is_refused_to_the_learner(learner, course_staff, code):
    managers_only(course_staff)

    response = client_for(learner).get(f"{API}/certificates/{code}/pdf/")

    assert response.status_code == 403
    assert "manager downloads" in response.json()["message"]


def test_rest_settings_for_the_course_team_only(learner, course_staff):
    url = f"{API}/courses/{COURSE_KEY}/certificate-settings/"

    assert client_for(learner).get(url).status_code == 403
    response = client_for(course_staff).put(
        url, {"visibility": "managers", "sponsor_name": "Acme"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert client_for(course_staff).get(url).json()["sponsor_name"] == "Acme"
    bad = client_for(course_staff).put(url, {"visibility": "all"}, content_type="application/json")
    assert bad.status_code == 400
    assert "visibility" in bad.json()["field_errors"]
