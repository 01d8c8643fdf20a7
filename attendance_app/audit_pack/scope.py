"""What an audit pack covers and who may have it.

A pack covers one activity (all of its evidence, whenever it happened) or a course run over a date
range of at most six months, as the Attendance report (seed 001). Only the course team (staff,
instructors, org admins) and global staff get one: it names every learner and holds the evidence
the sponsor keeps. Coaches and learners are refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from attendance_app import permissions
from attendance_app.api.activities import parse_course_key, parse_usage_key
from attendance_app.exceptions import InvalidInput, NotAuthorized, NotFound
from attendance_app.models import Activity
from attendance_app.reports.filters import ReportFilters, parse_filters

COURSE_FILTERS = ("start", "end")


@dataclass(frozen=True)
class PackScope:
    """One activity (``activity`` set, no dates) or a course run between two days (UTC, included)."""

    course_key: CourseKey
    activity: Activity | None = None
    start: date | None = None
    end: date | None = None

    @property
    def start_at(self) -> datetime | None:
        return ReportFilters(start=self.start).start_at

    @property
    def end_before(self) -> datetime | None:
        return ReportFilters(end=self.end).end_before

    def filters(self) -> dict[str, str]:
        """The scope as query-string filters: kept on a "Via email" request and in the manifest."""
        if self.activity is not None:
            return {"activity": str(self.activity.usage_key)}
        return {"start": str(self.start), "end": str(self.end)}


def require_team(user_id: int | None, course_key: CourseKey) -> None:
    """Raises NotAuthorized unless ``user_id`` is on the course team or global staff."""
    if user_id is None:
        raise NotAuthorized(_("Sign in to download an audit pack."))
    if not permissions.can_author_course(user_id, course_key):
        raise NotAuthorized(_("Only the course team can download an audit pack."))


def _no_filters(raw: Mapping[str, str]) -> None:
    if raw:
        raise InvalidInput(
            _("An activity’s audit pack takes no filters; it holds all of the activity’s evidence."),
            field_errors={name: [_("Unknown filter.")] for name in raw},
        )


def activity_scope(user_id: int | None, raw_usage_key: object, raw: Mapping[str, str]) -> PackScope:
    """The pack of one activity (archived ones too: their evidence is kept).

    Raises:
        InvalidInput: a malformed usage key, or filters. NotAuthorized: not on the course team.
        NotFound: no activity at that key.
    """
    usage_key = parse_usage_key(raw_usage_key, in_course=True)
    require_team(user_id, usage_key.course_key)
    _no_filters(raw)
    activity = Activity.objects.filter(usage_key=usage_key).first()
    if activity is None:
        raise NotFound(_("No attendance activity at this address."))
    return PackScope(course_key=usage_key.course_key, activity=activity)


def course_scope(
    user_id: int | None, raw_course_key: object, raw: Mapping[str, str], today: date
) -> PackScope:
    """The pack of a course run between ``start`` and ``end`` (at most six months; without them, the six
    months up to ``today``).

    Raises:
        InvalidInput: a malformed course key, an unknown filter, a bad date, an end before the start
            or a range over six months. NotAuthorized: not on the course team.
    """
    course_key = parse_course_key(raw_course_key)
    require_team(user_id, course_key)
    filters = parse_filters(raw, COURSE_FILTERS, course_key, today, bounded_range=True)
    return PackScope(course_key=course_key, start=filters.start, end=filters.end)


def stored_scope(
    user_id: int | None, course_key: CourseKey, filters: Mapping[str, str], today: date
) -> PackScope:
    """The scope of a pack asked for "Via email", checked again with the asker's rights now.

    Raises:
        as :func:`activity_scope` and :func:`course_scope`.
    """
    if "activity" in filters:
        rest = {name: value for name, value in filters.items() if name != "activity"}
        scope = activity_scope(user_id, filters["activity"], rest)
        if scope.course_key != course_key:
            raise InvalidInput(_("This activity is not in this course."))
        return scope
    return course_scope(user_id, str(course_key), filters, today)
