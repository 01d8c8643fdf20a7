"""Report files made "Via email": asked for by a reader, built by a Celery task, kept in storage."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from opaque_keys.edx.django.models import CourseKeyField


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportFile(models.Model):
    """A report ``user`` asked for: what (kind, format, filters), how far it got, and the file."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course_key = CourseKeyField(max_length=255, db_index=True)
    kind = models.CharField(max_length=64)
    file_format = models.CharField(max_length=8)
    filters = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=ReportStatus.choices, default=ReportStatus.PENDING)
    rows_written = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="attendance_reports/", max_length=512, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    error = models.CharField(max_length=255, blank=True)
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report file")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind}.{self.file_format} for {self.user_id} ({self.status})"


class ReportPreset(models.Model):
    """A reader's kept choice of a report's columns and filters ("Create report"), by name."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course_key = CourseKeyField(max_length=255, db_index=True)
    kind = models.CharField(max_length=64)
    name = models.CharField(max_length=100)
    query = models.JSONField(
        default=dict, help_text=_("The columns and filters, as the query string names them.")
    )
    modified = models.DateTimeField()

    class Meta:
        verbose_name = _("report preset")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course_key", "kind", "name"], name="attendance_one_preset_per_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind}) of {self.user_id}"
