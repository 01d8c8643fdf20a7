"""The public verify page's answers: a code's state, and whether an uploaded PDF is genuine (ADR 0022).

A code is ``valid``, ``revoked`` (on a date; the reason stays with the course team, as NASBA's
public registries do) or ``reissued`` (as a new code, after a corrected name). The answer names
the learner by full name only: no username, no email, no user id.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from attendance_app.api.certificate_fingerprints import certificate_of_fingerprint, sha256_of
from attendance_app.api.certificates import _certificate, _date, _units, is_code, verify_path
from attendance_app.api.revocation import revoked_on
from attendance_app.exceptions import InvalidInput, PayloadTooLarge
from attendance_app.models import Certificate
from attendance_app.platform import get_backend

MAX_CODE_INPUT = 64  # longer input is refused before any lookup
MAX_PDF_BYTES = 5 * 1024 * 1024
PDF_CONTENT_TYPES = ("application/pdf", "application/x-pdf")
_PDF_MAGIC = b"%PDF-"

#: The keys of a verify answer, the page's and the JSON form's alike.
PUBLIC_FIELDS = (
    "code",
    "status",
    "valid",
    "revoked_on",
    "reissued_as",
    "reissued_as_path",
    "reissue_of",
    "learner_name",
    "course_name",
    "activity_name",
    "units",
    "unit_name",
    "field_of_study",
    "date",
    "issued_on",
)


def parse_code(raw: object) -> str:
    """A verification code typed by someone: stripped, 12 to 32 letters, digits, "-" or "_".

    Raises:
        InvalidInput: empty, too long or with other characters (``field_errors`` names ``code``).
    """
    value = raw.strip() if isinstance(raw, str) else ""
    if not value:
        raise InvalidInput(
            field_errors={"code": [_("Enter the verification code printed on the certificate.")]}
        )
    if len(value) > MAX_CODE_INPUT or not is_code(value):
        raise InvalidInput(
            field_errors={
                "code": [_("A verification code has 12 to 32 characters: letters, digits, “-” or “_”.")]
            }
        )
    return value


def certificate_status(certificate: Certificate) -> str:
    """``valid``, ``revoked`` (on a date) or ``reissued`` (as another code)."""
    if certificate.revoked_at is not None:
        return "revoked"
    if certificate.replaced_by_id is not None:
        return "reissued"
    return "valid"


def _answer(certificate: Certificate) -> dict[str, Any]:
    claim = certificate.claim
    course_key = claim.activity.course_key
    assert course_key is not None
    backend = get_backend()
    learner = backend.get_users([claim.user_id]).get(claim.user_id)
    course = backend.get_course(course_key)
    platform_name = f"{learner.first_name} {learner.last_name}".strip() if learner else ""
    status = certificate_status(certificate)
    replaced_by = certificate.replaced_by
    reissue_of = getattr(certificate, "reissue_of", None)
    return {
        "code": certificate.code,
        "status": status,
        "valid": status == "valid",
        "revoked": certificate.revoked_at is not None,
        "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
        "revoked_on": revoked_on(certificate.revoked_at) if certificate.revoked_at else None,
        "reissued_as": replaced_by.code if replaced_by else None,
        "reissued_as_path": verify_path(replaced_by.code) if replaced_by else None,
        "reissue_of": reissue_of.code if reissue_of else None,
        "learner_name": certificate.learner_name or platform_name,
        "course_name": course.display_name if course else str(course_key),
        "activity_name": claim.activity.display_name,
        "units": _units(claim),
        "unit_name": claim.unit.name,
        "field_of_study": claim.unit.field_of_study,
        "date": _date(claim),
        "issued_at": certificate.issued_at.isoformat(),
        "issued_on": certificate.issued_at.astimezone(UTC).strftime("%Y-%m-%d"),
    }


def verify(code: str) -> dict[str, Any] | None:
    """What the public verify page shows of a code (:data:`PUBLIC_FIELDS` and more), or None if unknown.

    Only the learner's full name identifies them (no username, no email); a revoked certificate
    says when, never why.
    """
    certificate = _certificate(code)
    return None if certificate is None else _answer(certificate)


def public_answer(answer: dict[str, Any]) -> dict[str, Any]:
    """The JSON form of a verify answer: exactly what the page shows."""
    return {name: answer[name] for name in PUBLIC_FIELDS}


def check_pdf(upload: UploadedFile | None) -> dict[str, Any]:
    """Whether an uploaded PDF is one we served: ``genuine`` and, if so, its certificate's answer.

    Raises:
        InvalidInput: no file, or not a PDF (content type or first bytes). PayloadTooLarge: over 5 MB.
    """
    if upload is None or not upload.size:
        raise InvalidInput(field_errors={"pdf": [_("Choose the certificate's PDF file.")]})
    if upload.size > MAX_PDF_BYTES:
        raise PayloadTooLarge(_("Upload a PDF of at most 5 MB."))
    upload.seek(0)
    head = upload.read(len(_PDF_MAGIC))
    if (upload.content_type or "").lower() not in PDF_CONTENT_TYPES or head != _PDF_MAGIC:
        raise InvalidInput(field_errors={"pdf": [_("Upload a PDF file.")]})
    upload.seek(0)
    certificate = certificate_of_fingerprint(sha256_of(upload.chunks()))
    if certificate is None:
        return {"genuine": False, "certificate": None}
    found = _certificate(certificate.code)
    assert found is not None
    return {"genuine": True, "certificate": _answer(found)}
