"""Auto-mark at close: N minutes after a slot ends, its unmarked registrants get the close status.

Idempotent: a slot is done once (``automarked_at``), and only learners without a mark are marked,
so a mark made by a person, or by a check-in, is never overwritten.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction

from attendance_app.api.classroom import access
from attendance_app.api.classroom.marking import mark_all_unmarked
from attendance_app.api.classroom.registration import classroom_settings
from attendance_app.api.classroom.statuses import status_by_code
from attendance_app.exceptions import InvalidInput
from attendance_app.models import MarkSource, Slot

log = logging.getLogger(__name__)


def automark_closed_slots(now: datetime) -> int:
    """Mark the unmarked registrants of every slot closed long enough ago; returns how many marks."""
    marked = 0
    candidates = Slot.objects.filter(automarked_at__isnull=True, end__lte=now).select_related("activity")
    for slot in candidates.iterator(chunk_size=200):
        settings = classroom_settings(slot)
        if now < slot.end + timedelta(minutes=settings.automark_after_minutes):
            continue
        try:
            status = status_by_code(access.course_of(slot.activity), settings.automark_status_code)
        except InvalidInput:
            log.warning(
                "Slot %s: the close status %r no longer exists", slot.id, settings.automark_status_code
            )
            continue
        with transaction.atomic():
            locked = Slot.objects.select_for_update().get(id=slot.id)
            if locked.automarked_at is not None:  # another worker did it meanwhile
                continue
            marked += mark_all_unmarked(locked, status, "", now, actor_id=None, source=MarkSource.AUTO)
            locked.automarked_at = now
            locked.save(update_fields=["automarked_at"])
    return marked
