"""What the classroom tells the rest of the platform: tracking events and the learner activity log.

:func:`_emit` is the one place classroom tracking events leave the app, so the shared tracking
module can take it over without touching the callers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from attendance_app.api.activity_log import log_activity
from attendance_app.api.classroom import access
from attendance_app.models import LogAction, LogCategory, Slot
from attendance_app.platform import get_backend

REGISTERED = "attendance.slot.registered"
UNREGISTERED = "attendance.slot.unregistered"
PROMOTED = "attendance.slot.promoted"
MARKED = "attendance.slot.marked"
CHECKED_IN = "attendance.slot.checked_in"

LOG_ACTIONS = {
    REGISTERED: LogAction.ATTEND,
    UNREGISTERED: LogAction.UNATTEND,
    PROMOTED: LogAction.PROMOTED,
    MARKED: LogAction.MARKED,
    CHECKED_IN: LogAction.CHECKED_IN,
}


def _emit(name: str, data: dict[str, Any]) -> None:
    """Emit the tracking event ``name``; ``data`` carries ``user_id`` of the learner it is about."""
    get_backend().emit_event(name, data, data.get("user_id"))


def slot_event(name: str, slot: Slot, user_id: int, now: datetime, **extra: Any) -> None:
    """Record ``name`` for learner ``user_id`` in the activity log and as a tracking event."""
    activity = slot.activity
    label = slot.title if "status" not in extra else f"{slot.title}: {extra['status']}"
    log_activity(
        user_id,
        access.course_of(activity),
        LogCategory.SESSION_ATTENDANCE,
        LOG_ACTIONS[name],
        label,
        now,
        activity=activity,
    )
    _emit(
        name,
        {
            "user_id": user_id,
            "course_id": str(access.course_of(activity)),
            "usage_key": str(activity.usage_key),
            "slot_id": slot.id,
            "slot_start": slot.start.isoformat(),
            **extra,
        },
    )
