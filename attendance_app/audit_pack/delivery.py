"""Audit packs "Now" (small ones, as a download) and "Via email" (any size, as a report file).

A pack asked for "Via email" is a :class:`~attendance_app.models.ReportFile` of kind
:data:`~attendance_app.audit_pack.KIND`: the reports' Celery task (``build_report_file``, ``acks_late``,
idempotent once done) writes it through :func:`write_pack_file`, checking the asker's rights again,
and it is listed, emailed and downloaded like every report.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from typing import IO, Any

from django.utils.translation import gettext as _

from attendance_app import conf
from attendance_app.audit_pack import FILE_FORMAT, KIND
from attendance_app.audit_pack.builder import write_pack
from attendance_app.audit_pack.scope import PackScope, stored_scope
from attendance_app.audit_pack.tables import claims_in_scope, in_scope, overlapping
from attendance_app.exceptions import InvalidInput
from attendance_app.models import Attendance, PromptEvidence, ReportFile, Segment
from attendance_app.reports import file_name


def estimated_rows(scope: PackScope) -> int:
    """The pack's rows, counted in four queries: attendances, prompts, closed visits and claims."""
    attendances = overlapping(
        in_scope(Attendance.objects.all(), scope), scope, "first_join_at", "last_beat_at"
    )
    prompts = overlapping(
        in_scope(PromptEvidence.objects.all(), scope, "attendance__"), scope, "shown_at", "shown_at"
    )
    segments = overlapping(
        in_scope(Segment.objects.all(), scope, "attendance__"), scope, "started_at", "ended_at"
    )
    # Each attendance is a roster row and a last visit.
    return 2 * attendances.count() + prompts.count() + segments.count() + claims_in_scope(scope).count()


def fits_now(scope: PackScope) -> bool:
    """Whether the pack is small enough to download at once (``ATTENDANCE_AUDIT_PACK_SYNC_MAX_ROWS``)."""
    return estimated_rows(scope) <= conf.audit_pack_sync_max_rows()


def pack_filename(scope: PackScope, now: datetime) -> str:
    """``attendance_audit-pack_<course>[_<block id>]_<UTC stamp>.zip``."""
    name = file_name(KIND, scope.course_key, now, FILE_FORMAT)
    if scope.activity is not None:
        block_id = str(scope.activity.usage_key).rpartition("@")[2]
        block = "".join(char if char.isalnum() or char in "-_" else "-" for char in block_id)
        name = name.replace(f"_{now:%Y-%m-%d-%H%M}.", f"_{block}_{now:%Y-%m-%d-%H%M}.")
    return name


def requester(user: Any) -> dict[str, Any]:
    """Who asked, as the manifest says it."""
    return {"user_id": user.id, "username": user.get_username()}


def pack_now(scope: PackScope, user: Any, now: datetime) -> IO[bytes]:
    """The pack in a temporary file, rewound (the caller streams and closes it)."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it once sent
    try:
        write_pack(spool, scope, requester(user), now)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


def request_pack_file(user_id: int | None, scope: PackScope, now: datetime) -> ReportFile:
    """Record a pack "Via email" and queue the reports' task once the record is committed (the scope is
    already checked).

    Raises:
        QueueUnavailable: the broker did not take the task (the request is recorded as failed).
    """
    assert user_id is not None  # the scope's check refuses anonymous requests
    report_file = ReportFile.objects.create(
        user_id=user_id,
        course_key=scope.course_key,
        kind=KIND,
        file_format=FILE_FORMAT,
        filters=scope.filters(),
        requested_at=now,
    )
    from attendance_app.reports.delivery import queue_report_file  # it imports this package

    return queue_report_file(report_file, now)


def write_pack_file(
    report_file: ReportFile, target: IO[bytes], now: datetime, progress: Any, progress_every: int
) -> str:
    """Write the pack a report file asks for to ``target``; returns its file name.

    Raises:
        InvalidInput, NotAuthorized, NotFound: the request is no longer valid (the asker lost the
            right, the activity is gone).
    """
    course_key = report_file.course_key
    if course_key is None or not isinstance(report_file.filters, dict):
        raise InvalidInput(_("This audit pack request is not valid."))
    filters = {str(name): str(value) for name, value in report_file.filters.items()}
    scope = stored_scope(report_file.user_id, course_key, filters, now.date())
    write_pack(
        target, scope, requester(report_file.user), now, progress=progress, progress_every=progress_every
    )
    return pack_filename(scope, now)
