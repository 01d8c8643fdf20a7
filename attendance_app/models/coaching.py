"""Coach assignments: a user coaches the learners of one cohort of a course run (DESIGN section 4)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from opaque_keys.edx.django.models import CourseKeyField


class CoachAssignment(models.Model):
    """Gives ``user`` the statistics and reports of the learners in cohort ``cohort_id``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course_key = CourseKeyField(max_length=255, db_index=True)
    cohort_id = models.PositiveIntegerField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("coach assignment")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course_key", "cohort_id"], name="attendance_one_coach_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} coaches {self.cohort_id} in {self.course_key}"
