"""Claims of credit and the learner activity log (DESIGN sections 7 and 9, seeds 000 and 004).

A ``Claim`` snapshots what a learner claimed of one unit in one activity: the units, the confirmed
seconds and hits behind them, when, and the rules it was given under
(``rules_snapshot``). There is one row per learner, activity and unit (a database
constraint: a double click makes one claim); claiming again later raises the snapshot, never lowers
it. Certificates hang off a claim and carry its verification code. A revoked claim stays, with when
and why, as the record of what was claimed and taken back; it counts for nothing and is not claimed
again (ADR 0010).

``ActivityLogEntry`` is one row of seed 004's Activity report (Category, Action, Label, Date,
Content ID, Content Name, Content Slug); the user columns come from the user at report time.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from opaque_keys.edx.django.models import CourseKeyField

from attendance_app.models.activities import Activity
from attendance_app.models.units import CreditUnit


class ClaimSource(models.TextChoices):
    ATTENDANCE = "attendance", _("Attendance tracked here")
    EXTERNAL = "external", _("External system")


class Claim(models.Model):
    """What a learner claimed of one unit in one activity, raised (never lowered) by later claims."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # PROTECT: credit a learner claimed outlives the activity's block and the unit's catalogue entry.
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="claims")
    unit = models.ForeignKey(CreditUnit, on_delete=models.PROTECT, related_name="claims")
    units = models.DecimalField(max_digits=8, decimal_places=2)
    confirmed_seconds = models.FloatField(default=0)
    hits = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=16, choices=ClaimSource.choices, default=ClaimSource.ATTENDANCE)
    claimed_at = models.DateTimeField(help_text=_("The first claim."))
    updated_at = models.DateTimeField(help_text=_("The last claim that raised the units."))
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.CharField(max_length=255, blank=True)
    # The unit, the activity's rule for it and the unit's template as they were when this credit was
    # given (raised), for the audit pack; NULL for claims made before snapshots were kept (ADR 0024).
    rules_snapshot = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("claim")
        constraints = [
            models.UniqueConstraint(fields=["user", "activity", "unit"], name="attendance_one_claim_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.units} of unit {self.unit_id} in {self.activity_id}"


class LogCategory(models.TextChoices):
    """Seed 004's categories (the report prints the value)."""

    CE = "CE/CME", _("CE/CME")
    SESSION_ATTENDANCE = "Session attendance", _("Session attendance")
    ANALYTICS = "Analytics", _("Analytics")


class LogAction(models.TextChoices):
    """Seed 004's actions (the report prints the value)."""

    CE_EARNED = "CE earned", _("CE earned")
    CE_CLAIMED = "CE claimed", _("CE claimed")
    CERTIFICATE_DOWNLOADED = "Certificate downloaded", _("Certificate downloaded")
    ATTEND = "Attend", _("Attend")
    UNATTEND = "Unattend", _("Unattend")
    PROMOTED = "Promoted", _("Promoted")
    CHECKED_IN = "Checked in", _("Checked in")
    MARKED = "Marked", _("Marked")
    JOINED = "Joined", _("Joined")
    LEFT = "Left", _("Left")
    REPORT_DOWNLOADED = "Report downloaded", _("Report downloaded")


class ActivityLogEntry(models.Model):
    """One thing a learner did, as a row of the Activity report (seed 004)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course_key = CourseKeyField(max_length=255, db_index=True)
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="log_entries"
    )
    category = models.CharField(max_length=64, choices=LogCategory.choices)
    action = models.CharField(max_length=64, choices=LogAction.choices)
    label = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(db_index=True, help_text=_("The report's Date column (UTC)."))
    # Where it happened, as it was named then; blank when it did not happen on a content page.
    content_id = models.CharField(max_length=255, blank=True, help_text=_("The block's usage key."))
    content_name = models.CharField(max_length=255, blank=True)
    content_slug = models.CharField(max_length=512, blank=True, help_text=_("The page's LMS path."))
    # Set for entries that happen once (one "CE earned" per learner, activity and unit); unique
    # indexes ignore NULLs on every database, so entries without it repeat freely.
    once_key = models.CharField(max_length=255, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("activity log entry")
        verbose_name_plural = _("activity log entries")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["user", "created_at"], name="attendance_log_user_date"),
            # The Activity report's keyset pages of a course run in date order (ADR 0030).
            models.Index(fields=["course_key", "created_at"], name="attendance_log_course_date"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.user_id} {self.category} | {self.action} | {self.label}"
        )
