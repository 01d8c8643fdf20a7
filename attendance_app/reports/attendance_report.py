"""Attendance report (seed 001): a row per attendee and session, the Collaborate columns, UTC.

First join, last leave, total time and rejoins come from the visits: the closed ``Segment`` rows
plus the visit still open on the ``Attendance`` row (``segment_started_at`` to ``last_beat_at``).
The range is at most six months (seed 001) and the report is for managers only (not coaches).

A course run can hold a million ledger rows, so the report reads the course's activities first
(a few rows: their cells are worked out once) and then each activity's ledger rows in keyset pages
on the index (activity, first join), without a join to the activity table (ADR 0030). The database
adds up the visits and writes the instants as text; per row only the learner's cells are
neutralised and the two instants cut into the seed's format.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Any

from django.db.models import (
    CharField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from attendance_app.credit.units import format_hms
from attendance_app.db_pages import keyset_rows
from attendance_app.models import Activity, Attendance, Segment
from attendance_app.platform import get_backend
from attendance_app.reports.base import UTC_MINUTE, Report, ReportRequest, when, within_scope
from attendance_app.reports.filters import ReportFilters
from attendance_app.reports.instructors import course_instructors
from attendance_app.reports.scope import Audience
from attendance_app.reports.writers import NeutralisedRow, neutralise, neutralise_text

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
#: The report's columns as one query over the course selects them (the bench's raw baseline).
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
#: What a ledger page reads per row: the learner, the two instants as text, the total time (the
#: closed visits and the open one, worked out by the database), no activity column.
LEDGER_FIELDS = (
    "user__username",
    "user__first_name",
    "user__last_name",
    "user__email",
    "joined_text",
    "left_text",
    "total",
    "rejoins",
)
LEDGER_KEY = ("first_join_at", "id")
ZERO = timedelta(0)
SECOND = timedelta(seconds=1)


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


def total_time() -> ExpressionWrapper:
    """The closed visits plus the open one (never below zero), as the database works it out."""
    open_visit = ExpressionWrapper(F("last_beat_at") - F("segment_started_at"), output_field=DurationField())
    return ExpressionWrapper(
        Coalesce(closed_visits(), Value(ZERO)) + Greatest(open_visit, Value(ZERO)),
        output_field=DurationField(),
    )


def minute_text(instant: str) -> str:
    """``MM/DD/YYYY HH:MM`` of an instant the database wrote as text (``YYYY-MM-DD HH:MM…``, UTC).

    Every supported database writes that prefix (MariaDB ``CAST(… AS char)``, SQLite's stored text,
    PostgreSQL's ``::varchar`` in the connection's UTC); slicing it costs a fraction of parsing the
    instant and ``strftime``.
    """
    return f"{instant[5:7]}/{instant[8:10]}/{instant[:4]} {instant[11:16]}"


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
        owner = ", ".join(course_instructors(request.course_key))
        ledger = within_scope(Attendance.objects.all(), request).filter(
            first_join_at__gte=filters.start_at, first_join_at__lt=filters.end_before
        )
        activities = Activity.objects.filter(course_key=request.course_key)
        if filters.activity:
            activities = activities.filter(usage_key=filters.activity)
        activities = activities.filter(Exists(ledger.filter(activity=OuterRef("pk"))))
        tail = (
            neutralise(course.display_name if course else ""),
            neutralise(str(request.course_key)),
        )
        for activity_id, created, live_start, live_end, name, usage_key in activities.order_by(
            "created", "id"
        ).values_list("id", "created", "live_start", "live_end", "display_name", "usage_key"):
            head = tuple(
                neutralise(cell)
                for cell in (
                    when(live_start or created, UTC_MINUTE),
                    name,
                    str(usage_key),
                    str(activity_id),
                    owner,
                    when(live_start, UTC_MINUTE),
                    when(live_end, UTC_MINUTE),
                )
            )
            visits = ledger.filter(activity_id=activity_id).annotate(
                joined_text=Cast("first_join_at", CharField()),
                left_text=Cast("last_beat_at", CharField()),
                total=total_time(),
            )
            yield from _ledger_rows(keyset_rows(visits, LEDGER_FIELDS, LEDGER_KEY), head, tail)


def _ledger_rows(
    rows: Iterator[tuple[Any, ...]], head: tuple[str, ...], tail: tuple[str, ...]
) -> Iterator[NeutralisedRow]:
    """The file's rows of one activity: its cells ``head`` and ``tail`` around each learner's."""
    for username, first, last, email, joined, left, total, rejoins, _joined_at, _id in rows:
        yield NeutralisedRow(
            (
                *head,
                neutralise_text(f"{first} {last}".strip() or username),  # person(), inlined
                neutralise_text(first),
                neutralise_text(last),
                neutralise_text(email),
                neutralise_text(username),
                "Participant",
                "User",
                minute_text(joined),
                minute_text(left),
                format_hms(total // SECOND),
                rejoins,
                *tail,
            )
        )
