"""``courses/{course_key}/reports/{kind}/``: a report streamed ("Now"); ``…/email/`` and ``me/reports/``:
"Via email"."""

from __future__ import annotations

from typing import Any, Literal

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from attendance_app import api, clock
from attendance_app.models import ReportFile, ReportStatus
from attendance_app.reports import FORMATS, KINDS, delivery, log_download, prepare_report, presets
from attendance_app.reports.filters import GROUPINGS, STATUSES
from attendance_app.reports.registry import get_report
from attendance_app.reports.writers import CONTENT_TYPES
from attendance_app.rest_api.v1.schema import document
from attendance_app.rest_api.v1.views import ERRORS, AttendanceAPIView, own_transaction
from attendance_app.web.reports import file_response

QUERY: Literal["query"] = "query"
PARAMETERS = [
    OpenApiParameter(
        "course_key",
        str,
        OpenApiParameter.PATH,
        description="The course run's key, e.g. course-v1:DemoX+CE101+2026.",
    ),
    OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(KINDS), description="The report."),
    OpenApiParameter("file_format", str, QUERY, enum=list(FORMATS), description="csv (default) or xlsx."),
    OpenApiParameter(
        "grouping",
        str,
        QUERY,
        enum=list(GROUPINGS),
        description="attendance-tracking: session (default), user or none.",
    ),
    OpenApiParameter(
        "status",
        str,
        QUERY,
        enum=list(STATUSES),
        description="all-sessions: in_progress, finished or all (default).",
    ),
    OpenApiParameter(
        "columns", str, QUERY, description="Only these columns, comma-separated, in this order (exact names)."
    ),
    OpenApiParameter("preset", int, QUERY, description="Start from one of the caller's presets (its id)."),
    OpenApiParameter("activity", str, QUERY, description="Only this activity (a usage key in the course)."),
    OpenApiParameter("user", str, QUERY, description="Only this learner (a username or user id)."),
    OpenApiParameter(
        "group", int, QUERY, description="Only this cohort (its id); a coach: a cohort they coach."
    ),
    OpenApiParameter("start", OpenApiTypes.DATE, QUERY, description="From this day (UTC), YYYY-MM-DD."),
    OpenApiParameter("end", OpenApiTypes.DATE, QUERY, description="To this day included (UTC), YYYY-MM-DD."),
]
FILE = OpenApiResponse(OpenApiTypes.BINARY, description="The report file, streamed.")


class CourseReportView(AttendanceAPIView):
    """Download a report of a course run."""

    @document(
        summary="Download a report",
        description=(
            "The report as CSV (UTF-8 with a BOM) or XLSX, streamed. Each report takes some of the "
            "filters (400 for the others; see the reports documentation). The course team, org admins "
            "and global staff read every learner; a coach the learners of their cohorts (not the "
            "attendance-report, which is for managers only); learners none. attendance-report: a date "
            "range of at most 6 months."
        ),
        parameters=PARAMETERS,
        responses={**{(200, content_type): FILE for content_type in CONTENT_TYPES.values()}, **ERRORS},
    )
    def get(self, request: Request, course_key: str, kind: str) -> StreamingHttpResponse:
        filters = request.query_params.dict()
        file_format = filters.pop("file_format", "csv")
        key, now = api.parse_course_key(course_key), clock.now()
        prepared = prepare_report(kind, file_format, key, request.user.id, filters, now)
        log_download(request.user.id, kind, key, now)
        return file_response(prepared)


class ReportFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    file_format = serializers.CharField()
    course_key = serializers.CharField()
    status = serializers.ChoiceField(choices=[status.value for status in ReportStatus])
    rows_written = serializers.IntegerField(help_text="Rows written so far.")
    requested_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    error = serializers.CharField(allow_blank=True)
    download_url = serializers.CharField(allow_null=True, help_text="The file, for its requester, once done.")


def report_file_json(report_file: ReportFile) -> dict[str, Any]:
    done = report_file.status == ReportStatus.DONE
    return {
        "id": report_file.id,
        "kind": report_file.kind,
        "file_format": report_file.file_format,
        "course_key": str(report_file.course_key),
        "status": report_file.status,
        "rows_written": report_file.rows_written,
        "requested_at": report_file.requested_at.isoformat(),
        "finished_at": report_file.finished_at.isoformat() if report_file.finished_at else None,
        "error": report_file.error,
        "download_url": delivery.download_path(report_file) if done else None,
    }


@own_transaction
class CourseReportEmailView(AttendanceAPIView):
    """Ask for a report "Via email"."""

    @document(
        summary="Have a report written and emailed",
        description=(
            "Checks the request as the download does (same filters in the query string, same "
            "permission), then a background task writes the file, keeps it for the caller "
            "(`me/reports/`), adds it to the instructor dashboard's reports inside the LMS and emails "
            "the link. The body is empty or a JSON object."
        ),
        parameters=PARAMETERS,
        request=None,
        responses={202: ReportFileSerializer, **ERRORS},
    )
    def post(self, request: Request, course_key: str, kind: str) -> Response:
        self.json_object(request)
        filters = request.query_params.dict()
        file_format = filters.pop("file_format", "csv")
        report_file = delivery.request_report_file(
            request.user.id, kind, file_format, api.parse_course_key(course_key), filters, clock.now()
        )
        return Response(report_file_json(report_file), status=202)


class MyReportFilesView(AttendanceAPIView):
    """The reports the caller asked for "Via email", with their progress."""

    @document(
        summary="My reports and their progress",
        responses={200: ReportFileSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        return Response([report_file_json(report) for report in delivery.my_report_files(request.user.id)])


class ReportPresetSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=100)
    query = serializers.DictField(child=serializers.CharField(), help_text="Columns and filters by name.")
    modified = serializers.DateTimeField(read_only=True)


def preset_json(preset: Any) -> dict[str, Any]:
    return {
        "id": preset.id,
        "name": preset.name,
        "query": preset.query,
        "modified": preset.modified.isoformat(),
    }


class ReportPresetsView(AttendanceAPIView):
    """The caller's kept choices of columns and filters for a report ("Create report")."""

    @document(
        summary="My presets of a report",
        parameters=PARAMETERS[:2],
        responses={200: ReportPresetSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, course_key: str, kind: str) -> Response:
        key = api.parse_course_key(course_key)
        get_report(kind)
        return Response([preset_json(preset) for preset in presets.my_presets(request.user.id, key, kind)])

    @document(
        summary="Keep a preset of a report",
        description=(
            "Checks the query as a download would (400 for a column or filter the report does not "
            "have, 403 without the right to read it) and keeps it under its name, replacing a preset of "
            "that name. Download with `preset=<id>`."
        ),
        parameters=PARAMETERS[:2],
        request=ReportPresetSerializer,
        responses={201: ReportPresetSerializer, **ERRORS},
    )
    def post(self, request: Request, course_key: str, kind: str) -> Response:
        preset = presets.save_preset(
            request.user.id, api.parse_course_key(course_key), kind, self.json_object(request), clock.now()
        )
        return Response(preset_json(preset), status=201)


class ReportPresetView(AttendanceAPIView):
    """One of the caller's presets of a report."""

    @document(
        summary="Delete one of my presets of a report",
        description="Only the caller's own presets: another reader's is a 404, as an unknown one.",
        parameters=[
            *PARAMETERS[:2],
            OpenApiParameter("preset_id", int, OpenApiParameter.PATH, description="The preset's id."),
        ],
        request=None,
        responses={204: None, **ERRORS},
    )
    def delete(self, request: Request, course_key: str, kind: str, preset_id: int) -> Response:
        key = api.parse_course_key(course_key)
        get_report(kind)
        presets.delete_preset(request.user.id, key, kind, preset_id)
        return Response(status=204)
