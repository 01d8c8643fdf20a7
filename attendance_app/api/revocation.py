"""Revoking claimed credit and its certificate (DESIGN section 7, ADR 0010).

A claim is revoked by its external system's signed callback or by the course team. Nothing is
deleted: the claim and its certificate stay as the record, both stamped with when and why. A revoked
claim counts for nothing (My credits, the learner panel), cannot be claimed or awarded again, and its
certificate no longer downloads; the public verify page says it was revoked and when.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from attendance_app import permissions, tracking
from attendance_app.api.activity_log import log_activity
from attendance_app.api.validation import FieldErrors, text
from attendance_app.exceptions import AttendanceError, NotAuthorized, NotFound
from attendance_app.models import Certificate, Claim, LogAction, LogCategory

MAX_REASON_LENGTH = 255


class Revoked(AttendanceError):
    """The credit (or its certificate) was revoked: it is kept as a record, never served again."""

    status_code = 410
    code = "revoked"


def revoked_on(revoked_at: datetime) -> str:
    """The revocation date as the verify page and messages print it (UTC)."""
    return revoked_at.astimezone(UTC).strftime("%Y-%m-%d")


def revoked_message(claim: Claim) -> str:
    """Why a revoked claim gives nothing: "… revoked on 2026-12-01: reason"."""
    assert claim.revoked_at is not None
    message = _("This credit was revoked on {date}.").format(date=revoked_on(claim.revoked_at))
    if claim.revoke_reason:
        message = _("{message} Reason: {reason}").format(message=message, reason=claim.revoke_reason)
    return message


def revoke_claim_row(claim: Claim, reason: str, now: datetime, label: str) -> None:
    """Stamp the (locked) claim and its certificate as revoked and log it; the caller holds a transaction.

    ``label`` is the activity log's: a "CE claimed" row whose label says "revoked" (seed 004 has
    no action of its own for it). The ``attendance.credits.revoked`` event, and
    ``attendance.certificate.revoked`` for a certificate, are sent once the transaction commits.
    """
    claim.revoked_at = now
    claim.revoke_reason = reason[:MAX_REASON_LENGTH]
    claim.save(update_fields=["revoked_at", "revoke_reason"])
    # The claim's current certificate; one it replaced (reissued) keeps saying "reissued as".
    certificates = list(Certificate.objects.filter(claim=claim, revoked_at__isnull=True, replaced_by=None))
    Certificate.objects.filter(id__in=[certificate.id for certificate in certificates]).update(
        revoked_at=now, revoke_reason=claim.revoke_reason
    )
    course_key = claim.activity.course_key
    assert course_key is not None  # the column is NOT NULL
    learner = {"activity_id": str(claim.activity.usage_key), "user_id": claim.user_id, "claim_id": claim.id}
    tracking.emit_on_commit(
        tracking.EVENT_CREDITS_REVOKED,
        {
            **learner,
            "unit_id": claim.unit_id,
            "unit_acronym": claim.unit.acronym,
            "units": f"{claim.units:.2f}",
            "source": str(claim.source),
            "reference": claim.revoke_reason,
        },
        course_id=course_key,
    )
    for certificate in certificates:
        tracking.emit_on_commit(
            tracking.EVENT_CERTIFICATE_REVOKED,
            {**learner, "certificate_id": certificate.id, "verification_code": certificate.code},
            course_id=course_key,
        )
    log_activity(
        claim.user_id, course_key, LogCategory.CE, LogAction.CE_CLAIMED, label, now, activity=claim.activity
    )


def _reason(data: dict[str, Any]) -> str:
    errors = FieldErrors()
    reason = text(data, "reason", errors, required=True, limit=MAX_REASON_LENGTH)
    errors.raise_if_any(_("Say why the credit is revoked."))
    return reason


def revoke_claim(actor_id: int | None, claim_id: int, data: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The course team revokes a learner's claim, and its certificate if it has one.

    ``data`` carries the ``reason`` (required, at most 255 characters), kept with the claim and
    the certificate. Revoking a revoked claim changes nothing and answers the same.

    Raises:
        NotAuthorized: anonymous, or the learner of the claim (not on the course team).
        NotFound: no such claim, or another learner's (as certificates answer). InvalidInput: no reason.
    """
    if actor_id is None:
        raise NotAuthorized()
    with transaction.atomic():
        claim = Claim.objects.select_for_update().filter(id=claim_id).first()
        if claim is None:
            raise NotFound(_("No such claim."))
        activity = claim.activity
        course_key = activity.course_key
        assert course_key is not None
        if not permissions.can_author_course(actor_id, course_key):
            if claim.user_id != actor_id:
                raise NotFound(_("No such claim."))
            raise NotAuthorized(_("Only the course team revokes credit."))
        reason = _reason(data)
        newly = claim.revoked_at is None
        if newly:
            units = f"{claim.units:.2f} {claim.unit.acronym}"
            label = _("{units} revoked").format(units=units)
            revoke_claim_row(claim, reason, now, f"{label} ({reason})")
    assert claim.revoked_at is not None
    certificate = Certificate.objects.filter(claim=claim).first()
    return {
        "claim_id": claim.id,
        "revoked_at": claim.revoked_at.isoformat(),
        "reason": claim.revoke_reason,
        "certificate_code": certificate.code if certificate else None,
    }
