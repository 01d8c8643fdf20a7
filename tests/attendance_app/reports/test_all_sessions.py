"""All sessions: SESSION ID, Name, Start, End, Registered, Completion, Instructors."""

from __future__ import annotations

from datetime import timedelta

import pytest

from attendance_app.models import Activity, Claim, CreditUnit
from tests.attendance_app.reports.classroom_data import WAITING, add_slot, seat, workshop_activity
from tests.attendance_app.reports.fixtures import NOW, T0, attend, many_learners
from tests.attendance_app.reports.helpers import csv_rows
from tests.factories import COURSE_KEY, UserFactory

KIND = "all-sessions"


@pytest.fixture
def sessions(live_activity, learner, other_learner):
    running = Activity.objects.create(
        usage_key=COURSE_KEY.make_usage_key("attendance", "running"),
        course_key=COURSE_KEY,
        display_name="Running",
        live_start=NOW - timedelta(hours=1),
        live_end=NOW + timedelta(hours=1),
    )
    upcoming = Activity.objects.create(
        usage_key=COURSE_KEY.make_usage_key("attendance", "upcoming"),
        course_key=COURSE_KEY,
        display_name="Upcoming",
        live_start=NOW + timedelta(days=3),
    )
    attend(learner, live_activity, minutes=60)
    attend(other_learner, live_activity, minutes=10)
    Claim.objects.create(
        user=learner,
        activity=live_activity,
        unit=CreditUnit.objects.get(),
        units=1,
        claimed_at=T0,
        updated_at=T0,
    )
    return live_activity, running, upcoming


def test_a_row_per_session_with_registered_and_completion(sessions, course_staff, instructor_mirror):
    rows = csv_rows(KIND, course_staff)
    assert rows[0] == ["SESSION ID", "Name", "Start", "End", "Registered", "Completion", "Instructors"]
    assert rows[1] == [
        str(sessions[0].usage_key),
        "'=Opening session",
        "2026-03-02 09:00",
        "2026-03-02 11:00",
        "2",
        "50%",
        "Ines Instructor",
    ]
    assert [row[1] for row in rows[2:]] == ["Running", "Upcoming"]
    assert rows[2][4:6] == ["0", "-"]


def test_revoked_claims_do_not_complete(sessions, course_staff):
    Claim.objects.update(revoked_at=NOW)
    assert csv_rows(KIND, course_staff)[1][5] == "0%"


@pytest.mark.parametrize(
    ("status", "names"),
    [
        ("finished", ["'=Opening session"]),
        ("in_progress", ["Running"]),
        ("all", ["'=Opening session", "Running", "Upcoming"]),
    ],
)
def test_the_status_filter(sessions, course_staff, status, names):
    assert [row[1] for row in csv_rows(KIND, course_staff, status=status)[1:]] == names


def test_a_coach_counts_their_learners_only(sessions, coach, coached_cohort):
    assert csv_rows(KIND, coach)[1][4:6] == ["1", "100%"]


def test_queries_do_not_grow_with_learners(live_activity, course_staff, django_assert_num_queries):
    many_learners(live_activity, 3)
    with django_assert_num_queries(6) as few:  # permission (2), cohorts, roles, slot instructors, sessions
        assert csv_rows(KIND, course_staff)[1][4] == "3"
    many_learners(live_activity, 12)
    with django_assert_num_queries(len(few.captured_queries)):
        assert csv_rows(KIND, course_staff)[1][4] == "15"


def test_a_classroom_activity_counts_its_registrants_and_names_its_slot_instructors(
    course_staff, instructor_mirror, learner, other_learner, coach, coached_cohort
):
    workshop = workshop_activity()
    teacher = UserFactory(username="teacher", first_name="Tess", last_name="Teacher")
    first = add_slot(workshop, "First", T0, instructors=[teacher])
    second = add_slot(workshop, "Second", T0 + timedelta(days=1), instructors=[teacher, instructor_mirror])
    seat(first, learner)
    seat(second, learner)
    seat(second, other_learner, WAITING)  # waiting: not registered

    [row] = [row for row in csv_rows(KIND, course_staff)[1:] if row[1] == "Workshop"]
    assert row[4:] == ["1", "0%", "Ines Instructor, Tess Teacher"]
    [row] = [row for row in csv_rows(KIND, coach)[1:] if row[1] == "Workshop"]
    assert row[4] == "1"  # the learner is in the coach's cohort


def test_slot_instructors_stay_on_their_classroom_activity(live_activity, course_staff, instructor_mirror):
    add_slot(workshop_activity(), "First", T0, instructors=[UserFactory(first_name="Tess", last_name="T")])
    rows = {row[1]: row for row in csv_rows(KIND, course_staff)[1:]}
    assert rows["'=Opening session"][6] == "Ines Instructor"
    assert rows["Workshop"][6] == "Ines Instructor, Tess T"
