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
import json
import re
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
from attendance_app.api.activities import parse_usage_key
from attendance_app.api.activity_log import log_activity
from attendance_app.api.switches import is_enabled
from attendance_app.api.validation import FieldErrors, decimal_number, text
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
    activity = Activity.objects.filter(usage_key=usage_key, archived_at__isnull=True).first()
    if activity is None:
        raise NotFound(_("No attendance activity at this address."))
    course_key = _course_key(activity)
    backend = get_backend()
    if not backend.is_enrolled(user_id, course_key):
        if permissions.can_author_course(user_id, course_key):
            raise NotAuthorized(_("Only learners enrolled in this course can claim credits."))
        raise NotFound(_("No attendance activity at this address."))
    if not is_enabled(course_key):
        raise FeatureDisabled()
    rule = (
        ActivityUnitRule.objects.select_related("unit")
        .filter(activity=activity, unit_id=unit_id, unit__managed_by=ManagedBy.EXTERNAL)
        .first()
    )
    if rule is None:
        raise NotFound(_("This activity awards no external unit with this id."))
    sso_user_id, sso_tenant_id = backend.sso_identity(user_id)
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


def _external_unit(unit_id: int) -> CreditUnit:
    unit = CreditUnit.objects.filter(id=unit_id).first()
    if unit is None:
        raise NotFound(_("No such credit unit."))
    if unit.managed_by != ManagedBy.EXTERNAL or not unit.callback_secret:
        raise NotFound(_("{acronym} is not managed by an external system.").format(acronym=unit.acronym))
    return unit


def _verify_signature(unit: CreditUnit, raw_body: bytes, headers: Mapping[str, str], now: datetime) -> str:
    """The signature's hex digest, once it is the unit's, over this body, made recently.

    Raises:
        BadSignature: a header is missing or malformed, the signature is wrong, or the timestamp is
            more than five minutes away from ``now``.
    """
    raw_timestamp = headers.get(TIMESTAMP_HEADER.lower(), "").strip()
    raw_signature = headers.get(SIGNATURE_HEADER.lower(), "").strip()
    if not raw_timestamp or not raw_signature:
        raise BadSignature(
            _("Sign the callback: send the {timestamp} and {signature} headers.").format(
                timestamp=TIMESTAMP_HEADER, signature=SIGNATURE_HEADER
            )
        )
    if (
        not raw_timestamp.isdigit()
        or len(raw_timestamp) > 12
        or not raw_signature.startswith(SIGNATURE_PREFIX)
    ):
        raise BadSignature(
            _("Send the unix time in {timestamp} and sha256=<hex> in {signature}.").format(
                timestamp=TIMESTAMP_HEADER, signature=SIGNATURE_HEADER
            )
        )
    expected = hmac.new(
        unit.callback_secret.encode(), f"{raw_timestamp}.".encode() + raw_body, hashlib.sha256
    ).hexdigest()
    given = raw_signature[len(SIGNATURE_PREFIX) :].lower()
    if not hmac.compare_digest(expected.encode(), given.encode()):
        raise BadSignature()
    if abs(now.timestamp() - int(raw_timestamp)) > MAX_CLOCK_SKEW.total_seconds():
        raise BadSignature(_("The callback timestamp is more than 5 minutes away from now."))
    return expected


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
        body = json.loads(raw_body)
    except (UnicodeDecodeError, ValueError) as error:
        raise InvalidInput(_("Send a JSON object.")) from error
    if not isinstance(body, dict):
        raise InvalidInput(_("Send a JSON object."))
    errors = FieldErrors()
    action = body.get("action")
    if action not in ("award", "revoke"):
        errors.add("action", _("Choose award or revoke."))
    person_id = body.get("person_id")
    if isinstance(person_id, bool) or not isinstance(person_id, int) or person_id <= 0:
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
    if claim is None:
        claim = Claim.objects.create(
            user_id=user_id,
            activity=activity,
            unit=unit,
            units=units,
            source=ClaimSource.EXTERNAL,
            claimed_at=now,
            updated_at=now,
        )
        outcome = CallbackOutcome.AWARDED
    elif units > claim.units:
        claim.units = units
        claim.source = ClaimSource.EXTERNAL
        claim.updated_at = max(claim.updated_at, now)
        claim.save(update_fields=["units", "source", "updated_at"])
        outcome = CallbackOutcome.UPGRADED
    else:
        return CallbackOutcome.UNCHANGED, claim, previous
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
    """Remove the learner's external claim; the outcome and the units it had."""
    user_id = fields["person_id"]
    claim = (
        Claim.objects.select_for_update()
        .filter(user_id=user_id, activity=activity, unit=unit, source=ClaimSource.EXTERNAL)
        .first()
    )
    if claim is None:
        return CallbackOutcome.NOTHING_TO_REVOKE, None
    previous = claim.units
    tracking.emit_on_commit(
        tracking.EVENT_CREDITS_REVOKED, _credits_event(claim, fields), course_id=_course_key(activity)
    )
    claim.delete()
    # The log keeps the award entries; this one says the credit went away (seed 004 has no action
    # for it, so it is a CE claimed row whose label says "revoked").
    log_activity(
        user_id,
        _course_key(activity),
        LogCategory.CE,
        LogAction.CE_CLAIMED,
        _label(previous, unit, fields["reference"], revoked=True),
        now,
        activity=activity,
    )
    return CallbackOutcome.REVOKED, previous


def receive_callback(
    unit_id: int, raw_body: bytes, headers: Mapping[str, str], now: datetime
) -> dict[str, Any]:
    """Apply a signed callback of an external unit's system; returns the answer for the caller.

    The body is a JSON object: ``action`` ("award" or "revoke"), ``person_id`` (the LMS user id),
    ``activity_id`` (the usage key), ``units`` (award only: a decimal string, more than 0 and at
    most 1000) and an optional ``reference``. Award creates or raises the learner's claim with
    source "external", never lowering it; revoke removes the learner's external claim of the unit
    in the activity. Both leave CE/CME rows in the activity log. ``headers`` are matched whatever
    their case. A refused callback writes nothing.

    Raises:
        NotFound: no such unit, an internal unit, no such learner or activity.
        BadSignature: the signature is missing, wrong (an old secret too) or not recent.
        PayloadTooLarge: the body is over 16 KiB.
        InvalidInput: no idempotency key, a malformed body, the learner is not enrolled, or the
            activity does not award the unit.
        Conflict: the idempotency key was used with another body, or this signed request was
            already received under another key.
        FeatureDisabled: attendance tracking is off for the activity's course.
    """
    if len(raw_body) > MAX_BODY_BYTES:
        raise PayloadTooLarge(_("The callback body is larger than 16 KiB."))
    unit = _external_unit(unit_id)
    lowered = {name.lower(): value for name, value in headers.items()}
    signature = _verify_signature(unit, raw_body, lowered, now)
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
