"""REST views: translate HTTP to :mod:`attendance_app.api` calls and back, nothing more."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import QueryDict
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from attendance_app import api
from attendance_app.api.validation import parse_integer
from attendance_app.exceptions import InvalidInput
from attendance_app.rest_api.v1.authentication import authentication_classes
from attendance_app.rest_api.v1.exception_handler import attendance_exception_handler
from attendance_app.rest_api.v1.parsers import BoundedJSONParser
from attendance_app.rest_api.v1.permissions import IsAuthenticatedUser
from attendance_app.rest_api.v1.schema import document
from attendance_app.rest_api.v1.serializers import ActivitySettingsSerializer, ErrorSerializer

ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
ERRORS_AND_CONFLICT = {**ERRORS, 409: ErrorSerializer}
#: For a view whose api call owns its transaction: the LMS's ``ATOMIC_REQUESTS`` would wrap the whole
#: request in one, inside which a MySQL deadlock victim cannot be run again and a task is sent only
#: after the answer, too late to say the broker refused it (ADR 0028). The view reads nothing it
#: relies on before the call.
own_transaction = method_decorator(transaction.non_atomic_requests, name="dispatch")
USAGE_KEY = OpenApiParameter("usage_key", str, OpenApiParameter.PATH, description="The block's usage key.")


def declared_length(request: Request) -> int:
    """The body's size in bytes as the client declared it (0 when it did not).

    Raises:
        InvalidInput: the ``Content-Length`` header is not a whole number of bytes.
    """
    raw = request.META.get("CONTENT_LENGTH") or ""
    value = parse_integer(raw) if raw.isdigit() else None
    if raw and value is None:
        raise InvalidInput(_("The Content-Length header must be a number of bytes."))
    return value or 0


class AttendanceAPIView(APIView):
    """Base of every view: session/JWT authentication, logged-in users, domain errors mapped once."""

    authentication_classes = authentication_classes()
    permission_classes = [IsAuthenticatedUser]
    # Bodies are JSON objects; a form post is refused (415) rather than read as lists of strings.
    parser_classes = [BoundedJSONParser]
    schema = AutoSchema()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        declared_length(request)
        super().initial(request, *args, **kwargs)

    def get_exception_handler(self) -> Any:
        return attendance_exception_handler

    @staticmethod
    def json_object(request: Request) -> dict[str, Any]:
        """The request body, which must be a JSON object."""
        if not isinstance(request.data, dict) or isinstance(request.data, QueryDict):
            raise InvalidInput(_("Send a JSON object."))
        return dict(request.data)


class ActivitySettingsView(AttendanceAPIView):
    """Read (course team and enrolled learners) or replace (course team) an activity's settings."""

    @document(parameters=[USAGE_KEY], responses={200: ActivitySettingsSerializer, **ERRORS})
    def get(self, request: Request, usage_key: str) -> Response:
        settings = api.get_activity_settings(request.user.id, api.parse_usage_key(usage_key, in_course=True))
        return Response(settings.as_json())

    @document(
        parameters=[USAGE_KEY],
        request=ActivitySettingsSerializer,
        responses={200: ActivitySettingsSerializer, **ERRORS},
    )
    def put(self, request: Request, usage_key: str) -> Response:
        settings = api.configure_activity(
            request.user.id, api.parse_usage_key(usage_key, in_course=True), self.json_object(request)
        )
        return Response(settings.as_json())
