"""Attendance report (seed 001): a row per attendee and session, the Collaborate columns, UTC.

First join, last leave, total time and rejoins come from the visits: the closed ``Segment`` rows
plus the visit still open on the ``Attendance`` row (``segment_started_at`` to ``last_beat_at``).
The range is at most six months (seed 001) and the report is for managers only (not coaches).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Any

from django.db.models import DurationField, ExpressionWrapper, F, OuterRef, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from attendance_app.credit.units import format_hms
from attendance_app.models import Attendance, Segment
from attendance_app.platform import get_backend
from attendance_app.reports.base import (
    CHUNK_SIZE,
    UTC_MINUTE,
    Report,
    ReportRequest,
    person,
    when,
    within_scope,
)
from attendance_app.reports.filters import ReportFilters
from attendance_app.reports.instructors import course_instructors
from attendance_app.reports.scope import Audience

COLUMNS = (
    "SessionDate",
    "SessionName",
    "SessionIdentifier",
    "SessionInstanceIdentifer",  # sic: the seed's spelling
    "SessionOwner",
    "RoomOpened",
    "RoomClosed",
    "NameOfAttendee",
    "FirstNameOfAttendee",
    "LastNameOfAttendee",
    "EmailOfAttendee",
    "Username",
    "AttendeeRole",
    "AttendeeType",
    "AttendeeFirstJoinTime",
    "AttendeeLastLeaveTime",
    "AttendeeTotalTimeInSession",
    "AttendeeTotalRejoins",
    "ContextName",
    "ContextIdentifier",
)
FIELDS = (
    "activity__created",
    "activity__live_start",
    "activity__display_name",
    "activity__usage_key",
    "activity_id",
    "activity__live_end",
    "user__username",
    "user__first_name",
    "user__last_name",
    "user__email",
    "first_join_at",
    "last_beat_at",
    "segment_started_at",
    "closed",
    "rejoins",
)


def closed_visits() -> Subquery:
    """The total length of an attendance's closed visits, as one correlated subquery."""
    length = ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())
    totals = (
        Segment.objects.filter(attendance=OuterRef("pk"))
        .order_by()
        .values("attendance")
        .annotate(total=Sum(length))
        .values("total")
    )
    return Subquery(totals, output_field=DurationField())


class AttendanceReport(Report):
    kind = "attendance-report"
    title = _("Attendance report")
    audience = Audience.MANAGERS
    filter_names = ("activity", "user", "group", "start", "end")
    bounded_range = True

    def columns(self, filters: ReportFilters) -> Sequence[str]:
        return COLUMNS

    def rows(self, request: ReportRequest) -> Iterator[Sequence[Any]]:
        filters = request.filters
        course = get_backend().get_course(request.course_key)
        context_name = course.display_name if course else ""
        owner = ", ".join(course_instructors(request.course_key))
        queryset = within_scope(Attendance.objects.filter(activity__course_key=request.course_key), request)
        if filters.activity:
            queryset = queryset.filter(activity__usage_key=filters.activity)
        queryset = queryset.filter(first_join_at__gte=filters.start_at, first_join_at__lt=filters.end_before)
        queryset = queryset.annotate(closed=closed_visits()).order_by(
            "activity__created", "activity_id", "first_join_at", "id"
        )
        for row in queryset.values_list(*FIELDS).iterator(chunk_size=CHUNK_SIZE):
            (created, live_start, name, usage_key, activity_id, live_end) = row[:6]
            username, first, last, email, joined, last_beat, open_since, closed, rejoins = row[6:]
            total = (closed or timedelta(0)) + max(last_beat - open_since, timedelta(0))
            yield (
                when(live_start or created, UTC_MINUTE),
                name,
                str(usage_key),
                str(activity_id),
                owner,
                when(live_start, UTC_MINUTE),
                when(live_end, UTC_MINUTE),
                person(first, last, username),
                first,
                last,
                email,
                username,
                "Participant",
                "User",
                when(joined, UTC_MINUTE),
                when(last_beat, UTC_MINUTE),
                format_hms(total // timedelta(seconds=1)),
                rejoins,
                context_name,
                str(request.course_key),
            )
