"""``switches/``: attendance tracking on or off for the site, an organization or a course run."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request
from rest_framework.response import Response

from attendance_app import api
from attendance_app.rest_api.v1.schema import document
from attendance_app.rest_api.v1.serializers import CourseSwitchesSerializer, SwitchSerializer
from attendance_app.rest_api.v1.views import ERRORS, ERRORS_AND_CONFLICT, AttendanceAPIView

ORG = OpenApiParameter("org", str, OpenApiParameter.PATH, description="The organization's short name.")
COURSE_KEY = OpenApiParameter(
    "course_key",
    str,
    OpenApiParameter.PATH,
    description="The course run's key, e.g. course-v1:DemoX+CE101+2026.",
)


def _course_state(state: api.SwitchState) -> dict[str, bool]:
    return {"site": state.site, "org": state.org, "course": state.course, "effective": state.effective}


class SiteSwitchView(AttendanceAPIView):
    """The whole site's switch (global staff)."""

    @document(summary="Is tracking on for the site?", responses={200: SwitchSerializer, **ERRORS})
    def get(self, request: Request) -> Response:
        return Response({"enabled": api.site_switch(request.user.id)})

    @document(
        summary="Turn tracking on or off for the site",
        request=SwitchSerializer,
        responses={200: SwitchSerializer, **ERRORS},
    )
    def put(self, request: Request) -> Response:
        enabled = api.set_site_switch(request.user.id, self.json_object(request).get("enabled"))
        return Response({"enabled": enabled})


class OrgSwitchView(AttendanceAPIView):
    """An organization's switch (its administrators and global staff)."""

    @document(
        summary="Is tracking on for an organization?",
        parameters=[ORG],
        responses={200: SwitchSerializer, **ERRORS},
    )
    def get(self, request: Request, org: str) -> Response:
        return Response({"enabled": api.org_switch(request.user.id, api.parse_org(org))})

    @document(
        summary="Turn tracking on or off for an organization",
        description="409 when turning it on while the site keeps it off.",
        parameters=[ORG],
        request=SwitchSerializer,
        responses={200: SwitchSerializer, **ERRORS_AND_CONFLICT},
    )
    def put(self, request: Request, org: str) -> Response:
        enabled = api.set_org_switch(
            request.user.id, api.parse_org(org), self.json_object(request).get("enabled")
        )
        return Response({"enabled": enabled})


class CourseSwitchView(AttendanceAPIView):
    """A course run's switch, with the site's and organization's that gate it (the course team)."""

    @document(
        summary="Is tracking on for a course run, and at which level is it off?",
        parameters=[COURSE_KEY],
        responses={200: CourseSwitchesSerializer, **ERRORS},
    )
    def get(self, request: Request, course_key: str) -> Response:
        state = api.course_switch_state(request.user.id, api.parse_course_key(course_key))
        return Response(_course_state(state))

    @document(
        summary="Turn tracking on or off for a course run",
        description="409 when turning it on while the organization or the site keeps it off.",
        parameters=[COURSE_KEY],
        request=SwitchSerializer,
        responses={200: CourseSwitchesSerializer, **ERRORS_AND_CONFLICT},
    )
    def put(self, request: Request, course_key: str) -> Response:
        key = api.parse_course_key(course_key)
        api.set_course_switch(request.user.id, key, self.json_object(request).get("enabled"))
        return Response(_course_state(api.course_switch_state(request.user.id, key)))
