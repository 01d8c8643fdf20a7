"""What Classroom slots add to the program statistics (seed 003) and to the group dashboard.

A course run "has slots" when one of its activities has at least one :class:`Slot`. Then the
statistics' Registrations are the learners registered for a slot, Open registrations the seats
still open for registration (slots whose registration has not closed and whose activity is not
archived), Waiting list the learners waiting for a seat. The export has a group of columns per slot;
each learner's attendance of a slot is the label of their mark (blank without one).

Every function reads in a constant number of queries whatever the number of learners and slots.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Q
from opaque_keys.edx.keys import CourseKey

from attendance_app import clock
from attendance_app.models import ActivityMode, Mark, Registration, RegistrationStatus, Slot

REGISTERED = RegistrationStatus.REGISTERED
WAITING = RegistrationStatus.WAITING


@dataclass(frozen=True)
class SlotColumns:
    """One slot as the export shows it."""

    slot_id: int
    block_title: str
    title: str
    duration_hours: Decimal
    start: datetime
    end: datetime


@dataclass
class ClassroomFigures:
    """The classroom part of the statistics; ``registrations`` is None when the course has no slots."""

    registrations: int | None = None
    open_registrations: int = 0
    waiting_list: int = 0
    slots: list[SlotColumns] = field(default_factory=list)


def classroom_figures(
    course_key: CourseKey, user_ids: Collection[int], slot_ids: Collection[int] | None = None
) -> ClassroomFigures:
    """The figures of the course's slots (or of ``slot_ids`` only) for the learners ``user_ids``.

    One query without slots, two with.
    """
    slots = Slot.objects.filter(activity__course_key=course_key)
    if slot_ids is not None:
        slots = slots.filter(id__in=sorted(slot_ids))
    rows = list(
        slots.annotate(taken=Count("registrations", filter=Q(registrations__status=REGISTERED)))
        .order_by("start", "id")
        .values_list(
            "id",
            "activity__display_name",
            "title",
            "duration_hours",
            "start",
            "end",
            "capacity",
            "taken",
            "activity__archived_at",
            "activity__classroom_settings__registration_closes_minutes",
        )
    )
    if not rows:
        return ClassroomFigures()
    now = clock.now()
    open_seats = 0
    columns = []
    for slot_id, block, title, hours, start, end, capacity, taken, archived_at, closes in rows:
        columns.append(SlotColumns(slot_id, block, title, hours, start, end))
        if archived_at is None and now < start - timedelta(minutes=closes or 0):
            open_seats += max(capacity - taken, 0)
    held = [column.slot_id for column in columns]
    counts = Registration.objects.filter(slot_id__in=held, user_id__in=sorted(user_ids))
    totals = counts.aggregate(
        registered=Count("user", distinct=True, filter=Q(status=REGISTERED)),
        waiting=Count("user", distinct=True, filter=Q(status=WAITING)),
    )
    return ClassroomFigures(totals["registered"], open_seats, totals["waiting"], columns)


def slot_marks(slot_ids: Iterable[int], user_ids: Iterable[int]) -> dict[tuple[int, int], str]:
    """``(user id, slot id)`` → the label of the learner's mark in the slot (one query)."""
    marks = Mark.objects.filter(slot_id__in=sorted(slot_ids), user_id__in=sorted(user_ids))
    return {
        (user_id, slot_id): label
        for user_id, slot_id, label in marks.values_list("user_id", "slot_id", "status__label")
    }


def classroom_course_keys(course_keys: Iterable[CourseKey]) -> set[CourseKey]:
    """The runs among ``course_keys`` with a classroom activity that has slots (one query)."""
    keys = list(course_keys)
    if not keys:
        return set()
    blended = (
        Slot.objects.filter(activity__course_key__in=keys, activity__mode=ActivityMode.CLASSROOM)
        .values_list("activity__course_key", flat=True)
        .distinct()
    )
    return {key for key in blended if key is not None}


def taught_slot_ids(user_id: int, course_key: CourseKey) -> frozenset[int]:
    """The course's slots the user is an instructor of (one query)."""
    return frozenset(
        Slot.objects.filter(activity__course_key=course_key, instructors__id=user_id).values_list(
            "id", flat=True
        )
    )


def slot_learner_ids(slot_ids: Collection[int]) -> frozenset[int]:
    """The learners registered for the slots (not those waiting) or marked in them as walk-ins (one query)."""
    ids = sorted(slot_ids)
    registered = (
        Registration.objects.filter(slot_id__in=ids, status=REGISTERED).order_by().values_list("user_id")
    )
    marked = Mark.objects.filter(slot_id__in=ids).order_by().values_list("user_id")
    return frozenset(user_id for (user_id,) in registered.union(marked))


def slot_instructor_ids(course_key: CourseKey) -> set[int]:
    """The instructors of the course's slots (one query)."""
    taught = Slot.instructors.through.objects.filter(slot__activity__course_key=course_key)
    return set(taught.values_list("user_id", flat=True))
