"""The course team's instructors by name, for the reports' owner and instructor columns."""

from __future__ import annotations

from opaque_keys.edx.keys import CourseKey

from attendance_app.api.mirrors import course_team_roles
from attendance_app.platform import get_backend
from attendance_app.reports.base import person


def course_instructor_ids(course_key: CourseKey) -> list[int]:
    """The course run's instructors (CourseAccessRole "instructor"); one query."""
    return [user_id for user_id, roles in course_team_roles(course_key).items() if "instructor" in roles]


def course_instructors(course_key: CourseKey) -> list[str]:
    """Names of the course run's instructors (CourseAccessRole "instructor"), sorted; two queries."""
    ids = course_instructor_ids(course_key)
    users = get_backend().get_users(ids)
    return sorted(person(user.first_name, user.last_name, user.username) for user in users.values())
