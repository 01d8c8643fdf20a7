"""Who sponsors the credit: the name, address, ids and signature certificates print (issue #18).

One row per scope: the whole site (``org`` and ``course_id`` empty), an organization (``org`` set,
``course_id`` empty) or a course run that overrides them (both set). A certificate prints, field by
field, the most specific value that is not empty (:func:`attendance_app.api.sponsors.effective_sponsor`).
Images are small (a signature, a logo), checked by their content and kept in the row, so that no
file storage has to be configured for them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SponsorSettings(models.Model):
    """The sponsor printed on the certificates of a site, an organization or a course run."""

    org = models.CharField(max_length=64, blank=True, help_text=_("Empty: the whole site."))
    course_id = models.CharField(max_length=255, blank=True, help_text=_("Empty: every course of the scope."))
    name = models.CharField(max_length=255, blank=True)
    address = models.TextField(max_length=500, blank=True)
    contact = models.CharField(max_length=255, blank=True)
    sponsor_id = models.CharField(max_length=64, blank=True, help_text=_("Printed when no body has its own."))
    # {"nasba": "112233", "iacet": "...", ...}: the sponsor's registry or provider id per accrediting body.
    provider_ids = models.JSONField(default=dict, blank=True)
    responsible_name = models.CharField(max_length=255, blank=True)
    responsible_title = models.CharField(max_length=255, blank=True)
    signature_image = models.BinaryField(blank=True, default=b"")
    signature_type = models.CharField(max_length=32, blank=True)
    logo_image = models.BinaryField(blank=True, default=b"")
    logo_type = models.CharField(max_length=32, blank=True)
    modified = models.DateTimeField(auto_now=True)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("sponsor settings")
        verbose_name_plural = _("sponsor settings")
        constraints = [models.UniqueConstraint(fields=["org", "course_id"], name="attendance_sponsor_scope")]

    def __str__(self) -> str:
        return f"{self.course_id or self.org or 'site'}: {self.name}"
