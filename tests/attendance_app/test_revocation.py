"""The course team revokes a claim: its certificate goes with it, both stay as the record (ADR 0010)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client

from attendance_app import api
from attendance_app.api.revocation import Revoked
from attendance_app.exceptions import InvalidInput, NotAuthorized, NotFound
from attendance_app.models import ActivityLogEntry, Certificate, Claim, LogAction
from attendance_app.platform.standalone.models import TrackedEvent
from tests.attendance_app.certificate_helpers import T0, USAGE_KEY, certificate_code, recorded_claim
from tests.attendance_app.rest_api.utils import (
    API,
    COURSE_TEAM,
    assert_anonymous,
    assert_error,
    call,
    client_for,
    user_for,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LATER = T0 + timedelta(days=7)


@pytest.fixture
def claim(learner, course_staff, org_admin):
    return recorded_claim(learner, course_staff, org_admin, course_switch=True)


@pytest.fixture
def code(learner, claim):
    return certificate_code(learner, claim)


def revoke_url(claim_id: int) -> str:
    return f"{API}/claims/{claim_id}/revoke/"


# The Python API -----------------------------------------------------------------------------------


def test_staff_revoke_stamps_claim_and_certificate_and_keeps_both(
    course_staff, learner, claim, code, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = api.revoke_claim(course_staff.id, claim.id, {"reason": "  Left before the end  "}, LATER)

    assert result == {
        "claim_id": claim.id,
        "revoked_at": LATER.isoformat(),
        "reason": "Left before the end",
        "certificate_code": code,
    }
    claim.refresh_from_db()
    certificate = Certificate.objects.get(code=code)
    assert (claim.units, claim.revoked_at, claim.revoke_reason) == (
        Decimal("1.2"),
        LATER,
        "Left before the end",
    )
    assert (certificate.revoked_at, certificate.revoke_reason) == (LATER, "Left before the end")
    entry = ActivityLogEntry.objects.filter(action=LogAction.CE_CLAIMED).last()
    assert entry.label == "1.20 CPE revoked (Left before the end)"
    event = TrackedEvent.objects.get(name="attendance.credits.revoked")
    assert (event.user_id, event.data["claim_id"], event.data["reference"]) == (
        learner.id,
        claim.id,
        "Left before the end",
    )
    event = TrackedEvent.objects.get(name="attendance.certificate.revoked")
    assert (event.user_id, event.data["verification_code"]) == (learner.id, code)


def test_revoking_again_changes_nothing(course_staff, claim, code, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        api.revoke_claim(course_staff.id, claim.id, {"reason": "first"}, LATER)
        again = api.revoke_claim(course_staff.id, claim.id, {"reason": "second"}, LATER + timedelta(days=1))

    assert (again["revoked_at"], again["reason"]) == (LATER.isoformat(), "first")
    assert TrackedEvent.objects.filter(name="attendance.credits.revoked").count() == 1


def test_a_claim_without_a_certificate_is_revoked_and_gets_none_afterwards(course_staff, learner, claim):
    assert api.revoke_claim(course_staff.id, claim.id, {"reason": "x"}, LATER)["certificate_code"] is None

    with pytest.raises(Revoked, match="revoked on 2026-12-01"):
        api.certificate_for(learner.id, claim.id, LATER)
    assert not Certificate.objects.exists()


def test_the_revoked_certificate_is_still_returned_but_not_downloadable(course_staff, learner, claim, code):
    api.revoke_claim(course_staff.id, claim.id, {"reason": "x"}, LATER)

    for user in (learner, course_staff):
        certificate = api.certificate_for(user.id, claim.id, LATER)
        assert (certificate["code"], certificate["revoked"], certificate["can_download"]) == (
            code,
            True,
            False,
        )
        assert certificate["message"] == "This certificate was revoked on 2026-12-01 and is no longer valid."
        with pytest.raises(Revoked):
            api.render_certificate_pdf(user.id, code, LATER)
    assert not ActivityLogEntry.objects.filter(action=LogAction.CERTIFICATE_DOWNLOADED).exists()


def test_a_revoked_claim_counts_for_nothing_and_cannot_be_claimed_again(course_staff, learner, claim):
    api.revoke_claim(course_staff.id, claim.id, {"reason": "audit"}, LATER)

    status = api.claim_status(learner.id, USAGE_KEY, LATER)
    unit = status["units"][0]
    assert (unit["claimed"], unit["claimable"], unit["revoked_at"]) == (None, False, LATER.isoformat())
    assert unit["reason"] == "This credit was revoked on 2026-12-01. Reason: audit"
    assert api.claimed_certificates(learner.id) == {}
    course = api.my_credits(learner.id, LATER)[0]
    assert course["totals"][0]["claimed"] == "0.0"


def test_only_the_course_team_revokes(learner, other_learner, outsider, claim):
    with pytest.raises(NotAuthorized):
        api.revoke_claim(learner.id, claim.id, {"reason": "mine"}, LATER)
    for user in (other_learner, outsider):
        with pytest.raises(NotFound):
            api.revoke_claim(user.id, claim.id, {"reason": "theirs"}, LATER)
    with pytest.raises(NotAuthorized):
        api.revoke_claim(None, claim.id, {"reason": "x"}, LATER)
    assert Claim.objects.get().revoked_at is None


@pytest.mark.parametrize(
    "data", [{}, {"reason": ""}, {"reason": "   "}, {"reason": 7}, {"reason": "r" * 256}]
)
def test_a_reason_is_required(course_staff, claim, code, data):
    with pytest.raises(InvalidInput) as raised:
        api.revoke_claim(course_staff.id, claim.id, data, LATER)

    assert set(raised.value.field_errors) == {"reason"}
    assert Claim.objects.get().revoked_at is None
    assert Certificate.objects.get().revoked_at is None


def test_an_unknown_claim_is_not_found(course_staff, claim):
    with pytest.raises(NotFound):
        api.revoke_claim(course_staff.id, claim.id + 100, {"reason": "x"}, LATER)


# REST ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", COURSE_TEAM)
def test_the_course_team_revokes_over_rest(request, role, claim, code):
    response = call(client_for(user_for(request, role)), "post", revoke_url(claim.id), {"reason": "audit"})

    assert response.status_code == 200, response.content
    assert (response.json()["certificate_code"], response.json()["reason"]) == (code, "audit")
    assert Certificate.objects.get().revoked_at is not None


@pytest.mark.parametrize(
    ("role", "status"),
    [("learner", 403), ("outsider", 404), ("other_course_staff", 404), ("other_org_admin", 404)],
)
def test_others_may_not_revoke_over_rest(request, role, status, claim, code):
    response = call(client_for(user_for(request, role)), "post", revoke_url(claim.id), {"reason": "x"})

    assert_error(response, status)
    assert Claim.objects.get().revoked_at is None


def test_anonymous_may_not_revoke(claim):
    assert_anonymous(call(client_for(None), "post", revoke_url(claim.id), {"reason": "x"}))
    assert Claim.objects.get().revoked_at is None


def test_revoking_over_rest_names_a_missing_reason(course_staff, claim):
    assert_error(call(client_for(course_staff), "post", revoke_url(claim.id), {}), 400, "reason")
    assert_error(call(client_for(course_staff), "post", revoke_url(claim.id), raw="[1]"), 400)


def test_the_pdf_of_a_revoked_certificate_is_a_410_over_rest(course_staff, learner, claim, code):
    call(client_for(course_staff), "post", revoke_url(claim.id), {"reason": "audit"})

    body = assert_error(call(client_for(learner), "get", f"{API}/certificates/{code}/pdf/"), 410)
    assert body["error"] == "revoked"
    reissue = call(client_for(learner), "post", f"{API}/claims/{claim.id}/certificate/")
    assert (reissue.status_code, reissue.json()["revoked"], reissue.json()["can_download"]) == (
        200,
        True,
        False,
    )


# Pages --------------------------------------------------------------------------------------------


def test_the_verify_page_says_revoked_and_when(course_staff, claim, code):
    api.revoke_claim(course_staff.id, claim.id, {"reason": "private reason"}, LATER)

    response = Client().get(f"/attendance/verify/{code}/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "This certificate was revoked on 2026-12-01 (UTC) and is no longer valid." in content
    assert "This certificate is valid." not in content
    assert "private reason" not in content  # the reason is for the record, not the public


def test_the_download_page_refuses_a_revoked_certificate_clearly(course_staff, learner, claim, code):
    api.revoke_claim(course_staff.id, claim.id, {"reason": "audit"}, LATER)
    client = Client()
    client.force_login(learner)

    response = client.get(f"/attendance/certificates/{code}/")

    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    assert "This certificate was revoked on 2026-12-01 and is no longer valid." in response.content.decode()


def test_my_credits_offers_no_download_for_a_revoked_claim(course_staff, learner, claim, code):
    client = Client()
    client.force_login(learner)
    assert "Download certificate" in client.get("/attendance/my-credits/").content.decode()

    api.revoke_claim(course_staff.id, claim.id, {"reason": "audit"}, LATER)

    page = client.get("/attendance/my-credits/").content.decode()
    assert "Download certificate" not in page
    assert "revoked on 2026-12-01" in page


def test_the_admin_lists_a_revoked_claim_with_its_date(course_staff, claim, code):
    api.revoke_claim(course_staff.id, claim.id, {"reason": "audit"}, LATER)
    operator = Client()
    operator.force_login(UserFactory(username="operator", is_staff=True, is_superuser=True))

    claims = operator.get("/admin/attendance_app/claim/").content.decode()
    certificates = operator.get("/admin/attendance_app/certificate/").content.decode()

    assert "Revoked at" in claims
    assert "Dec. 1, 2026" in claims
    assert code in certificates
    assert "Dec. 1, 2026" in certificates
