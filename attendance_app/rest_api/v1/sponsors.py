"""``sponsors/``: what certificates print about their sponsor, per site, organization or course run."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from attendance_app import api
from attendance_app.api import sponsors
from attendance_app.api.accrediting import BODIES
from attendance_app.exceptions import NotAuthorized
from attendance_app.rest_api.v1.schema import document
from attendance_app.rest_api.v1.views import ERRORS, AttendanceAPIView

ORG = OpenApiParameter("org", str, OpenApiParameter.PATH, description="The organization's short name.")
COURSE_KEY = OpenApiParameter(
    "course_key", str, OpenApiParameter.PATH, description="The course run's key (its override)."
)
IMAGE_HELP = (
    "Base64 of a PNG or JPEG image (checked by its content), at most 512 KB and 2000 pixels a side; "
    "null removes it."
)


class ProviderIdsSerializer(serializers.Serializer):
    """The sponsor's registry or provider id with each accrediting body."""

    nasba = serializers.CharField(max_length=64, allow_blank=True, required=False)
    iacet = serializers.CharField(max_length=64, allow_blank=True, required=False)
    ama = serializers.CharField(max_length=64, allow_blank=True, required=False)
    shrm = serializers.CharField(max_length=64, allow_blank=True, required=False)


class SponsorSerializer(serializers.Serializer):
    """The sponsor settings saved at one scope; empty values inherit (course → organization → site)."""

    name = serializers.CharField(max_length=255, allow_blank=True, required=False)
    address = serializers.CharField(max_length=500, allow_blank=True, required=False)
    contact = serializers.CharField(max_length=255, allow_blank=True, required=False)
    sponsor_id = serializers.CharField(
        max_length=64, allow_blank=True, required=False, help_text="Printed when no body has its own id."
    )
    provider_ids = ProviderIdsSerializer(required=False)
    responsible_name = serializers.CharField(max_length=255, allow_blank=True, required=False)
    responsible_title = serializers.CharField(max_length=255, allow_blank=True, required=False)
    signature_image = serializers.CharField(allow_null=True, required=False, help_text=IMAGE_HELP)
    logo_image = serializers.CharField(allow_null=True, required=False, help_text=IMAGE_HELP)


class SponsorScopeSerializer(serializers.Serializer):
    """A scope the caller edits, with its saved settings."""

    org = serializers.CharField(help_text="Empty: the whole site.")
    settings = SponsorSerializer()


class SponsorScopesView(AttendanceAPIView):
    """The site (global staff) and the organizations the caller administers, with their settings."""

    @document(
        summary="The sponsor settings the caller edits",
        responses={200: SponsorScopeSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        scopes = sponsors.editable_scopes(request.user.id)
        if not scopes:
            raise NotAuthorized(
                _("Only organization administrators and global staff manage sponsor settings.")
            )
        return Response(
            [
                {"org": scope.org, "settings": sponsors.sponsor_json(sponsors.scope_sponsor(scope))}
                for scope in scopes
            ]
        )


class _ScopeView(AttendanceAPIView):
    def _scope(self, **kwargs: str) -> sponsors.Scope:
        raise NotImplementedError

    def _get(self, request: Request, **kwargs: str) -> Response:
        return Response(sponsors.sponsor_json(sponsors.get_sponsor(request.user.id, self._scope(**kwargs))))

    def _put(self, request: Request, **kwargs: str) -> Response:
        scope = self._scope(**kwargs)
        saved = sponsors.save_sponsor(request.user.id, scope, self.json_object(request))
        return Response(sponsors.sponsor_json(saved))


PUT_DESCRIPTION = (
    "Fields not sent keep their value. provider_ids keys: "
    + ", ".join(BODIES)
    + ". 400 names each wrong field."
)


class SiteSponsorView(_ScopeView):
    """The whole site's sponsor settings (global staff)."""

    def _scope(self, **kwargs: str) -> sponsors.Scope:
        return sponsors.Scope()

    @document(summary="The site's sponsor settings", responses={200: SponsorSerializer, **ERRORS})
    def get(self, request: Request) -> Response:
        return self._get(request)

    @document(
        summary="Change the site's sponsor settings",
        description=PUT_DESCRIPTION,
        request=SponsorSerializer,
        responses={200: SponsorSerializer, **ERRORS},
    )
    def put(self, request: Request) -> Response:
        return self._put(request)


class OrgSponsorView(_ScopeView):
    """An organization's sponsor settings (its administrators and global staff)."""

    def _scope(self, **kwargs: str) -> sponsors.Scope:
        return sponsors.parse_org_scope(kwargs["org"])

    @document(
        summary="An organization's sponsor settings",
        parameters=[ORG],
        responses={200: SponsorSerializer, **ERRORS},
    )
    def get(self, request: Request, org: str) -> Response:
        return self._get(request, org=org)

    @document(
        summary="Change an organization's sponsor settings",
        description=PUT_DESCRIPTION,
        parameters=[ORG],
        request=SponsorSerializer,
        responses={200: SponsorSerializer, **ERRORS},
    )
    def put(self, request: Request, org: str) -> Response:
        return self._put(request, org=org)


class CourseSponsorView(_ScopeView):
    """A course run's override of its organization's and the site's sponsor settings (the course team)."""

    def _scope(self, **kwargs: str) -> sponsors.Scope:
        return sponsors.Scope.of_course(api.parse_course_key(kwargs["course_key"]))

    @document(
        summary="A course run's sponsor settings (its override)",
        parameters=[COURSE_KEY],
        responses={200: SponsorSerializer, **ERRORS},
    )
    def get(self, request: Request, course_key: str) -> Response:
        return self._get(request, course_key=course_key)

    @document(
        summary="Change a course run's sponsor settings (its override)",
        description=PUT_DESCRIPTION,
        parameters=[COURSE_KEY],
        request=SponsorSerializer,
        responses={200: SponsorSerializer, **ERRORS},
    )
    def put(self, request: Request, course_key: str) -> Response:
        return self._put(request, course_key=course_key)
