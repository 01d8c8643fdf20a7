"""Certificates of claimed credit, their PDF, the public verify page and course settings (DESIGN 7, seed 002).

A certificate is issued for one claim the first time someone asks for it (the learner, or the course
team for a learner) and keeps its verification code for good. Who downloads the PDF depends on the
course's visibility: the learner ("learner"), or only managers ("managers"; the learner is told the
credit is completed and their manager downloads the certificate). Managers are the course team
(:func:`attendance_app.permissions.can_author_course`); coaches join them in a later slice.

The verify page is public: it says whether a code is valid (or revoked, and when) and shows the
learner's full name, never their username or email. A revoked certificate stays, and its PDF is no
longer served (410).
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from attendance_app import permissions, tracking
from attendance_app.api import sponsors
from attendance_app.api.activity_log import log_activity
from attendance_app.api.certificate_content import CreditLine, certificate_content, delivery_method_of
from attendance_app.api.certificate_fingerprints import record_fingerprint
from attendance_app.api.revocation import Revoked, revoked_message, revoked_on
from attendance_app.certificates.pdf import write_certificate
from attendance_app.exceptions import InvalidInput, NotAuthorized, NotFound
from attendance_app.models import (
    Certificate,
    CertificateVisibility,
    Claim,
    CourseCertificateSettings,
    LogAction,
    LogCategory,
)
from attendance_app.platform import get_backend

CODE_BYTES = 12  # 16 URL-safe characters, 96 random bits
_CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{12,32}$")


def _new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def verify_path(code: str) -> str:
    """The public verify page of a code (printed on the PDF)."""
    return reverse("attendance_app:certificate-verify", args=[code])


# Settings ------------------------------------------------------------------------------------------

#: The course settings' sponsor fields (kept for REST clients): names in the course's sponsor settings.
_SPONSOR_ALIASES = {"sponsor_name": "name", "sponsor_id": "sponsor_id", "contact": "contact"}


def _visibility(course_key: CourseKey) -> str:
    row = CourseCertificateSettings.objects.filter(course_key=course_key).first()
    return row.visibility if row else CertificateVisibility.LEARNER.value


def _course_settings(course_key: CourseKey) -> dict[str, str]:
    """The course's certificate settings: visibility and the course's own sponsor fields."""
    sponsor = sponsors.scope_sponsor(sponsors.Scope.of_course(course_key))
    return {
        "visibility": _visibility(course_key),
        **{alias: getattr(sponsor, name) for alias, name in _SPONSOR_ALIASES.items()},
    }


def get_certificate_settings(actor_id: int | None, course_key: CourseKey) -> dict[str, str]:
    """The course's certificate settings, for the course team.

    Raises:
        NotAuthorized: the actor is not on the course team.
    """
    if not permissions.can_author_course(actor_id, course_key):
        raise NotAuthorized()
    return _course_settings(course_key)


def set_certificate_settings(
    actor_id: int | None, course_key: CourseKey, data: dict[str, Any]
) -> dict[str, str]:
    """Save the course's certificate settings (fields not sent keep their value) and return them.

    ``sponsor_name``, ``sponsor_id`` and ``contact`` are the course's override of the sponsor
    settings (:mod:`attendance_app.api.sponsors`); the delivery method is each activity's.

    Raises:
        NotAuthorized: the actor is not on the course team. InvalidInput: a value is not valid
        (``field_errors`` says which); nothing is saved.
    """
    if not permissions.can_author_course(actor_id, course_key):
        raise NotAuthorized()
    errors: dict[str, list[str]] = {}
    for name in sorted(set(data) - {"visibility", *_SPONSOR_ALIASES}):
        errors[name] = [_("Unknown field.")]
    if "delivery_method" in errors:
        errors["delivery_method"] = [_("Set the delivery method on each activity.")]
    visibility = data.get("visibility")
    if "visibility" in data and visibility not in CertificateVisibility.values:
        errors["visibility"] = [
            _("Choose one of: {choices}.").format(choices=", ".join(CertificateVisibility.values))
        ]
    sponsor_data = {name: data[alias] for alias, name in _SPONSOR_ALIASES.items() if alias in data}
    try:
        sponsors.validate_sponsor_fields(sponsor_data)
    except InvalidInput as error:
        names = {name: alias for alias, name in _SPONSOR_ALIASES.items()}
        errors.update({names[name]: messages for name, messages in error.field_errors.items()})
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        if "visibility" in data:
            CourseCertificateSettings.objects.update_or_create(
                course_key=course_key, defaults={"visibility": str(visibility)}
            )
        if sponsor_data:
            sponsors.save_sponsor(actor_id, sponsors.Scope.of_course(course_key), sponsor_data)
    return _course_settings(course_key)


# Issuing -------------------------------------------------------------------------------------------


def _certificate_event(certificate: Certificate) -> dict[str, Any]:
    """The data of an attendance.certificate.* event (the learner is the claim's owner)."""
    claim = certificate.claim
    return {
        "activity_id": str(claim.activity.usage_key),
        "user_id": claim.user_id,
        "claim_id": claim.id,
        "certificate_id": certificate.id,
        "verification_code": certificate.code,
    }


def _claim(claim_id: int) -> Claim | None:
    return Claim.objects.select_related("activity", "unit").filter(id=claim_id).first()


def _is_manager(actor_id: int | None, course_key: CourseKey) -> bool:
    return permissions.can_author_course(actor_id, course_key)


def _learner_downloads(course_key: CourseKey) -> bool:
    return _visibility(course_key) == CertificateVisibility.LEARNER


def _managers_only_message() -> str:
    return _("This credit is completed. Your manager downloads the certificate.")


def certificate_for(user_id: int | None, claim_id: int, now: datetime) -> dict[str, Any]:
    """The certificate of a claim, issued now if it has none yet (a repeated call returns the same one).

    The learner who claimed asks for their own; the course team may ask for any learner's.
    ``can_download`` says whether the caller may download the PDF.

    A revoked claim keeps the certificate it had (``revoked``, ``can_download`` false, ``message``
    says when); it gets none if it had none.

    Raises:
        NotAuthorized: anonymous. NotFound: no such claim, or not the caller's to see.
        InvalidInput: the claim has no units. Revoked (410): the claim was revoked before any certificate.
    """
    if user_id is None:
        raise NotAuthorized()
    claim = _claim(claim_id)
    if claim is None:
        raise NotFound(_("No such claim."))
    course_key = claim.activity.course_key
    assert course_key is not None  # the column is NOT NULL
    manager = _is_manager(user_id, course_key)
    if claim.user_id != user_id and not manager:
        raise NotFound(_("No such claim."))
    if claim.units <= 0:
        raise InvalidInput(_("This claim has no credit units, so it has no certificate."))
    certificate = current_certificate(claim)
    if certificate is None and claim.revoked_at is not None:
        raise Revoked(revoked_message(claim))
    if certificate is None:
        try:
            with transaction.atomic():  # a savepoint: a concurrent request may issue it first
                certificate = Certificate.objects.create(claim=claim, code=_new_code(), issued_at=now)
                tracking.emit_on_commit(
                    tracking.EVENT_CERTIFICATE_ISSUED, _certificate_event(certificate), course_id=course_key
                )
            record_fingerprint(certificate, render_pdf(certificate), now)
        except IntegrityError:
            certificate = Certificate.objects.get(claim=claim, reissue_number=0)
    learner_downloads = _learner_downloads(course_key)
    revoked = certificate.revoked_at is not None
    message = None if manager or learner_downloads else _managers_only_message()
    if revoked:
        message = _revoked_certificate_message(certificate)
    return {
        "code": certificate.code,
        "claim_id": claim.id,
        "issued_at": certificate.issued_at.isoformat(),
        "revoked": revoked,
        "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
        "can_download": not revoked and (manager or learner_downloads),
        "message": message,
        "verify_path": verify_path(certificate.code),
    }


def current_certificate(claim: Claim) -> Certificate | None:
    """The claim's certificate: its latest reissue, or the first one; None before any was issued."""
    return Certificate.objects.filter(claim=claim).order_by("-reissue_number").first()


def _reissued_message(certificate: Certificate) -> str:
    assert certificate.replaced_by is not None
    return _("This certificate was reissued as {code} and is no longer served.").format(
        code=certificate.replaced_by.code
    )


def _revoked_certificate_message(certificate: Certificate) -> str:
    assert certificate.revoked_at is not None
    return _("This certificate was revoked on {date} and is no longer valid.").format(
        date=revoked_on(certificate.revoked_at)
    )


def claimed_certificates(user_id: int | None) -> dict[str, list[dict[str, Any]]]:
    """Per activity usage key, the learner's claims with units and whether the learner downloads them."""
    if user_id is None:
        return {}
    claims = (
        Claim.objects.filter(user_id=user_id, units__gt=0, revoked_at__isnull=True)
        .select_related("activity", "unit")
        .order_by("unit__acronym", "id")
    )
    downloads: dict[str, bool] = {}
    found: dict[str, list[dict[str, Any]]] = {}
    for claim in claims:
        course_id = str(claim.activity.course_key)
        if course_id not in downloads:
            key = claim.activity.course_key
            assert key is not None
            downloads[course_id] = _learner_downloads(key)
        found.setdefault(str(claim.activity.usage_key), []).append(
            {"claim_id": claim.id, "acronym": claim.unit.acronym, "can_download": downloads[course_id]}
        )
    return found


# Downloading and verifying ------------------------------------------------------------------------


def is_code(code: str) -> bool:
    """Whether ``code`` has the shape of a verification code (12 to 32 URL-safe characters)."""
    return bool(_CODE_PATTERN.match(code or ""))


def _certificate(code: str) -> Certificate | None:
    if not is_code(code):
        return None
    related = ("claim__activity", "claim__unit", "replaced_by", "reissue_of")
    return Certificate.objects.select_related(*related).filter(code=code).first()


def _date(claim: Claim) -> str:
    return claim.updated_at.astimezone(UTC).strftime("%Y-%m-%d")


def _units(claim: Claim) -> str:
    return f"{claim.units.normalize():f} {claim.unit.acronym}"


def render_certificate_pdf(actor_id: int | None, certificate_code: str, now: datetime) -> bytes:
    """The certificate's PDF, logged as "Certificate downloaded" for the one who downloads it.

    The learner downloads their own when the course's visibility is "learner"; the course team
    always may.

    Raises:
        NotAuthorized: anonymous, or the learner of a managers-only course (the message says the
        credit is completed and their manager downloads it). NotFound: no such code, or not the
        actor's to see. Revoked (410): the certificate was revoked; the verify page says when.
    """
    if actor_id is None:
        raise NotAuthorized()
    certificate = _certificate(certificate_code)
    if certificate is None:
        raise NotFound(_("No certificate has this code."))
    claim = certificate.claim
    activity = claim.activity
    course_key = activity.course_key
    assert course_key is not None
    if not _is_manager(actor_id, course_key):
        if claim.user_id != actor_id:
            raise NotFound(_("No certificate has this code."))
        if not _learner_downloads(course_key):
            raise NotAuthorized(_managers_only_message())
    if certificate.revoked_at is not None:
        raise Revoked(_revoked_certificate_message(certificate))
    if certificate.replaced_by is not None:
        raise Revoked(_reissued_message(certificate))
    pdf = render_pdf(certificate)
    record_fingerprint(certificate, pdf, now)
    tracking.emit(
        tracking.EVENT_CERTIFICATE_DOWNLOADED,
        {**_certificate_event(certificate), "actor_id": actor_id},
        course_id=course_key,
    )
    log_activity(
        actor_id,
        course_key,
        LogCategory.CE,
        LogAction.CERTIFICATE_DOWNLOADED,
        _units(claim),
        now,
        activity=activity,
    )
    return pdf


def render_pdf(certificate: Certificate) -> bytes:
    """The certificate's PDF bytes (deterministic for one content: ADR 0022); no permission check."""
    claim = certificate.claim
    activity = claim.activity
    course_key = activity.course_key
    assert course_key is not None
    backend = get_backend()
    learner = backend.get_users([claim.user_id]).get(claim.user_id)
    course = backend.get_course(course_key)
    content = certificate_content(
        sponsors.effective_sponsor(course_key),
        learner_name=certificate.learner_name or (learner.full_name if learner else ""),
        course_name=course.display_name if course else str(course_key),
        activity_name=activity.display_name,
        delivery_method=delivery_method_of(activity),
        credits=[
            CreditLine(
                field_of_study=claim.unit.field_of_study,
                units=_units(claim),
                name=claim.unit.name,
                template=claim.unit.template,
                acronym=claim.unit.acronym,
            )
        ],
        date=_date(claim),
        code=certificate.code,
        verify_path=verify_path(certificate.code),
    )
    return write_certificate(content)
