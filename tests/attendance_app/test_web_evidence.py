"""The course team's evidence page: visits and prompts per learner; nobody else sees it."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.test import Client

from attendance_app import api
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db
USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "replay")
URL = f"/attendance/activities/{USAGE_KEY}/evidence/"
T0 = datetime(2026, 11, 24, 10, tzinfo=UTC)


@pytest.fixture
def attended(course_staff, org_admin, learner, settings):
    settings.ATTENDANCE_PROMPT_INTERVAL_SECONDS = 30
    api.configure_activity(
        course_staff.id,
        USAGE_KEY,
        {"display_name": "Replay <1>", "mode": "recorded", "live_start": "2026-01-01T00:00Z"},
    )
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": cpe.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    token = api.start_presence(learner.id, USAGE_KEY, T0)["token"]
    for second in range(0, 76, 15):
        reply = api.record_beat(learner.id, token, {}, T0 + timedelta(seconds=second), random.Random(1))
        if reply["prompt"]:
            api.answer_prompt(learner.id, token, reply["prompt"]["nonce"], T0 + timedelta(seconds=second + 3))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_course_staff_see_totals_visits_and_prompts(course_staff, attended):
    response = signed_in(course_staff).get(URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Replay &lt;1&gt;" in content
    assert "learner" in content
    assert "Answered" in content
    assert "00:01:15" in content  # total time


@pytest.mark.parametrize("who", ["learner", "outsider"])
def test_learners_and_outsiders_are_refused(request, attended, who):
    response = signed_in(request.getfixturevalue(who)).get(URL)

    assert response.status_code == 403
    assert b"learner (" not in response.content


def test_a_malformed_key_is_a_clear_400(course_staff):
    response = signed_in(course_staff).get("/attendance/activities/nonsense/evidence/")

    assert response.status_code == 400


def test_times_keep_the_utc_instant_for_the_browser_and_durations_read_hh_mm_ss(course_staff, attended):
    content = signed_in(course_staff).get(URL).content.decode()

    assert (
        '<time datetime="2026-11-24T10:00:00Z" data-attendance-local>2026-11-24 10:00:00 UTC</time>'
        in content
    )
    assert "attendance/js/local-time.js" in content
    assert "00:00:03" in content  # a prompt answered after 3 s
    assert "Answered after (ms)" not in content
    assert "+00:00" not in content


def test_the_viewers_zone_writes_times_on_the_server():
    template = Template("{% load attendance_pages %}{% local_time moment %}")
    moment = "2026-11-24T10:00:00+00:00"

    shown = template.render(Context({"moment": moment, "viewer_zone": ZoneInfo("America/New_York")}))

    assert shown == '<time datetime="2026-11-24T10:00:00Z">2026-11-24 05:00:00 EST</time>\n'


def test_the_page_leads_back_to_the_activity_and_shows_who_is_signed_in(course_staff, attended):
    content = signed_in(course_staff).get(URL).content.decode()

    assert f'href="/courses/{COURSE_KEY}/jump_to/{USAGE_KEY}"' in content
    assert f"Signed in as {course_staff.get_full_name()}" in content
