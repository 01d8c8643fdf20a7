"""A beat signed in by its renewed token alone: one statement, and the bounds of that trust (ADR 0034).

Over HTTP with the session as the browser has it: the block's token is checked against the session
and its user; the reply's token, bound to that session cookie, signs the next beats in without the
session or the user row, until ``ATTENDANCE_BEAT_SESSION_CHECK_SECONDS`` passed since the check.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attendance_app import api, clock
from attendance_app.api import presence_steady_sql
from attendance_app.api.presence_config import forget_presence_config
from attendance_app.api.presence_tokens import read_token, renew_token, signed_in_claims
from attendance_app.exceptions import NotAuthorized
from attendance_app.models import Attendance
from tests.attendance_app.rest_api.utils import client_for, post_beat, recorded_page_token
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "replay")
S = 1_000_000


@pytest.fixture
def page(course_staff, learner):
    """The learner's page: their client and the block's token."""
    return client_for(learner), recorded_page_token(course_staff, learner, USAGE_KEY)


def credited(learner) -> int:
    return Attendance.objects.get(user=learner).credited_us


def test_a_renewed_token_signs_the_next_beat_in_with_its_update_alone(learner, page, at):
    client, token = page
    _status, first = post_beat(client, token)  # the session and the user are checked, the row created
    at(10)
    _status, second = post_beat(client, first["token"])  # the block's row is read: no copy in the token yet
    at(20)

    with CaptureQueriesContext(connection) as queries:
        status, third = post_beat(client, second["token"])

    assert status == 200
    assert [query["sql"].split()[0] for query in queries.captured_queries] == ["UPDATE"]
    assert credited(learner) == 20 * S
    assert third["credited_seconds"] == 20
    checked = read_token(second["token"], learner.id).checked_at
    assert read_token(third["token"], learner.id).checked_at == checked  # not checked again


def test_a_stale_copy_of_the_row_writes_nothing_and_the_beat_credits_from_the_row(learner, page, at):
    client, token = page
    _status, first = post_beat(client, token)
    at(10)
    _status, tab_a = post_beat(client, first["token"])
    at(20)
    _status, _tab_b = post_beat(client, first["token"])  # a second tab: its copy is the first beat's
    at(30)

    status, replayed = post_beat(client, tab_a["token"])  # tab A's copy is stale now (tab B wrote)

    assert status == 200
    assert credited(learner) == 30 * S  # never more than the wall clock since the first beat
    assert replayed["credited_seconds"] == 30


def test_an_old_token_replayed_later_adds_only_the_time_since_the_last_beat(learner, page, at):
    client, token = page
    _status, reply = post_beat(client, token)
    kept = reply["token"]
    for second in (10, 20, 30):
        at(second)
        _status, reply = post_beat(client, reply["token"])
    at(35)

    post_beat(client, kept)  # the reply of the first beat, sent again

    assert credited(learner) == 35 * S


def test_after_a_logout_the_bound_token_is_refused_and_credits_nothing(learner, page, at):
    client, token = page
    _status, first = post_beat(client, token)
    at(10)
    _status, second = post_beat(client, first["token"])
    client.logout()
    at(20)

    status, refused = post_beat(client, second["token"])

    assert status in (401, 403)
    assert set(refused) >= {"error", "message"}
    assert credited(learner) == 10 * S


def test_another_users_session_cannot_use_the_token(learner, page, at):
    client, token = page
    _status, first = post_beat(client, token)
    other = get_user_model().objects.create_user("other", password="x")
    at(10)

    status, refused = post_beat(client_for(other), first["token"])

    assert status == 403
    assert refused["error"] == "not_authorized"
    assert credited(learner) == 0


def test_a_deactivation_stops_the_credit_when_the_session_is_next_checked(learner, page, at, settings):
    settings.ATTENDANCE_BEAT_SESSION_CHECK_SECONDS = 60
    client, token = page
    _status, reply = post_beat(client, token)
    learner.is_active = False
    learner.save()
    for second in (15, 30, 45):  # signed in by the token: within the interval, as documented
        at(second)
        status, reply = post_beat(client, reply["token"])
        assert status == 200
    at(60)

    status, _refused = post_beat(client, reply["token"])

    assert status in (401, 403)
    assert credited(learner) == 45 * S


def test_the_session_is_checked_again_once_the_interval_passed(learner, page, at, settings):
    settings.ATTENDANCE_BEAT_SESSION_CHECK_SECONDS = 60
    client, token = page
    _status, reply = post_beat(client, token)
    first = read_token(reply["token"], learner.id).checked_at
    checks = []
    for second in range(15, 181, 15):
        at(second)
        _status, reply = post_beat(client, reply["token"])
        checks.append(read_token(reply["token"], learner.id).checked_at - first)

    assert credited(learner) == 180 * S
    # Checked again at 60, 120 and 180 seconds; signed in by the token alone between.
    assert checks == [0, 0, 0, 60, 60, 60, 60, 120, 120, 120, 120, 180]


def test_zero_checks_the_session_on_every_beat(learner, page, at, settings):
    settings.ATTENDANCE_BEAT_SESSION_CHECK_SECONDS = 0
    client, token = page
    _status, reply = post_beat(client, token)
    at(10)

    with CaptureQueriesContext(connection) as queries:
        post_beat(client, reply["token"])

    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "django_session" in tables
    assert "auth_user" in tables


def test_a_token_only_signs_in_with_the_cookie_it_is_bound_to_and_a_recent_check(learner, page):
    client, token = page
    _status, reply = post_beat(client, token)
    now = clock.now()
    cookie = client.cookies["sessionid"].value
    claims = read_token(reply["token"], learner.id)

    assert signed_in_claims(reply["token"], cookie, now) == claims
    assert signed_in_claims(reply["token"], cookie + "x", now) is None
    assert signed_in_claims(reply["token"], None, now) is None
    assert signed_in_claims(token, cookie, now) is None  # the block's token: never bound
    assert signed_in_claims(reply["token"], cookie, now + timedelta(seconds=300)) is None
    assert signed_in_claims(reply["token"], cookie, now - timedelta(seconds=5)) is None  # checked "later"
    assert signed_in_claims(reply["token"][:-2] + "xx", cookie, now) is None
    unbound = renew_token(claims, claims.state, None, None)
    assert signed_in_claims(unbound, cookie, now) is None


def test_renewals_never_outlive_the_blocks_first_token(learner, page, settings):
    client, token = page
    _status, reply = post_beat(client, token)
    later = clock.now() + timedelta(seconds=settings.ATTENDANCE_TOKEN_MAX_AGE_SECONDS + 1)

    assert signed_in_claims(reply["token"], client.cookies["sessionid"].value, later) is None
    with pytest.raises(NotAuthorized, match="expired"):
        read_token(reply["token"], learner.id, later)


@pytest.mark.parametrize(
    "state",
    [
        None,
        (),
        (1,) * 10,
        ("1",) * 11,
        (True,) * 11,
        (1, 1, 1, 1, 1, 1, 1, 1, None, None, 2),
        (0, 1, 1, 1, 1, 1, 1, 1, None, None, 0),
        (1, 10**30, 1, 1, 1, 1, 1, 1, None, None, 0),
    ],
)
def test_a_malformed_copy_of_the_row_is_ignored(state):
    assert presence_steady_sql.from_state(1, 1, state) is None


def test_a_copy_from_before_a_missed_prompt_cannot_bring_the_discarded_time_back(
    learner, page, at, settings, org_admin, course_staff
):
    settings.ATTENDANCE_PROMPT_INTERVAL_SECONDS = 60
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": cpe.id})  # prompts: a unit is credited
    client, token = page
    forget_presence_config([read_token(token, learner.id).activity_id])
    _status, reply = post_beat(client, token)
    assert _status == 200, reply
    second, before_prompt = 0, reply
    while not reply.get("prompt") and second < 180:  # strict (the default): a miss discards the pending
        before_prompt = reply
        second += 5
        at(second)
        status, reply = post_beat(client, reply["token"])
        assert status == 200, reply
    at(second + 13)  # the prompt's time ran out (10 s and 2 s of grace)
    _status, missed = post_beat(client, reply["token"])
    assert missed["last_prompt"]["outcome"] == "missed"
    row = Attendance.objects.get(user=learner)
    assert row.misses == 1
    assert row.pending_us == 13 * S  # only this beat's time: the time before the prompt is gone
    at(second + 14)  # within a rejoin's gap of the copy's beat: the copy would be credited on

    status, replayed = post_beat(client, before_prompt["token"])  # its copy still has the pending time

    assert status == 200
    assert credited(learner) == row.credited_us + 1 * S
    assert replayed["pending_seconds"] == 14


def test_a_row_written_since_the_copy_is_never_overwritten_from_it(learner, page, at):
    client, token = page
    _status, reply = post_beat(client, token)
    at(10)
    _status, reply = post_beat(client, reply["token"])  # the copy: 10 s credited (no prompts: confirmed)
    Attendance.objects.filter(user=learner).update(credited_us=0, confirmed_us=0, misses=1)  # another write
    at(15)

    status, after = post_beat(client, reply["token"])

    assert status == 200
    row = Attendance.objects.get(user=learner)
    assert (row.credited_us, row.confirmed_us, row.misses) == (5 * S, 5 * S, 1)
    assert (after["credited_seconds"], after["confirmed_seconds"]) == (5, 5)


def test_the_blocks_token_and_its_renewals_name_the_course_run(learner, page):
    client, token = page
    _status, reply = post_beat(client, token)

    assert read_token(token, learner.id).course_key == str(COURSE_KEY)
    assert read_token(reply["token"], learner.id).course_key == str(COURSE_KEY)
