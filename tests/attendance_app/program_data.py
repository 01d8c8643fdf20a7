"""A course run with groups, graded blocks, grades and time, for the program statistics tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from attendance_app.api import mirrors
from attendance_app.models import Activity, Attendance, CoachAssignment
from attendance_app.platform.standalone import models as platform
from tests.factories import COURSE_KEY, CohortFactory, CourseFactory, GradableItemFactory, UserFactory

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def build(learners: int = 4, prefix: str = "p") -> dict:
    """``learners`` learners alternating between the groups Blue and Green; the last one unenrolled.

    Learner i has a course grade of i*20 %, a grade on the first block when i is odd, on both
    blocks when i % 3 == 0, and i hours of time in the course's activity.
    """
    CourseFactory()
    blue, green = CohortFactory(name="Blue"), CohortFactory(name="Green")
    first = GradableItemFactory(display_name="Quiz one", position=1)
    second = GradableItemFactory(display_name="Quiz two", position=2)
    activity = Activity.objects.create(
        usage_key=COURSE_KEY.make_usage_key("attendance", f"{prefix}-webinar"),
        course_key=COURSE_KEY,
        display_name="Webinar",
    )
    teacher = UserFactory(username=f"{prefix}-teacher", email=f"{prefix}-teacher@example.com")
    mirrors.record_role(teacher.id, "DemoX", COURSE_KEY, "instructor", True, T0)
    people = []
    for index in range(learners):
        user = UserFactory(
            username=f"{prefix}{index}", first_name=f"First{index}", last_name=f"Last{index:03d}"
        )
        people.append(user)
        cohort = blue if index % 2 == 0 else green
        cohort.members.add(user)
        mirrors.record_enrollment(user.id, COURSE_KEY, "verified", index != learners - 1, T0)
        mirrors.record_cohort(user.id, COURSE_KEY, cohort.name, T0)
        mirrors.record_grade(user.id, COURSE_KEY, min(index * 0.2, 1.0), "", index >= 3, T0)
        if index % 2 == 1 or index % 3 == 0:
            platform.Grade.objects.create(user=user, usage_key=first.usage_key, percent=50 + index)
        if index % 3 == 0:
            platform.Grade.objects.create(user=user, usage_key=second.usage_key, percent=90)
        if index:
            Attendance.objects.create(
                user=user,
                activity=activity,
                first_join_at=T0,
                last_beat_at=T0 + timedelta(hours=index),
                segment_started_at=T0,
                credited_us=index * 3600 * 1_000_000,
            )
    return {"people": people, "blue": blue, "green": green, "blocks": [first, second], "activity": activity}


def coach_of(cohort, username: str = "coach"):
    user = UserFactory(username=username)
    CoachAssignment.objects.create(user=user, course_key=COURSE_KEY, cohort_id=cohort.id)
    return user
