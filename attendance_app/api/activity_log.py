"""The learner activity log: rows of seed 004's Activity report, written as things happen.

Other api modules call :func:`log_activity` inside their own transaction, so an entry is stored
exactly when what it records is.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from opaque_keys.edx.keys import CourseKey

from attendance_app.models import Activity, ActivityLogEntry
from attendance_app.platform import get_backend

MAX_LABEL_LENGTH = 255


def courseware_path(activity: Activity) -> str:
    """The path that opens the activity's unit: the LMS ``jump_to`` route, the demo's workbench page."""
    usage_key = activity.usage_key
    assert usage_key is not None  # the column is NOT NULL
    return get_backend().courseware_url(usage_key)


def log_activity(
    user_id: int,
    course_key: CourseKey,
    category: str,
    action: str,
    label: str,
    now: datetime,
    *,
    activity: Activity | None = None,
    once_key: str | None = None,
) -> bool:
    """Add an entry; with ``once_key``, only if no entry with that key exists yet.

    The content columns name ``activity`` as it is called now. Returns whether an entry was added.
    """
    entry = ActivityLogEntry(
        user_id=user_id,
        course_key=course_key,
        activity=activity,
        category=category,
        action=action,
        label=label[:MAX_LABEL_LENGTH],
        created_at=now,
        content_id=str(activity.usage_key) if activity else "",
        content_name=activity.display_name if activity else "",
        content_slug=courseware_path(activity) if activity else "",
        once_key=once_key,
    )
    if once_key is None:
        entry.save()
        return True
    if ActivityLogEntry.objects.filter(once_key=once_key).exists():
        return False
    try:
        with transaction.atomic():  # a savepoint: a concurrent writer may have just added it
            entry.save()
    except IntegrityError:
        return False
    return True
