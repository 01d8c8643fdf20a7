"""``activities/{usage_key}/slots/`` and ``statuses/``: classroom slots, registration and marking."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from attendance_app import api, clock
from attendance_app.api import classroom
from attendance_app.api.classroom.attendance import learner_attendance
from attendance_app.api.validation import parse_id
from attendance_app.exceptions import InvalidInput
from attendance_app.rest_api.v1.classroom_serializers import (
    AttendanceFiguresSerializer,
    BulkMarkInputSerializer,
    BulkMarkResultSerializer,
    MarkAuditSerializer,
    MarkInputSerializer,
    RegisterRowSerializer,
    RegistrationSerializer,
    SlotInputSerializer,
    SlotSerializer,
    SlotUpdateSerializer,
    StatusInputSerializer,
    StatusSerializer,
    StatusUpdateSerializer,
)
from attendance_app.rest_api.v1.schema import document
from attendance_app.rest_api.v1.views import (
    ERRORS,
    ERRORS_AND_CONFLICT,
    USAGE_KEY,
    AttendanceAPIView,
    own_transaction,
)

SLOT_ID = OpenApiParameter("slot_id", int, OpenApiParameter.PATH, description="The slot's id.")
USER_ID = OpenApiParameter("user_id", int, OpenApiParameter.PATH, description="The learner's user id.")
CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="The status's code.")
SLOT_PARAMETERS = [USAGE_KEY, SLOT_ID]


def activity_key(usage_key: str) -> Any:
    return api.parse_usage_key(usage_key, in_course=True)


def _slots(views: list[classroom.SlotView]) -> Any:
    return SlotSerializer([view.as_json() for view in views], many=True).data


class SlotListView(AttendanceAPIView):
    """An activity's slots: learners, the course team and slot instructors read; the course team adds."""

    @document(
        summary="List the slots of a classroom activity",
        parameters=[USAGE_KEY],
        responses={200: SlotSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, usage_key: str) -> Response:
        return Response(_slots(classroom.list_slots(request.user.id, activity_key(usage_key))))

    @document(
        summary="Add a slot, or a weekly series of slots",
        parameters=[USAGE_KEY],
        request=SlotInputSerializer,
        responses={201: SlotSerializer(many=True), **ERRORS},
    )
    def post(self, request: Request, usage_key: str) -> Response:
        views = classroom.create_slots(request.user.id, activity_key(usage_key), self.json_object(request))
        return Response(_slots(views), status=status.HTTP_201_CREATED)


class SlotDetailView(AttendanceAPIView):
    """One slot: read it, change it or remove it (course team)."""

    @document(summary="Read a slot", parameters=SLOT_PARAMETERS, responses={200: SlotSerializer, **ERRORS})
    def get(self, request: Request, usage_key: str, slot_id: int) -> Response:
        view = classroom.get_slot(request.user.id, activity_key(usage_key), slot_id)
        return Response(SlotSerializer(view.as_json()).data)

    @document(
        summary="Change a slot",
        description="More seats promote learners from the waiting list. 409 below the registered count.",
        parameters=SLOT_PARAMETERS,
        request=SlotUpdateSerializer,
        responses={200: SlotSerializer, **ERRORS_AND_CONFLICT},
    )
    def patch(self, request: Request, usage_key: str, slot_id: int) -> Response:
        view = classroom.update_slot(
            request.user.id, activity_key(usage_key), slot_id, self.json_object(request), clock.now()
        )
        return Response(SlotSerializer(view.as_json()).data)

    @document(
        summary="Remove a slot",
        description="409 once learners have been marked in it.",
        parameters=SLOT_PARAMETERS,
        request=None,
        responses={204: None, **ERRORS_AND_CONFLICT},
    )
    def delete(self, request: Request, usage_key: str, slot_id: int) -> Response:
        classroom.delete_slot(request.user.id, activity_key(usage_key), slot_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


@own_transaction
class RegistrationView(AttendanceAPIView):
    """The asking learner registers for a slot (a seat or the waiting list) or unregisters."""

    @document(
        summary="Register for a slot",
        description="A full slot puts the learner on its waiting list. 409 after registration closes "
        "or for a slot overlapping one the learner is registered for.",
        parameters=SLOT_PARAMETERS,
        request=None,
        responses={200: RegistrationSerializer, **ERRORS_AND_CONFLICT},
    )
    def post(self, request: Request, usage_key: str, slot_id: int) -> Response:
        registration = classroom.register(request.user.id, activity_key(usage_key), slot_id, clock.now())
        return Response(
            RegistrationSerializer(
                {
                    "slot_id": registration.slot_id,
                    "status": registration.status,
                    "created": registration.created,
                    "promoted_at": registration.promoted_at,
                }
            ).data
        )

    @document(
        summary="Unregister from a slot",
        description="The first learner waiting takes the freed seat. 409 once the slot has started.",
        parameters=SLOT_PARAMETERS,
        request=None,
        responses={204: None, **ERRORS_AND_CONFLICT},
    )
    def delete(self, request: Request, usage_key: str, slot_id: int) -> Response:
        classroom.unregister(request.user.id, activity_key(usage_key), slot_id, clock.now())
        return Response(status=status.HTTP_204_NO_CONTENT)


class MarkListView(AttendanceAPIView):
    """The slot's register with each learner's mark (the slot's instructors and the course team)."""

    @document(
        summary="List the learners of a slot and their marks",
        parameters=SLOT_PARAMETERS,
        responses={200: RegisterRowSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, usage_key: str, slot_id: int) -> Response:
        rows = classroom.list_marks(request.user.id, activity_key(usage_key), slot_id)
        return Response(RegisterRowSerializer([row.as_json() for row in rows], many=True).data)


@own_transaction
class MarkDetailView(AttendanceAPIView):
    """Mark one learner of a slot; send the version read so no concurrent change is lost."""

    @document(
        summary="Mark a learner",
        description="409 before the slot starts, or when the mark changed since its version was read.",
        parameters=[*SLOT_PARAMETERS, USER_ID],
        request=MarkInputSerializer,
        responses={200: RegisterRowSerializer, **ERRORS_AND_CONFLICT},
    )
    def put(self, request: Request, usage_key: str, slot_id: int, user_id: int) -> Response:
        row = classroom.set_mark(
            request.user.id, activity_key(usage_key), slot_id, user_id, self.json_object(request), clock.now()
        )
        return Response(RegisterRowSerializer(row.as_json()).data)


@own_transaction
class BulkMarkView(AttendanceAPIView):
    """Mark every registered learner without a mark with one status."""

    @document(
        summary="Mark all unmarked learners",
        parameters=SLOT_PARAMETERS,
        request=BulkMarkInputSerializer,
        responses={200: BulkMarkResultSerializer, **ERRORS_AND_CONFLICT},
    )
    def post(self, request: Request, usage_key: str, slot_id: int) -> Response:
        count = classroom.mark_unmarked(
            request.user.id, activity_key(usage_key), slot_id, self.json_object(request), clock.now()
        )
        return Response({"marked": count})


class MarkAuditView(AttendanceAPIView):
    """Every change of a slot's marks: who, when, before and after."""

    @document(
        summary="The audit trail of a slot's marks",
        parameters=SLOT_PARAMETERS,
        responses={200: MarkAuditSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, usage_key: str, slot_id: int) -> Response:
        entries = classroom.list_audit(request.user.id, activity_key(usage_key), slot_id)
        return Response(MarkAuditSerializer(entries, many=True).data)


class StatusListView(AttendanceAPIView):
    """The status set of the activity's course; the course team adds statuses."""

    @document(
        summary="List the attendance statuses of the course",
        parameters=[USAGE_KEY],
        responses={200: StatusSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, usage_key: str) -> Response:
        statuses = classroom.list_statuses(request.user.id, activity_key(usage_key))
        return Response(StatusSerializer(statuses, many=True).data)

    @document(
        summary="Add an attendance status to the course",
        parameters=[USAGE_KEY],
        request=StatusInputSerializer,
        responses={201: StatusSerializer, **ERRORS_AND_CONFLICT},
    )
    def post(self, request: Request, usage_key: str) -> Response:
        created = classroom.add_status(request.user.id, activity_key(usage_key), self.json_object(request))
        return Response(StatusSerializer(created).data, status=status.HTTP_201_CREATED)


class StatusDetailView(AttendanceAPIView):
    """Change a status's label, credit value or whether it counts (for example Late's 80 %)."""

    @document(
        summary="Change an attendance status",
        parameters=[USAGE_KEY, CODE],
        request=StatusUpdateSerializer,
        responses={200: StatusSerializer, **ERRORS},
    )
    def patch(self, request: Request, usage_key: str, code: str) -> Response:
        changed = classroom.update_status(
            request.user.id, activity_key(usage_key), code, self.json_object(request)
        )
        return Response(StatusSerializer(changed).data)


LEARNER = OpenApiParameter(
    "user_id",
    int,
    OpenApiParameter.QUERY,
    description="Another learner (course team, or a coach of their cohort); yourself if absent.",
)


class AttendanceFiguresView(AttendanceAPIView):
    """A learner's attendance % over their slots held so far, and the best still reachable."""

    @document(
        summary="Attendance % held and best reachable",
        parameters=[USAGE_KEY, LEARNER],
        responses={200: AttendanceFiguresSerializer, **ERRORS},
    )
    def get(self, request: Request, usage_key: str) -> Response:
        raw = request.query_params.get("user_id")
        user_id = parse_id(raw) if raw else None
        if raw is not None and (user_id is None or len(raw) > 10):
            raise InvalidInput(_("“user_id” must be a user id."))
        figures = learner_attendance(request.user.id, activity_key(usage_key), user_id, clock.now())
        return Response(AttendanceFiguresSerializer(figures.as_json()).data)
