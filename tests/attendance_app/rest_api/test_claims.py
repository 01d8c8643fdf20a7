"""activities/{usage_key}/claims/ and me/credits/ over HTTP: every role, CSRF, bad bodies, the schema."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attendance_app import api, clock
from attendance_app.models import Activity, ActivityLogEntry, Attendance, Claim
from tests.attendance_app.rest_api.utils import (
    ANONYMOUS_STATUS,
    API,
    COURSE_TEAM,
    ROLES,
    assert_error,
    call,
    client_for,
    user_for,
)
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "replay")
CLAIMS = f"{API}/activities/{USAGE_KEY}/claims/"
MY_CREDITS = f"{API}/me/credits/"
STRANGERS = ["outsider", "other_course_staff", "other_org_admin"]


@pytest.fixture
def activity(course_staff, org_admin):
    api.configure_activity(
        course_staff.id,
        USAGE_KEY,
        {"display_name": "Replay", "mode": "recorded", "live_start": "2026-01-01T00:00Z"},
    )
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": cpe.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    return Activity.objects.get(usage_key=USAGE_KEY)


def attend(user: Any, seconds: float = 3600) -> None:
    now = clock.now()
    Attendance.objects.update_or_create(
        user=user,
        activity=Activity.objects.get(usage_key=USAGE_KEY),
        defaults={
            "first_join_at": now,
            "last_beat_at": now,
            "segment_started_at": now,
            "credited_seconds": seconds,
            "confirmed_seconds": seconds,
            "hits": 3,
        },
    )


def unchanged() -> bool:
    return not Claim.objects.exists() and not ActivityLogEntry.objects.exists()


# Who may read and claim ------------------------------------------------------------------------------


def test_the_learner_reads_their_status(learner, activity):
    attend(learner)

    response = call(client_for(learner), "get", CLAIMS)

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["claimable"], body["show_button"]) == (True, True)
    assert body["units"][0] | {"quiz": None} == {
        "unit_id": body["units"][0]["unit_id"],
        "acronym": "CPE",
        "name": "Continuing Professional Education",
        "earned": "1.2",
        "claimed": None,
        "claimed_at": None,
        "claimable": True,
        "reason": None,
        "quiz": None,
    }


def test_the_learner_claims(learner, activity):
    attend(learner)

    response = call(client_for(learner), "post", CLAIMS)

    assert response.status_code == 200, response.content
    assert response.json()["claimed_now"] == [{"acronym": "CPE", "units": "1.2"}]
    assert Claim.objects.get().user == learner


def test_claiming_twice_over_http_succeeds_with_one_claim(learner, activity):
    attend(learner)
    client = client_for(learner)

    first = call(client, "post", CLAIMS, {})
    second = call(client, "post", CLAIMS, {})

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json()["claimed_now"] == []
    assert Claim.objects.count() == 1


@pytest.mark.parametrize("role", COURSE_TEAM)
def test_the_course_team_reads_a_status_that_says_only_learners_claim(request, activity, role):
    response = call(client_for(user_for(request, role)), "get", CLAIMS)

    assert response.status_code == 200
    assert response.json()["reason"] == "Only learners enrolled in this course can claim credits."


@pytest.mark.parametrize("role", COURSE_TEAM)
def test_the_course_team_cannot_claim(request, activity, role):
    user = user_for(request, role)
    attend(user)

    response = call(client_for(user), "post", CLAIMS)

    assert_error(response, 403)
    assert unchanged()


@pytest.mark.parametrize("role", STRANGERS)
def test_strangers_see_no_activity(request, activity, role):
    client = client_for(user_for(request, role))

    assert_error(call(client, "get", CLAIMS), 404)
    assert_error(call(client, "post", CLAIMS), 404)
    assert unchanged()


def test_anonymous_is_refused(activity):
    client = client_for(None)

    assert_error(call(client, "get", CLAIMS), ANONYMOUS_STATUS)
    assert_error(call(client, "post", CLAIMS), ANONYMOUS_STATUS)
    assert_error(call(client, "get", MY_CREDITS), ANONYMOUS_STATUS)
    assert unchanged()


def test_every_role_is_covered():
    assert set(COURSE_TEAM) | set(STRANGERS) | {"anonymous", "learner"} == set(ROLES)


def test_another_learner_reads_only_their_own_status(learner, other_learner, activity):
    attend(learner)
    call(client_for(learner), "post", CLAIMS)

    body = call(client_for(other_learner), "get", CLAIMS).json()

    assert (body["units"][0]["earned"], body["units"][0]["claimed"]) == ("0.0", None)


# Refusals ---------------------------------------------------------------------------------------------


def test_nothing_to_claim_is_a_400_that_says_why(learner, activity):
    attend(learner, 40 * 60)

    body = assert_error(call(client_for(learner), "post", CLAIMS), 400, "units")

    assert "Attend longer" in body["message"]
    assert unchanged()


def test_a_disabled_course_is_a_403(course_staff, learner, activity):
    attend(learner)
    api.set_course_switch(course_staff.id, COURSE_KEY, False)

    body = assert_error(call(client_for(learner), "post", CLAIMS), 403)

    assert body["error"] == "feature_disabled"
    assert unchanged()


def test_a_live_session_that_ended_is_a_409(course_staff, learner, activity):
    start = clock.now() - timedelta(hours=3)
    api.configure_activity(
        course_staff.id,
        USAGE_KEY,
        {
            "display_name": "Webinar",
            "mode": "live",
            "live_start": start.isoformat(),
            "live_end": (start + timedelta(hours=1)).isoformat(),
        },
    )
    attend(learner)

    body = assert_error(call(client_for(learner), "post", CLAIMS), 409)

    assert body["message"] == "Claims closed when the live session ended."
    assert unchanged()


@pytest.mark.parametrize("key", ["nonsense", "course-v1:DemoX+CE101+2026", "lb:DemoX:lib:html:intro"])
def test_malformed_and_non_course_usage_keys_are_a_400(learner, activity, key):
    client = client_for(learner)

    assert_error(call(client, "get", f"{API}/activities/{quote(key)}/claims/"), 400, "usage_key")
    assert_error(call(client, "post", f"{API}/activities/{quote(key)}/claims/"), 400, "usage_key")


def test_an_unknown_activity_is_a_404(learner, activity):
    other = COURSE_KEY.make_usage_key("attendance", "nope")

    assert_error(call(client_for(learner), "post", f"{API}/activities/{other}/claims/"), 404)


@pytest.mark.parametrize("raw", ["[1, 2]", '"claim"', "3", "null", "{not json"])
def test_a_body_must_be_a_json_object_when_there_is_one(learner, activity, raw):
    attend(learner)

    assert_error(call(client_for(learner), "post", CLAIMS, raw=raw), 400)
    assert unchanged()


def test_a_form_post_is_refused(learner, activity):
    attend(learner)
    client = client_for(learner)

    response = client.post(CLAIMS, {"x": "1"}, HTTP_X_CSRFTOKEN="attendancecsrfsecretattendance32")

    assert_error(response, 415)
    assert unchanged()


def test_a_claim_needs_the_csrf_token(learner, activity):
    attend(learner)

    response = client_for(learner).post(CLAIMS, data=json.dumps({}), content_type="application/json")

    assert_error(response, 403)
    assert unchanged()


def test_other_methods_are_refused(learner, activity):
    for method in ("put", "patch", "delete"):
        assert_error(call(client_for(learner), method, CLAIMS, {}), 405)


# My credits --------------------------------------------------------------------------------------------


def test_my_credits_lists_the_learners_courses_and_totals(learner, activity):
    attend(learner)
    call(client_for(learner), "post", CLAIMS)

    response = call(client_for(learner), "get", MY_CREDITS)

    assert response.status_code == 200
    (course,) = response.json()
    assert (course["course_key"], course["course_name"], course["enrolled"]) == (
        str(COURSE_KEY),
        "Continuing Education 101",
        True,
    )
    assert [activity["activity_name"] for activity in course["activities"]] == ["Replay"]
    assert course["totals"] == [{"acronym": "CPE", "earned": "1.2", "claimed": "1.2"}]


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_my_credits_of_anyone_without_credit_is_empty(request, activity, role):
    response = call(client_for(user_for(request, role)), "get", MY_CREDITS)

    assert response.status_code == 200
    assert response.json() == []


def test_my_credits_is_read_only(learner):
    assert_error(call(client_for(learner), "post", MY_CREDITS, {}), 405)


# Schema and fuzzing --------------------------------------------------------------------------------------


@pytest.fixture
def schema(client):
    return client.get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def component(content: dict[str, Any]) -> str:
    schema = content["application/json"]["schema"]
    return (schema.get("$ref") or schema["items"]["$ref"]).rsplit("/", 1)[-1]


@pytest.mark.parametrize(
    ("path", "method", "answer", "errors"),
    [
        ("/activities/{usage_key}/claims/", "get", "ClaimStatus", {"400", "403", "404"}),
        ("/activities/{usage_key}/claims/", "post", "ClaimResult", {"400", "403", "404", "409"}),
        ("/me/credits/", "get", "MyCreditsCourse", {"403"}),
    ],
)
def test_the_schema_documents_claims_and_their_errors(schema, path, method, answer, errors):
    responses = schema["paths"][API + path][method]["responses"]

    assert component(responses["200"]["content"]) == answer
    assert errors <= set(responses)
    assert {component(responses[status]["content"]) for status in errors} == {"Error"}


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


@FUZZ
@given(body=json_values)
def test_any_body_gives_no_5xx(learner, activity, body):
    response = call(client_for(learner), "post", CLAIMS, body)

    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert response.json()["message"]


@FUZZ
@given(
    key=st.text(
        alphabet=st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="/"), min_size=1
    ),
    method=st.sampled_from(["get", "post"]),
)
def test_any_activity_key_gives_no_5xx(learner, activity, key, method):
    response = call(client_for(learner), method, f"{API}/activities/{quote(key, safe='')}/claims/", {})

    assert response.status_code < 500, response.content
    assert not Claim.objects.exists()
