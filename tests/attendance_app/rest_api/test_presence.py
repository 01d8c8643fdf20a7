"""presence/ endpoints and activity evidence over HTTP: every role, CSRF, bad bodies."""

from __future__ import annotations

import json

import pytest

from attendance_app import api, clock
from attendance_app.models import Attendance, PromptEvidence, TimingAccommodation
from tests.attendance_app.rest_api.utils import (
    ANONYMOUS_STATUS,
    API,
    COURSE_TEAM,
    call,
    client_for,
    others,
    refused_status,
    user_for,
)
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "replay")
BEAT = f"{API}/presence/beat/"
ANSWER = f"{API}/presence/answer/"
OWN = f"{API}/presence/accommodation/"
EVIDENCE = f"{API}/activities/{USAGE_KEY}/evidence/"


@pytest.fixture
def token(course_staff, org_admin, learner):
    api.configure_activity(
        course_staff.id,
        USAGE_KEY,
        {"display_name": "Replay", "mode": "recorded", "live_start": "2026-01-01T00:00Z"},
    )
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": cpe.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    return api.start_presence(learner.id, USAGE_KEY, clock.now())["token"]


def test_the_learner_beats_and_gets_the_meter(learner, token):
    response = call(client_for(learner), "post", BEAT, {"token": token, "visible": True})

    assert response.status_code == 200, response.content
    assert response.json()["units"][0]["acronym"] == "CPE"
    assert Attendance.objects.filter(user=learner).exists()


def test_beats_need_the_csrf_token(learner, token):
    client = client_for(learner)

    response = client.post(BEAT, data=json.dumps({"token": token}), content_type="application/json")

    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_anonymous_beats_are_refused(token):
    assert call(client_for(None), "post", BEAT, {"token": token}).status_code == ANONYMOUS_STATUS


def test_another_users_session_cannot_use_the_token(other_learner, token):
    response = call(client_for(other_learner), "post", BEAT, {"token": token})

    assert response.status_code == 403
    assert "another user" in response.json()["message"]
    assert not Attendance.objects.exists()


def test_huge_payloads_are_refused_before_parsing(learner, token):
    body = {"token": token, "video": {"ranges": [[0, 1]] * 20000, "duration": 60}}

    response = call(client_for(learner), "post", BEAT, body)

    assert response.status_code == 413
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("raw", ["[1, 2]", '"beat"', "{not json"])
def test_bodies_must_be_json_objects(learner, token, raw):
    response = call(client_for(learner), "post", BEAT, raw=raw)

    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_an_empty_body_has_no_session(learner, token):
    response = call(client_for(learner), "post", BEAT, raw="")

    assert response.status_code == 403
    assert "reload the page" in response.json()["message"]


def test_unknown_nonce_is_a_404_and_changes_nothing(learner, token):
    call(client_for(learner), "post", BEAT, {"token": token})

    response = call(client_for(learner), "post", ANSWER, {"token": token, "nonce": "n" * 32})

    assert response.status_code == 404
    assert not PromptEvidence.objects.exists()


def test_learners_set_their_own_extension(learner):
    client = client_for(learner)

    assert call(client, "post", OWN, {"extension_factor": 2}).json() == {"extension_factor": 2.0}
    assert call(client, "get", OWN).json() == {"extension_factor": 2.0}
    bad = call(client, "post", OWN, {"extension_factor": 20})
    assert bad.status_code == 400
    assert "extension_factor" in bad.json()["field_errors"]


@pytest.mark.parametrize("role", COURSE_TEAM)
def test_the_course_team_grants_extensions_and_reads_evidence(request, learner, token, role):
    client = client_for(user_for(request, role))
    call(client_for(learner), "post", BEAT, {"token": token})

    granted = call(
        client,
        "put",
        f"{API}/activities/{USAGE_KEY}/learners/{learner.id}/accommodation/",
        {"extension_factor": 3},
    )
    evidence = call(client, "get", EVIDENCE)

    assert granted.status_code == 200
    assert TimingAccommodation.objects.get(user=learner).extension_factor == 3
    assert evidence.status_code == 200
    assert [row["username"] for row in evidence.json()] == ["learner"]


@pytest.mark.parametrize("role", others(*COURSE_TEAM))
def test_others_see_no_evidence_and_grant_nothing(request, other_learner, token, role):
    client = client_for(user_for(request, role))

    assert call(client, "get", EVIDENCE).status_code == refused_status(role)
    response = call(
        client,
        "put",
        f"{API}/activities/{USAGE_KEY}/learners/{other_learner.id}/accommodation/",
        {"extension_factor": 3},
    )
    assert response.status_code == refused_status(role)
    assert not TimingAccommodation.objects.exists()


def test_evidence_filter_must_be_a_user_id(course_staff, token):
    response = call(client_for(course_staff), "get", EVIDENCE, {"user_id": "me"})

    assert response.status_code == 400


def test_the_schema_documents_presence(client):
    schema = client.get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    assert {"/api/attendance/v1/presence/beat/", "/api/attendance/v1/presence/answer/"} <= set(
        schema["paths"]
    )
