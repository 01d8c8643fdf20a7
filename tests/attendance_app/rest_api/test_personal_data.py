"""``GET users/{username}/personal-data/``: global staff only, every other role refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from attendance_app.api import mirrors
from tests.attendance_app.rest_api.utils import (
    API,
    ROLES,
    assert_error,
    call,
    client_for,
    others,
    refused,
    user_for,
)
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def url(username: str) -> str:
    return f"{API}/users/{username}/personal-data/"


@pytest.fixture
def mirrored(learner):
    mirrors.record_enrollment(learner.id, COURSE_KEY, "verified", True, T0)


def test_global_staff_exports_a_learners_data(request, learner, mirrored):
    response = call(client_for(user_for(request, "global_staff")), "get", url("learner"))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    data = response.json()
    assert (data["username"], data["user_id"]) == ("learner", learner.id)
    assert data["platform_mirrors"]["enrollments"][0]["course_key"] == str(COURSE_KEY)


@pytest.mark.parametrize("role", others("global_staff"))
def test_every_other_role_is_refused(request, role, learner, mirrored):
    response = call(client_for(user_for(request, role)), "get", url("learner"))

    body = assert_error(response, refused(role))
    assert "learner" not in response.content.decode().replace(body["message"], "")


def test_the_learner_themselves_uses_no_staff_export(learner, mirrored):
    assert_error(call(client_for(learner), "get", url("learner")), 403)


def test_an_unknown_username_is_a_404_for_staff_only(request, learner):
    assert_error(call(client_for(user_for(request, "global_staff")), "get", url("nobody")), 404)
    assert_error(call(client_for(learner), "get", url("nobody")), 403)


def test_all_roles_are_covered():
    assert {"global_staff", *others("global_staff")} == set(ROLES)
