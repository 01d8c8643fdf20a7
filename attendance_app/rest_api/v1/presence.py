"""``presence/``: the learner's heartbeats and prompt answers, and prompt-time accommodations.

These are the hot path: they only check the signed token and the logged-in user, and call
:mod:`attendance_app.api`, which never loads the block or the course structure.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request
from rest_framework.response import Response

from attendance_app import api, clock
from attendance_app.api.validation import parse_id
from attendance_app.exceptions import InvalidInput, PayloadTooLarge
from attendance_app.rest_api.v1.beat_dispatch import fast_beat
from attendance_app.rest_api.v1.schema import document
from attendance_app.rest_api.v1.serializers import (
    AccommodationSerializer,
    AnswerSerializer,
    BeatReplySerializer,
    BeatSerializer,
    ErrorSerializer,
    EvidenceSerializer,
)
from attendance_app.rest_api.v1.views import (
    ERRORS,
    ERRORS_AND_CONFLICT,
    USAGE_KEY,
    AttendanceAPIView,
    declared_length,
    own_transaction,
)

MAX_BODY_BYTES = 64 * 1024


class PresenceView(AttendanceAPIView):
    """Refuses bodies over 64 KiB before parsing them."""

    def initial(self, request: Request, *args: object, **kwargs: object) -> None:
        if declared_length(request) > MAX_BODY_BYTES:
            raise PayloadTooLarge(_("The request is too large."))
        super().initial(request, *args, **kwargs)


@own_transaction
class BeatView(PresenceView):
    """A heartbeat from the learner's page: credits time, may ask for a presence prompt.

    The common request (a session-signed JSON POST) is answered without DRF's dispatch (ADR 0033);
    every other request goes through DRF, as the other endpoints do.
    """

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return fast_beat(request, MAX_BODY_BYTES) or super().dispatch(request, *args, **kwargs)

    @document(
        request=BeatSerializer,
        responses={200: BeatReplySerializer, **ERRORS_AND_CONFLICT, 413: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        body = self.json_object(request)
        return Response(api.record_beat(request.user.id, body.get("token"), body, clock.now()))


@own_transaction
class AnswerView(PresenceView):
    """The learner confirms presence with the prompt's one-time nonce."""

    @document(
        request=AnswerSerializer,
        responses={200: BeatReplySerializer, **ERRORS_AND_CONFLICT, 413: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        body = self.json_object(request)
        return Response(api.answer_prompt(request.user.id, body.get("token"), body.get("nonce"), clock.now()))


class OwnAccommodationView(PresenceView):
    """The learner's own longer response time for prompts (WCAG 2.2.1), up to ten times."""

    @document(responses={200: AccommodationSerializer, **ERRORS})
    def get(self, request: Request) -> Response:
        return Response({"extension_factor": api.get_accommodation(request.user.id)})

    @document(request=AccommodationSerializer, responses={200: AccommodationSerializer, **ERRORS})
    def post(self, request: Request) -> Response:
        body = self.json_object(request)
        return Response(
            api.set_own_accommodation(request.user.pk, body.get("extension_factor"), body.get("token"))
        )


LEARNER_ID = OpenApiParameter("user_id", int, OpenApiParameter.PATH, description="The learner's user id.")


class LearnerAccommodationView(PresenceView):
    """The course team grants a learner of the activity's course a longer response time."""

    @document(
        parameters=[USAGE_KEY, LEARNER_ID],
        request=AccommodationSerializer,
        responses={200: AccommodationSerializer, **ERRORS},
    )
    def put(self, request: Request, usage_key: str, user_id: int) -> Response:
        course_key = api.parse_usage_key(usage_key, in_course=True).course_key
        factor = self.json_object(request).get("extension_factor")
        value = api.set_accommodation(request.user.id, user_id, factor, course_key=course_key)
        return Response({"extension_factor": value})


LEARNER_FILTER = OpenApiParameter("user_id", int, OpenApiParameter.QUERY, description="Only this learner.")


class EvidenceView(AttendanceAPIView):
    """Every learner's visits and prompts in an activity (course team)."""

    @document(
        parameters=[USAGE_KEY, LEARNER_FILTER], responses={200: EvidenceSerializer(many=True), **ERRORS}
    )
    def get(self, request: Request, usage_key: str) -> Response:
        raw_user = request.query_params.get("user_id")
        user_id = parse_id(raw_user) if raw_user and raw_user.isdigit() else None
        if raw_user is not None and user_id is None:
            raise InvalidInput(_("“user_id” must be a user id."))
        key = api.parse_usage_key(usage_key, in_course=True)
        return Response(api.activity_evidence(request.user.id, key, user_id))
