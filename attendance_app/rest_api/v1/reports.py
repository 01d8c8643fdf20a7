"""``courses/{course_key}/reports/{kind}/``: a report file, streamed ("Now")."""

from __future__ import annotations

from typing import Literal

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.request import Request

from attendance_app import api, clock
from attendance_app.reports import FORMATS, KINDS, prepare_report
from attendance_app.reports.filters import GROUPINGS, STATUSES
from attendance_app.reports.writers import CONTENT_TYPES
from attendance_app.rest_api.v1.schema import document
from attendance_app.rest_api.v1.views import ERRORS, AttendanceAPIView
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
        prepared = prepare_report(
            kind, file_format, api.parse_course_key(course_key), request.user.id, filters, clock.now()
        )
        return file_response(prepared)
