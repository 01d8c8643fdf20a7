"""``units/``: the credit units catalogue (org admins and global staff) and its authoring choices."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from attendance_app import api, clock
from attendance_app.api.accrediting import TEMPLATE_CERTIFICATES
from attendance_app.api.validation import FieldErrors
from attendance_app.exceptions import InvalidInput
from attendance_app.models import CreditIncrement, ManagedBy, Rounding
from attendance_app.models.units import POPUP_SECONDS_CHOICES
from attendance_app.rest_api.v1.pagination import StrictPageNumberPagination
from attendance_app.rest_api.v1.schema import document
from attendance_app.rest_api.v1.serializers import (
    CreditUnitInputSerializer,
    CreditUnitPageSerializer,
    CreditUnitSerializer,
    CreditUnitWithSecretSerializer,
    ErrorSerializer,
    UnitChoicesSerializer,
)
from attendance_app.rest_api.v1.views import ERRORS, ERRORS_AND_CONFLICT, AttendanceAPIView

MAX_SEARCH_LENGTH = 255
TRUE_WORDS = ("true", "1", "yes")
FALSE_WORDS = ("false", "0", "no", "")
UNIT_ID = OpenApiParameter("unit_id", int, OpenApiParameter.PATH, description="The unit's id.")
LIST_PARAMETERS = [
    OpenApiParameter("org", str, description='A catalogue you manage; "" for the site-wide one.'),
    OpenApiParameter("course_key", str, description="The units the course team of this course can choose."),
    OpenApiParameter("managed_by", str, enum=list(ManagedBy.values)),
    OpenApiParameter("search", str, description="Part of the acronym or name."),
    OpenApiParameter("include_archived", bool, description="Also list archived units (default false)."),
    OpenApiParameter("page", int, description="From 1."),
    OpenApiParameter("page_size", int, description="From 1 to 100 (default 20)."),
]


def _list_filters(params: QueryDict) -> dict[str, Any]:
    """The keyword arguments of :func:`api.list_units` from the query string, every wrong one named."""
    errors = FieldErrors()
    filters: dict[str, Any] = {}
    for name, parse in (("org", api.parse_org), ("course_key", api.parse_course_key)):
        raw = params.get(name)
        if raw is None:
            continue
        try:
            filters[name] = parse(raw)
        except InvalidInput as error:
            for message in error.field_errors.get(name, [error.message]):
                errors.add(name, message)
    if "org" in filters and "course_key" in filters:
        errors.add("course_key", _("Choose an organization or a course, not both."))
    managed_by = params.get("managed_by") or None
    if managed_by is not None and managed_by not in ManagedBy.values:
        errors.add("managed_by", _("Choose internal or external."))
    filters["managed_by"] = managed_by
    search = (params.get("search") or "").strip()
    if len(search) > MAX_SEARCH_LENGTH:
        errors.add("search", _("Use at most {limit} characters.").format(limit=MAX_SEARCH_LENGTH))
    filters["search"] = search or None
    include_archived = (params.get("include_archived") or "").strip().lower()
    if include_archived not in TRUE_WORDS + FALSE_WORDS:
        errors.add("include_archived", _("Send true or false."))
    filters["include_archived"] = include_archived in TRUE_WORDS
    errors.raise_if_any(_("Some query parameters are not valid."))
    return filters


def _choices(choices: Any) -> list[dict[str, str]]:
    return [{"value": str(value), "label": str(label)} for value, label in choices]


class UnitListView(AttendanceAPIView):
    """List a catalogue (its managers) or a course's choosable units (its team); add a unit."""

    @document(
        summary="List credit units",
        operation_id="units_list",
        description=(
            "Without org or course_key: every unit (global staff). With org: that catalogue (its managers). "
            "With course_key: the site's and the course organization's units (the course team)."
        ),
        parameters=LIST_PARAMETERS,
        responses={200: CreditUnitPageSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        units = api.list_units(request.user.id, **_list_filters(request.query_params))
        paginator = StrictPageNumberPagination()
        page = paginator.paginate_queryset(units, request, view=self)
        return paginator.get_paginated_response(CreditUnitSerializer(page, many=True).data)

    @document(
        summary="Create a credit unit",
        description="The answer carries the callback secret of an external unit: the only time it is shown.",
        request=CreditUnitInputSerializer,
        responses={201: CreditUnitWithSecretSerializer, **ERRORS_AND_CONFLICT},
    )
    def post(self, request: Request) -> Response:
        unit = api.create_unit(request.user.id, self.json_object(request))
        return Response(CreditUnitWithSecretSerializer(unit).data, status=status.HTTP_201_CREATED)


class UnitChoicesView(AttendanceAPIView):
    """The templates and allowed values authoring forms offer; any logged-in user."""

    @document(
        summary="Unit templates and field choices",
        responses={200: UnitChoicesSerializer, 401: ErrorSerializer, 403: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        templates = [
            {
                "id": template_id,
                **template,
                "duration": api.format_duration(template["hours"], template["minutes"]),
                "body": TEMPLATE_CERTIFICATES[template_id].body,
                "certificate_fields": list(TEMPLATE_CERTIFICATES[template_id].fields),
                "statements": [str(statement) for statement in TEMPLATE_CERTIFICATES[template_id].statements],
            }
            for template_id, template in api.UNIT_TEMPLATES.items()
        ]
        choices = {
            "templates": templates,
            "placeholders": list(api.PLACEHOLDERS),
            "popup_seconds": [seconds for seconds, _label in POPUP_SECONDS_CHOICES],
            "minimum_frequencies": [
                {"value": "automatic", "label": _("Automatic")},
                *({"value": str(count), "label": str(count)} for count in range(1, 13)),
            ],
            "managed_by": _choices(ManagedBy.choices),
            "increments": _choices(CreditIncrement.choices),
            "roundings": _choices(Rounding.choices),
        }
        return Response(UnitChoicesSerializer(choices).data)


class UnitDetailView(AttendanceAPIView):
    """One unit of a catalogue the user manages; others get 404, as if it did not exist."""

    @document(
        summary="Read a credit unit", parameters=[UNIT_ID], responses={200: CreditUnitSerializer, **ERRORS}
    )
    def get(self, request: Request, unit_id: int) -> Response:
        return Response(CreditUnitSerializer(api.get_unit(request.user.id, unit_id)).data)

    @document(
        summary="Change some fields of a credit unit",
        parameters=[UNIT_ID],
        request=CreditUnitInputSerializer,
        responses={200: CreditUnitSerializer, **ERRORS_AND_CONFLICT},
    )
    def patch(self, request: Request, unit_id: int) -> Response:
        unit = api.update_unit(request.user.id, unit_id, self.json_object(request))
        return Response(CreditUnitSerializer(unit).data)

    @document(
        summary="Delete a credit unit no activity uses",
        description="409 when activities use it: archive it instead so their credit stays.",
        parameters=[UNIT_ID],
        request=None,
        responses={204: None, **ERRORS_AND_CONFLICT},
    )
    def delete(self, request: Request, unit_id: int) -> Response:
        api.delete_unit(request.user.id, unit_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UnitArchiveView(AttendanceAPIView):
    """Take a unit out of the catalogue; rules and credit already earned keep it."""

    @document(
        summary="Archive a credit unit",
        parameters=[UNIT_ID],
        request=None,
        responses={200: CreditUnitSerializer, **ERRORS},
    )
    def post(self, request: Request, unit_id: int) -> Response:
        unit = api.archive_unit(request.user.id, unit_id, clock.now())
        return Response(CreditUnitSerializer(unit).data)


class UnitRotateSecretView(AttendanceAPIView):
    """Give an external unit a new callback secret; the old one stops working at once."""

    @document(
        summary="Rotate the callback secret of an external unit",
        description="The answer carries the new secret: the only time it is shown.",
        parameters=[UNIT_ID],
        request=None,
        responses={200: CreditUnitWithSecretSerializer, **ERRORS},
    )
    def post(self, request: Request, unit_id: int) -> Response:
        unit = api.rotate_secret(request.user.id, unit_id)
        return Response(CreditUnitWithSecretSerializer(unit).data)
