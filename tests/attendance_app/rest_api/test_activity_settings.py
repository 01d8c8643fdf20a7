"""/api/attendance/v1/activities/{usage_key}/: every role, bad input, the error shape."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from attendance_app import api
from attendance_app.models import Activity
from tests.attendance_app.rest_api.utils import assert_anonymous
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "webinar")
URL = f"/api/attendance/v1/activities/{USAGE_KEY}/"
LIVE = {
    "display_name": "Ethics webinar",
    "mode": "live",
    "live_start": "2026-05-01T14:00:00Z",
    "live_end": "2026-05-01T16:00:00Z",
}


def client_for(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


CSRF_SECRET = "attendancecsrfsecretattendance32"


def put(client: Client, body, url: str = URL):
    """PUT as a browser does: the CSRF cookie and the same token in the header."""
    client.cookies["csrftoken"] = CSRF_SECRET
    return client.put(
        url, data=json.dumps(body), content_type="application/json", HTTP_X_CSRFTOKEN=CSRF_SECRET
    )


@pytest.fixture
def configured(course_staff):
    api.configure_activity(course_staff.id, USAGE_KEY, LIVE)


def test_url_is_the_documented_one():
    assert reverse("attendance_app:activity-settings", args=[str(USAGE_KEY)]) == URL


@pytest.mark.parametrize("role", ["course_staff", "instructor", "org_admin", "global_staff"])
def test_course_team_replaces_settings(request, role):
    response = put(client_for(request.getfixturevalue(role)), LIVE)

    assert response.status_code == 200, response.content
    assert response.json()["live_end"] == "2026-05-01T16:00:00+00:00"
    assert Activity.objects.filter(usage_key=USAGE_KEY).exists()


@pytest.mark.parametrize("role", ["learner", "outsider"])
def test_others_may_not_replace_settings(request, role):
    response = put(client_for(request.getfixturevalue(role)), LIVE)

    assert response.status_code == 403
    assert response.json()["error"] == "not_authorized"
    assert not Activity.objects.exists()


def test_anonymous_is_refused_everywhere(configured):
    assert_anonymous(client_for(None).get(URL))
    assert_anonymous(put(client_for(None), LIVE))


@pytest.mark.parametrize("role", ["learner", "course_staff", "instructor", "org_admin", "global_staff"])
def test_enrolled_learners_and_course_team_read_settings(request, configured, role):
    response = client_for(request.getfixturevalue(role)).get(URL)

    assert response.status_code == 200
    assert response.json()["display_name"] == "Ethics webinar"


def test_outsider_cannot_learn_that_the_activity_exists(configured, outsider):
    response = client_for(outsider).get(URL)

    assert response.status_code == 404


def test_put_without_csrf_token_is_refused(course_staff):
    client = client_for(course_staff)
    response = client.put(URL, data=json.dumps(LIVE), content_type="application/json")

    assert response.status_code == 403
    assert not Activity.objects.exists()


def test_field_errors_come_back_by_field_and_nothing_is_stored(course_staff):
    response = put(client_for(course_staff), {**LIVE, "live_end": "2026-05-01T13:00:00Z"})

    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_input",
        "message": "Some settings are not valid; nothing was saved.",
        "field_errors": {"live_end": ["The end must be after the start."]},
    }
    assert not Activity.objects.exists()


@pytest.mark.parametrize("body", [[1, 2], "live", 42, None])
def test_a_body_that_is_not_an_object_is_refused(course_staff, body):
    response = put(client_for(course_staff), body)

    assert response.status_code == 400
    assert not Activity.objects.exists()


def test_malformed_usage_key_is_a_clear_400(course_staff):
    response = client_for(course_staff).get("/api/attendance/v1/activities/not-a-key/")

    assert response.status_code == 400
    assert "not a valid usage key" in response.json()["message"]


def test_openapi_schema_documents_the_endpoints(client):
    response = client.get("/api/attendance/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert "/api/attendance/v1/activities/{usage_key}/" in schema["paths"]
    assert set(schema["paths"]["/api/attendance/v1/activities/{usage_key}/"]) >= {"get", "put"}


def test_the_delivery_method_is_set_and_read_back_and_empty_means_the_modes_default(course_staff):
    client = client_for(course_staff)

    assert (
        put(client, {**LIVE, "delivery_method": "QAS Self Study"}).json()["delivery_method"]
        == "QAS Self Study"
    )
    assert client.get(URL).json()["delivery_method"] == "QAS Self Study"
    assert put(client, LIVE).json()["delivery_method"] == ""
    refused = put(client, {**LIVE, "delivery_method": "Webinar"})
    assert refused.status_code == 400
    assert set(refused.json()["field_errors"]) == {"delivery_method"}
