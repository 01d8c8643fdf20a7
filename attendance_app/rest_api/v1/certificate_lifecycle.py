"""Revoke (``certificates/{code}/revoke/``) and reissue (``…/reissue/``) a certificate; a course's list."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from attendance_app import api, clock
from attendance_app.rest_api.v1.schema import document
from attendance_app.rest_api.v1.views import ERRORS, AttendanceAPIView

CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="The verification code.")
COURSE = OpenApiParameter("course_key", str, OpenApiParameter.PATH, description="The course run's key.")


class CertificateStateSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The verification code.")
    claim_id = serializers.IntegerField()
    status = serializers.CharField(help_text="valid, revoked or reissued (as another code).")
    issued_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    revoke_reason = serializers.CharField(
        allow_blank=True, help_text="For the course team; never shown publicly."
    )
    learner_name = serializers.CharField(
        allow_blank=True, help_text="The printed name when it was corrected."
    )
    reissued_as = serializers.CharField(
        allow_null=True, help_text="The code of the certificate replacing it."
    )
    verify_path = serializers.CharField(help_text="The public verify page.")


class ReissuedSerializer(CertificateStateSerializer):
    reissue_of = serializers.CharField(help_text="The code of the certificate it replaces.")


class CourseCertificateSerializer(CertificateStateSerializer):
    platform_name = serializers.CharField(allow_blank=True, help_text="The learner's name on the platform.")
    username = serializers.CharField(allow_blank=True)
    activity_name = serializers.CharField()
    units = serializers.CharField(help_text='"1.2 CPE"')


class RevokeCertificateSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=255, help_text="Why; kept for the course team, not shown publicly."
    )


class ReissueCertificateSerializer(serializers.Serializer):
    learner_name = serializers.CharField(max_length=255, help_text="The corrected name to print.")


class RevokeCertificateView(AttendanceAPIView):
    """The course team revokes a certificate (and its claim)."""

    @document(
        summary="Revoke a certificate",
        description=(
            "The certificate and its claim are stamped revoked (when, why) and kept: the verify page says "
            "revoked on that date (not why), the PDF answers 410. Course team with authoring rights and "
            "global staff; 403 for learners and coaches. 400: malformed code, no reason or too long; "
            "404: unknown code; 409: already revoked, or reissued (revoke the new certificate)."
        ),
        parameters=[CODE],
        request=RevokeCertificateSerializer,
        responses={200: CertificateStateSerializer, **ERRORS},
    )
    def post(self, request: Request, code: str) -> Response:
        body = self.json_object(request)
        return Response(api.revoke_certificate(request.user.id, code, body, clock.now()))


class ReissueCertificateView(AttendanceAPIView):
    """The course team reissues a certificate with a corrected learner name."""

    @document(
        summary="Reissue a certificate",
        description=(
            "Creates a NEW certificate (a new code) printed with ``learner_name`` and returns it; the old "
            "one's verify page says reissued as the new code and its PDF is no longer served (410). "
            "Course team with authoring rights and global staff; 403 for learners and coaches. 400: "
            "malformed code, no name or too long; 404: unknown code; 409: revoked or already reissued."
        ),
        parameters=[CODE],
        request=ReissueCertificateSerializer,
        responses={200: ReissuedSerializer, **ERRORS},
    )
    def post(self, request: Request, code: str) -> Response:
        body = self.json_object(request)
        return Response(api.reissue_certificate(request.user.id, code, body, clock.now()))


class CourseCertificatesView(AttendanceAPIView):
    """A course run's certificates, newest first (the course team)."""

    @document(
        summary="A course's certificates",
        description="At most 500, newest first, with their state. Course team and global staff.",
        parameters=[COURSE],
        responses={200: CourseCertificateSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, course_key: str) -> Response:
        key = api.parse_course_key(course_key)
        return Response(api.course_certificates(request.user.id, key))
