"""Attendance report (seed 001): the 20 columns, UTC, visits, six months at most, managers only."""

from __future__ import annotations

import pytest

from attendance_app.exceptions import InvalidInput, NotAuthorized
from attendance_app.reports import prepare_report
from attendance_app.reports.attendance_report import COLUMNS
from attendance_app.reports.filters import add_months
from tests.attendance_app.reports.fixtures import NOW, attend, many_learners
from tests.attendance_app.reports.helpers import csv_rows
from tests.factories import COURSE_KEY

KIND = "attendance-report"
SEED_COLUMNS = [
    "SessionDate",
    "SessionName",
    "SessionIdentifier",
    "SessionInstanceIdentifer",
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
]


def test_the_columns_are_the_seeds_in_order():
    assert list(COLUMNS) == SEED_COLUMNS
    assert len(COLUMNS) == 20


def test_a_row_per_attendee_with_visits_in_utc(live_activity, learner, course_staff, instructor_mirror):
    learner.first_name, learner.last_name = "Ada", "Lovelace"
    learner.save()
    attend(learner, live_activity, minutes=50, rejoin_after=20)
    rows = csv_rows(KIND, course_staff, start="2026-03-01", end="2026-03-31")
    assert rows[0] == SEED_COLUMNS
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row == {
        "SessionDate": "03/02/2026 09:00",
        "SessionName": "'=Opening session",
        "SessionIdentifier": str(live_activity.usage_key),
        "SessionInstanceIdentifer": str(live_activity.id),
        "SessionOwner": "Ines Instructor",
        "RoomOpened": "03/02/2026 09:00",
        "RoomClosed": "03/02/2026 11:00",
        "NameOfAttendee": "Ada Lovelace",
        "FirstNameOfAttendee": "Ada",
        "LastNameOfAttendee": "Lovelace",
        "EmailOfAttendee": "learner@example.com",
        "Username": "learner",
        "AttendeeRole": "Participant",
        "AttendeeType": "User",
        "AttendeeFirstJoinTime": "03/02/2026 09:00",
        "AttendeeLastLeaveTime": "03/02/2026 10:00",
        # closed visit 09:00-09:20, open visit 09:30-10:00
        "AttendeeTotalTimeInSession": "00:50:00",
        "AttendeeTotalRejoins": "1",
        "ContextName": "Continuing Education 101",
        "ContextIdentifier": str(COURSE_KEY),
    }


def test_the_range_filters_sessions_by_first_join(live_activity, learner, course_staff):
    attend(learner, live_activity, minutes=10)
    assert len(csv_rows(KIND, course_staff, start="2026-03-03", end="2026-03-31")) == 1
    assert len(csv_rows(KIND, course_staff, start="2026-03-02", end="2026-03-02")) == 2


def test_without_a_range_it_is_the_last_six_months(live_activity, learner, course_staff):
    attend(learner, live_activity, minutes=10)
    assert len(csv_rows(KIND, course_staff)) == 2


@pytest.mark.parametrize(
    "filters",
    [
        {"start": "2026-01-01", "end": "2026-07-02"},
        {"start": "2025-01-01"},
        {"start": "2025-01-01", "end": "2026-03-01"},
    ],
)
def test_more_than_six_months_is_refused(live_activity, course_staff, filters):
    with pytest.raises(InvalidInput) as refused:
        prepare_report(KIND, "csv", COURSE_KEY, course_staff.id, filters, NOW)
    assert "6 months" in refused.value.field_errors["end"][0]


def test_exactly_six_months_is_accepted(live_activity, course_staff):
    assert len(csv_rows(KIND, course_staff, start="2026-01-01", end="2026-07-01")) == 1


def test_end_before_start_is_refused(live_activity, course_staff):
    with pytest.raises(InvalidInput) as refused:
        prepare_report(
            KIND, "csv", COURSE_KEY, course_staff.id, {"start": "2026-03-02", "end": "2026-03-01"}, NOW
        )
    assert "before" in refused.value.field_errors["end"][0]


def test_coaches_may_not_read_it(live_activity, coach, coached_cohort):
    with pytest.raises(NotAuthorized):
        prepare_report(KIND, "csv", COURSE_KEY, coach.id, {}, NOW)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [("2026-08-31", 6, "2027-02-28"), ("2026-01-15", -6, "2025-07-15"), ("2024-02-29", 12, "2025-02-28")],
)
def test_add_months_clamps_to_the_month_end(day, months, expected):
    from datetime import date

    assert add_months(date.fromisoformat(day), months) == date.fromisoformat(expected)


def test_queries_do_not_grow_with_learners(
    live_activity, course_staff, instructor_mirror, django_assert_num_queries
):
    many_learners(live_activity, 3)
    # permission (2), cohorts, course, roles, users, activities, rows (a page: ADR 0030)
    with django_assert_num_queries(8) as few:
        assert len(csv_rows(KIND, course_staff, start="2026-03-01", end="2026-03-31")) == 4
    many_learners(live_activity, 12)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(csv_rows(KIND, course_staff, start="2026-03-01", end="2026-03-31")) == 16
