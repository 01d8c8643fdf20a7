"""What the classroom tells the rest of the platform: tracking events and the learner activity log.

:func:`_emit` is the one place classroom tracking events leave the app, through the shared
tracking module (docs/events.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from attendance_app import tracking
from attendance_app.api.activity_log import log_activity
from attendance_app.api.classroom import access
from attendance_app.models import LogAction, LogCategory, Slot

REGISTERED = tracking.EVENT_SLOT_REGISTERED
UNREGISTERED = tracking.EVENT_SLOT_UNREGISTERED
PROMOTED = tracking.EVENT_SLOT_PROMOTED
MARKED = tracking.EVENT_SLOT_MARKED
CHECKED_IN = tracking.EVENT_SLOT_CHECKED_IN

LOG_ACTIONS = {
    REGISTERED: LogAction.ATTEND,
    UNREGISTERED: LogAction.UNATTEND,
    PROMOTED: LogAction.PROMOTED,
    MARKED: LogAction.MARKED,
    CHECKED_IN: LogAction.CHECKED_IN,
}


def _emit(name: str, data: dict[str, Any], course_id: str) -> None:
    """Send the tracking event ``name`` once the change commits (``data`` names the learner)."""
    tracking.emit_on_commit(name, data, course_id=course_id)


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
            "activity_id": str(activity.usage_key),
            "slot_id": slot.id,
            "slot_start": slot.start.isoformat(),
            **extra,
        },
        str(access.course_of(activity)),
    )
