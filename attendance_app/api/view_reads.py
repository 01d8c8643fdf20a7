"""The activity and attendance reads the learner's view shares, one query per fact (ADR 0027).

The block's student view asks several api functions about the same activity, learner and course:
the switches, the enrollment, the activity and its rules, the learner's attendance row. Inside
``with view_reads():`` (:mod:`attendance_app.render_memo`) the first answer is kept and the later
questions reuse it; outside one every call reads. Only the render path, which writes nothing,
opens one: a handler that writes and then answers sees fresh rows.
"""

from __future__ import annotations

from django.db.models import Prefetch
from opaque_keys.edx.keys import CourseKey, UsageKey

from attendance_app.models import Activity, ActivityUnitRule, Attendance
from attendance_app.platform import get_backend
from attendance_app.platform.base import GradableItem
from attendance_app.render_memo import remembered, view_reads

__all__ = [
    "attendance_row",
    "current_activity",
    "enrolled_course_keys",
    "gradable_items",
    "remembered",
    "rules_prefetch",
    "sorted_rules",
    "view_reads",
]


def rules_prefetch() -> Prefetch:
    """An activity's rules with their units, in one query."""
    return Prefetch("unit_rules", queryset=ActivityUnitRule.objects.select_related("unit"))


def current_activity(usage_key: UsageKey) -> Activity | None:
    """The activity at ``usage_key`` unless archived, its rules and units prefetched (two queries)."""
    return remembered(
        ("activity", str(usage_key)),
        lambda: (
            Activity.objects.filter(usage_key=usage_key, archived_at__isnull=True)
            .prefetch_related(rules_prefetch())
            .first()
        ),
    )


def sorted_rules(activity: Activity) -> list[ActivityUnitRule]:
    """The activity's prefetched rules in the order authors added them."""
    return sorted(activity.unit_rules.all(), key=lambda rule: rule.id)


def attendance_row(user_id: int, activity_id: int) -> Attendance | None:
    """The learner's attendance row in the activity, or None."""
    return remembered(
        ("attendance", user_id, activity_id),
        lambda: Attendance.objects.filter(user_id=user_id, activity_id=activity_id).first(),
    )


def gradable_items(course_key: CourseKey) -> list[GradableItem]:
    """The course's graded subsections and problems (in the LMS a walk of the course's structure)."""
    return remembered(("gradable", str(course_key)), lambda: get_backend().gradable_items(course_key))


def enrolled_course_keys(user_id: int) -> list[CourseKey]:
    """The course runs the learner is actively enrolled in."""
    return remembered(
        ("enrolled-courses", user_id), lambda: list(get_backend().enrolled_course_keys(user_id))
    )
