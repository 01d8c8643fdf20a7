"""One answer to anonymous requests on every endpoint, whatever the authentication order (ADR 0010)."""

from __future__ import annotations

import json
import sys
import types
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern
from rest_framework.authentication import BaseAuthentication, SessionAuthentication

from attendance_app.rest_api.v1 import docs, urls
from attendance_app.rest_api.v1.authentication import ChallengingSessionAuthentication, authentication_classes
from attendance_app.rest_api.v1.claims import MyCreditsView
from attendance_app.rest_api.v1.external import CallbackView
from attendance_app.rest_api.v1.views import AttendanceAPIView
from tests.attendance_app.rest_api.utils import API, JWT_INSTALLED, assert_anonymous, call, client_for
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "webinar")
SAMPLE_ARGUMENTS = {
    "unit_id": "1",
    "rule_id": "1",
    "requirement_id": "1",
    "claim_id": "1",
    "user_id": "1",
    "usage_key": str(USAGE_KEY),
    "course_key": str(COURSE_KEY),
    "org": "DemoX",
    "code": "A" * 16,
    "username": "learner",
    "slot_id": "1",
    "kind": "activity",
    "preset_id": "1",
}
# The OpenAPI document, the API's index and browsable docs; the signed server-to-server callback.
PUBLIC = {"schema", "api-index", "api-docs", "api-docs-asset", "api-external-callback"}


def _url(pattern: URLPattern) -> str:
    route = str(pattern.pattern)
    for name, value in SAMPLE_ARGUMENTS.items():
        for converter in ("int", "attendance_id", "str", "slug", "path"):
            route = route.replace(f"<{converter}:{name}>", value)
    assert "<" not in route, route
    return f"{API}/{route}"


def _operations() -> list[Any]:
    operations = []
    for pattern in urls.urlpatterns:
        if pattern.name in PUBLIC or pattern.callback is docs.not_found:  # the catch-all JSON 404
            continue
        view = pattern.callback.view_class
        assert issubclass(view, AttendanceAPIView), pattern.name
        for method in ("get", "post", "put", "patch", "delete"):
            if hasattr(view, method):
                operations.append(pytest.param(method, _url(pattern), id=f"{method} {pattern.name}"))
    return operations


OPERATIONS = _operations()


def test_every_endpoint_is_listed():
    assert len(OPERATIONS) >= 25
    named = {pattern.name for pattern in urls.urlpatterns if pattern.callback is not docs.not_found}
    assert named - PUBLIC <= {param.id.split(" ", 1)[1] for param in OPERATIONS}


@pytest.mark.parametrize(("method", "url"), OPERATIONS)
def test_anonymous_gets_a_401_with_a_challenge_everywhere(method, url):
    assert_anonymous(call(client_for(None), method, url, {}))


@pytest.mark.parametrize(("method", "url"), OPERATIONS[:6])
def test_anonymous_gets_the_401_with_or_without_the_csrf_token(method, url):
    response = getattr(Client(), method)(url)

    assert_anonymous(response)


def test_the_session_class_is_drfs_and_challenges(rf):
    """Without edx-drf-extensions (the demo) the session class comes first and names a challenge;
    in the LMS, JwtAuthentication comes first and names its own (``JWT realm="api"``): 401 both ways.
    """
    classes = authentication_classes()

    assert classes[-1] is ChallengingSessionAuthentication
    assert issubclass(ChallengingSessionAuthentication, SessionAuthentication)
    assert ChallengingSessionAuthentication().authenticate_header(rf.get("/")) == 'Session realm="api"'


def test_with_jwt_first_as_in_the_lms_the_answer_is_the_same(monkeypatch, rf):
    """edx-drf-extensions stands in at its import boundary: a class that authenticates nobody and
    challenges as drf-jwt's does (``JWT realm="api"`` with edx-platform's JWT_AUTH_HEADER_PREFIX).
    """

    class JwtAuthentication(BaseAuthentication):
        def authenticate(self, request: Any) -> None:
            return None

        def authenticate_header(self, request: Any) -> str:
            return 'JWT realm="api"'

    package = "edx_rest_framework_extensions.auth.jwt.authentication"
    for name in (
        "edx_rest_framework_extensions",
        "edx_rest_framework_extensions.auth",
        "edx_rest_framework_extensions.auth.jwt",
    ):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    module = types.ModuleType(package)
    module.JwtAuthentication = JwtAuthentication  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, package, module)

    class InTheLms(MyCreditsView):
        authentication_classes = authentication_classes()

    assert InTheLms.authentication_classes == [JwtAuthentication, ChallengingSessionAuthentication]
    lms = InTheLms.as_view()(rf.get(f"{API}/me/credits/"))
    demo = MyCreditsView.as_view()(rf.get(f"{API}/me/credits/"))
    lms.render()
    demo.render()

    assert (lms.status_code, demo.status_code) == (401, 401)
    assert json.loads(lms.content) == json.loads(demo.content)
    assert lms["WWW-Authenticate"] == 'JWT realm="api"'
    # The demo's view names the session's challenge; with edx-drf-extensions installed (the pinned
    # libraries) its real JWT class comes first there too.
    assert demo["WWW-Authenticate"] == ('Bearer realm="api"' if JWT_INSTALLED else 'Session realm="api"')


def test_an_unsigned_callback_names_its_own_challenge(db):
    response = Client().post(f"{API}/external/units/1/callback/", data=b"{}", content_type="application/json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith('Signature realm="api"')
    assert CallbackView.authentication_classes == []


def test_a_signed_in_learner_still_gets_403_not_401(learner):
    response = call(client_for(learner), "put", f"{API}/switches/site/", {"enabled": False})

    assert response.status_code == 403
    assert "WWW-Authenticate" not in response


def test_every_operation_documents_the_401(client):
    schema = client.get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    undocumented = [
        f"{method} {route}"
        for route, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "401" not in operation["responses"]
    ]
    assert undocumented == []
