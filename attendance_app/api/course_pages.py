"""Who reaches what from a course's Credits tab, and the course dashboard's list of activities.

The course team (staff, instructors, org admins, global staff) and the course's coaches reach the
dashboards; enrolled learners reach their own credits for the course, once tracking is on.
"""

from __future__ import annotations

import enum
from typing import Any

from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from attendance_app import permissions
from attendance_app.api.activity_log import courseware_path
from attendance_app.api.switches import is_enabled
from attendance_app.exceptions import NotAuthorized
from attendance_app.models import Activity, CoachAssignment
from attendance_app.platform import get_backend


class Audience(enum.StrEnum):
    TEAM = "team"
    COACH = "coach"
    LEARNER = "learner"


def course_audience(user_id: int | None, course_key: CourseKey) -> Audience | None:
    """What the user reaches from the course's Credits tab; None: the tab is not shown to them."""
    if user_id is None:
        return None
    if permissions.can_author_course(user_id, course_key):
        return Audience.TEAM
    if CoachAssignment.objects.filter(user_id=user_id, course_key=course_key).exists():
        return Audience.COACH
    if is_enabled(course_key) and get_backend().is_enrolled(user_id, course_key):
        return Audience.LEARNER
    return None


def course_dashboard(actor_id: int | None, course_key: CourseKey) -> dict[str, Any]:
    """The course's attendance activities in course-run order, for the team's and coaches' dashboard.

    Raises:
        NotAuthorized: neither on the course team nor a coach of the course.
    """
    audience = course_audience(actor_id, course_key)
    if audience not in (Audience.TEAM, Audience.COACH):
        raise NotAuthorized(_("Only the course team and the course's coaches can see this dashboard."))
    course = get_backend().get_course(course_key)
    return {
        "course_key": str(course_key),
        "course_name": course.display_name if course else str(course_key),
        "enabled": is_enabled(course_key),
        "can_see_evidence": audience == Audience.TEAM,
        "activities": course_activities(course_key),
    }


def course_activities(course_key: CourseKey) -> list[dict[str, Any]]:
    """The course's attendance activities in course-run order (one query)."""
    activities = Activity.objects.filter(course_key=course_key).order_by("live_start", "display_name", "id")
    return [
        {
            "usage_key": str(activity.usage_key),
            "display_name": activity.display_name,
            "mode": activity.get_mode_display(),
            "archived": activity.archived_at is not None,
            "courseware_path": courseware_path(activity),
        }
        for activity in activities
    ]
