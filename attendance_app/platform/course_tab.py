"""The course tab (``openedx.course_tab`` entry point ``attendance_credits``), built lazily.

edx-platform's ``CourseTabPluginManager`` loads ``attendance_app.platform.course_tab:AttendanceCourseTab``.
The class subclasses ``xmodule.tabs.CourseTab``, which exists only inside the LMS (imported by
``openedx.course_tab_base``, beside every other edx-platform import), so it is created on first
access (PEP 562 module ``__getattr__``) and this module imports anywhere. The tab is dynamic (not
stored in the course): ``lms/djangoapps/courseware/tabs.py`` asks ``is_enabled(course, user)`` of
every dynamic tab type. Its link opens ``/attendance/courses/<course_key>/``, which sends the course
team and coaches to the dashboard and learners to My credits for the course.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_noop
from opaque_keys.edx.keys import CourseKey

TAB_TYPE = "attendance_credits"
TAB_TITLE = gettext_noop("Credits")
TAB_PRIORITY = 95  # lower numbers come first: after the default course tabs


def tab_url(course_key: CourseKey) -> str:
    return reverse("attendance_app:course-entry", args=[str(course_key)])


def tab_is_enabled(course: Any, user: Any = None) -> bool:
    """Shown to the course team, the course's coaches, and enrolled learners once tracking is on."""
    from attendance_app.api.course_pages import course_audience

    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return course_audience(user.id, course.id) is not None


def _build_tab_class() -> type:
    from attendance_app.platform.openedx import course_tab_base

    class AttendanceCourseTab(course_tab_base()):  # type: ignore[misc]
        """Credits: the learner's own credits, or the course team's attendance dashboards."""

        type = TAB_TYPE
        title = TAB_TITLE
        priority = TAB_PRIORITY
        view_name = "attendance_app:course-entry"
        is_dynamic = True
        is_default = False
        is_hideable = False
        is_movable = False

        def __init__(self, tab_dict: dict[str, Any] | None = None) -> None:
            tab_dict = dict(tab_dict or {})
            tab_dict["link_func"] = lambda course, _reverse_func: tab_url(course.id)
            super().__init__(tab_dict)

        @classmethod
        def is_enabled(cls, course: Any, user: Any = None) -> bool:
            return tab_is_enabled(course, user)

    return AttendanceCourseTab


def __getattr__(name: str) -> Any:
    if name == "AttendanceCourseTab":
        tab_class = _build_tab_class()
        globals()[name] = tab_class
        return tab_class
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
