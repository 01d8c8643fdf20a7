"""Download a report "Now": ``/attendance/courses/<course_key>/reports/<kind>.<csv|xlsx>?filters…``.

The file streams as it is written (``StreamingHttpResponse``); every check (kind, format, filters,
permission) is made before its first byte, so a refusal is a page with a 4xx, never half a file.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.views.decorators.http import require_GET

from attendance_app import api, clock
from attendance_app.exceptions import AttendanceError
from attendance_app.reports import PreparedReport, log_download, prepare_report
from attendance_app.web.course import _refused


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
        return _refused(request, error)
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
        return _refused(request, error)
    assert stored.course_key is not None  # the column is NOT NULL
    log_download(request.user.id, stored.kind, stored.course_key, clock.now())
    response = FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.filename)
    response["Cache-Control"] = "no-store"
    return response
