"""Classroom settings and self check-in: the rotating code, checking in, the flagged list."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response

from attendance_app import clock
from attendance_app.api.classroom import checkin, options
from attendance_app.platform import get_backend
from attendance_app.rest_api.v1.classroom import SLOT_PARAMETERS, activity_key
from attendance_app.rest_api.v1.classroom_serializers import (
    CheckinCodeSerializer,
    CheckinInputSerializer,
    CheckInSerializer,
    ClassroomSettingsSerializer,
    MarkSerializer,
)
from attendance_app.rest_api.v1.schema import document
from attendance_app.rest_api.v1.views import ERRORS, ERRORS_AND_CONFLICT, USAGE_KEY, AttendanceAPIView


class ClassroomSettingsView(AttendanceAPIView):
    """Registration closing, the Present window, auto-mark, check-in and warning rules (course team)."""

    @document(
        summary="Read the classroom settings of an activity",
        parameters=[USAGE_KEY],
        responses={200: ClassroomSettingsSerializer, **ERRORS},
    )
    def get(self, request: Request, usage_key: str) -> Response:
        return Response(options.get_classroom_settings(request.user.id, activity_key(usage_key)))

    @document(
        summary="Change the classroom settings of an activity",
        parameters=[USAGE_KEY],
        request=ClassroomSettingsSerializer,
        responses={200: ClassroomSettingsSerializer, **ERRORS},
    )
    def put(self, request: Request, usage_key: str) -> Response:
        return Response(
            options.set_classroom_settings(
                request.user.id, activity_key(usage_key), self.json_object(request)
            )
        )


class CheckinCodeView(AttendanceAPIView):
    """The rotating code and its QR code, for the instructor's screen while the slot runs."""

    @document(
        summary="The check-in code to show now",
        description="409 outside the slot's time. Ask again when expires_at passes.",
        parameters=SLOT_PARAMETERS,
        responses={200: CheckinCodeSerializer, **ERRORS_AND_CONFLICT},
    )
    def get(self, request: Request, usage_key: str, slot_id: int) -> Response:
        shown = checkin.current_code(
            request.user.id,
            activity_key(usage_key),
            slot_id,
            clock.now(),
            site_url=request.build_absolute_uri("/"),
        )
        return Response(CheckinCodeSerializer(shown.as_json()).data)


class CheckinView(AttendanceAPIView):
    """A registered learner checks in with the code shown in the room."""

    @document(
        summary="Check in to a slot",
        description="400: a wrong or expired code. 409: outside the slot's time, already marked, "
        "or refused and flagged (another learner from the same address, or outside the allowed networks).",
        parameters=SLOT_PARAMETERS,
        request=CheckinInputSerializer,
        responses={200: MarkSerializer, **ERRORS_AND_CONFLICT},
    )
    def post(self, request: Request, usage_key: str, slot_id: int) -> Response:
        mark = checkin.check_in(
            request.user.id,
            activity_key(usage_key),
            slot_id,
            self.json_object(request),
            get_backend().client_ip(request),
            clock.now(),
        )
        return Response(
            MarkSerializer(
                {
                    "status": mark.status.code,
                    "remark": mark.remark,
                    "source": mark.source,
                    "walk_in": mark.walk_in,
                    "marked_by": mark.marked_by_id,
                    "marked_at": mark.marked_at,
                    "version": mark.version,
                }
            ).data
        )


class CheckinListView(AttendanceAPIView):
    """The slot's check-ins, the refused ones flagged, for the instructor's live list."""

    @document(
        summary="List the check-ins of a slot",
        parameters=SLOT_PARAMETERS,
        responses={200: CheckInSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, usage_key: str, slot_id: int) -> Response:
        entries = checkin.list_checkins(request.user.id, activity_key(usage_key), slot_id)
        return Response(CheckInSerializer(entries, many=True).data)
