"""The time ledger and the prompt evidence (DESIGN section 6).

``Attendance`` is one row per learner and activity, updated in place by every heartbeat so that a
steady beat costs two SQL statements (ADR 0026). Closed visit segments and every presence prompt are kept
as separate rows: the evidence accrediting bodies ask sponsors to keep (responses *or lack of
them*) for at least five years.

Durations are stored as whole microseconds (``*_us``, ADR 0008). The ``*_seconds`` properties read
them as float seconds for display and for the API's compatible ``*_seconds`` fields only: every
threshold (units, prompts, claims) is decided on the integers.
"""

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from attendance_app.models.activities import Activity

MICROSECONDS = 1_000_000


def seconds_to_us(value: int | float | Decimal | Fraction) -> int:
    """Seconds as whole microseconds, rounded half to even (a float is read as written: 0.1 is 0.1)."""
    exact = Fraction(Decimal(repr(value))) if isinstance(value, float) else Fraction(value)
    return round(exact * MICROSECONDS)


def us_to_seconds(value: int) -> float:
    """Whole microseconds as float seconds, for display (a whole second stays exact: 3000.0)."""
    return int(value) / MICROSECONDS


def _seconds_of(field: str) -> tuple[Callable[[models.Model], float], Callable[[models.Model, Any], None]]:
    """Getter and setter of a ``*_seconds`` view of an integer ``*_us`` field."""

    def get(self: models.Model) -> float:
        return us_to_seconds(getattr(self, field))

    def set_(self: models.Model, value: int | float | Decimal) -> None:
        setattr(self, field, seconds_to_us(value))

    return get, set_


class Attendance(models.Model):
    """A learner's time, prompts and visits in one activity."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances")
    first_join_at = models.DateTimeField()
    last_beat_at = models.DateTimeField()
    segment_started_at = models.DateTimeField()
    rejoins = models.PositiveIntegerField(default=0)
    credited_us = models.BigIntegerField(default=0, help_text=_("Microseconds credited by heartbeats."))
    confirmed_us = models.BigIntegerField(default=0, help_text=_("Microseconds confirmed by prompts."))
    pending_us = models.BigIntegerField(default=0, help_text=_("Microseconds waiting for a prompt."))
    flagged_us = models.BigIntegerField(default=0, help_text=_("Microseconds confirmed despite a miss."))
    hits = models.PositiveIntegerField(default=0)
    misses = models.PositiveIntegerField(default=0)
    prompt_index = models.PositiveIntegerField(default=0, help_text=_("Interval of the next prompt."))
    next_prompt_mark_us = models.BigIntegerField(
        null=True, blank=True, help_text=_("Credited microseconds at which it is due.")
    )
    open_prompt = models.ForeignKey(
        "PromptEvidence", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    video_ranges = models.JSONField(default=list, blank=True)
    video_us = models.BigIntegerField(default=0, help_text=_("Microseconds of the video played."))
    video_duration_us = models.BigIntegerField(
        null=True, blank=True, help_text=_("The video's duration as last reported, in microseconds.")
    )
    viewed_to_end = models.BooleanField(default=False)
    access_revision = models.PositiveIntegerField(
        default=0,
        help_text=_("Changed when the learner's enrollment or course role changes."),
    )

    class Meta:
        verbose_name = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["user", "activity"], name="attendance_one_per_learner")
        ]
        # Keyset pages of an activity's ledger in first-join order (the reports; ADR 0030). Written
        # once per learner and activity: a heartbeat never changes the first join.
        indexes = [models.Index(fields=["activity", "first_join_at"], name="attendance_activity_joined")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.activity_id}"

    credited_seconds = property(*_seconds_of("credited_us"))
    confirmed_seconds = property(*_seconds_of("confirmed_us"))
    pending_seconds = property(*_seconds_of("pending_us"))
    flagged_seconds = property(*_seconds_of("flagged_us"))
    video_seconds = property(*_seconds_of("video_us"))


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


class PromptKind(models.TextChoices):
    REGULAR = "regular", _("Regular: at a random moment of its interval")
    FINAL = "final", _("Final: confirms the time since the last answer (ADR 0008)")


class PromptEvidence(models.Model):
    """One presence prompt: when it was shown, its deadline, and what the learner did."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="prompts")
    nonce_digest = models.CharField(max_length=64, unique=True, help_text=_("SHA-256 of the one-time nonce."))
    shown_at = models.DateTimeField()
    deadline = models.DateTimeField()
    outcome = models.CharField(max_length=16, choices=PromptOutcome.choices, default=PromptOutcome.SHOWN)
    answered_at = models.DateTimeField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    # Blank for prompts shown before the kind was kept.
    kind = models.CharField(max_length=16, choices=PromptKind.choices, blank=True, default="")
    discarded_us = models.BigIntegerField(default=0)
    flagged_us = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["shown_at"]
        verbose_name = _("prompt evidence")

    def __str__(self) -> str:
        return f"{self.attendance_id} {self.shown_at:%Y-%m-%d %H:%M:%S} {self.outcome}"

    discarded_seconds = property(*_seconds_of("discarded_us"))
    flagged_seconds = property(*_seconds_of("flagged_us"))


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
