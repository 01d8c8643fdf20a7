"""External credit units: the learner's link to the external page and its signed callbacks.

DESIGN section 7, seed 000 ("Attendance tracking using external management system"). The Claim
credits button of an external unit opens the unit's External URL with its placeholders filled in
for the learner; the external system later awards (or revokes) the credit by calling back.

A callback is authenticated by its signature only: ``X-Attendance-Signature: sha256=<hex>``, the
HMAC-SHA256 with the unit's callback secret of ``f"{timestamp}.".encode() + raw_body``, where
``X-Attendance-Timestamp`` (unix seconds) is within five minutes of now. ``Idempotency-Key`` names
the request: a retry with the same key and body gets the first answer again and changes nothing,
the same key with another body is refused (409), and one signed request is accepted once.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey, UsageKey

from attendance_app import permissions, tracking
from attendance_app.api import json_input
from attendance_app.api.activities import parse_usage_key
from attendance_app.api.activity_log import log_activity
from attendance_app.api.json_input import InvalidJSON
from attendance_app.api.revocation import revoke_claim_row, revoked_message
from attendance_app.api.rules_snapshot import rules_snapshot
from attendance_app.api.switches import is_enabled
from attendance_app.api.validation import FieldErrors, decimal_number, parse_id, text
from attendance_app.api.view_reads import current_activity, remembered, sorted_rules
from attendance_app.exceptions import (
    BadSignature,
    Conflict,
    FeatureDisabled,
    InvalidInput,
    NotAuthorized,
    NotFound,
    PayloadTooLarge,
)
from attendance_app.models import (
    Activity,
    ActivityUnitRule,
    CallbackOutcome,
    CallbackReceipt,
    Claim,
    ClaimSource,
    CreditUnit,
    LogAction,
    LogCategory,
    ManagedBy,
)
from attendance_app.platform import get_backend

TIMESTAMP_HEADER = "X-Attendance-Timestamp"
SIGNATURE_HEADER = "X-Attendance-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
SIGNATURE_PREFIX = "sha256="
MAX_CLOCK_SKEW = timedelta(minutes=5)
MAX_BODY_BYTES = 16 * 1024
MAX_IDEMPOTENCY_KEY_LENGTH = 100
MAX_UNITS = Decimal("1000")
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
_PRINTABLE_ASCII = re.compile(r"^[\x21-\x7e]+$")


# The learner's link ----------------------------------------------------------------------------


def _course_key(activity: Activity) -> CourseKey:
    course_key = activity.course_key
    assert course_key is not None  # the column is NOT NULL
    return course_key


def external_claim_url(user_id: int | None, usage_key: UsageKey, unit_id: int) -> str:
    """The unit's External URL for the learner, each ``{{placeholder}}`` replaced and URL-encoded.

    ``{{activityID}}`` the usage key, ``{{personID}}`` the LMS user id, ``{{eventID}}`` the course
    key, ``{{ssoUserId}}`` and ``{{ssoTenantId}}`` the learner's SSO uid and provider (empty
    without SSO), ``{{activityExtId}}`` the activity's external id.

    Raises:
        NotAuthorized: anonymous, or on the course team without being enrolled.
        NotFound: no such activity, the user may not see it, or it awards no such external unit.
        FeatureDisabled: attendance tracking is off for the course.
    """
    if user_id is None:
        raise NotAuthorized()
    activity = current_activity(usage_key)  # shared with the rest of the learner's view (ADR 0027)
    if activity is None:
        raise NotFound(_("No attendance activity at this address."))
    course_key = _course_key(activity)
    backend = get_backend()
    if not permissions.is_enrolled(user_id, course_key):
        if permissions.can_author_course(user_id, course_key):
            raise NotAuthorized(_("Only learners enrolled in this course can claim credits."))
        raise NotFound(_("No attendance activity at this address."))
    if not is_enabled(course_key):
        raise FeatureDisabled()
    rule = next(
        (
            rule
            for rule in sorted_rules(activity)
            if rule.unit_id == unit_id and rule.unit.managed_by == ManagedBy.EXTERNAL
        ),
        None,
    )
    if rule is None:
        raise NotFound(_("This activity awards no external unit with this id."))
    sso_user_id, sso_tenant_id = remembered(("sso", user_id), lambda: backend.sso_identity(user_id))
    values = {
        "activityID": str(activity.usage_key),
        "personID": str(user_id),
        "eventID": str(course_key),
        "ssoUserId": sso_user_id,
        "ssoTenantId": sso_tenant_id,
        "activityExtId": activity.external_id,
    }
    # Unknown names cannot be saved (api.units.validate_external_url); left as written if one slips in.
    return _PLACEHOLDER.sub(
        lambda match: quote(values[match.group(1)], safe="") if match.group(1) in values else match.group(0),
        rule.unit.external_url,
    )


# Callbacks -------------------------------------------------------------------------------------


# Any value that is not a hex digest of the right length: the HMAC of an unknown unit is still computed
# (with a throwaway key) so that every refused callback takes the same path and the same time.
_NO_SECRET = secrets.token_bytes(32)
_TIMESTAMP = re.compile(r"^[0-9]{1,12}$", re.ASCII)


def _signed_unit(
    unit_id: int, raw_body: bytes, headers: Mapping[str, str], now: datetime
) -> tuple[CreditUnit, str]:
    """The unit and the signature's hex digest, once the request is signed with its secret, recently.

    Checked before anything else, and every failure answers alike (the same status and body):
    a missing or malformed header, a wrong signature (an old secret too), a timestamp more than
    five minutes away, no such unit, an internal or archived unit. An unsigned caller learns
    nothing about which units exist.

    Raises:
        BadSignature: any of those.
    """
    unit = (
        CreditUnit.objects.filter(id=unit_id, managed_by=ManagedBy.EXTERNAL, archived_at__isnull=True)
        .exclude(callback_secret="")
        .first()
    )
    raw_timestamp = headers.get(TIMESTAMP_HEADER.lower(), "").strip()
    raw_signature = headers.get(SIGNATURE_HEADER.lower(), "").strip()
    key = unit.callback_secret.encode() if unit is not None else _NO_SECRET
    expected = hmac.new(key, f"{raw_timestamp}.".encode() + raw_body, hashlib.sha256).hexdigest()
    given = raw_signature[len(SIGNATURE_PREFIX) :] if raw_signature.startswith(SIGNATURE_PREFIX) else ""
    matches = hmac.compare_digest(expected.encode(), given.lower().encode("utf-8", "replace"))
    recent = bool(_TIMESTAMP.match(raw_timestamp)) and (
        abs(now.timestamp() - int(raw_timestamp)) <= MAX_CLOCK_SKEW.total_seconds()
    )
    if unit is None or not matches or not recent:
        raise BadSignature(_("The callback signature is missing, wrong or more than 5 minutes old."))
    return unit, expected


def _idempotency_key(headers: Mapping[str, str]) -> str:
    key = headers.get(IDEMPOTENCY_HEADER.lower(), "").strip()
    if not key or len(key) > MAX_IDEMPOTENCY_KEY_LENGTH or not _PRINTABLE_ASCII.match(key):
        raise InvalidInput(
            _("Send an {header} header of 1 to {limit} printable characters.").format(
                header=IDEMPOTENCY_HEADER, limit=MAX_IDEMPOTENCY_KEY_LENGTH
            )
        )
    return key


def _replayed(receipt: CallbackReceipt, body_sha256: str) -> dict[str, Any]:
    """The first answer to a retried callback, or Conflict if the key came with another body."""
    if not hmac.compare_digest(receipt.body_sha256, body_sha256):
        raise Conflict(_("This idempotency key was already used with a different body."))
    return dict(receipt.result)


def _parse_body(raw_body: bytes) -> dict[str, Any]:
    """The callback's fields, checked.

    Raises:
        InvalidInput: not a JSON object, or naming each wrong field.
    """
    try:
        body = json_input.loads(raw_body)
    except InvalidJSON as error:
        raise InvalidInput(error.message) from error
    if not isinstance(body, dict):
        raise InvalidInput(_("Send a JSON object."))
    errors = FieldErrors()
    action = body.get("action")
    if action not in ("award", "revoke"):
        errors.add("action", _("Choose award or revoke."))
    person_id = body.get("person_id")
    if not isinstance(person_id, int) or parse_id(person_id) is None:
        errors.add("person_id", _("Send the learner's LMS user id (personID)."))
    usage_key: UsageKey | None = None
    raw_key = body.get("activity_id")
    if not isinstance(raw_key, str) or not raw_key:
        errors.add("activity_id", _("Send the activity's usage key (activityID)."))
    else:
        try:
            usage_key = parse_usage_key(raw_key, in_course=True)
        except InvalidInput as error:
            errors.add("activity_id", error.message)
    units = None
    if action == "award":
        if not isinstance(body.get("units"), str):
            errors.add("units", _('Send the units as a decimal string, such as "1.5".'))
        else:
            units = decimal_number(body, "units", errors, minimum=Decimal("0"), maximum=MAX_UNITS)
            if "units" not in errors and units <= 0:
                errors.add("units", _("Award more than zero units."))
    reference = ""
    if body.get("reference") is not None:
        if not isinstance(body["reference"], str):
            errors.add("reference", _("Send the reference as text."))
        else:
            reference = text(body, "reference", errors, required=False, limit=255)
    errors.raise_if_any()
    return {
        "action": action,
        "person_id": person_id,
        "usage_key": usage_key,
        "units": units,
        "reference": reference,
    }


def _target(unit: CreditUnit, fields: dict[str, Any]) -> Activity:
    """The activity the callback is about, once the learner may get this unit's credit there.

    Revoking only needs the learner and the activity to exist: credit stays revocable after the
    learner unenrolled or the activity stopped awarding the unit.

    Raises:
        NotFound: no such learner or activity. InvalidInput: the learner is not enrolled, or the
            activity does not award the unit. FeatureDisabled: tracking is off for the course.
    """
    if not get_user_model().objects.filter(id=fields["person_id"]).exists():
        message = _("No learner with person_id {person_id}.").format(person_id=fields["person_id"])
        raise NotFound(message, field_errors={"person_id": [message]})
    activity = Activity.objects.filter(usage_key=fields["usage_key"]).first()
    if activity is None:
        message = _("No attendance activity {usage_key}.").format(usage_key=fields["usage_key"])
        raise NotFound(message, field_errors={"activity_id": [message]})
    if fields["action"] == "revoke":
        return activity
    course_key = _course_key(activity)
    if activity.archived_at is not None:
        message = _("This activity was removed from the course.")
        raise InvalidInput(message, field_errors={"activity_id": [message]})
    if not get_backend().is_enrolled(fields["person_id"], course_key):
        message = _("Learner {person_id} is not enrolled in {course_key}.").format(
            person_id=fields["person_id"], course_key=course_key
        )
        raise InvalidInput(message, field_errors={"person_id": [message]})
    if not ActivityUnitRule.objects.filter(activity=activity, unit=unit).exists():
        message = _("This activity does not award {acronym}.").format(acronym=unit.acronym)
        raise InvalidInput(message, field_errors={"activity_id": [message]})
    if not is_enabled(course_key):
        raise FeatureDisabled()
    return activity


def _units_text(units: Decimal) -> str:
    """Units as stored (two decimals), whether just parsed or read back: "1.50"."""
    return f"{units:.2f}"


def _label(units: Decimal, unit: CreditUnit, reference: str, revoked: bool = False) -> str:
    label = f"{_units_text(units)} {unit.acronym}"
    if revoked:
        label = _("{units} revoked").format(units=label)
    return f"{label} ({reference})" if reference else label


def _award(
    unit: CreditUnit, activity: Activity, fields: dict[str, Any], now: datetime
) -> tuple[str, Claim, Decimal | None]:
    """Create or raise the learner's claim (never lower it); the outcome, claim and previous units."""
    user_id, units = fields["person_id"], fields["units"]
    claim = Claim.objects.select_for_update().filter(user_id=user_id, activity=activity, unit=unit).first()
    previous = claim.units if claim else None
    if claim is not None and claim.revoked_at is not None:
        raise Conflict(revoked_message(claim))
    if claim is not None and units <= claim.units:
        return CallbackOutcome.UNCHANGED, claim, previous
    rule = ActivityUnitRule.objects.filter(activity=activity, unit=unit).first()
    snapshot = rules_snapshot(activity, unit, rule, now)
    if claim is None:
        claim = Claim.objects.create(
            user_id=user_id,
            activity=activity,
            unit=unit,
            units=units,
            source=ClaimSource.EXTERNAL,
            claimed_at=now,
            updated_at=now,
            rules_snapshot=snapshot,
        )
        outcome = CallbackOutcome.AWARDED
    else:
        claim.units = units
        claim.source = ClaimSource.EXTERNAL
        claim.updated_at = max(claim.updated_at, now)
        claim.rules_snapshot = snapshot
        claim.save(update_fields=["units", "source", "updated_at", "rules_snapshot"])
        outcome = CallbackOutcome.UPGRADED
    label = _label(units, unit, fields["reference"])
    course_key = _course_key(activity)
    log_activity(
        user_id,
        course_key,
        LogCategory.CE,
        LogAction.CE_EARNED,
        label,
        now,
        activity=activity,
        once_key=f"ce-earned:{user_id}:{activity.id}:{unit.id}",
    )
    log_activity(user_id, course_key, LogCategory.CE, LogAction.CE_CLAIMED, label, now, activity=activity)
    return outcome, claim, previous


def _revoke(
    unit: CreditUnit, activity: Activity, fields: dict[str, Any], now: datetime
) -> tuple[str, Decimal | None]:
    """Revoke the learner's external claim and its certificate, keeping both; the outcome and units."""
    claim = (
        Claim.objects.select_for_update()
        .filter(
            user_id=fields["person_id"],
            activity=activity,
            unit=unit,
            source=ClaimSource.EXTERNAL,
            revoked_at__isnull=True,
        )
        .first()
    )
    if claim is None:
        return CallbackOutcome.NOTHING_TO_REVOKE, None
    claim.activity, claim.unit = activity, unit
    reason = fields["reference"] or _("Revoked by the external system.")
    revoke_claim_row(claim, reason, now, _label(claim.units, unit, fields["reference"], revoked=True))
    return CallbackOutcome.REVOKED, claim.units


def receive_callback(
    unit_id: int, raw_body: bytes, headers: Mapping[str, str], now: datetime
) -> dict[str, Any]:
    """Apply a signed callback of an external unit's system; returns the answer for the caller.

    The body is a JSON object: ``action`` ("award" or "revoke"), ``person_id`` (the LMS user id),
    ``activity_id`` (the usage key), ``units`` (award only: a decimal string, more than 0 and at
    most 1000) and an optional ``reference``. Award creates or raises the learner's claim with
    source "external", never lowering it (a revoked claim is not awarded again: 409); revoke stamps
    the learner's external claim of the unit in the activity, and its certificate, as revoked and
    keeps both (ADR 0010). Both leave CE/CME rows in the activity log. ``headers`` are matched whatever
    their case. A refused callback writes nothing.

    Raises:
        BadSignature: checked first, one answer for all: the signature is missing, wrong (an old
            secret too) or not recent, or there is no such external unit (unknown, internal, archived).
        NotFound: no such learner or activity.
        PayloadTooLarge: the body is over 16 KiB.
        InvalidInput: no idempotency key, a malformed body, the learner is not enrolled, or the
            activity does not award the unit.
        Conflict: the idempotency key was used with another body, this signed request was
            already received under another key, or the claim was revoked (award).
        FeatureDisabled: attendance tracking is off for the activity's course.
    """
    if len(raw_body) > MAX_BODY_BYTES:
        raise PayloadTooLarge(_("The callback body is larger than 16 KiB."))
    lowered = {name.lower(): value for name, value in headers.items()}
    unit, signature = _signed_unit(unit_id, raw_body, lowered, now)
    key = _idempotency_key(lowered)
    body_sha256 = hashlib.sha256(raw_body).hexdigest()
    receipt = CallbackReceipt.objects.filter(unit=unit, idempotency_key=key).first()
    if receipt is not None:
        return _replayed(receipt, body_sha256)
    if CallbackReceipt.objects.filter(unit=unit, signature=signature).exists():
        raise Conflict(_("This signed callback was already received under another idempotency key."))
    fields = _parse_body(raw_body)
    activity = _target(unit, fields)
    result: dict[str, Any] = {
        "action": fields["action"],
        "person_id": fields["person_id"],
        "activity_id": str(activity.usage_key),
        "unit_id": unit.id,
        "reference": fields["reference"],
    }
    try:
        with transaction.atomic():
            if fields["action"] == "award":
                outcome, claim, previous = _award(unit, activity, fields, now)
                result.update(units=_units_text(claim.units))
            else:
                outcome, previous = _revoke(unit, activity, fields, now)
                result.update(units=None)
            result.update(
                outcome=str(outcome), previous_units=_units_text(previous) if previous is not None else None
            )
            CallbackReceipt.objects.create(
                unit=unit,
                idempotency_key=key,
                body_sha256=body_sha256,
                signature=signature,
                received_at=now,
                status=outcome,
                result=result,
            )
    except IntegrityError:
        # A concurrent callback with the same key won: answer as it did (or refuse another body).
        receipt = CallbackReceipt.objects.filter(unit=unit, idempotency_key=key).first()
        if receipt is None:
            raise
        return _replayed(receipt, body_sha256)
    if outcome in (CallbackOutcome.AWARDED, CallbackOutcome.UPGRADED):
        event = {**_credits_event(claim, fields), "previous_units": result["previous_units"]}
        tracking.emit(tracking.EVENT_CREDITS_CLAIMED, event, course_id=_course_key(activity))
    return result


def _credits_event(claim: Claim, fields: dict[str, Any]) -> dict[str, Any]:
    """The data of a credits.claimed or credits.revoked event of an external claim."""
    return {
        "activity_id": str(claim.activity.usage_key),
        "user_id": claim.user_id,
        "claim_id": claim.id,
        "unit_id": claim.unit_id,
        "unit_acronym": claim.unit.acronym,
        "units": _units_text(claim.units),
        "source": str(ClaimSource.EXTERNAL),
        "reference": fields["reference"],
    }
