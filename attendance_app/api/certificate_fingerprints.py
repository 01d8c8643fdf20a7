"""The SHA-256 of every certificate PDF served, and checking an uploaded PDF against them (ADR 0022).

The PDF is rendered on each download (in the downloader's language, with the course's current
sponsor settings), deterministically: one content always gives the same bytes. Its hash is recorded
at issue and whenever a download renders bytes not seen before, so any PDF we ever served checks as
genuine and any edited byte does not.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction

from attendance_app.models import Certificate, CertificateFingerprint


def sha256_of(chunks: Iterable[bytes]) -> str:
    """The hex SHA-256 of the bytes, read chunk by chunk (an upload need not fit in memory)."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def record_fingerprint(certificate: Certificate, pdf: bytes, now: datetime) -> str:
    """Record the hash of a PDF rendered for ``certificate`` (once per distinct rendering); returns it."""
    sha256 = sha256_of([pdf])
    if not CertificateFingerprint.objects.filter(sha256=sha256).exists():
        try:
            with transaction.atomic():  # a savepoint: a concurrent download may record it first
                CertificateFingerprint.objects.create(certificate=certificate, sha256=sha256, recorded_at=now)
        except IntegrityError:
            pass
    return sha256


def certificate_of_fingerprint(sha256: str) -> Certificate | None:
    """The certificate a PDF with this hash was served for, or None (not a PDF we issued)."""
    fingerprint = (
        CertificateFingerprint.objects.select_related("certificate").filter(sha256=sha256.lower()).first()
    )
    return fingerprint.certificate if fingerprint else None
