"""External units over HTTP: the learner's link for every role, and the signed callback."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from attendance_app import api
from attendance_app.models import CallbackReceipt, Claim
from tests.attendance_app.rest_api.utils import (
    API,
    ROLES,
    assert_error,
    call,
    client_for,
    user_for,
)
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "webinar")
EXTERNAL_URL = "https://board.example.com/claim?a={{activityID}}&p={{personID}}&e={{eventID}}"


@pytest.fixture
def board(org_admin):
    return api.create_unit(
        org_admin.id,
        {
            "org": "DemoX",
            "managed_by": "external",
            "acronym": "BRD",
            "name": "Board",
            "external_url": EXTERNAL_URL,
        },
    )


@pytest.fixture
def activity(course_staff, board):
    api.configure_activity(
        course_staff.id,
        USAGE_KEY,
        {"display_name": "Webinar", "mode": "recorded", "live_start": "2026-01-01T00:00Z"},
    )
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": board.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    return USAGE_KEY


def link_url(unit_id: int) -> str:
    return f"{API}/activities/{USAGE_KEY}/external-url/{unit_id}/"


def callback_url(unit_id: int) -> str:
    return f"{API}/external/units/{unit_id}/callback/"


# The learner's link -------------------------------------------------------------------------------


EXPECTED_LINK_STATUS = {
    "anonymous": 401,
    "learner": 200,
    "other_learner": 200,
    "outsider": 404,
    "other_course_staff": 404,
    "course_staff": 403,
    "instructor": 403,
    "other_org_admin": 404,
    "org_admin": 403,
    "global_staff": 403,
}


@pytest.mark.parametrize("role", [*ROLES, "other_learner"])
def test_only_enrolled_learners_get_their_link(request, board, activity, role):
    user = user_for(request, role)

    response = call(client_for(user), "get", link_url(board.id))

    expected = EXPECTED_LINK_STATUS[role]
    if expected != 200:
        assert_error(response, expected)
        return
    query = parse_qs(urlsplit(response.json()["url"]).query)
    assert query == {"a": [str(USAGE_KEY)], "p": [str(user.id)], "e": [str(COURSE_KEY)]}


def test_each_learner_gets_their_own_person_id(learner, other_learner, board, activity):
    mine = call(client_for(learner), "get", link_url(board.id)).json()["url"]
    theirs = call(client_for(other_learner), "get", link_url(board.id)).json()["url"]

    assert f"p={learner.id}&" in mine
    assert f"p={other_learner.id}&" in theirs


def test_the_link_of_a_bad_usage_key_is_a_400(learner, board, activity):
    assert_error(call(client_for(learner), "get", f"{API}/activities/nope/external-url/{board.id}/"), 400)


# The callback -------------------------------------------------------------------------------------


def post_callback(
    unit: Any, body: bytes, *, secret: str | None = None, key: str = "key-1", **extra: Any
) -> Any:
    stamp = str(int(time.time()))
    digest = hmac.new(
        (unit.callback_secret if secret is None else secret).encode(),
        f"{stamp}.".encode() + body,
        hashlib.sha256,
    ).hexdigest()
    # No session and CSRF checks on, as a server calling in would be.
    return Client(enforce_csrf_checks=True).post(
        callback_url(unit.id),
        data=body,
        content_type="application/json",
        HTTP_X_ATTENDANCE_TIMESTAMP=stamp,
        HTTP_X_ATTENDANCE_SIGNATURE=f"sha256={digest}",
        HTTP_IDEMPOTENCY_KEY=key,
        **extra,
    )


def award(user: Any, units: str = "1.5", **extra: Any) -> bytes:
    return json.dumps(
        {"action": "award", "person_id": user.id, "activity_id": str(USAGE_KEY), "units": units, **extra}
    ).encode()


def test_a_signed_callback_awards_without_session_or_csrf(learner, board, activity):
    response = post_callback(board, award(learner))

    assert response.status_code == 200, response.content
    assert (response.json()["outcome"], response.json()["units"]) == ("awarded", "1.50")
    assert Claim.objects.get(user=learner).source == "external"


def test_a_wrong_signature_is_a_401(learner, board, activity):
    assert_error(post_callback(board, award(learner), secret="guess"), 401)
    assert not Claim.objects.exists()


def test_a_callback_without_signature_is_a_401(learner, board, activity):
    response = Client().post(callback_url(board.id), data=award(learner), content_type="application/json")

    body = assert_error(response, 401)
    assert body["error"] == "bad_signature"


def test_a_logged_in_session_does_not_replace_the_signature(learner, board, activity):
    response = call(client_for(learner), "post", callback_url(board.id), raw=award(learner).decode())

    assert_error(response, 401)
    assert not Claim.objects.exists()


def test_a_retry_gets_the_same_answer_and_another_body_is_a_409(learner, board, activity):
    first = post_callback(board, award(learner))
    again = post_callback(board, award(learner))
    conflict = post_callback(board, award(learner, "3"))

    assert again.json() == first.json()
    assert_error(conflict, 409)
    assert (Claim.objects.get().units, CallbackReceipt.objects.count()) == (1.5, 1)


def test_an_unsigned_caller_cannot_tell_a_known_unit_from_an_unknown_one(org_admin, learner, board, activity):
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    unsigned = [
        Client().post(callback_url(unit_id), data=award(learner), content_type="application/json")
        for unit_id in (board.id, board.id + 100, cpe.id)
    ]
    badly_signed = post_callback(cpe, award(learner), secret="x")

    answers = [(response.status_code, response.json()) for response in [*unsigned, badly_signed]]
    assert all(answer == answers[0] for answer in answers), answers
    assert answers[0][0] == 401
    assert answers[0][1]["error"] == "bad_signature"
    assert "BRD" not in str(answers)
    assert "CPE" not in str(answers)


def test_malformed_json_is_a_400(learner, board, activity):
    assert_error(post_callback(board, b'{"action": "award",'), 400)
    assert not CallbackReceipt.objects.exists()


def test_an_unknown_learner_is_a_404_naming_the_field(board, activity):
    body = json.dumps({"action": "award", "person_id": 424242, "activity_id": str(USAGE_KEY), "units": "1"})

    assert_error(post_callback(board, body.encode()), 404, "person_id")


def test_a_body_over_16_kib_is_a_413(learner, board, activity):
    response = post_callback(board, award(learner, reference="r" * (16 * 1024 + 1)))

    assert_error(response, 413)
    assert not Claim.objects.exists()


def test_a_badly_signed_form_post_is_a_401(learner, board, activity):
    response = Client().post(
        callback_url(board.id),
        data="action=award",
        content_type="application/x-www-form-urlencoded",
        HTTP_X_ATTENDANCE_TIMESTAMP="1",
        HTTP_X_ATTENDANCE_SIGNATURE="sha256=00",
        HTTP_IDEMPOTENCY_KEY="k",
    )

    assert_error(response, 401)


def test_the_callback_has_no_get(board):
    assert Client().get(callback_url(board.id)).status_code == 405


def test_the_schema_documents_both_endpoints(global_staff):
    response = call(client_for(global_staff), "get", f"{API}/schema/", {"format": "json"})

    paths = response.json()["paths"]
    callback = paths["/api/attendance/v1/external/units/{unit_id}/callback/"]["post"]
    assert {"200", "401", "409", "413"} <= set(callback["responses"])
    assert {parameter["name"] for parameter in callback["parameters"]} >= {
        "X-Attendance-Timestamp",
        "X-Attendance-Signature",
        "Idempotency-Key",
    }
    assert "/api/attendance/v1/activities/{usage_key}/external-url/{unit_id}/" in paths
