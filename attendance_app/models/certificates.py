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
    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(max_length=32, unique=True, editable=False)
    issued_at = models.DateTimeField()
    # Set with its claim's: the verify page then says revoked on that date; the PDF is no longer served.
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("certificate")

    def __str__(self) -> str:
        return f"{self.code} (claim {self.claim_id})"


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
