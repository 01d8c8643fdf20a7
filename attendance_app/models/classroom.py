"""Classroom slots: sessions in a room or online, registration, status sets and marks (DESIGN section 8).

Registration is not attendance (seed 002): a learner registers for a :class:`Slot`, and after it
starts an instructor (or the learner's check-in, or the auto-mark at close) gives them a
:class:`Mark` with one of the course's :class:`AttendanceStatus` values. Every change of a mark is
kept in the append-only :class:`MarkAudit`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from opaque_keys.edx.django.models import CourseKeyField

from attendance_app.models.activities import Activity


class ClassroomSettings(models.Model):
    """Per-activity rules of a classroom activity; an activity without a row uses the defaults."""

    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="classroom_settings")
    registration_closes_minutes = models.PositiveIntegerField(
        default=0, help_text=_("Registration closes this many minutes before a slot starts.")
    )
    present_within_minutes = models.PositiveIntegerField(
        default=10, help_text=_("A check-in within this many minutes of the start is Present, later Late.")
    )
    automark_after_minutes = models.PositiveIntegerField(
        default=30, help_text=_("Unmarked registrants are marked this many minutes after a slot ends.")
    )
    automark_status_code = models.CharField(max_length=32, default="absent")
    checkin_one_per_ip = models.BooleanField(
        default=True, help_text=_("Refuse (and flag) a second learner checking in from the same IP address.")
    )
    checkin_subnets = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("Comma-separated networks check-ins must come from; empty: any."),
    )
    # Low-attendance warnings: off while warn_below_percent is empty.
    warn_below_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    warn_after_slots = models.PositiveIntegerField(default=3)
    warn_at_most = models.PositiveIntegerField(default=2)

    class Meta:
        verbose_name = _("classroom settings")
        verbose_name_plural = _("classroom settings")

    def __str__(self) -> str:
        return f"classroom settings of {self.activity_id}"


class Slot(models.Model):
    """One session of a classroom activity."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="slots")
    title = models.CharField(max_length=255)
    start = models.DateTimeField(db_index=True, help_text=_("UTC."))
    end = models.DateTimeField(help_text=_("UTC."))
    duration_hours = models.DecimalField(
        max_digits=5, decimal_places=2, help_text=_("The reported duration credited for a Present mark.")
    )
    location = models.CharField(max_length=255, blank=True)
    online_url = models.URLField(max_length=2000, blank=True)
    capacity = models.PositiveIntegerField()
    instructors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    cohort_id = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Only learners of this cohort may register.")
    )
    # Slots created together by one "weekly, N times" request share a series id.
    series = models.UUIDField(null=True, blank=True, db_index=True)
    checkin_secret = models.CharField(max_length=64, editable=False)
    automarked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("classroom slot")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="attendance_slot_ends"
            ),
            models.CheckConstraint(condition=models.Q(capacity__gt=0), name="attendance_slot_has_seats"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start:%Y-%m-%d %H:%M} UTC)"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")


class Registration(models.Model):
    """A learner holds a seat in a slot, or waits for one."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=RegistrationStatus.choices)
    created = models.DateTimeField(help_text=_("Waiting learners are promoted in this order."))
    promoted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("slot registration")
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "user"], name="attendance_one_registration_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.status} for slot {self.slot_id}"


class AttendanceStatus(models.Model):
    """One status of a course's status set, with the share of a slot's duration it credits."""

    course_key = CourseKeyField(max_length=255, db_index=True)
    code = models.SlugField(max_length=32)
    label = models.CharField(max_length=64)
    credit_percent = models.DecimalField(max_digits=5, decimal_places=2)
    counts_in_denominator = models.BooleanField(
        default=True, help_text=_("Excused-like statuses are left out of the attendance percentage.")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("attendance status")
        verbose_name_plural = _("attendance statuses")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course_key", "code"], name="attendance_one_status_code")
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.credit_percent} %) in {self.course_key}"


class MarkSource(models.TextChoices):
    PERSON = "person", _("Marked by a person")
    CHECKIN = "checkin", _("Self check-in")
    AUTO = "auto", _("Marked automatically at close")


class Mark(models.Model):
    """A learner's attendance of a slot. ``version`` rises with every change (optimistic concurrency)."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.ForeignKey(AttendanceStatus, on_delete=models.PROTECT, related_name="marks")
    remark = models.CharField(max_length=500, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField()
    source = models.CharField(max_length=16, choices=MarkSource.choices, default=MarkSource.PERSON)
    walk_in = models.BooleanField(default=False, help_text=_("Came without registering."))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("attendance mark")
        constraints = [models.UniqueConstraint(fields=["slot", "user"], name="attendance_one_mark_per_slot")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.status_id} in slot {self.slot_id} (v{self.version})"


class MarkAudit(models.Model):
    """One change of a mark: who, when, before and after. Rows are never changed or deleted."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="audit")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(db_index=True)
    source = models.CharField(max_length=16, choices=MarkSource.choices)
    before_status = models.CharField(max_length=32, blank=True)
    after_status = models.CharField(max_length=32)
    before_remark = models.CharField(max_length=500, blank=True)
    after_remark = models.CharField(max_length=500, blank=True)
    version = models.PositiveIntegerField(help_text=_("The mark's version after the change."))

    class Meta:
        verbose_name = _("attendance mark change")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id}: {self.before_status or '-'} → {self.after_status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Mark audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("Mark audit entries are append-only.")


class LowAttendanceWarning(models.Model):
    """A low-attendance warning sent to a learner (and their coaches), with the figures it gave."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()
    held_slots = models.PositiveIntegerField()
    percent = models.DecimalField(max_digits=5, decimal_places=2)
    best_reachable_percent = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("low-attendance warning")
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "user", "held_slots"], name="attendance_one_warning_per_held_count"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.percent} % in {self.activity_id}"


class CheckInOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Checked in")
    SHARED_IP = "shared_ip", _("Refused: another learner checked in from this address")
    OUTSIDE_SUBNET = "outside_subnet", _("Refused: not from an allowed network")


class CheckIn(models.Model):
    """A learner's self check-in to a slot, accepted or refused; the refused ones are shown flagged."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="checkins")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField()
    outcome = models.CharField(max_length=16, choices=CheckInOutcome.choices)

    class Meta:
        verbose_name = _("check-in")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["slot", "ip_address"], name="attendance_checkin_slot_ip")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.outcome} in slot {self.slot_id}"
