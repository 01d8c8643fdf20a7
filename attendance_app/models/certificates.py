"""Certificates of claimed credit and each course's certificate settings (DESIGN section 7, seed 002).

A ``Certificate`` hangs off one claim and carries the verification code printed on the PDF and
checked on the public verify page. ``CourseCertificateSettings`` says who downloads a course's
certificates: the learner, or only managers (seed 002: employees see the credit is completed and
their manager downloads the certificate). What the PDF prints about the sponsor is in
:mod:`attendance_app.models.sponsors`; the delivery method is each activity's.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from opaque_keys.edx.django.models import CourseKeyField

from attendance_app.models.claims import Claim

CODE_LENGTH = 16


class CertificateVisibility(models.TextChoices):
    LEARNER = "learner", _("Learners download their certificates")
    MANAGERS = "managers", _("Only managers download certificates; learners see the credit is completed")


class Certificate(models.Model):
    """The certificate of one claim, identified publicly by its verification code."""

    # PROTECT: an issued certificate is a record; revoke it rather than lose it with its claim.
    # A claim has one certificate, then one more per reissue (``reissue_number`` 1, 2, ...).
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="certificates")
    reissue_number = models.PositiveSmallIntegerField(default=0, editable=False)
    code = models.CharField(max_length=32, unique=True, editable=False)
    issued_at = models.DateTimeField()
    # Set with its claim's: the verify page then says revoked on that date; the PDF is no longer served.
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.CharField(max_length=255, blank=True)
    # Reissued (a corrected name): the verify page says "reissued as <its code>"; the PDF is no longer served.
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reissue_of", editable=False
    )
    # The name printed instead of the platform's (set by a reissue); personal data, blanked on retirement.
    learner_name = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("certificate")
        constraints = [
            # Two concurrent first issues of one claim: the second fails and reads the first.
            models.UniqueConstraint(fields=["claim", "reissue_number"], name="attendance_certificate_issue")
        ]

    def __str__(self) -> str:
        return f"{self.code} (claim {self.claim_id})"


class CertificateFingerprint(models.Model):
    """The SHA-256 of a PDF served for a certificate: an uploaded PDF with this hash is genuine.

    Recorded at issue, and again whenever a download renders different bytes (another language,
    changed sponsor settings), so that every PDF ever served checks as genuine.
    """

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="fingerprints")
    sha256 = models.CharField(max_length=64, unique=True)
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("certificate fingerprint")

    def __str__(self) -> str:
        return f"{self.sha256[:12]}… ({self.certificate_id})"


class CourseCertificateSettings(models.Model):
    """Who downloads a course's certificates."""

    course_key = CourseKeyField(max_length=255, unique=True)
    visibility = models.CharField(
        max_length=16, choices=CertificateVisibility.choices, default=CertificateVisibility.LEARNER
    )

    class Meta:
        verbose_name = _("course certificate settings")
        verbose_name_plural = _("course certificate settings")

    def __str__(self) -> str:
        return f"{self.course_key}: {self.visibility}"
