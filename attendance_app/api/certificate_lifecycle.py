"""The course team revokes or reissues a certificate, and lists a course's certificates (ADR 0022).

* **Revoke** (a required reason): the certificate and its claim are stamped revoked, as the
  external system's revoke does (:func:`attendance_app.api.revocation.revoke_claim_row`, ADR 0010):
  a certificate is the proof of the credit, so a revoked certificate never stands beside valid credit.
  The verify page says "revoked on <date>", never the reason.
* **Reissue** (a corrected learner name): a NEW certificate with a new code, printed with that
  name, replaces the old one; the old one's verify page says "reissued as <new code>" and its PDF is
  no longer served. A revoked or already reissued certificate is not reissued (reissue the newest).

Who: the course team with authoring rights (staff, instructors, org admins) and global staff.
Coaches and learners are refused (403); anonymous callers never reach here (401).
"""

from __future__ import annotations

import secrets
import unicodedata
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from attendance_app import permissions, tracking
from attendance_app.api.activity_log import log_activity
from attendance_app.api.certificate_fingerprints import record_fingerprint
from attendance_app.api.certificate_verification import certificate_status, parse_code
from attendance_app.api.certificates import CODE_BYTES, _certificate_event, _units, render_pdf, verify_path
from attendance_app.api.revocation import MAX_REASON_LENGTH, revoke_claim_row, revoked_on
from attendance_app.api.validation import FieldErrors, text
from attendance_app.exceptions import Conflict, NotAuthorized, NotFound
from attendance_app.models import Certificate, Claim, LogAction, LogCategory
from attendance_app.platform import get_backend

MAX_NAME_LENGTH = 255
#: The most certificates the staff page lists (newest first).
LIST_LIMIT = 500


def _course_key(certificate: Certificate) -> CourseKey:
    course_key = certificate.claim.activity.course_key
    assert course_key is not None  # the column is NOT NULL
    return course_key


def _locked_certificate(actor_id: int | None, raw_code: object) -> Certificate:
    """The certificate of a code, locked, once the actor is known to be on its course team.

    Raises:
        NotAuthorized: anonymous, or not on the course team. InvalidInput: a malformed code.
        NotFound: no certificate has the code.
    """
    if actor_id is None:
        raise NotAuthorized()
    code = parse_code(raw_code)
    certificate = (
        Certificate.objects.select_for_update()
        .select_related("claim__activity", "claim__unit", "replaced_by")
        .filter(code=code)
        .first()
    )
    if certificate is None:
        raise NotFound(_("No certificate has this code."))
    if not permissions.can_author_course(actor_id, _course_key(certificate)):
        raise NotAuthorized(_("Only the course team revokes or reissues certificates."))
    return certificate


def _refuse_if_replaced_or_revoked(certificate: Certificate, revoked_message: str) -> None:
    """Conflict when the certificate was revoked (``revoked_message`` with its {date}) or reissued."""
    if certificate.revoked_at is not None:
        raise Conflict(revoked_message.format(date=revoked_on(certificate.revoked_at)))
    if certificate.replaced_by is not None:
        raise Conflict(
            _("This certificate was reissued as {code}; use that certificate instead.").format(
                code=certificate.replaced_by.code
            )
        )


def _state(certificate: Certificate) -> dict[str, Any]:
    return {
        "code": certificate.code,
        "claim_id": certificate.claim_id,
        "status": certificate_status(certificate),
        "issued_at": certificate.issued_at.isoformat(),
        "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
        "revoke_reason": certificate.revoke_reason,
        "learner_name": certificate.learner_name,
        "reissued_as": certificate.replaced_by.code if certificate.replaced_by else None,
        "verify_path": verify_path(certificate.code),
    }


def revoke_certificate(
    actor_id: int | None, code: object, data: dict[str, Any], now: datetime
) -> dict[str, Any]:
    """The course team revokes a certificate, and its claim, with a reason (at most 255 characters).

    Raises:
        NotAuthorized: anonymous, a learner, a coach. InvalidInput: a malformed code, no reason or a
        too long one. NotFound: no such code. Conflict: already revoked, or reissued (revoke the new
        one). Nothing changes on any error.
    """
    with transaction.atomic():
        certificate = _locked_certificate(actor_id, code)
        errors = FieldErrors()
        reason = text(data, "reason", errors, required=True, limit=MAX_REASON_LENGTH)
        errors.raise_if_any(_("Say why the certificate is revoked."))
        _refuse_if_replaced_or_revoked(certificate, _("This certificate was already revoked on {date}."))
        claim = (
            Claim.objects.select_for_update().select_related("activity", "unit").get(id=certificate.claim_id)
        )
        label = _("Certificate {code} revoked").format(code=certificate.code)
        if claim.revoked_at is None:
            revoke_claim_row(claim, reason, now, f"{label} ({reason})")
        else:  # the claim was revoked before this certificate was issued: stamp the certificate alone
            Certificate.objects.filter(id=certificate.id).update(revoked_at=now, revoke_reason=reason)
            tracking.emit_on_commit(
                tracking.EVENT_CERTIFICATE_REVOKED,
                _certificate_event(certificate),
                course_id=_course_key(certificate),
            )
        certificate.refresh_from_db()
    return _state(certificate)


def reissue_certificate(
    actor_id: int | None, code: object, data: dict[str, Any], now: datetime
) -> dict[str, Any]:
    """The course team reissues a certificate with a corrected ``learner_name``; returns the NEW one.

    Raises:
        NotAuthorized: anonymous, a learner, a coach. InvalidInput: a malformed code, no name or a
        too long one. NotFound: no such code. Conflict: revoked (a revoked certificate is not
        reissued) or already reissued (reissue the new one). Nothing changes on any error.
    """
    with transaction.atomic():
        old = _locked_certificate(actor_id, code)
        errors = FieldErrors()
        name = " ".join(text(data, "learner_name", errors, required=True, limit=MAX_NAME_LENGTH).split())
        # Control, surrogate, private-use and unassigned characters; format ones (ZWJ, ZWNJ) are kept,
        # Persian and Indic names need them.
        if any(unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") for char in name):
            errors.add("learner_name", _("Use printable characters only."))
        errors.raise_if_any(_("Enter the learner's name as it should be printed."))
        _refuse_if_replaced_or_revoked(
            old, _("This certificate was revoked on {date}; a revoked certificate is not reissued.")
        )
        claim = old.claim
        course_key = _course_key(old)
        new = Certificate.objects.create(
            claim=claim,
            reissue_number=old.reissue_number + 1,
            code=secrets.token_urlsafe(CODE_BYTES),
            issued_at=now,
            learner_name=name,
        )
        old.replaced_by = new
        old.save(update_fields=["replaced_by"])
        record_fingerprint(new, render_pdf(new), now)
        tracking.emit_on_commit(
            tracking.EVENT_CERTIFICATE_REISSUED,
            {**_certificate_event(new), "previous_verification_code": old.code, "actor_id": actor_id},
            course_id=course_key,
        )
        label = _("Certificate {old} reissued as {new}").format(old=old.code, new=new.code)
        log_activity(
            claim.user_id,
            course_key,
            LogCategory.CE,
            LogAction.CE_CLAIMED,
            label,
            now,
            activity=claim.activity,
        )
    return {**_state(new), "reissue_of": old.code}


def course_certificates(actor_id: int | None, course_key: CourseKey) -> list[dict[str, Any]]:
    """The course's certificates, newest first (at most :data:`LIST_LIMIT`), for the course team.

    Three queries whatever the number: the certificates with their claims, the learners, the check.

    Raises:
        NotAuthorized: not on the course team.
    """
    if not permissions.can_author_course(actor_id, course_key):
        raise NotAuthorized(_("Only the course team revokes or reissues certificates."))
    certificates = list(
        Certificate.objects.filter(claim__activity__course_key=course_key)
        .select_related("claim__activity", "claim__unit", "replaced_by")
        .order_by("-issued_at", "-id")[:LIST_LIMIT]
    )
    users = get_backend().get_users(sorted({certificate.claim.user_id for certificate in certificates}))
    rows = []
    for certificate in certificates:
        learner = users.get(certificate.claim.user_id)
        rows.append(
            {
                **_state(certificate),
                "platform_name": learner.full_name if learner else "",
                "username": learner.username if learner else "",
                "activity_name": certificate.claim.activity.display_name,
                "units": _units(certificate.claim),
            }
        )
    return rows
