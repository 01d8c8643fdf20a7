"""The course team revokes and reissues certificates; a PDF's SHA-256 proves an upload genuine (ADR 0022)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from attendance_app import api
from attendance_app.api.certificate_fingerprints import sha256_of
from attendance_app.api.certificates import render_pdf
from attendance_app.api.revocation import Revoked
from attendance_app.exceptions import Conflict, InvalidInput, NotAuthorized, NotFound
from attendance_app.models import ActivityLogEntry, Certificate, CertificateFingerprint, Claim
from attendance_app.platform.standalone.models import TrackedEvent
from tests.attendance_app.certificate_helpers import T0, certificate_code, recorded_claim
from tests.attendance_app.classroom_helpers import coach
from tests.attendance_app.rest_api.utils import (
    API,
    assert_anonymous,
    assert_error,
    call,
    client_for,
    user_for,
)
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

LATER = T0 + timedelta(days=7)


@pytest.fixture
def claim(learner, course_staff, org_admin):
    return recorded_claim(learner, course_staff, org_admin, names=("Zoe", "Lukas"))


@pytest.fixture
def code(learner, claim):
    return certificate_code(learner, claim)


def pdf_text(pdf: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


# Revoke -------------------------------------------------------------------------------------------


def test_staff_revoke_stamps_the_certificate_and_its_claim_and_logs_it(
    course_staff, learner, claim, code, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = api.revoke_certificate(
            course_staff.id, code, {"reason": " Attended for a colleague "}, LATER
        )

    assert (result["code"], result["status"], result["revoke_reason"]) == (
        code,
        "revoked",
        "Attended for a colleague",
    )
    certificate = Certificate.objects.get(code=code)
    claim.refresh_from_db()
    assert (certificate.revoked_at, claim.revoked_at) == (LATER, LATER)
    assert claim.revoke_reason == "Attended for a colleague"
    names = list(TrackedEvent.objects.order_by("id").values_list("name", flat=True))
    assert names[-2:] == ["attendance.credits.revoked", "attendance.certificate.revoked"]
    entry = ActivityLogEntry.objects.filter(user=learner).latest("id")
    assert entry.label == f"Certificate {code} revoked (Attended for a colleague)"
    with pytest.raises(Revoked, match="revoked on 2026-12-01"):
        api.render_certificate_pdf(learner.id, code, LATER)


def test_the_verify_answer_says_revoked_on_the_date_but_not_why(course_staff, code):
    api.revoke_certificate(course_staff.id, code, {"reason": "Private matter"}, LATER)

    answer = api.verify(code)

    assert answer is not None
    assert (answer["status"], answer["valid"], answer["revoked_on"]) == ("revoked", False, "2026-12-01")
    assert "Private matter" not in str(api.public_answer(answer))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "required"),
        ({"reason": "   "}, "required"),
        ({"reason": "x" * 256}, "at most 255"),
        ({"reason": 7}, "text"),
    ],
)
def test_a_revoke_without_a_valid_reason_is_refused_and_changes_nothing(course_staff, code, data, message):
    with pytest.raises(InvalidInput) as raised:
        api.revoke_certificate(course_staff.id, code, data, LATER)

    assert message in raised.value.field_errors["reason"][0]
    assert Certificate.objects.get(code=code).revoked_at is None
    assert Claim.objects.get().revoked_at is None


def test_a_second_revoke_is_refused_and_keeps_the_first_reason(course_staff, code):
    api.revoke_certificate(course_staff.id, code, {"reason": "First"}, T0)

    with pytest.raises(Conflict, match="already revoked on 2026-11-24"):
        api.revoke_certificate(course_staff.id, code, {"reason": "Second"}, LATER)

    certificate = Certificate.objects.get(code=code)
    assert (certificate.revoked_at, certificate.revoke_reason) == (T0, "First")


@pytest.mark.parametrize(
    "raw", ["", "short", "x" * 33, "<script>alert(1)</script>", "ab cd ef gh ij kl", None, 12]
)
def test_a_malformed_code_is_refused_as_input(course_staff, raw):
    with pytest.raises(InvalidInput) as raised:
        api.revoke_certificate(course_staff.id, raw, {"reason": "r"}, LATER)

    assert "code" in raised.value.field_errors


def test_an_unknown_code_is_not_found(course_staff, claim):
    with pytest.raises(NotFound):
        api.revoke_certificate(course_staff.id, "A" * 16, {"reason": "r"}, LATER)
    with pytest.raises(NotFound):
        api.reissue_certificate(course_staff.id, "A" * 16, {"learner_name": "n"}, LATER)


def test_learners_coaches_and_other_courses_staff_are_refused(request, learner, code):
    refused = [learner, coach(), user_for(request, "other_course_staff"), user_for(request, "outsider")]
    for user in refused:
        with pytest.raises(NotAuthorized):
            api.revoke_certificate(user.id, code, {"reason": "r"}, LATER)
        with pytest.raises(NotAuthorized):
            api.reissue_certificate(user.id, code, {"learner_name": "n"}, LATER)
    with pytest.raises(NotAuthorized):
        api.revoke_certificate(None, code, {"reason": "r"}, LATER)
    assert Certificate.objects.get().revoked_at is None


# Reissue ------------------------------------------------------------------------------------------


def test_reissue_creates_a_new_certificate_with_the_corrected_name_and_retires_the_old_one(
    course_staff, learner, claim, code, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = api.reissue_certificate(course_staff.id, code, {"learner_name": "  Zoë   Łukas "}, LATER)

    new_code = result["code"]
    assert new_code != code
    assert (result["status"], result["learner_name"], result["reissue_of"]) == ("valid", "Zoë Łukas", code)
    old, new = Certificate.objects.get(code=code), Certificate.objects.get(code=new_code)
    assert (old.replaced_by, new.claim, new.reissue_number, new.issued_at) == (new, claim, 1, LATER)
    assert "Zoë Łukas" in pdf_text(api.render_certificate_pdf(learner.id, new_code, LATER))
    with pytest.raises(Revoked, match=f"reissued as {new_code}"):
        api.render_certificate_pdf(learner.id, code, LATER)
    assert api.certificate_for(learner.id, claim.id, LATER)["code"] == new_code
    event = TrackedEvent.objects.get(name="attendance.certificate.reissued")
    assert (event.data["verification_code"], event.data["previous_verification_code"]) == (new_code, code)
    assert event.data["actor_id"] == course_staff.id
    labels = list(
        ActivityLogEntry.objects.filter(user=learner).order_by("id").values_list("label", flat=True)
    )
    assert f"Certificate {code} reissued as {new_code}" in labels


def test_the_old_code_verifies_as_reissued_as_the_new_one(course_staff, code):
    new_code = api.reissue_certificate(course_staff.id, code, {"learner_name": "Zoe Lukas-Smith"}, LATER)[
        "code"
    ]

    old, new = api.verify(code), api.verify(new_code)

    assert old is not None
    assert new is not None
    assert (old["status"], old["valid"], old["reissued_as"]) == ("reissued", False, new_code)
    assert old["reissued_as_path"] == f"/attendance/verify/{new_code}/"
    assert (new["status"], new["valid"], new["reissue_of"], new["learner_name"]) == (
        "valid",
        True,
        code,
        "Zoe Lukas-Smith",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "required"),
        ({"learner_name": " "}, "required"),
        ({"learner_name": "n" * 256}, "at most 255"),
        ({"learner_name": "Zoe\x07Lukas"}, "printable"),
        ({"learner_name": ["Zoe"]}, "text"),
    ],
)
def test_a_reissue_without_a_valid_name_is_refused_and_changes_nothing(course_staff, code, data, message):
    with pytest.raises(InvalidInput) as raised:
        api.reissue_certificate(course_staff.id, code, data, LATER)

    assert message in raised.value.field_errors["learner_name"][0]
    assert Certificate.objects.count() == 1


def test_a_revoked_certificate_is_not_reissued(course_staff, code):
    api.revoke_certificate(course_staff.id, code, {"reason": "Fraud"}, T0)

    with pytest.raises(Conflict, match="revoked on 2026-11-24; a revoked certificate is not reissued"):
        api.reissue_certificate(course_staff.id, code, {"learner_name": "Zoe"}, LATER)

    assert Certificate.objects.count() == 1


def test_a_reissued_certificate_is_neither_reissued_nor_revoked_again(course_staff, code):
    new_code = api.reissue_certificate(course_staff.id, code, {"learner_name": "Zoe L"}, T0)["code"]

    with pytest.raises(Conflict, match=f"reissued as {new_code}"):
        api.reissue_certificate(course_staff.id, code, {"learner_name": "Zoe M"}, LATER)
    with pytest.raises(Conflict, match=f"reissued as {new_code}"):
        api.revoke_certificate(course_staff.id, code, {"reason": "r"}, LATER)
    # The new one is reissued in turn: a chain.
    third = api.reissue_certificate(course_staff.id, new_code, {"learner_name": "Zoe N"}, LATER)
    assert Certificate.objects.get(code=third["code"]).reissue_number == 2


def test_revoking_the_claim_after_a_reissue_revokes_the_new_certificate_only(course_staff, claim, code):
    new_code = api.reissue_certificate(course_staff.id, code, {"learner_name": "Zoe L"}, T0)["code"]

    api.revoke_claim(course_staff.id, claim.id, {"reason": "Audit"}, LATER)

    assert api.verify(new_code)["status"] == "revoked"
    assert api.verify(code)["status"] == "reissued"


def test_global_staff_and_org_admins_revoke_and_reissue(global_staff, org_admin, instructor, code):
    new_code = api.reissue_certificate(global_staff.id, code, {"learner_name": "Zoe L"}, T0)["code"]
    newer = api.reissue_certificate(instructor.id, new_code, {"learner_name": "Zoe M"}, T0)["code"]

    assert api.revoke_certificate(org_admin.id, newer, {"reason": "r"}, LATER)["status"] == "revoked"


# The PDF and its fingerprint ----------------------------------------------------------------------


def test_two_renderings_of_one_certificate_are_byte_equal(code):
    certificate = Certificate.objects.select_related("claim__activity", "claim__unit").get(code=code)

    assert render_pdf(certificate) == render_pdf(certificate)


def test_the_sha256_is_recorded_at_issue_and_matches_the_downloaded_pdf(learner, code):
    pdf = api.render_certificate_pdf(learner.id, code, LATER)

    fingerprint = CertificateFingerprint.objects.get()
    assert (fingerprint.certificate.code, fingerprint.recorded_at) == (code, T0)
    assert fingerprint.sha256 == sha256_of([pdf])


def test_a_download_that_renders_new_bytes_records_their_hash_too(learner, course_staff, code):
    api.set_certificate_settings(course_staff.id, COURSE_KEY, {"sponsor_name": "Board of CPAs"})

    pdf = api.render_certificate_pdf(learner.id, code, LATER)

    assert CertificateFingerprint.objects.filter(certificate__code=code).count() == 2
    assert CertificateFingerprint.objects.filter(sha256=sha256_of([pdf])).exists()


def test_a_reissue_records_the_new_pdfs_hash(course_staff, learner, code):
    new_code = api.reissue_certificate(course_staff.id, code, {"learner_name": "Zoe L"}, LATER)["code"]

    pdf = api.render_certificate_pdf(learner.id, new_code, LATER)

    assert CertificateFingerprint.objects.get(sha256=sha256_of([pdf])).certificate.code == new_code
    assert CertificateFingerprint.objects.count() == 2  # the old one's at issue, the new one's at reissue


# REST ---------------------------------------------------------------------------------------------


def revoke_url(code: str) -> str:
    return f"{API}/certificates/{code}/revoke/"


def reissue_url(code: str) -> str:
    return f"{API}/certificates/{code}/reissue/"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("learner", 403),
        ("coach", 403),
        ("outsider", 403),
        ("other_course_staff", 403),
        ("course_staff", 200),
        ("instructor", 200),
        ("org_admin", 200),
        ("global_staff", 200),
    ],
)
def test_rest_revoke_and_reissue_per_role(request, role, status, code):
    user = coach() if role == "coach" else user_for(request, role)
    client = client_for(user)

    reissued = call(client, "post", reissue_url(code), {"learner_name": "Zoe Lukas"})
    assert reissued.status_code == status, reissued.content
    current = reissued.json()["code"] if status == 200 else code
    revoked = call(client, "post", revoke_url(current), {"reason": "Audit"})
    assert revoked.status_code == status, revoked.content
    if status == 200:
        assert (revoked.json()["status"], revoked.json()["revoke_reason"]) == ("revoked", "Audit")
    else:
        assert Certificate.objects.get().revoked_at is None


def test_rest_anonymous_gets_401(code):
    assert_anonymous(call(client_for(None), "post", revoke_url(code), {"reason": "r"}))
    assert_anonymous(call(client_for(None), "post", reissue_url(code), {"learner_name": "n"}))


def test_rest_bad_input_is_a_clear_4xx(course_staff, code):
    client = client_for(course_staff)

    assert_error(call(client, "post", revoke_url(code), {}), 400, "reason")
    assert_error(call(client, "post", revoke_url(code), {"reason": "r" * 256}), 400, "reason")
    assert_error(call(client, "post", revoke_url("bad%20code%20here"), {"reason": "r"}), 400, "code")
    assert_error(call(client, "post", revoke_url("A" * 16), {"reason": "r"}), 404)
    assert_error(call(client, "post", revoke_url(code), raw="[1]"), 400)
    assert_error(call(client, "post", reissue_url(code), {"learner_name": ""}), 400, "learner_name")
    assert call(client, "post", revoke_url(code), {"reason": "r"}).status_code == 200
    body = assert_error(call(client, "post", revoke_url(code), {"reason": "again"}), 409)
    assert "already revoked" in body["message"]
    body = assert_error(call(client, "post", reissue_url(code), {"learner_name": "Zoe"}), 409)
    assert "a revoked certificate is not reissued" in body["message"]


def test_rest_lists_the_courses_certificates_for_the_team_only(request, course_staff, learner, code):
    client = client_for(course_staff)

    response = call(client, "get", f"{API}/courses/{COURSE_KEY}/certificates/")

    assert response.status_code == 200
    [row] = response.json()
    assert (row["code"], row["status"], row["platform_name"], row["units"]) == (
        code,
        "valid",
        "Zoe Lukas",
        "1.2 CPE",
    )
    assert call(client_for(learner), "get", f"{API}/courses/{COURSE_KEY}/certificates/").status_code == 403


def test_the_course_list_runs_a_fixed_number_of_queries(
    course_staff, learner, claim, code, django_assert_num_queries
):
    for index in range(3):
        api.reissue_certificate(
            course_staff.id,
            api.course_certificates(course_staff.id, COURSE_KEY)[0]["code"],
            {"learner_name": f"Zoe {index}"},
            LATER,
        )

    with django_assert_num_queries(4):  # the team check (role, org admin), certificates, learners
        rows = api.course_certificates(course_staff.id, COURSE_KEY)
    assert [row["status"] for row in rows] == ["valid", "reissued", "reissued", "reissued"]
