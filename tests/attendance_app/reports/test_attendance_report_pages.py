"""The Attendance report read in keyset pages (ADR 0030) writes what one query over the course wrote."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from attendance_app import db_pages
from attendance_app.credit.units import format_hms
from attendance_app.models import Activity, Attendance, Segment
from attendance_app.platform import get_backend
from attendance_app.reports.attendance_report import COLUMNS, FIELDS, closed_visits
from attendance_app.reports.base import UTC_MINUTE, person, when
from attendance_app.reports.instructors import course_instructors
from attendance_app.reports.writers import csv_chunks
from tests.attendance_app.reports.fixtures import T0, attend
from tests.attendance_app.reports.helpers import csv_rows, read_csv
from tests.factories import COURSE_KEY, EnrollmentFactory, UserFactory

KIND = "attendance-report"
RANGE = {"start": "2026-03-01", "end": "2026-03-31"}
# Names a spreadsheet would run, or that only look safe once trimmed.
NAMES = [(" =trimmed", "+1"), ("", "@last"), ("-", "-"), ("Ada", "Lovelace"), ("", "")]


def one_query_rows() -> list[list[str]]:
    """The report as it was read before the pages: one query over the course, joined to the activity."""
    owner = ", ".join(course_instructors(COURSE_KEY))
    course = get_backend().get_course(COURSE_KEY)
    queryset = (
        Attendance.objects.filter(
            activity__course_key=COURSE_KEY,
            first_join_at__gte=datetime(2026, 3, 1, tzinfo=UTC),
            first_join_at__lt=datetime(2026, 4, 1, tzinfo=UTC),
        )
        .annotate(closed=closed_visits())
        .order_by("activity__created", "activity_id", "first_join_at", "id")
        .values_list(*FIELDS)
    )
    rows = []
    for created, live_start, name, usage_key, activity_id, live_end, *learner in queryset:
        username, first, last, email, joined, last_beat, open_since, closed, rejoins = learner
        total = (closed or timedelta(0)) + max(last_beat - open_since, timedelta(0))
        rows.append(
            (
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
                course.display_name if course else "",
                str(COURSE_KEY),
            )
        )
    return read_csv(b"".join(csv_chunks(COLUMNS, rows)))


@pytest.fixture
def tied_ledger(live_activity, instructor_mirror):
    """Two activities, the later-made one first by creation time; learners tied on their first join."""
    earlier = Activity.objects.create(
        usage_key=COURSE_KEY.make_usage_key("attendance", "earlier"),
        course_key=COURSE_KEY,
        display_name="@Earlier",
        live_start=None,
    )
    Activity.objects.filter(id=earlier.id).update(created=T0 - timedelta(days=3))
    for number, (first, last) in enumerate(NAMES * 2):
        username = f"{'-' if number % 4 == 0 else ''}u{number}"
        user = UserFactory(username=username, first_name=first, last_name=last)
        EnrollmentFactory(user=user, course_key=COURSE_KEY)
        activity = live_activity if number % 3 else earlier
        visit = attend(user, activity, minutes=10 + number, rejoin_after=number % 2 or None)
        joined = T0 + timedelta(minutes=number % 2)  # ties: two first joins only
        Attendance.objects.filter(id=visit.id).update(first_join_at=joined)
    ended = attend(UserFactory(username="ended"), live_activity, minutes=5)
    Attendance.objects.filter(id=ended.id).update(
        segment_started_at=ended.last_beat_at + timedelta(minutes=1)
    )
    Segment.objects.create(attendance=ended, started_at=T0, ended_at=T0 + timedelta(minutes=3))


@pytest.mark.parametrize("page_size", [1, 2, 3, 1000])
def test_the_pages_write_what_one_query_wrote(tied_ledger, course_staff, monkeypatch, page_size):
    monkeypatch.setattr(db_pages, "PAGE_SIZE", page_size)

    rows = csv_rows(KIND, course_staff, **RANGE)

    assert rows == one_query_rows()
    assert len(rows) == 12
    assert rows[1][1] == "'@Earlier"  # the activity made first comes first, whatever its id


def test_each_activity_costs_its_pages_and_an_empty_one_none(
    tied_ledger, course_staff, monkeypatch, django_assert_num_queries
):
    Activity.objects.create(
        usage_key=COURSE_KEY.make_usage_key("attendance", "empty"),
        course_key=COURSE_KEY,
        display_name="Empty",
    )
    monkeypatch.setattr(db_pages, "PAGE_SIZE", 2)
    counts = [
        Attendance.objects.filter(activity_id=activity_id).count()
        for activity_id in Activity.objects.values_list("id", flat=True)
    ]
    pages = sum(math.ceil(count / 2) for count in counts)

    # permission (2), cohorts, course, roles, users, the activities with rows, their pages
    with django_assert_num_queries(6 + 1 + pages):
        assert len(csv_rows(KIND, course_staff, **RANGE)) == 12


def test_a_learner_filter_and_an_activity_filter_hold_on_every_page(tied_ledger, course_staff, monkeypatch):
    monkeypatch.setattr(db_pages, "PAGE_SIZE", 1)
    usage_key = str(COURSE_KEY.make_usage_key("attendance", "earlier"))

    rows = csv_rows(KIND, course_staff, activity=usage_key, **RANGE)

    assert {row[2] for row in rows[1:]} == {usage_key}
    assert [row[11] for row in rows[1:]] == [row[11] for row in one_query_rows()[1:] if row[2] == usage_key]
    assert len(csv_rows(KIND, course_staff, user="u1", **RANGE)) == 2
