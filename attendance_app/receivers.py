"""openedx-events consumers, connected when the app is ready (LMS and Studio).

Receivers only translate the event and hand it to :mod:`attendance_app.api`, directly or through a
Celery task in :mod:`attendance_app.tasks` when the work can wait for a worker.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import receiver
from openedx_events.content_authoring.signals import XBLOCK_DELETED

from attendance_app import clock, tasks

BLOCK_TYPE = "attendance"


@receiver(XBLOCK_DELETED, dispatch_uid="attendance_app.archive_deleted_activity")
def archive_deleted_activity(signal: Any, sender: Any, xblock_info: Any, **kwargs: Any) -> None:
    """An author deleted an Attendance block in Studio: archive its activity, keep its credit.

    The task is queued once Studio's transaction commits, so a rolled-back deletion queues
    nothing; the instant is taken now, when the author deleted the block.
    """
    if xblock_info.block_type == BLOCK_TYPE:
        usage_key = str(xblock_info.usage_key)
        archived_at = clock.now().isoformat()
        transaction.on_commit(lambda: tasks.archive_activity.delay(usage_key, archived_at))
