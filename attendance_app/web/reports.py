"""Download a report "Now": ``/attendance/courses/<course_key>/reports/<kind>.<csv|xlsx>?filters…``.

The file streams as it is written (``StreamingHttpResponse``); every check (kind, format, filters,
permission) is made before its first byte, so a refusal is a page with a 4xx, never half a file.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from attendance_app import api, clock
from attendance_app.exceptions import AttendanceError
from attendance_app.reports import PreparedReport, log_download, prepare_report
from attendance_app.web.course import refused


def file_response(prepared: PreparedReport) -> StreamingHttpResponse:
    """The report as an attachment that no cache keeps (it names learners)."""
    chunks: Iterator[bytes] = prepared.chunks
    response = StreamingHttpResponse(chunks, content_type=prepared.content_type)
    response["Content-Disposition"] = f'attachment; filename="{prepared.filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def download(request: HttpRequest, course_key: str, filename: str) -> HttpResponseBase:
    kind, _dot, file_format = filename.rpartition(".")
    now = clock.now()
    try:
        key = api.parse_course_key(course_key)
        prepared = prepare_report(
            kind or filename, file_format, key, request.user.id, request.GET.dict(), now
        )
    except AttendanceError as error:
        if error.field_errors:
            details = " ".join(message for messages in error.field_errors.values() for message in messages)
            error.message = f"{error.message} {details}"
        return refused(request, error)
    log_download(request.user.id, kind, key, now)
    return file_response(prepared)


@login_required
@require_GET
def report_file(request: HttpRequest, report_id: int) -> HttpResponseBase:
    """A report made "Via email", for the reader who asked for it."""
    from attendance_app.reports.delivery import report_file_for

    try:
        stored = report_file_for(request.user.id, report_id)
    except AttendanceError as error:
        return refused(request, error)
    assert stored.course_key is not None  # the column is NOT NULL
    log_download(request.user.id, stored.kind, stored.course_key, clock.now())
    response = FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.filename)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def my_reports(request: HttpRequest) -> HttpResponse:
    """The reports the reader asked for "Via email", with their progress."""
    from attendance_app.models import ReportStatus
    from attendance_app.reports.delivery import download_path, my_report_files
    from attendance_app.reports.registry import report_title

    rows = [
        {
            "title": report_title(report.kind),
            "file_format": report.file_format,
            "course_key": report.course_key,
            "requested_at": report.requested_at,
            "status_label": report.get_status_display(),
            "error": report.error,
            "rows_written": report.rows_written,
            "download_path": download_path(report) if report.status == ReportStatus.DONE else None,
        }
        for report in my_report_files(request.user.id)
    ]
    return render(request, "attendance_app/reports/my_reports.html", {"report_files": rows})


@transaction.non_atomic_requests  # the broker's refusal is answered here (ADR 0028)
@login_required
@require_http_methods(["GET", "POST"])
def email_report(request: HttpRequest, course_key: str, filename: str) -> HttpResponseBase:
    """Ask for a report "Via email" (a form's POST, with the filters in the query string); a GET is
    the confirmation page that posts it."""
    from attendance_app.reports.delivery import request_report_file
    from attendance_app.web.report_page import confirm_email

    if request.method == "GET":
        return confirm_email(request, course_key, filename)

    kind, _dot, file_format = filename.rpartition(".")
    try:
        key = api.parse_course_key(course_key)
        request_report_file(
            request.user.id, kind or filename, file_format, key, request.GET.dict(), clock.now()
        )
    except AttendanceError as error:
        if error.field_errors:
            details = " ".join(message for messages in error.field_errors.values() for message in messages)
            error.message = f"{error.message} {details}"
        return refused(request, error)
    messages.success(request, _("Your report is being written; you will receive an email when it is ready."))
    return redirect("attendance_app:my-reports")
