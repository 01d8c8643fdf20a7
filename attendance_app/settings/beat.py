"""Schedule the classroom's periodic tasks with Celery beat, unless the operator turns it off.

edx-platform creates one Celery app for the LMS and Studio (``openedx/core/lib/celery/__init__.py``)
and configures it with ``config_from_object('django.conf:settings')`` *without* a namespace: there
Celery reads the old-style name ``CELERYBEAT_SCHEDULE``. A host that configures Celery with
``namespace="CELERY"`` (Django's usual layout) reads ``CELERY_BEAT_SCHEDULE``. The entries go into
both, and each is added only when the operator has no entry of that name: their own wins.

``ATTENDANCE_CELERY_BEAT_SCHEDULE = False`` (for sites that run the management commands from cron)
leaves both alone and takes out entries this module added earlier, because the operator's YAML is
read after the common settings (see :mod:`attendance_app.settings.production`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

SWITCH = "ATTENDANCE_CELERY_BEAT_SCHEDULE"
SCHEDULE_SETTINGS = ("CELERYBEAT_SCHEDULE", "CELERY_BEAT_SCHEDULE")

BEAT_ENTRIES: dict[str, dict[str, Any]] = {
    "attendance-automark-classroom-slots": {
        "task": "attendance_app.tasks.automark_classroom_slots",
        "schedule": timedelta(minutes=5),
    },
    "attendance-send-low-attendance-warnings": {
        "task": "attendance_app.tasks.send_low_attendance_warnings",
        "schedule": timedelta(hours=1),
    },
}


def schedule_periodic_tasks(settings: Any) -> None:
    """Add the app's beat entries to ``settings``, or take them out when the switch is off."""
    enabled = bool(getattr(settings, SWITCH, True))
    for name in SCHEDULE_SETTINGS:
        schedule = getattr(settings, name, None)
        if schedule is None:
            schedule = {}
        if not isinstance(schedule, dict):
            continue  # something we do not understand (a derived value): the operator's business
        if enabled:
            for entry_name, entry in BEAT_ENTRIES.items():
                schedule.setdefault(entry_name, dict(entry))
        else:
            for entry_name, entry in BEAT_ENTRIES.items():
                if schedule.get(entry_name) == entry:
                    del schedule[entry_name]
        setattr(settings, name, schedule)
