"""``users/{username}/personal-data/``: the JSON export of what the app holds about one learner."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request
from rest_framework.response import Response

from attendance_app.api.retirement import export_personal_data
from attendance_app.rest_api.v1.schema import document
from attendance_app.rest_api.v1.views import ERRORS, AttendanceAPIView

USERNAME = OpenApiParameter("username", str, OpenApiParameter.PATH, description="The learner's username.")


class PersonalDataView(AttendanceAPIView):
    """Everything the app's tables hold about one learner (global staff only; docs/retirement.md)."""

    @document(
        summary="A learner's personal data held by Attendance & Credits",
        parameters=[USERNAME],
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
    )
    def get(self, request: Request, username: str) -> Response:
        response = Response(export_personal_data(request.user.id, username))
        response["Cache-Control"] = "private, no-store"
        return response
