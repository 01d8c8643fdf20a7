"""External units: the learner's link and the signed callbacks (DESIGN section 7, seed 000)."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from attendance_app import api
from attendance_app.api.revocation import Revoked
from attendance_app.exceptions import (
    BadSignature,
    Conflict,
    FeatureDisabled,
    InvalidInput,
    NotAuthorized,
    NotFound,
    PayloadTooLarge,
)
from attendance_app.models import ActivityLogEntry, CallbackReceipt, Certificate, Claim, LogAction
from attendance_app.platform import get_backend
from attendance_app.platform.standalone.models import SocialIdentity, TrackedEvent
from tests.factories import COURSE_KEY, UserFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "webinar")
EXTERNAL_URL = (
    "https://board.example.com/claim?a={{activityID}}&p={{personID}}&e={{eventID}}"
    "&u={{ssoUserId}}&t={{ssoTenantId}}&x={{activityExtId}}"
)


@pytest.fixture
def board(org_admin):
    return api.create_unit(
        org_admin.id,
        {
            "org": "DemoX",
            "managed_by": "external",
            "acronym": "BRD",
            "name": "Board",
            "external_url": EXTERNAL_URL,
        },
    )


@pytest.fixture
def activity(course_staff, board):
    api.configure_activity(
        course_staff.id,
        USAGE_KEY,
        {
            "display_name": "Webinar",
            "mode": "recorded",
            "live_start": "2026-01-01T00:00Z",
            "external_id": "ev 7/a&b",
        },
    )
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": board.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    return USAGE_KEY


def signed(secret: str, body: bytes, *, timestamp: int | None = None, key: str = "key-1") -> dict[str, str]:
    stamp = str(int(T0.timestamp()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return {
        "X-Attendance-Timestamp": stamp,
        "X-Attendance-Signature": f"sha256={digest}",
        "Idempotency-Key": key,
    }


def award_body(user: Any, units: str = "1.5", **extra: Any) -> bytes:
    return json.dumps(
        {"action": "award", "person_id": user.id, "activity_id": str(USAGE_KEY), "units": units, **extra}
    ).encode()


def revoke_body(user: Any) -> bytes:
    return json.dumps({"action": "revoke", "person_id": user.id, "activity_id": str(USAGE_KEY)}).encode()


def send(unit: Any, body: bytes, *, key: str = "key-1", now: datetime = T0, **sign: Any) -> dict[str, Any]:
    return api.receive_callback(unit.id, body, signed(unit.callback_secret, body, key=key, **sign), now)


def nothing_written() -> bool:
    return not (
        Claim.objects.exists() or CallbackReceipt.objects.exists() or ActivityLogEntry.objects.exists()
    )


# The learner's link -----------------------------------------------------------------------------


def test_the_link_fills_in_every_placeholder_url_encoded(learner, board, activity):
    url = api.external_claim_url(learner.id, USAGE_KEY, board.id)

    query = urlsplit(url).query
    assert f"a={str(USAGE_KEY).replace(':', '%3A').replace('+', '%2B').replace('@', '%40')}" in query
    assert "x=ev%207%2Fa%26b" in query
    assert parse_qs(query, keep_blank_values=True) == {
        "a": [str(USAGE_KEY)],
        "p": [str(learner.id)],
        "e": [str(COURSE_KEY)],
        "u": [""],
        "t": [""],
        "x": ["ev 7/a&b"],
    }


def test_the_link_carries_the_learners_sso_identity(learner, board, activity):
    SocialIdentity.objects.create(user=learner, provider="tpa-saml-acme", uid="acme:jane@acme.example")

    query = parse_qs(urlsplit(api.external_claim_url(learner.id, USAGE_KEY, board.id)).query)

    assert (query["u"], query["t"]) == (["acme:jane@acme.example"], ["tpa-saml-acme"])


def test_the_standalone_backend_gives_the_first_sso_identity_or_nothing(learner, other_learner):
    SocialIdentity.objects.create(user=learner, provider="first", uid="one")
    SocialIdentity.objects.create(user=learner, provider="second", uid="two")

    assert get_backend().sso_identity(learner.id) == ("one", "first")
    assert get_backend().sso_identity(other_learner.id) == ("", "")


def test_the_link_is_only_for_enrolled_learners(outsider, course_staff, board, activity):
    with pytest.raises(NotAuthorized):
        api.external_claim_url(None, USAGE_KEY, board.id)
    with pytest.raises(NotFound):
        api.external_claim_url(outsider.id, USAGE_KEY, board.id)
    with pytest.raises(NotAuthorized, match="Only learners enrolled"):
        api.external_claim_url(course_staff.id, USAGE_KEY, board.id)


def test_the_link_needs_tracking_enabled(course_staff, learner, board, activity):
    api.set_course_switch(course_staff.id, COURSE_KEY, False)

    with pytest.raises(FeatureDisabled):
        api.external_claim_url(learner.id, USAGE_KEY, board.id)


def test_the_link_needs_an_external_unit_the_activity_awards(org_admin, learner, board, activity):
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})

    with pytest.raises(NotFound, match="awards no external unit"):
        api.external_claim_url(learner.id, USAGE_KEY, cpe.id)
    with pytest.raises(NotFound):
        api.external_claim_url(learner.id, COURSE_KEY.make_usage_key("attendance", "nope"), board.id)


# Signatures ---------------------------------------------------------------------------------------


def test_a_signed_award_creates_an_external_claim(learner, board, activity):
    result = send(board, award_body(learner, reference="cert-9"))

    assert (result["outcome"], result["units"], result["previous_units"]) == ("awarded", "1.50", None)
    claim = Claim.objects.get()
    assert (claim.user_id, claim.units, claim.source, claim.claimed_at) == (
        learner.id,
        Decimal("1.5"),
        "external",
        T0,
    )
    assert [entry.action for entry in ActivityLogEntry.objects.order_by("id")] == ["CE earned", "CE claimed"]
    assert ActivityLogEntry.objects.first().label == "1.50 BRD (cert-9)"
    assert TrackedEvent.objects.filter(name="attendance.credits.claimed", user_id=learner.id).exists()
    assert claim.rules_snapshot["unit"]["acronym"] == "BRD"
    assert claim.rules_snapshot["unit"]["managed_by"] == "external"
    assert "callback_secret" not in claim.rules_snapshot["unit"]
    assert claim.rules_snapshot["rule"] == {"quiz_usage_key": None, "min_grade": None}


def test_a_wrong_signature_is_refused_and_writes_nothing(learner, board, activity):
    body = award_body(learner)
    headers = signed("not-the-secret", body)

    with pytest.raises(BadSignature) as raised:
        api.receive_callback(board.id, body, headers, T0)

    assert raised.value.status_code == 401
    assert nothing_written()


def test_a_signature_over_another_body_is_refused(learner, board, activity):
    headers = signed(board.callback_secret, award_body(learner, "1"))

    with pytest.raises(BadSignature):
        api.receive_callback(board.id, award_body(learner, "1000"), headers, T0)
    assert nothing_written()


@pytest.mark.parametrize("missing", ["X-Attendance-Timestamp", "X-Attendance-Signature"])
def test_a_missing_signature_header_is_refused(learner, board, activity, missing):
    body = award_body(learner)
    headers = signed(board.callback_secret, body)
    del headers[missing]

    with pytest.raises(BadSignature, match="missing, wrong or more than 5 minutes old"):
        api.receive_callback(board.id, body, headers, T0)
    assert nothing_written()


@pytest.mark.parametrize("stamp", ["²", "１２３", "-1", "1e9", "9" * 13])
def test_a_timestamp_that_is_not_ascii_digits_is_refused(learner, board, activity, stamp):
    body = award_body(learner)
    headers = signed(board.callback_secret, body)
    digest = hmac.new(board.callback_secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256)
    headers.update(
        {"X-Attendance-Timestamp": stamp, "X-Attendance-Signature": f"sha256={digest.hexdigest()}"}
    )

    with pytest.raises(BadSignature):
        api.receive_callback(board.id, body, headers, T0)
    assert nothing_written()


def test_headers_match_whatever_their_case(learner, board, activity):
    body = award_body(learner)
    headers = {name.lower(): value for name, value in signed(board.callback_secret, body).items()}

    assert api.receive_callback(board.id, body, headers, T0)["outcome"] == "awarded"


@pytest.mark.parametrize("offset", [timedelta(minutes=-6), timedelta(minutes=6)])
def test_a_timestamp_more_than_five_minutes_away_is_refused(learner, board, activity, offset):
    with pytest.raises(BadSignature, match="5 minutes"):
        send(board, award_body(learner), timestamp=int((T0 + offset).timestamp()))
    assert nothing_written()


def test_a_timestamp_within_five_minutes_is_accepted(learner, board, activity):
    result = send(board, award_body(learner), timestamp=int((T0 - timedelta(minutes=4)).timestamp()))

    assert result["outcome"] == "awarded"


def test_after_rotation_the_old_secret_fails_and_the_new_one_works(org_admin, learner, board, activity):
    old_secret = board.callback_secret
    rotated = api.rotate_secret(org_admin.id, board.id)
    body = award_body(learner)

    with pytest.raises(BadSignature):
        api.receive_callback(board.id, body, signed(old_secret, body), T0)
    assert nothing_written()
    assert (
        api.receive_callback(board.id, body, signed(rotated.callback_secret, body), T0)["outcome"]
        == "awarded"
    )


# Idempotency and replays --------------------------------------------------------------------------


def test_the_same_key_and_body_return_the_first_result_and_write_once(learner, board, activity):
    first = send(board, award_body(learner))

    again = send(
        board, award_body(learner), timestamp=int(T0.timestamp()) + 30, now=T0 + timedelta(seconds=30)
    )

    assert again == first
    assert (Claim.objects.count(), CallbackReceipt.objects.count(), ActivityLogEntry.objects.count()) == (
        1,
        1,
        2,
    )


def test_the_same_key_with_another_body_is_a_conflict(learner, board, activity):
    send(board, award_body(learner, "1"))

    with pytest.raises(Conflict) as raised:
        send(board, award_body(learner, "2"))

    assert raised.value.status_code == 409
    assert Claim.objects.get().units == Decimal("1")


def test_a_signed_request_replayed_under_another_key_is_a_conflict(learner, board, activity):
    body = award_body(learner)
    headers = signed(board.callback_secret, body)
    api.receive_callback(board.id, body, headers, T0)

    with pytest.raises(Conflict):
        api.receive_callback(board.id, body, {**headers, "Idempotency-Key": "key-2"}, T0)


@pytest.mark.parametrize("key", ["", "k" * 101, "two words"])
def test_a_missing_or_malformed_idempotency_key_is_refused(learner, board, activity, key):
    with pytest.raises(InvalidInput, match="Idempotency-Key"):
        send(board, award_body(learner), key=key)
    assert nothing_written()


# Award, upgrade, revoke ---------------------------------------------------------------------------


def test_award_then_upgrade_then_revoke(learner, board, activity, django_capture_on_commit_callbacks):
    send(board, award_body(learner, "1.5"), key="a")
    lower = send(board, award_body(learner, "1"), key="b")
    assert (lower["outcome"], lower["units"]) == ("unchanged", "1.50")

    upgraded = send(board, award_body(learner, "2.25"), key="c")
    assert (upgraded["outcome"], upgraded["units"], upgraded["previous_units"]) == (
        "upgraded",
        "2.25",
        "1.50",
    )
    assert Claim.objects.get().units == Decimal("2.25")

    claim_id = Claim.objects.get().id
    with django_capture_on_commit_callbacks(execute=True):
        revoked = send(board, revoke_body(learner), key="d")
    assert (revoked["outcome"], revoked["units"], revoked["previous_units"]) == ("revoked", None, "2.25")
    kept = Claim.objects.get()  # the record stays, stamped
    assert (kept.units, kept.revoked_at, kept.revoke_reason) == (
        Decimal("2.25"),
        T0,
        "Revoked by the external system.",
    )
    assert ActivityLogEntry.objects.filter(action=LogAction.CE_CLAIMED).last().label == "2.25 BRD revoked"
    (event,) = TrackedEvent.objects.filter(name="attendance.credits.revoked")
    assert (event.data["claim_id"], event.data["units"], event.data["user_id"]) == (
        claim_id,
        "2.25",
        learner.id,
    )

    nothing = send(board, revoke_body(learner), key="e", timestamp=int(T0.timestamp()) + 1)
    assert nothing["outcome"] == "nothing_to_revoke"


def test_revoke_leaves_the_claims_of_other_learners(learner, other_learner, board, activity):
    send(board, award_body(learner), key="a")
    send(board, award_body(other_learner), key="b")

    send(board, revoke_body(learner), key="c")

    assert list(Claim.objects.filter(revoked_at__isnull=True).values_list("user_id", flat=True)) == [
        other_learner.id
    ]


def test_revoking_a_claim_with_a_certificate_revokes_the_certificate_and_keeps_both(learner, board, activity):
    send(board, award_body(learner, "2"), key="a")
    claim = Claim.objects.get()
    issued = api.certificate_for(learner.id, claim.id, T0)
    later = T0 + timedelta(days=3)

    body = json.dumps(
        {"action": "revoke", "person_id": learner.id, "activity_id": str(USAGE_KEY), "reference": "audit 12"}
    ).encode()
    result = send(board, body, key="b", now=later, timestamp=int(later.timestamp()))

    assert result["outcome"] == "revoked"
    certificate = Certificate.objects.get(code=issued["code"])
    assert (certificate.revoked_at, certificate.revoke_reason) == (later, "audit 12")
    assert Claim.objects.get().revoked_at == later
    verified = api.verify(issued["code"])
    assert (verified["valid"], verified["revoked_on"]) == (False, "2026-11-27")
    with pytest.raises(Revoked) as raised:
        api.render_certificate_pdf(learner.id, issued["code"], later)
    assert raised.value.status_code == 410
    assert "revoked on 2026-11-27" in raised.value.message


def test_a_revoked_claim_is_not_awarded_again_and_counts_for_nothing(learner, board, activity):
    send(board, award_body(learner, "2"), key="a")
    send(board, revoke_body(learner), key="b", timestamp=int(T0.timestamp()) + 1)

    with pytest.raises(Conflict, match="revoked on 2026-11-24"):
        send(board, award_body(learner, "3"), key="c", timestamp=int(T0.timestamp()) + 2)

    assert Claim.objects.get().units == Decimal("2")
    assert CallbackReceipt.objects.count() == 2
    unit = api.claim_status(learner.id, USAGE_KEY, T0)["units"][0]
    assert (unit["claimed"], unit["revoked_at"], unit["claimable"]) == (None, T0.isoformat(), False)
    assert "revoked on 2026-11-24" in unit["reason"]
    assert api.claimed_certificates(learner.id) == {}


# Refused callbacks --------------------------------------------------------------------------------


def refusal(unit_id: int, body: bytes, headers: dict[str, str], now: datetime = T0) -> dict[str, Any]:
    with pytest.raises(BadSignature) as raised:
        api.receive_callback(unit_id, body, headers, now)
    return {"status": raised.value.status_code, **raised.value.as_dict()}


def test_every_refused_signature_answers_alike_unknown_internal_and_archived_units_too(
    org_admin, learner, board, activity
):
    body = award_body(learner)
    good = signed(board.callback_secret, body)
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    old_board = api.create_unit(
        org_admin.id,
        {
            "org": "DemoX",
            "managed_by": "external",
            "acronym": "OLD",
            "name": "Old",
            "external_url": EXTERNAL_URL,
        },
    )
    api.archive_unit(org_admin.id, old_board.id, T0)

    answers = [
        refusal(board.id + 100, body, good),  # unknown unit, signed with a real secret
        refusal(board.id + 100, body, {}),  # unknown unit, unsigned
        refusal(board.id, body, {}),  # known unit, unsigned
        refusal(board.id, body, signed("guess", body)),  # wrong secret
        refusal(board.id, body, good, T0 + timedelta(minutes=6)),  # stale
        refusal(cpe.id, body, signed("", body)),  # an internal unit
        refusal(old_board.id, body, signed(old_board.callback_secret, body)),  # an archived unit
    ]

    assert all(answer == answers[0] for answer in answers), answers
    assert answers[0]["status"] == 401
    assert "BRD" not in str(answers)
    assert "CPE" not in str(answers)
    assert nothing_written()


def test_an_unknown_learner_is_not_found(learner, board, activity):
    body = json.dumps({"action": "award", "person_id": 999999, "activity_id": str(USAGE_KEY), "units": "1"})

    with pytest.raises(NotFound) as raised:
        send(board, body.encode())

    assert set(raised.value.field_errors) == {"person_id"}
    assert nothing_written()


def test_a_learner_not_enrolled_is_refused(outsider, board, activity):
    with pytest.raises(InvalidInput, match="not enrolled") as raised:
        send(board, award_body(outsider))

    assert set(raised.value.field_errors) == {"person_id"}
    assert nothing_written()


def test_an_activity_that_does_not_award_the_unit_is_refused(org_admin, learner, activity):
    other = api.create_unit(
        org_admin.id,
        {
            "org": "DemoX",
            "managed_by": "external",
            "acronym": "OTH",
            "name": "Other",
            "external_url": EXTERNAL_URL,
        },
    )

    with pytest.raises(InvalidInput, match="does not award OTH"):
        send(other, award_body(learner))
    assert nothing_written()


def test_an_unknown_activity_is_not_found(learner, board, activity):
    body = json.dumps(
        {"action": "award", "person_id": learner.id, "activity_id": str(COURSE_KEY.make_usage_key("x", "y"))}
    )
    with pytest.raises(InvalidInput):  # units missing
        send(board, body.encode())
    body = json.dumps(
        {
            "action": "award",
            "person_id": learner.id,
            "activity_id": str(COURSE_KEY.make_usage_key("x", "y")),
            "units": "1",
        }
    )
    with pytest.raises(NotFound):
        send(board, body.encode())
    assert nothing_written()


def test_a_disabled_course_takes_no_awards(course_staff, learner, board, activity):
    api.set_course_switch(course_staff.id, COURSE_KEY, False)

    with pytest.raises(FeatureDisabled):
        send(board, award_body(learner))
    assert nothing_written()


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b"\xff\xfe", b""])
def test_a_body_that_is_not_a_json_object_is_refused(learner, board, activity, raw):
    with pytest.raises(InvalidInput, match="JSON object"):
        send(board, raw)
    assert nothing_written()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"action": "give"}, "action"),
        ({"person_id": "7"}, "person_id"),
        ({"person_id": True}, "person_id"),
        ({"activity_id": "not-a-key"}, "activity_id"),
        ({"units": 1.5}, "units"),
        ({"units": "0"}, "units"),
        ({"units": "-1"}, "units"),
        ({"units": "1000.01"}, "units"),
        ({"units": "1.005"}, "units"),
        ({"units": "NaN"}, "units"),
        ({"reference": 12}, "reference"),
        ({"reference": "r" * 256}, "reference"),
    ],
)
def test_each_wrong_field_is_named(learner, board, activity, changes, field):
    body = {
        "action": "award",
        "person_id": learner.id,
        "activity_id": str(USAGE_KEY),
        "units": "1",
        **changes,
    }

    with pytest.raises(InvalidInput) as raised:
        send(board, json.dumps(body).encode())

    assert set(raised.value.field_errors) == {field}
    assert nothing_written()


def test_a_body_over_16_kib_is_refused(learner, board, activity):
    body = award_body(learner, reference="r" * (16 * 1024))

    with pytest.raises(PayloadTooLarge) as raised:
        send(board, body)

    assert raised.value.status_code == 413
    assert nothing_written()


def test_the_most_units_are_accepted(learner, board, activity):
    assert send(board, award_body(learner, "1000"))["units"] == "1000.00"


def test_other_users_are_not_touched(board, activity, learner):
    stranger = UserFactory(username="stranger")
    send(board, award_body(learner))

    assert not Claim.objects.filter(user=stranger).exists()


def test_an_external_revoke_after_a_reissue_revokes_the_new_certificate(
    learner, course_staff, board, activity
):
    send(board, award_body(learner, "2"), key="a")
    claim = Claim.objects.get()
    old_code = api.certificate_for(learner.id, claim.id, T0)["code"]
    new_code = api.reissue_certificate(course_staff.id, old_code, {"learner_name": "Zoe L"}, T0)["code"]
    later = T0 + timedelta(days=3)

    send(board, revoke_body(learner), key="b", now=later, timestamp=int(later.timestamp()))

    new = Certificate.objects.get(code=new_code)
    assert new.revoked_at == later
    assert (api.verify(new_code)["status"], api.verify(old_code)["status"]) == ("revoked", "reissued")
    with pytest.raises(Revoked):
        api.render_certificate_pdf(learner.id, new_code, later)
