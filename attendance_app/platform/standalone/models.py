"""Plain tables standing in for edx-platform data in the demo and the tests.

Users are Django's auth users, as in the LMS. Keys are stored with the opaque-keys fields
edx-platform uses, so the rest of the app sees the same key types in both backends.
"""

from django.conf import settings
from django.db import models
from opaque_keys.edx.django.models import CourseKeyField, UsageKeyField


class Course(models.Model):
    """A course run (edx-platform: CourseOverview)."""

    course_key = CourseKeyField(max_length=255, unique=True)
    display_name = models.CharField(max_length=255)
    start = models.DateTimeField(null=True, blank=True)
    end = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.display_name} ({self.course_key})"


class Enrollment(models.Model):
    """A learner's enrollment in a course run (edx-platform: CourseEnrollment)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    course_key = CourseKeyField(max_length=255, db_index=True)
    is_active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course_key"], name="standalone_one_enrollment")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.course_key}"


class AccessRole(models.Model):
    """A course or organization role (edx-platform: CourseAccessRole).

    ``course_key`` empty means the role holds for every course of ``org``; ``org_admin`` makes
    the user an administrator of the organization's attendance catalogue.
    """

    ROLE_CHOICES = [("staff", "staff"), ("instructor", "instructor"), ("org_admin", "org_admin")]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    org = models.CharField(max_length=64, db_index=True)
    course_key = CourseKeyField(max_length=255, blank=True, db_index=True)
    role = models.CharField(max_length=32, choices=ROLE_CHOICES)

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} {self.course_key or self.org}"


class Cohort(models.Model):
    """A group of learners in a course run (edx-platform: CourseUserGroup of type cohort)."""

    course_key = CourseKeyField(max_length=255, db_index=True)
    name = models.CharField(max_length=255)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="standalone_cohorts")

    def __str__(self) -> str:
        return self.name


class GradableItem(models.Model):
    """A graded subsection or problem of a course run, in course order."""

    KIND_CHOICES = [("subsection", "subsection"), ("problem", "problem")]

    course_key = CourseKeyField(max_length=255, db_index=True)
    usage_key = UsageKeyField(max_length=255, unique=True)
    display_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=16, choices=KIND_CHOICES, default="subsection")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["course_key", "position", "id"]

    def __str__(self) -> str:
        return self.display_name


class Grade(models.Model):
    """A learner's grade on a gradable item, 0-100 (edx-platform: persistent subsection grade)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    usage_key = UsageKeyField(max_length=255, db_index=True)
    percent = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "usage_key"], name="standalone_one_grade")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.usage_key} {self.percent}"


class Completion(models.Model):
    """Block completion (edx-platform: completion.BlockCompletion)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    usage_key = UsageKeyField(max_length=255, db_index=True)
    completion = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "usage_key"], name="standalone_one_completion")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.usage_key} {self.completion}"


class TrackedEvent(models.Model):
    """A tracking event the app emitted (edx-platform: eventtracking), kept for inspection."""

    name = models.CharField(max_length=255, db_index=True)
    user_id = models.IntegerField(null=True, blank=True)
    data = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class SocialIdentity(models.Model):
    """A single sign-on account linked to a user (edx-platform: social_django's UserSocialAuth)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    provider = models.CharField(max_length=32, help_text="The SSO provider or tenant id.")
    uid = models.CharField(max_length=255, help_text="The user's id at the provider.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "uid"], name="standalone_one_social_identity")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.provider}:{self.uid}"


class UserPreference(models.Model):
    """An account preference of a user (edx-platform: user_api's UserPreference), e.g. ``pref-lang``."""

    LANGUAGE_KEY = "pref-lang"
    TIME_ZONE_KEY = "time_zone"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=255)
    value = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="standalone_one_preference")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.key}={self.value}"
