"""A classroom workshop over the program statistics' learners (tests.attendance_app.program_data)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from attendance_app import clock
from attendance_app.api.classroom.statuses import course_statuses
from attendance_app.models import Activity, ActivityMode, Mark, Registration, RegistrationStatus, Slot
from tests.factories import COURSE_KEY, UserFactory

REGISTERED, WAITING = RegistrationStatus.REGISTERED, RegistrationStatus.WAITING


def workshop_activity(name: str = "workshop", course_key=COURSE_KEY) -> Activity:
    return Activity.objects.create(
        usage_key=course_key.make_usage_key("attendance", name),
        course_key=course_key,
        display_name="Workshop",
        mode=ActivityMode.CLASSROOM,
    )


def add_slot(activity, title, start, hours="3", capacity=3, instructors=()) -> Slot:
    slot = Slot.objects.create(
        activity=activity,
        title=title,
        start=start,
        end=start + timedelta(hours=float(hours)),
        duration_hours=Decimal(hours),
        capacity=capacity,
        checkin_secret="secret",
    )
    slot.instructors.set(instructors)
    return slot


def seat(slot, user, status=REGISTERED) -> None:
    Registration.objects.create(slot=slot, user=user, status=status, created=clock.now())


def mark(slot, user, code: str) -> None:
    status = next(s for s in course_statuses(slot.activity.course_key) if s.code == code)
    Mark.objects.create(slot=slot, user=user, status=status, marked_at=clock.now())


def workshop(people: list) -> dict:
    """Morning (past, held by ``teacher``): p0 Present, p1 Absent. Afternoon (to come, full, ``teacher``):
    p2 registered, p1 waiting. Evening (to come, ``evening_teacher``): p0 registered, 3 seats open."""
    p0, p1, p2 = people[:3]
    teacher = UserFactory(username="slot_teacher", email="slot-teacher@example.com")
    evening_teacher = UserFactory(username="evening_teacher", email="evening-teacher@example.com")
    activity = workshop_activity()
    day = clock.now().replace(hour=9, minute=0, second=0, microsecond=0)
    morning = add_slot(activity, "Morning", day - timedelta(days=7), instructors=[teacher])
    afternoon = add_slot(activity, "Afternoon", day + timedelta(days=10), "1.5", 1, [teacher])
    evening = add_slot(
        activity, "Evening", day + timedelta(days=11), capacity=4, instructors=[evening_teacher]
    )
    seat(morning, p0)
    seat(morning, p1)
    mark(morning, p0, "present")
    mark(morning, p1, "absent")
    seat(afternoon, p2)
    seat(afternoon, p1, WAITING)
    seat(evening, p0)
    return {
        "activity": activity,
        "slots": [morning, afternoon, evening],
        "teacher": teacher,
        "evening_teacher": evening_teacher,
    }
