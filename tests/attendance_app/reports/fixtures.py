"""Rows the reports read: an activity awarding a CEU, attendances with visits, log entries, coaches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from attendance_app.models import (
    Activity,
    ActivityMode,
    ActivityUnitRule,
    Attendance,
    CoachAssignment,
    CourseAccessRoleMirror,
    CreditUnit,
    Segment,
)
from tests.factories import COURSE_KEY, CohortFactory, EnrollmentFactory, UserFactory

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "live1")


@pytest.fixture
def live_activity(course):
    activity = Activity.objects.create(
        usage_key=USAGE_KEY,
        course_key=COURSE_KEY,
        display_name="=Opening session",
        mode=ActivityMode.LIVE,
        live_start=T0,
        live_end=T0 + timedelta(hours=2),
    )
    unit = CreditUnit.objects.create(acronym="CEU", name="Continuing Education Unit", hours=1)
    ActivityUnitRule.objects.create(activity=activity, unit=unit)
    return activity


def attend(user, activity, *, minutes: int, hits: int = 1, rejoin_after: int | None = None) -> Attendance:
    """An attendance of ``minutes`` confirmed minutes; with ``rejoin_after``, a closed first visit."""
    joined = activity.live_start or T0
    attendance = Attendance.objects.create(
        user=user,
        activity=activity,
        first_join_at=joined,
        last_beat_at=joined + timedelta(minutes=minutes + (10 if rejoin_after else 0)),
        segment_started_at=joined + timedelta(minutes=(rejoin_after or 0) + (10 if rejoin_after else 0)),
        confirmed_us=minutes * 60 * 1_000_000,
        credited_us=minutes * 60 * 1_000_000,
        hits=hits,
        rejoins=1 if rejoin_after else 0,
    )
    if rejoin_after:
        Segment.objects.create(
            attendance=attendance, started_at=joined, ended_at=joined + timedelta(minutes=rejoin_after)
        )
    return attendance


@pytest.fixture
def coach(course):
    return UserFactory(username="coach", first_name="Cora", last_name="Coach")


@pytest.fixture
def coached_cohort(course, coach, learner):
    cohort = CohortFactory(name="Morning group")
    cohort.members.add(learner)
    CoachAssignment.objects.create(user=coach, course_key=COURSE_KEY, cohort_id=cohort.id)
    return cohort


@pytest.fixture
def other_cohort(course, other_learner):
    cohort = CohortFactory(name="Evening group")
    cohort.members.add(other_learner)
    return cohort


@pytest.fixture
def instructor_mirror(instructor):
    instructor.first_name, instructor.last_name = "Ines", "Instructor"
    instructor.save()
    CourseAccessRoleMirror.objects.create(
        user=instructor, course_key=COURSE_KEY, org="DemoX", role="instructor", changed_at=T0
    )
    return instructor


def many_learners(activity, count: int) -> list:
    users = [EnrollmentFactory(user=UserFactory()).user for _index in range(count)]
    for user in users:
        attend(user, activity, minutes=30, rejoin_after=5)
    return users
