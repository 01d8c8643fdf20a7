"""Shared set-up of the classroom tests: a classroom activity, its slots and the people around them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from attendance_app import api
from attendance_app.api import classroom
from attendance_app.models import Activity, CoachAssignment, Slot
from tests.factories import COURSE_KEY, OTHER_COURSE_KEY, CohortFactory, EnrollmentFactory, UserFactory

USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "workshop")
T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def classroom_activity(author_id: int) -> Activity:
    api.configure_activity(author_id, USAGE_KEY, {"display_name": "Workshop", "mode": "classroom"})
    return Activity.objects.get(usage_key=USAGE_KEY)


def slot_data(start: datetime = T0, hours: float = 2, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Session",
        "start": start.isoformat(),
        "end": (start + timedelta(hours=hours)).isoformat(),
        "duration_hours": hours,
        "location": "Room 101",
        "capacity": 2,
        **extra,
    }


def make_slot(author_id: int, start: datetime = T0, **extra: Any) -> Slot:
    view = classroom.create_slots(author_id, USAGE_KEY, slot_data(start, **extra))[0]
    return view.slot


def enrolled(username: str) -> Any:
    return EnrollmentFactory(user=UserFactory(username=username), course_key=COURSE_KEY).user


def other_course_learner() -> Any:
    return EnrollmentFactory(
        user=UserFactory(username="other_course_learner"), course_key=OTHER_COURSE_KEY
    ).user


def coach() -> Any:
    cohort = CohortFactory()
    user = UserFactory(username="coach")
    CoachAssignment.objects.create(user=user, course_key=COURSE_KEY, cohort_id=cohort.id)
    return user
