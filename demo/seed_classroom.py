"""The demo's classroom workshop: past slots with marks and audit, a full slot with a waiting list,
and a weekly series to come. Everything goes through the app's API, as people would do it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from attendance_app.api import classroom
from attendance_app.api.classroom.automark import automark_closed_slots
from attendance_app.models import Activity, Slot


def seed_classroom(
    activity: Activity, staff: Any, instructor: Any, learners: list[Any], now: datetime
) -> int:
    """Create the workshop's slots once (a later seed keeps them as people changed them).

    Returns how many slots the workshop has.
    """
    if Slot.objects.filter(activity=activity).exists():
        return Slot.objects.filter(activity=activity).count()
    key = activity.usage_key
    day = now.replace(hour=9, minute=0, second=0, microsecond=0)

    def slot(title: str, start: datetime, capacity: int, **extra: Any) -> list[Slot]:
        data = {
            "title": title,
            "start": start.isoformat(),
            "end": (start + timedelta(hours=3)).isoformat(),
            "duration_hours": 3,
            "location": "Training room 2",
            "capacity": capacity,
            "instructor_ids": [instructor.id],
            **extra,
        }
        return [view.slot for view in classroom.create_slots(staff.id, key, data)]

    first = slot("Audit basics", day - timedelta(days=14), 8)[0]
    second = slot("Sampling in practice", day - timedelta(days=7), 8)[0]
    full = slot("Fraud indicators (full)", day + timedelta(days=3), 3)[0]
    series = slot("Audit clinic", day + timedelta(days=5), 12, repeat_weeks=3, time_zone="Europe/Paris")
    for held in (first, second):
        for learner in learners[:6]:
            classroom.register(learner.id, key, held.id, held.start - timedelta(days=3))
    marks = ["present", "present", "late", "absent", "excused"]
    for learner, status in zip(learners[:5], marks, strict=True):
        classroom.set_mark(
            instructor.id, key, first.id, learner.id, {"status": status}, first.start + timedelta(hours=3)
        )
    # A corrected mark: the audit keeps both.
    classroom.set_mark(
        staff.id,
        key,
        first.id,
        learners[2].id,
        {"status": "present", "remark": "Arrived on time; signed the sheet", "version": 1},
        first.start + timedelta(hours=4),
    )
    classroom.set_mark(instructor.id, key, second.id, learners[0].id, {"status": "present"}, second.end)
    automark_closed_slots(now)  # the others of both past slots become Absent
    for learner in learners[:5]:
        classroom.register(learner.id, key, full.id, now - timedelta(days=1))
    for learner in learners[6:9]:
        classroom.register(learner.id, key, series[0].id, now - timedelta(days=1))
    return Slot.objects.filter(activity=activity).count()
