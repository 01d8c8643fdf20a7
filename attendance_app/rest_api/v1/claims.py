"""``activities/{usage_key}/claims/``, ``me/credits/`` and ``claims/{claim_id}/revoke/`` (the course team)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from attendance_app import api, clock
from attendance_app.rest_api.v1.schema import document
from attendance_app.rest_api.v1.serializers import (
    ClaimResultSerializer,
    ClaimStatusSerializer,
    ErrorSerializer,
    MyCreditsCourseSerializer,
)
from attendance_app.rest_api.v1.views import (
    ERRORS,
    ERRORS_AND_CONFLICT,
    USAGE_KEY,
    AttendanceAPIView,
    own_transaction,
)


@own_transaction
class ClaimsView(AttendanceAPIView):
    """The learner's credit in an activity (GET) and the Claim credits button (POST)."""

    @document(
        summary="The learner's credit in an activity",
        description="Per unit: computed units now, units claimed, and why it cannot be claimed now.",
        parameters=[USAGE_KEY],
        responses={200: ClaimStatusSerializer, **ERRORS},
    )
    def get(self, request: Request, usage_key: str) -> Response:
        key = api.parse_usage_key(usage_key, in_course=True)
        return Response(api.claim_status(request.user.id, key, clock.now()))

    @document(
        summary="Claim credits",
        description=(
            "Claims every claimable unit of the activity. Claiming again later raises the claim and never "
            "lowers it; a repeated claim changes nothing. 403: not enrolled, or tracking is off; "
            "409: the Claim credits button is not showing now; 400: nothing to claim yet (the message "
            "says why; in a classroom activity, until a Present or Late mark). "
            "The body is empty or a JSON object."
        ),
        parameters=[USAGE_KEY],
        request=None,
        responses={200: ClaimResultSerializer, **ERRORS_AND_CONFLICT},
    )
    def post(self, request: Request, usage_key: str) -> Response:
        self.json_object(request)  # nothing is read from it, but a non-object body is a client's mistake
        key = api.parse_usage_key(usage_key, in_course=True)
        return Response(api.claim_credits(request.user.id, key, clock.now()))


class MyCreditsView(AttendanceAPIView):
    """Everything the learner earned and claimed, per course (the My credits page)."""

    @document(
        summary="My credits",
        description="Activities with credit units where the learner attended or claimed, grouped by course.",
        responses={200: MyCreditsCourseSerializer(many=True), 401: ErrorSerializer, 403: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        return Response(api.my_credits(request.user.id, clock.now()))


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255, help_text="Why; kept with the claim and its certificate.")


class RevokedClaimSerializer(serializers.Serializer):
    claim_id = serializers.IntegerField()
    revoked_at = serializers.DateTimeField()
    reason = serializers.CharField()
    certificate_code = serializers.CharField(allow_null=True, help_text="Its certificate, revoked with it.")


class RevokeClaimView(AttendanceAPIView):
    """The course team revokes a learner's claim and its certificate; both stay as the record."""

    @document(
        summary="Revoke a claim",
        description=(
            "The claim and its certificate are stamped revoked (when, why) and kept: the verify page "
            "says revoked on that date, the PDF answers 410, the claim counts for nothing and cannot be "
            "claimed again. Revoking again changes nothing. 403: the claim's learner; 404: no such claim "
            "or another learner's (for anyone outside the course team)."
        ),
        parameters=[OpenApiParameter("claim_id", int, OpenApiParameter.PATH, description="The claim's id.")],
        request=RevokeSerializer,
        responses={200: RevokedClaimSerializer, **ERRORS},
    )
    def post(self, request: Request, claim_id: int) -> Response:
        body = self.json_object(request)
        return Response(api.revoke_claim(request.user.id, claim_id, body, clock.now()))
