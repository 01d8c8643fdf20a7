"""The time ledger and the prompt evidence (DESIGN section 6).

``Attendance`` is one row per learner and activity, updated in place by every heartbeat so that a
beat costs at most three SQL statements. Closed visit segments and every presence prompt are kept
as separate rows: the evidence accrediting bodies ask sponsors to keep (responses *or lack of
them*) for at least five years.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from attendance_app.models.activities import Activity


class Attendance(models.Model):
    """A learner's time, prompts and visits in one activity."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances")
    first_join_at = models.DateTimeField()
    last_beat_at = models.DateTimeField()
    segment_started_at = models.DateTimeField()
    rejoins = models.PositiveIntegerField(default=0)
    credited_seconds = models.FloatField(default=0)
    confirmed_seconds = models.FloatField(default=0)
    pending_seconds = models.FloatField(default=0)
    flagged_seconds = models.FloatField(default=0)
    hits = models.PositiveIntegerField(default=0)
    misses = models.PositiveIntegerField(default=0)
    prompt_index = models.PositiveIntegerField(default=0, help_text=_("Interval of the next prompt."))
    next_prompt_mark = models.FloatField(
        null=True, blank=True, help_text=_("Credited seconds at which it is due.")
    )
    open_prompt = models.ForeignKey(
        "PromptEvidence", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    video_ranges = models.JSONField(default=list, blank=True)
    video_seconds = models.FloatField(default=0)
    viewed_to_end = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["user", "activity"], name="attendance_one_per_learner")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.activity_id}"


class Segment(models.Model):
    """A closed visit: from a join (or rejoin) to the last heartbeat before a gap."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="segments")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()

    class Meta:
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"{self.attendance_id}: {self.started_at:%Y-%m-%d %H:%M:%S} → {self.ended_at:%H:%M:%S}"


class PromptOutcome(models.TextChoices):
    SHOWN = "shown", _("Shown, waiting for an answer")
    ANSWERED = "answered", _("Answered")
    MISSED = "missed", _("Missed")


class PromptEvidence(models.Model):
    """One presence prompt: when it was shown, its deadline, and what the learner did."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="prompts")
    nonce_digest = models.CharField(max_length=64, unique=True, help_text=_("SHA-256 of the one-time nonce."))
    shown_at = models.DateTimeField()
    deadline = models.DateTimeField()
    outcome = models.CharField(max_length=16, choices=PromptOutcome.choices, default=PromptOutcome.SHOWN)
    answered_at = models.DateTimeField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    discarded_seconds = models.FloatField(default=0)
    flagged_seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["shown_at"]
        verbose_name = _("prompt evidence")

    def __str__(self) -> str:
        return f"{self.attendance_id} {self.shown_at:%Y-%m-%d %H:%M:%S} {self.outcome}"


class TimingAccommodation(models.Model):
    """A learner's longer response time for prompts (WCAG 2.2.1), set by the learner or by staff."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    extension_factor = models.DecimalField(max_digits=4, decimal_places=2, default=1)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    modified = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id} ×{self.extension_factor}"
