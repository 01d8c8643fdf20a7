"""``activities/{usage_key}/audit-pack/`` and ``courses/{course_key}/audit-pack/``: have an audit pack
written "Via email" (listed in ``me/reports/``)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request
from rest_framework.response import Response

from attendance_app import clock
from attendance_app.audit_pack.delivery import request_pack_file
from attendance_app.audit_pack.scope import activity_scope, course_scope
from attendance_app.rest_api.v1.reports import ReportFileSerializer, report_file_json
from attendance_app.rest_api.v1.schema import document
from attendance_app.rest_api.v1.views import ERRORS, USAGE_KEY, AttendanceAPIView, own_transaction

DESCRIPTION = (
    "Checks the request (the course team and global staff only: 403 for coaches and learners), then "
    "the reports' background task writes the ZIP (manifest.json, SHA256SUMS, roster.csv, prompts.csv, "
    "visits.csv, claims.csv, certificates.csv, rules.json), keeps it for the caller (`me/reports/`, "
    "kind `audit-pack`) and emails the link. The body is empty or a JSON object. Small packs also "
    "download at once from the LMS page `/attendance/…/audit-pack.zip`."
)
COURSE_KEY = OpenApiParameter(
    "course_key",
    str,
    OpenApiParameter.PATH,
    description="The course run's key, e.g. course-v1:DemoX+CE101+2026.",
)
RANGE = [
    OpenApiParameter(
        "start",
        OpenApiTypes.DATE,
        "query",
        description="From this day (UTC), YYYY-MM-DD (default: six months before the end).",
    ),
    OpenApiParameter(
        "end",
        OpenApiTypes.DATE,
        "query",
        description=(
            "To this day included (UTC), YYYY-MM-DD (default: today); at most six months after the start."
        ),
    ),
]


@own_transaction
class ActivityAuditPackView(AttendanceAPIView):
    """Ask for the audit pack of one activity."""

    @document(
        summary="Have an activity's audit pack written and emailed",
        description=f"All the evidence of the activity, whenever it happened. {DESCRIPTION}",
        parameters=[USAGE_KEY],
        request=None,
        responses={202: ReportFileSerializer, **ERRORS},
    )
    def post(self, request: Request, usage_key: str) -> Response:
        self.json_object(request)
        scope = activity_scope(request.user.id, usage_key, request.query_params.dict())
        return Response(report_file_json(request_pack_file(request.user.id, scope, clock.now())), status=202)


@own_transaction
class CourseAuditPackView(AttendanceAPIView):
    """Ask for the audit pack of a course run over a date range."""

    @document(
        summary="Have a course run's audit pack written and emailed",
        description=(
            "The evidence of every activity of the course run between `start` and `end` (at most six "
            f"months; 400 for a longer range or an end before the start). {DESCRIPTION}"
        ),
        parameters=[COURSE_KEY, *RANGE],
        request=None,
        responses={202: ReportFileSerializer, **ERRORS},
    )
    def post(self, request: Request, course_key: str) -> Response:
        self.json_object(request)
        now = clock.now()
        scope = course_scope(request.user.id, course_key, request.query_params.dict(), now.date())
        return Response(report_file_json(request_pack_file(request.user.id, scope, now)), status=202)
