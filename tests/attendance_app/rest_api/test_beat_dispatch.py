"""``presence/beat/`` answers the common beat without DRF's dispatch (ADR 0033), with DRF's answers.

The rest of the suite sends its beats over HTTP through the fast path; these tests pin the requests
it must hand to DRF, and that both give the same answer.
"""

from __future__ import annotations

import json

import pytest

from attendance_app.models import Attendance
from tests.attendance_app.rest_api.utils import API, CSRF_SECRET, call, client_for, recorded_page_token
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "replay")
BEAT = f"{API}/presence/beat/"


@pytest.fixture
def token(course_staff, learner):
    return recorded_page_token(course_staff, learner, USAGE_KEY)


def test_the_fast_answer_is_drfs_compact_utf8_json(learner, token):
    response = call(client_for(learner), "post", BEAT, {"token": token})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.content.decode("utf-8")
    assert body == json.dumps(json.loads(body), ensure_ascii=False, separators=(",", ":"))
    assert Attendance.objects.filter(user=learner).count() == 1


def test_a_beat_with_an_authorization_header_goes_through_drf_with_the_same_answer(learner, token):
    client = client_for(learner)
    fast = call(client, "post", BEAT, {"token": token})
    through_drf = client.post(
        BEAT,
        data=json.dumps({"token": token}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=CSRF_SECRET,
        HTTP_AUTHORIZATION="Basic bm9ib2R5Om5vdGhpbmc=",  # no such scheme here: DRF falls to the session
    )

    assert through_drf.status_code == fast.status_code == 200
    assert set(through_drf.json()) == set(fast.json())


def test_a_user_deactivated_since_the_page_opened_is_refused_as_drf_refuses(learner, token):
    client = client_for(learner)
    learner.is_active = False
    learner.save()

    response = call(client, "post", BEAT, {"token": token})

    assert response.status_code in (401, 403)
    assert set(response.json()) >= {"error", "message"}
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("content_type", "raw", "status"),
    [
        ("text/plain", '{"token": "x"}', 415),
        ("application/json", "[1, 2]", 400),
        ("application/json", '{"token": ', 400),
    ],
)
def test_bodies_the_fast_path_declines_get_drfs_answer(learner, token, content_type, raw, status):
    response = client_for(learner).post(
        BEAT, data=raw, content_type=content_type, HTTP_X_CSRFTOKEN=CSRF_SECRET
    )

    assert response.status_code == status
    assert set(response.json()) >= {"error", "message"}
    assert not Attendance.objects.exists()


def test_a_failed_csrf_check_gets_drfs_403_and_writes_nothing(learner, token):
    response = client_for(learner).post(
        BEAT, data=json.dumps({"token": token}), content_type="application/json", HTTP_X_CSRFTOKEN="wrong" * 8
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]
    assert not Attendance.objects.exists()


def test_a_forged_token_is_mapped_by_the_api_exception_handler(learner, token):
    response = call(client_for(learner), "post", BEAT, {"token": token[:-2] + "xx"})

    assert response.status_code == 403
    assert response.json()["error"] == "not_authorized"
    assert not Attendance.objects.exists()
