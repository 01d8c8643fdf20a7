"""Reports "Via email": a reader asks, a Celery task writes the file to storage with its progress,
the platform's report store gets a copy, and the reader gets an email with the link.

Permission and filters are checked when the reader asks (a refusal is a 4xx and stores nothing)
and again when the task runs, with the reader's rights at that moment.

Faults (docs/quality.md): a broker that does not answer marks the request failed at once (and,
outside a request-wide transaction, answers a 503); a task run again after a lost worker leaves a
finished file alone; a mail server that refuses the email leaves the report ready and listed.
"""

from __future__ import annotations

import logging
import smtplib
import tempfile
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import IO

from django.conf import settings
from django.core.files import File
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError
from opaque_keys.edx.keys import CourseKey

from attendance_app import audit_pack
from attendance_app.exceptions import AttendanceError, NotFound, QueueUnavailable
from attendance_app.models import ReportFile, ReportStatus
from attendance_app.platform import get_backend
from attendance_app.reports import prepare_report
from attendance_app.reports.registry import report_title

log = logging.getLogger(__name__)

#: How often (in rows) a running report saves its progress.
PROGRESS_EVERY = 1000


def request_report_file(
    user_id: int | None,
    kind: str,
    file_format: str,
    course_key: CourseKey,
    raw_filters: Mapping[str, str],
    now: datetime,
) -> ReportFile:
    """Check the request as "Now" would, record it and queue its task once the record is committed.

    Raises:
        NotFound, InvalidInput, NotAuthorized: as :func:`attendance_app.reports.prepare_report`.
        QueueUnavailable: the broker did not take the task (the request is recorded as failed).
    """
    prepared = prepare_report(kind, file_format, course_key, user_id, raw_filters, now)
    prepared.chunks.close()  # type: ignore[attr-defined]  # checked only; the task writes it
    assert user_id is not None  # prepare_report refuses anonymous readers
    report_file = ReportFile.objects.create(
        user_id=user_id,
        course_key=course_key,
        kind=kind,
        file_format=file_format,
        filters=dict(raw_filters),
        requested_at=now,
    )
    return queue_report_file(report_file, now)


def queue_report_file(report_file: ReportFile, now: datetime) -> ReportFile:
    """Send the task that writes ``report_file`` (a report or an audit pack) once it is committed.

    Raises:
        QueueUnavailable: no enclosing transaction, so the task was sent right here, and the broker
            did not take it; the request is recorded as failed.
    """
    queued: list[bool] = []
    transaction.on_commit(lambda: queued.append(_queue(report_file.id, now)))
    if queued == [False]:
        raise QueueUnavailable()
    return report_file


def _queue(report_id: int, now: datetime) -> bool:
    """Send the task that builds ``report_id``; when the broker refuses, record the report failed.

    No retry: a reader waits for the answer, and a request stays "Waiting" only while queued.
    """
    from attendance_app.tasks import build_report_file  # the tasks module imports the api

    try:
        build_report_file.apply_async((report_id,), retry=False)
    except BrokerError:
        log.exception("Report %s could not be queued: the Celery broker did not answer", report_id)
        ReportFile.objects.filter(id=report_id, status=ReportStatus.PENDING).update(
            status=ReportStatus.FAILED, error=QueueUnavailable().message[:255], finished_at=now
        )
        return False
    return True


def build_report_file(report_id: int, now: datetime) -> str:
    """Write the report of ``report_id`` to storage; returns its status (idempotent once done).

    Raises:
        NotFound: no such report file.
    """
    report_file = ReportFile.objects.filter(id=report_id).first()
    if report_file is None:
        raise NotFound(_("This report does not exist."))
    if report_file.status in (ReportStatus.DONE, ReportStatus.FAILED):
        return report_file.status
    course_key = report_file.course_key
    assert course_key is not None  # the column is NOT NULL
    ReportFile.objects.filter(id=report_id).update(status=ReportStatus.RUNNING, rows_written=0)

    def progress(rows: int) -> None:
        ReportFile.objects.filter(id=report_id).update(rows_written=rows)

    try:
        with tempfile.TemporaryFile() as spool:
            filename = numbered(_write(report_file, course_key, now, progress, spool), report_id)
            spool.seek(0)
            report_file.file.save(filename, File(spool), save=False)
            spool.seek(0)
            stored = get_backend().store_course_report(course_key, filename, spool)
    except AttendanceError as error:
        ReportFile.objects.filter(id=report_id).update(
            status=ReportStatus.FAILED, error=error.message[:255], finished_at=now
        )
        return ReportStatus.FAILED
    report_file.refresh_from_db(fields=["rows_written"])
    report_file.status = ReportStatus.DONE
    report_file.filename = filename
    report_file.finished_at = now
    report_file.save(update_fields=["file", "filename", "status", "finished_at"])
    log.info(
        "Report %s written (%s rows; report store: %s)", report_file.id, report_file.rows_written, stored
    )
    try:
        _email(report_file)
    except (smtplib.SMTPException, OSError):  # the file is ready and listed in "My reports" anyway
        log.exception("Report %s is ready, but its email could not be sent", report_file.id)
    return ReportStatus.DONE


def numbered(filename: str, report_id: int) -> str:
    """``filename`` with the request's number before its extension: two requests of a report in the
    same minute do not share a name in the report store (an S3 store may overwrite a file of the same
    name; a file-system store would rename one)."""
    stem, dot, extension = filename.rpartition(".")
    return f"{stem}_{report_id}{dot}{extension}"


def _write(
    report_file: ReportFile,
    course_key: CourseKey,
    now: datetime,
    progress: Callable[[int], None],
    spool: IO[bytes],
) -> str:
    """Write the file of ``report_file`` (a report, or an audit pack) to ``spool``; returns its name."""
    if report_file.kind == audit_pack.KIND:
        from attendance_app.audit_pack.delivery import write_pack_file  # it imports this package

        return write_pack_file(report_file, spool, now, progress, PROGRESS_EVERY)
    prepared = prepare_report(
        report_file.kind,
        report_file.file_format,
        course_key,
        report_file.user_id,
        report_file.filters,
        now,
        progress=progress,
        progress_every=PROGRESS_EVERY,
    )
    for chunk in prepared.chunks:
        spool.write(chunk)
    return prepared.filename


def download_path(report_file: ReportFile) -> str:
    return reverse("attendance_app:report-file", kwargs={"report_id": report_file.id})


def _email(report_file: ReportFile) -> None:
    user = report_file.user
    if not user.email:
        return
    title = str(report_title(report_file.kind))
    link = f"{getattr(settings, 'LMS_ROOT_URL', '')}{download_path(report_file)}"
    send_mail(
        subject=_("Your report is ready: {title}").format(title=title),
        message=_("The report “{title}” of {course} is ready. Download it (signed in) at:\n{link}\n").format(
            title=title, course=report_file.course_key, link=link
        ),
        from_email=None,
        recipient_list=[user.email],
    )


def my_report_files(user_id: int | None) -> list[ReportFile]:
    """The reports ``user_id`` asked for, newest first (the last 50)."""
    if user_id is None:
        return []
    return list(ReportFile.objects.filter(user_id=user_id)[:50])


def report_file_for(user_id: int | None, report_id: int) -> ReportFile:
    """A finished report file of its user.

    Raises:
        NotFound: no such file, not the caller's, or not finished.
    """
    report_file = (
        ReportFile.objects.filter(id=report_id, user_id=user_id, status=ReportStatus.DONE).first()
        if user_id is not None
        else None
    )
    if report_file is None or not report_file.file:
        raise NotFound(_("This report does not exist or is not ready yet."))
    return report_file
