"""External units: the learner's link to the external page, and the external system's callback."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from attendance_app import api, clock
from attendance_app.api.external import (
    IDEMPOTENCY_HEADER,
    MAX_BODY_BYTES,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
)
from attendance_app.exceptions import PayloadTooLarge
from attendance_app.models import CallbackOutcome
from attendance_app.rest_api.v1.authentication import REALM
from attendance_app.rest_api.v1.schema import document
from attendance_app.rest_api.v1.serializers import ErrorSerializer
from attendance_app.rest_api.v1.views import (
    ERRORS,
    ERRORS_AND_CONFLICT,
    USAGE_KEY,
    AttendanceAPIView,
    declared_length,
)

UNIT_ID = OpenApiParameter("unit_id", int, OpenApiParameter.PATH, description="The external unit's id.")


class ExternalUrlSerializer(serializers.Serializer):
    # A plain string: the operator's URL as saved, so the schema does not promise RFC 3986 for it.
    url = serializers.CharField(help_text="The unit's External URL with the placeholders filled in.")


class CallbackSerializer(serializers.Serializer):
    """The callback's JSON body (documentation only: the api validates)."""

    action = serializers.ChoiceField(choices=["award", "revoke"])
    person_id = serializers.IntegerField(help_text="The learner's LMS user id ({{personID}}).")
    activity_id = serializers.CharField(help_text="The activity's usage key ({{activityID}}).")
    units = serializers.CharField(
        required=False, help_text='Award only: a decimal string, more than 0 and at most 1000 ("1.5").'
    )
    reference = serializers.CharField(required=False, help_text="The external system's own reference.")


class CallbackResultSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["award", "revoke"])
    outcome = serializers.ChoiceField(choices=CallbackOutcome.choices)
    person_id = serializers.IntegerField()
    activity_id = serializers.CharField()
    unit_id = serializers.IntegerField()
    units = serializers.CharField(allow_null=True, help_text="The units claimed now (null after a revoke).")
    previous_units = serializers.CharField(allow_null=True)
    reference = serializers.CharField(allow_blank=True)


class ExternalUrlView(AttendanceAPIView):
    """Where the Claim credits button of an external unit sends the logged-in learner."""

    @document(
        summary="The external page of an external unit, for the learner",
        description=(
            "The unit's External URL with {{activityID}}, {{personID}}, {{eventID}}, {{ssoUserId}}, "
            "{{ssoTenantId}} and {{activityExtId}} replaced and URL-encoded. Enrolled learners only."
        ),
        parameters=[USAGE_KEY, UNIT_ID],
        responses={200: ExternalUrlSerializer, **ERRORS},
    )
    def get(self, request: Request, usage_key: str, unit_id: int) -> Response:
        key = api.parse_usage_key(usage_key, in_course=True)
        return Response({"url": api.external_claim_url(request.user.id, key, unit_id)})


SIGNED_HEADERS = [
    OpenApiParameter(
        TIMESTAMP_HEADER, str, OpenApiParameter.HEADER, required=True, description="Unix time in seconds."
    ),
    OpenApiParameter(
        SIGNATURE_HEADER,
        str,
        OpenApiParameter.HEADER,
        required=True,
        description='"sha256=" and the hex HMAC-SHA256, with the unit\'s callback secret, of '
        '"{timestamp}." followed by the raw body.',
    ),
    OpenApiParameter(
        IDEMPOTENCY_HEADER,
        str,
        OpenApiParameter.HEADER,
        required=True,
        description="At most 100 characters; a retry with the same key and body gets the first answer.",
    ),
]


class CallbackView(AttendanceAPIView):
    """The external system awards or revokes a learner's credit of an external unit.

    A server-to-server call authenticated by its HMAC signature only: there is no session, so no
    authentication class runs and CSRF does not apply (CSRF abuses a browser's cookies, and this
    endpoint reads none; DRF only checks CSRF inside SessionAuthentication, and ``as_view`` marks
    the view csrf_exempt). No parser runs either: the signature covers the raw bytes, which the
    api reads and parses itself.
    """

    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = []

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        if response.status_code == status.HTTP_401_UNAUTHORIZED:
            # A 401 names its challenge (RFC 9110): here, the signature headers.
            response["WWW-Authenticate"] = (
                f'Signature realm="{REALM}", headers="{TIMESTAMP_HEADER} {SIGNATURE_HEADER}"'
            )
        return response

    @document(
        summary="Signed callback of an external unit's system",
        description=(
            "Awards (creates or raises, never lowers) or revokes a learner's claim of the unit. "
            "401 (checked first, one answer for every case, so an unsigned caller learns nothing): the "
            "signature is missing or wrong, the timestamp is more than 5 minutes away, or the unit is "
            "unknown, internal or archived; "
            "409: the idempotency key was used with another body, or an award for a revoked claim; "
            "413: the body is over 16 KiB. A revoke keeps the claim, stamped revoked, and revokes its "
            "certificate."
        ),
        parameters=[UNIT_ID, *SIGNED_HEADERS],
        request={"application/json": CallbackSerializer},
        responses={
            200: CallbackResultSerializer,
            **ERRORS_AND_CONFLICT,
            401: ErrorSerializer,
            413: ErrorSerializer,
        },
        auth=[],
    )
    def post(self, request: Request, unit_id: int) -> Response:
        if declared_length(request) > MAX_BODY_BYTES:
            raise PayloadTooLarge(_("The callback body is larger than 16 KiB."))
        raw_body = request._request.body  # the exact bytes that were signed
        return Response(api.receive_callback(unit_id, raw_body, request.headers, clock.now()))
