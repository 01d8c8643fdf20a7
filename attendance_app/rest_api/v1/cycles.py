"""``credit-requirements/``: the credits organizations require per acronym and period (ADR 0023).

Organization administrators manage their organizations' requirements; global staff every one.
"""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from attendance_app.api import cycles
from attendance_app.api.units import parse_org
from attendance_app.models import CreditRequirement, PeriodKind
from attendance_app.models.cycles import MAX_WINDOW_MONTHS
from attendance_app.rest_api.v1.schema import document
from attendance_app.rest_api.v1.views import ERRORS, ERRORS_AND_CONFLICT, AttendanceAPIView

REQUIREMENT_ID = OpenApiParameter(
    "requirement_id", int, OpenApiParameter.PATH, description="The requirement's id."
)


class CreditRequirementSerializer(serializers.ModelSerializer):
    """A requirement: ``required_credits`` of ``acronym`` per period in ``org``'s courses."""

    required_credits = serializers.DecimalField(max_digits=8, decimal_places=2, coerce_to_string=True)

    class Meta:
        model = CreditRequirement
        fields = [
            "id",
            "org",
            "acronym",
            "required_credits",
            "period_kind",
            "window_months",
            "start",
            "modified",
        ]
        read_only_fields = fields


class CreditRequirementInputSerializer(serializers.Serializer):
    """What a client sends to create (POST) or change (PATCH) a requirement. Validated by the API."""

    org = serializers.CharField(max_length=64, help_text="The organization (POST only).")
    acronym = serializers.CharField(
        max_length=16, help_text="A unit of the organization's or the site's catalogue carries it."
    )
    required_credits = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=Decimal("0.01"))
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices, required=False)
    window_months = serializers.IntegerField(
        min_value=1,
        max_value=MAX_WINDOW_MONTHS,
        required=False,
        allow_null=True,
        help_text="Rolling windows only.",
    )
    start = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Optional: nothing is required before it; rolling cycles count from it.",
    )


class RequirementListView(AttendanceAPIView):
    """The requirements the user manages; add one."""

    @document(
        summary="List credit requirements",
        parameters=[OpenApiParameter("org", str, description="Only this organization's.")],
        responses={200: CreditRequirementSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        raw_org = request.query_params.get("org")
        org = parse_org(raw_org) if raw_org is not None else None
        requirements = cycles.list_requirements(request.user.id, org or None)
        return Response(CreditRequirementSerializer(requirements, many=True).data)

    @document(
        summary="Create a credit requirement",
        request=CreditRequirementInputSerializer,
        responses={201: CreditRequirementSerializer, **ERRORS_AND_CONFLICT},
    )
    def post(self, request: Request) -> Response:
        requirement = cycles.create_requirement(request.user.id, self.json_object(request))
        return Response(CreditRequirementSerializer(requirement).data, status=status.HTTP_201_CREATED)


class RequirementDetailView(AttendanceAPIView):
    """One requirement of an organization the user manages; others get 404."""

    @document(
        summary="Read a credit requirement",
        parameters=[REQUIREMENT_ID],
        responses={200: CreditRequirementSerializer, **ERRORS},
    )
    def get(self, request: Request, requirement_id: int) -> Response:
        requirement = cycles.get_requirement(request.user.id, requirement_id)
        return Response(CreditRequirementSerializer(requirement).data)

    @document(
        summary="Change some fields of a credit requirement",
        parameters=[REQUIREMENT_ID],
        request=CreditRequirementInputSerializer,
        responses={200: CreditRequirementSerializer, **ERRORS_AND_CONFLICT},
    )
    def patch(self, request: Request, requirement_id: int) -> Response:
        requirement = cycles.update_requirement(request.user.id, requirement_id, self.json_object(request))
        return Response(CreditRequirementSerializer(requirement).data)

    @document(
        summary="Delete a credit requirement",
        parameters=[REQUIREMENT_ID],
        request=None,
        responses={204: None, **ERRORS},
    )
    def delete(self, request: Request, requirement_id: int) -> Response:
        cycles.delete_requirement(request.user.id, requirement_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
