"""The platform's access events as the LMS sends them: an unenrollment, a removed course role."""

from __future__ import annotations

from typing import Any

from django.test import TestCase
from opaque_keys.edx.keys import CourseKey
from openedx_events.learning.data import CourseAccessRoleData, CourseData, CourseEnrollmentData, UserData
from openedx_events.learning.signals import COURSE_ACCESS_ROLE_REMOVED, COURSE_UNENROLLMENT_COMPLETED

from attendance_app import clock


def send(signal: Any, **data: Any) -> None:
    """Send an openedx-events signal and run what its receivers left for the commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        signal.send_event(time=clock.now(), **data)


def user_data(user: Any) -> UserData:
    return UserData(id=user.id, is_active=True, pii=None)


def unenroll(user: Any, course_key: CourseKey) -> None:
    """COURSE_UNENROLLMENT_COMPLETED for ``user`` in ``course_key``."""
    enrollment = CourseEnrollmentData(
        user=user_data(user),
        course=CourseData(course_key=course_key),
        mode="audit",
        is_active=False,
        creation_date=clock.now(),
    )
    send(COURSE_UNENROLLMENT_COMPLETED, enrollment=enrollment)


def remove_course_role(user: Any, course_key: CourseKey, role: str = "staff") -> None:
    """COURSE_ACCESS_ROLE_REMOVED for ``user``'s ``role`` in ``course_key``."""
    data = CourseAccessRoleData(
        user=user_data(user), org_key=course_key.org, course_key=course_key, role=role
    )
    send(COURSE_ACCESS_ROLE_REMOVED, course_access_role_data=data)
