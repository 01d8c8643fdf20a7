"""Celery tasks: thin wrappers that parse their JSON-safe arguments and call :mod:`attendance_app.api`.

Tasks are ``shared_task`` so that they bind to the host's Celery app (the LMS's or Studio's); the
plugin never creates one. Arguments are strings because they cross a broker: usage keys in their
string form and instants in ISO 8601, fixed by the caller so that a late or retried run records
the moment the event happened, not the moment a worker got to it.
"""

from __future__ import annotations

from datetime import datetime

from celery import shared_task
from django.db import OperationalError

from attendance_app import api, clock


@shared_task(
    name="attendance_app.tasks.archive_activity",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def archive_activity(usage_key: str, archived_at_iso: str) -> bool:
    """Archive the activity of a deleted block; returns whether one was archived.

    A lost database connection is retried with backoff. A malformed key fails at once with
    :class:`attendance_app.exceptions.InvalidInput`: no retry can fix it.
    """
    return api.archive_activity(api.parse_usage_key(usage_key), datetime.fromisoformat(archived_at_iso))


@shared_task(
    name="attendance_app.tasks.automark_classroom_slots",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def automark_classroom_slots(now_iso: str | None = None) -> int:
    """Mark the unmarked registrants of slots closed long enough ago (idempotent); returns how many.

    Celery beat runs it every few minutes where it runs (``now_iso`` empty: the worker's clock);
    the ``automark_classroom_slots`` management command does the same from cron.
    """
    return api.automark_closed_slots(_instant(now_iso))


@shared_task(
    name="attendance_app.tasks.send_low_attendance_warnings",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def send_low_attendance_warnings(now_iso: str | None = None) -> int:
    """Send the low-attendance warnings now due (at most one per learner and held slot count)."""
    return api.send_low_attendance_warnings(_instant(now_iso))


def _instant(now_iso: str | None) -> datetime:
    return datetime.fromisoformat(now_iso) if now_iso else clock.now()


@shared_task(
    name="attendance_app.tasks.build_report_file",
    acks_late=True,
    reject_on_worker_lost=True,  # a worker killed mid-file: the message goes back to the queue
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def build_report_file(report_id: int) -> str:
    """Write a report asked for "Via email" to storage and email its link; returns its status.

    Runs again from the start after a lost database connection or a lost worker (acknowledged only
    when it ends); a finished report is left alone, so the file is produced once.
    """
    from attendance_app.reports.delivery import build_report_file as build

    return build(report_id, clock.now())
