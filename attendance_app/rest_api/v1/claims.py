"""``activities/{usage_key}/claims/`` and ``me/credits/``: the learner claims credit and sees it all."""

from __future__ import annotations

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
from attendance_app.rest_api.v1.views import ERRORS, ERRORS_AND_CONFLICT, USAGE_KEY, AttendanceAPIView


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
        responses={200: MyCreditsCourseSerializer(many=True), 403: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        return Response(api.my_credits(request.user.id, clock.now()))
