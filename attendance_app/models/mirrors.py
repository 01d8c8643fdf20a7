"""Mirror tables: small copies of platform state, kept current by openedx-events (DESIGN section 11).

Reports read these instead of asking edx-platform once per learner. Each row keeps the time of
the event that last changed it (``changed_at``, from the event's metadata), and an older event
never overwrites a newer one, so events may arrive late, twice or out of order. The
``backfill_attendance_mirrors`` command fills them from the platform for courses that existed
before the app was installed.

The user columns do not constrain the database (``db_constraint=False``): an event may name a user
this database does not hold yet (the event bus); rows still go with the user when Django deletes it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from opaque_keys.edx.django.models import CourseKeyField, UsageKeyField


def _user() -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, db_constraint=False, related_name="+"
    )


class EnrollmentMirror(models.Model):
    """A learner's enrollment in a course run: mode and whether it is active."""

    user = _user()
    course_key = CourseKeyField(max_length=255, db_index=True)
    mode = models.CharField(max_length=100, blank=True)
    is_active = models.BooleanField(default=True)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("enrollment mirror")
        constraints = [
            models.UniqueConstraint(fields=["user", "course_key"], name="attendance_one_enrollment_mirror")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.course_key} ({self.mode}, active={self.is_active})"


class CohortMembershipMirror(models.Model):
    """The cohort a learner belongs to in a course run (one at a time, as in edx-platform)."""

    user = _user()
    course_key = CourseKeyField(max_length=255, db_index=True)
    cohort_name = models.CharField(max_length=255)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("cohort membership mirror")
        constraints = [
            models.UniqueConstraint(fields=["user", "course_key"], name="attendance_one_cohort_mirror")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in cohort {self.cohort_name!r} of {self.course_key}"


class GradeSummaryMirror(models.Model):
    """A learner's course grade: the persistent grade summary and the passing status.

    The two come from two events, so each part keeps the time of its own event.
    """

    user = _user()
    course_key = CourseKeyField(max_length=255, db_index=True)
    percent = models.FloatField(null=True, blank=True, help_text=_("0.0-1.0, as edx-platform stores it."))
    letter_grade = models.CharField(max_length=255, blank=True)
    grade_changed_at = models.DateTimeField(null=True, blank=True)
    passed = models.BooleanField(default=False)
    passed_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("grade summary mirror")
        constraints = [
            models.UniqueConstraint(fields=["user", "course_key"], name="attendance_one_grade_mirror")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.course_key}: {self.percent} (passed={self.passed})"


class CertificateMirror(models.Model):
    """The status of a learner's course certificate in edx-platform (not ours: those are Certificate)."""

    user = _user()
    course_key = CourseKeyField(max_length=255, db_index=True)
    mode = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=64)
    revoked = models.BooleanField(default=False)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("certificate mirror")
        constraints = [
            models.UniqueConstraint(fields=["user", "course_key"], name="attendance_one_certificate_mirror")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.course_key}: {self.status}"


class CourseAccessRoleMirror(models.Model):
    """A course or organization role; a removed role stays as ``active=False`` to order late events."""

    user = _user()
    org = models.CharField(max_length=64, db_index=True, blank=True)
    course_key = CourseKeyField(max_length=255, db_index=True, blank=True)
    role = models.CharField(max_length=64)
    active = models.BooleanField(default=True)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("course access role mirror")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "org", "course_key", "role"], name="attendance_one_role_mirror"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} of {self.course_key or self.org} (active={self.active})"


class PublishedBlockMirror(models.Model):
    """An Attendance block published in Studio (deleted ones stay as ``deleted=True``)."""

    usage_key = UsageKeyField(max_length=255, unique=True)
    course_key = CourseKeyField(max_length=255, db_index=True)
    block_type = models.CharField(max_length=64)
    deleted = models.BooleanField(default=False)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("published block mirror")

    def __str__(self) -> str:
        return f"{self.usage_key} (deleted={self.deleted})"
