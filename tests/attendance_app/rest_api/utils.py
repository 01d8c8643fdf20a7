"""Helpers of the REST tests: a browser-like client per role, and a picture of the app's tables."""

from __future__ import annotations

import importlib.util
import json
from typing import Any

import pytest
from django.test import Client
from opaque_keys.edx.django.models import CourseKeyField

from attendance_app import api, clock
from attendance_app.models import Activity, ActivityUnitRule, CoachAssignment, CreditUnit, FeatureSwitch
from tests.factories import OTHER_COURSE_KEY, AccessRoleFactory, UserFactory

API = "/api/attendance/v1"
CSRF_SECRET = "attendancecsrfsecretattendance32"
ROLES = [
    "anonymous",
    "learner",
    "outsider",
    "other_course_staff",
    "course_staff",
    "instructor",
    "other_org_admin",
    "org_admin",
    "global_staff",
]
COURSE_TEAM = ["course_staff", "instructor", "org_admin", "global_staff"]
CATALOGUE_MANAGERS = ["org_admin", "global_staff"]


# edx-drf-extensions (in every LMS, and in edx-platform's pinned set) puts JWT authentication first;
# either way an anonymous request gets 401 with a challenge (ADR 0010).
JWT_INSTALLED = importlib.util.find_spec("edx_rest_framework_extensions") is not None
ANONYMOUS_STATUS = 401


def others(*allowed: str) -> list[str]:
    """Every role but ``allowed``."""
    return [role for role in ROLES if role not in allowed]


def user_for(request: pytest.FixtureRequest, role: str) -> Any:
    """The user of a role (None for anonymous), built from the suite's fixtures."""
    if role == "anonymous":
        return None
    if role == "other_course_staff":
        return AccessRoleFactory(
            user=UserFactory(username="other_course_staff"), course_key=OTHER_COURSE_KEY, role="staff"
        ).user
    if role == "other_org_admin":
        return AccessRoleFactory(
            user=UserFactory(username="other_org_admin"),
            course_key=CourseKeyField.Empty,
            org="OtherX",
            role="org_admin",
        ).user
    return request.getfixturevalue(role)


def client_for(user: Any) -> Client:
    """A client that checks CSRF as the LMS does, logged in as ``user`` unless None."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = CSRF_SECRET
    if user is not None:
        client.force_login(user)
    return client


def call(client: Client, method: str, url: str, body: Any = None, *, raw: str | None = None) -> Any:
    """Send ``body`` as JSON (or ``raw`` text as is) with the CSRF header, as the browser does."""
    kwargs: dict[str, Any] = {"HTTP_X_CSRFTOKEN": CSRF_SECRET}
    if method in ("post", "put", "patch", "delete"):
        kwargs["content_type"] = "application/json"
        kwargs["data"] = raw if raw is not None else ("" if body is None else json.dumps(body))
    elif body is not None:
        kwargs["data"] = body
    return getattr(client, method)(url, **kwargs)


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of the app's tables, to show that a refused request changed nothing."""
    return {
        model.__name__: [
            {name: str(value) for name, value in row.items()} for row in model.objects.order_by("pk").values()
        ]
        for model in (CreditUnit, Activity, ActivityUnitRule, FeatureSwitch, CoachAssignment)
    }


def assert_error(response: Any, status: int, *fields: str) -> dict[str, Any]:
    """The answer is a JSON error of ``status`` naming exactly ``fields`` (when given)."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) >= {"error", "message"}
    assert body["message"]
    if fields:
        assert set(body.get("field_errors", {})) == set(fields), body
        assert all(body["field_errors"][name] for name in fields)
    return body


def refused(role: str) -> int:
    """The status a refused role gets: 401 for anonymous (a challenge, ADR 0010), 403 for the others."""
    return 401 if role == "anonymous" else 403


def assert_anonymous(response: Any) -> dict[str, Any]:
    """The answer every endpoint gives an anonymous request: 401, a challenge, the usual error body.

    The challenge names the first authentication class: ``Session realm="api"`` with the session
    alone (the demo), edx-drf-extensions' JWT where it is installed (the LMS).
    """
    body = assert_error(response, 401)
    assert body["error"] == "not_authenticated"
    assert response["WWW-Authenticate"].endswith('realm="api"')
    return body


def recorded_page_token(course_staff: Any, learner: Any, usage_key: Any) -> str:
    """A recorded session open since 2026 with tracking on, and the token of the learner's page."""
    api.configure_activity(
        course_staff.id,
        usage_key,
        {"display_name": "Replay", "mode": "recorded", "live_start": "2026-01-01T00:00Z"},
    )
    api.set_course_switch(course_staff.id, usage_key.course_key, True)
    return api.start_presence(learner.id, usage_key, clock.now())["token"]


def post_beat(client: Client, token: str) -> tuple[int, Any]:
    """A heartbeat as the page sends it: the status and the JSON reply."""
    response = call(client, "post", f"{API}/presence/beat/", {"token": token})
    return response.status_code, response.json()
