"""The data of presence's tracking events (attendance.visit.*, attendance.prompt.*; docs/events.md).

Kept out of :mod:`attendance_app.api.presence` so the beat path only names the moment it emits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from attendance_app.api.presence_config import PresenceConfig
from attendance_app.models import Attendance, PromptEvidence


def visit_data(
    attendance: Attendance, config: PresenceConfig, ended_at: datetime | None = None
) -> dict[str, Any]:
    """The data of a visit.started event, or of visit.ended when ``ended_at`` is given."""
    data: dict[str, Any] = {
        "activity_id": config.usage_key,
        "user_id": attendance.user_id,
        "visit_started_at": attendance.segment_started_at.isoformat(),
    }
    if ended_at is not None:
        seconds = max(0.0, (ended_at - attendance.segment_started_at).total_seconds())
        data.update(visit_ended_at=ended_at.isoformat(), seconds=round(seconds, 3))
    return data


def prompt_data(user_id: int, prompt: PromptEvidence, config: PresenceConfig) -> dict[str, Any]:
    """The data of an attendance.prompt.* event (answered adds ``latency_ms``)."""
    return {
        "activity_id": config.usage_key,
        "user_id": user_id,
        "prompt_id": prompt.id,
        "deadline": prompt.deadline.isoformat(),
    }
