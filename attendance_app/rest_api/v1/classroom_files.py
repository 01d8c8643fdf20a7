"""Classroom files: CSV imports of slots and marks, the roster CSV, the learner's .ics."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from attendance_app import clock
from attendance_app.api.classroom import csv_io, ics
from attendance_app.rest_api.v1.classroom import SLOT_PARAMETERS, activity_key
from attendance_app.rest_api.v1.classroom_serializers import (
    CsvImportSerializer,
    ImportResultSerializer,
)
from attendance_app.rest_api.v1.schema import document
from attendance_app.rest_api.v1.views import ERRORS, ERRORS_AND_CONFLICT, USAGE_KEY, AttendanceAPIView


class SlotImportView(AttendanceAPIView):
    """Create slots from a CSV, all or nothing (course team)."""

    @document(
        summary="Import slots from CSV",
        description="Columns: title, start, end, duration_hours, location, online_url, capacity, instructors "
        "(usernames). 400 names every wrong line; nothing is imported then.",
        parameters=[USAGE_KEY],
        request=CsvImportSerializer,
        responses={201: ImportResultSerializer, **ERRORS},
    )
    def post(self, request: Request, usage_key: str) -> Response:
        count = csv_io.import_slots(request.user.id, activity_key(usage_key), self.json_object(request))
        return Response({"imported": count}, status=status.HTTP_201_CREATED)


class MarkImportView(AttendanceAPIView):
    """Mark a slot's learners from a CSV, all or nothing (the slot's instructors and the course team)."""

    @document(
        summary="Import marks from CSV",
        description="Columns: username, status, remark. 400 names every wrong line; nothing is marked then.",
        parameters=SLOT_PARAMETERS,
        request=CsvImportSerializer,
        responses={200: ImportResultSerializer, **ERRORS_AND_CONFLICT},
    )
    def post(self, request: Request, usage_key: str, slot_id: int) -> Response:
        count = csv_io.import_marks(
            request.user.id, activity_key(usage_key), slot_id, self.json_object(request), clock.now()
        )
        return Response({"imported": count})


class RosterView(AttendanceAPIView):
    """The slot's register as a CSV file."""

    @document(
        summary="Download the roster of a slot (CSV)",
        parameters=SLOT_PARAMETERS,
        responses={(200, "text/csv"): OpenApiTypes.STR, **ERRORS},
    )
    def get(self, request: Request, usage_key: str, slot_id: int) -> HttpResponse:
        text = csv_io.roster_csv(request.user.id, activity_key(usage_key), slot_id)
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="slot-{slot_id}-roster.csv"'
        return response


class CalendarView(AttendanceAPIView):
    """The asking learner's registered slots of the activity, as an iCalendar file."""

    @document(
        summary="Download my registered slots (.ics)",
        parameters=[USAGE_KEY],
        responses={(200, "text/calendar"): OpenApiTypes.STR, **ERRORS},
    )
    def get(self, request: Request, usage_key: str) -> HttpResponse:
        text = ics.registered_slots_ics(request.user.id, activity_key(usage_key), clock.now())
        response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="slots.ics"'
        return response
