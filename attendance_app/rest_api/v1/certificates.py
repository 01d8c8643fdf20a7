"""Issue (``claims/{claim_id}/certificate/``), download (``certificates/{code}/pdf/``) and course settings."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from attendance_app import api, clock
from attendance_app.models import CertificateVisibility
from attendance_app.rest_api.v1.schema import document
from attendance_app.rest_api.v1.serializers import ErrorSerializer
from attendance_app.rest_api.v1.views import ERRORS, AttendanceAPIView
from attendance_app.web.certificates import pdf_response

CLAIM_ID = OpenApiParameter("claim_id", int, OpenApiParameter.PATH, description="The claim's id.")
COURSE = OpenApiParameter("course_key", str, OpenApiParameter.PATH, description="The course run's key.")
CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="The verification code.")


class CertificateSerializer(serializers.Serializer):
    """A claim's certificate."""

    code = serializers.CharField(help_text="The verification code printed on the PDF.")
    claim_id = serializers.IntegerField()
    issued_at = serializers.DateTimeField()
    revoked = serializers.BooleanField()
    revoked_at = serializers.DateTimeField(allow_null=True, help_text="When it was revoked (with its claim).")
    can_download = serializers.BooleanField(help_text="Whether the caller may download the PDF.")
    message = serializers.CharField(
        allow_null=True, help_text="Why the caller may not download it (managers-only courses, revoked)."
    )
    verify_path = serializers.CharField(help_text="The public verify page.")


class CertificateSettingsSerializer(serializers.Serializer):
    """Who downloads a course's certificates and what they print about the sponsor."""

    visibility = serializers.ChoiceField(
        choices=CertificateVisibility.choices,
        required=False,
        help_text="learner: learners download; managers: only the course team downloads.",
    )
    sponsor_name = serializers.CharField(max_length=255, allow_blank=True, required=False)
    sponsor_id = serializers.CharField(max_length=64, allow_blank=True, required=False)
    contact = serializers.CharField(max_length=255, allow_blank=True, required=False)
    delivery_method = serializers.CharField(max_length=128, required=False)


class CertificateSettingsView(AttendanceAPIView):
    """A course run's certificate settings (the course team)."""

    @document(
        summary="A course's certificate settings",
        parameters=[COURSE],
        responses={200: CertificateSettingsSerializer, **ERRORS},
    )
    def get(self, request: Request, course_key: str) -> Response:
        return Response(api.get_certificate_settings(request.user.id, api.parse_course_key(course_key)))

    @document(
        summary="Change a course's certificate settings",
        description="Fields not sent keep their value.",
        parameters=[COURSE],
        request=CertificateSettingsSerializer,
        responses={200: CertificateSettingsSerializer, **ERRORS},
    )
    def put(self, request: Request, course_key: str) -> Response:
        key = api.parse_course_key(course_key)
        return Response(api.set_certificate_settings(request.user.id, key, self.json_object(request)))


class ClaimCertificateView(AttendanceAPIView):
    """Issue (the first time) and return a claim's certificate."""

    @document(
        summary="A claim's certificate",
        description=(
            "Issues the certificate of a claim with units the first time, then returns the same one. "
            "The learner who claimed, or the course team. The body is empty or a JSON object. "
            "A revoked claim returns its revoked certificate; 410 if it had none."
        ),
        parameters=[CLAIM_ID],
        request=None,
        responses={200: CertificateSerializer, **ERRORS, 410: ErrorSerializer},
    )
    def post(self, request: Request, claim_id: int) -> Response:
        self.json_object(request)
        return Response(api.certificate_for(request.user.id, claim_id, clock.now()))


class CertificatePdfView(AttendanceAPIView):
    """Download a certificate's PDF."""

    @document(
        summary="Download a certificate",
        description=(
            "The PDF. The learner downloads their own when the course lets learners download; the "
            "course team always may. 403 for a learner of a managers-only course; 410: revoked (the "
            "verify page says when)."
        ),
        parameters=[CODE],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF."),
            **ERRORS,
            410: ErrorSerializer,
        },
    )
    def get(self, request: Request, code: str) -> HttpResponse:
        return pdf_response(api.render_certificate_pdf(request.user.id, code, clock.now()), code)
