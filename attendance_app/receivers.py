"""openedx-events consumers, connected when the app is ready (LMS and Studio).

Receivers only translate the event and call :mod:`attendance_app.api`.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from openedx_events.content_authoring.signals import XBLOCK_DELETED

from attendance_app import api, clock

BLOCK_TYPE = "attendance"


@receiver(XBLOCK_DELETED, dispatch_uid="attendance_app.archive_deleted_activity")
def archive_deleted_activity(signal: Any, sender: Any, xblock_info: Any, **kwargs: Any) -> None:
    """An author deleted an Attendance block in Studio: archive its activity, keep its credit."""
    if xblock_info.block_type == BLOCK_TYPE:
        api.archive_activity(xblock_info.usage_key, clock.now())
