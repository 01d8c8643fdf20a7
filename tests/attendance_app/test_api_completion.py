"""Completion: reported once, from the server, when confirmed presence earns one whole unit."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache

from attendance_app import api
from attendance_app.api.completion import completion_due, completion_met, report_completion_if_met
from attendance_app.api.presence_config import presence_config
from attendance_app.models import Activity, Attendance
from attendance_app.platform.standalone.models import Completion
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "completion")
US = 1_000_000  # the ledger keeps whole microseconds
CPE_SECONDS = 50 * 60


@pytest.fixture
def activity(course_staff, org_admin, settings):
    settings.ATTENDANCE_PROMPT_INTERVAL_SECONDS = 60
    cache.clear()
    api.configure_activity(
        course_staff.id,
        USAGE_KEY,
        {"display_name": "Replay", "mode": "recorded", "live_start": "2026-11-01T00:00:00Z"},
    )
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": cpe.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    return Activity.objects.get(usage_key=USAGE_KEY)


def completions(user):
    return list(
        Completion.objects.filter(user=user, usage_key=USAGE_KEY).values_list("completion", flat=True)
    )


def attend(learner, until_seconds, start=0):
    """Beat every 15 s and answer every prompt at once; returns the last reply."""
    token = api.start_presence(learner.id, USAGE_KEY, T0)["token"]
    reply = None
    for second in range(start, until_seconds + 1, 15):
        now = T0 + timedelta(seconds=second)
        reply = api.record_beat(learner.id, token, {"token": token}, now, random.Random(second))
        if reply["prompt"]:
            reply = api.answer_prompt(learner.id, token, reply["prompt"]["nonce"], now + timedelta(seconds=1))
    return reply


def test_the_rule_is_one_whole_unit_rounded_as_the_unit_rounds(activity):
    config = presence_config(activity.id)

    assert not completion_met(CPE_SECONDS * US - 1, config)
    assert completion_met(CPE_SECONDS * US, config)
    assert not completion_met(10_000 * US, replace(config, units=()))  # no internal unit: never by attendance


def test_confirmed_time_of_one_unit_completes_the_block_once(learner, activity):
    reply = attend(learner, CPE_SECONDS - 120)
    assert reply["confirmed_seconds"] < CPE_SECONDS
    assert completions(learner) == []

    reply = attend(learner, CPE_SECONDS + 120, start=CPE_SECONDS - 105)

    assert reply["confirmed_seconds"] >= CPE_SECONDS
    assert completions(learner) == [1.0]


def test_beats_after_the_crossing_write_no_completion_again(learner, activity):
    attend(learner, CPE_SECONDS + 120)
    Completion.objects.all().delete()

    attend(learner, CPE_SECONDS + 600, start=CPE_SECONDS + 135)

    assert completions(learner) == []


def test_report_only_on_the_crossing(learner, activity):
    config = presence_config(activity.id)
    row = Attendance(user=learner, activity=activity, confirmed_us=CPE_SECONDS * US)

    assert not report_completion_if_met(row, config, confirmed_before=CPE_SECONDS * US)
    assert completions(learner) == []
    assert report_completion_if_met(row, config, confirmed_before=(CPE_SECONDS - 10) * US)
    assert completions(learner) == [1.0]


def test_completion_due_reads_the_learners_confirmed_time(learner, other_learner, activity):
    Attendance.objects.create(
        user=learner,
        activity=activity,
        first_join_at=T0,
        last_beat_at=T0,
        segment_started_at=T0,
        confirmed_us=CPE_SECONDS * US,
    )

    assert completion_due(learner.id, USAGE_KEY)
    assert not completion_due(other_learner.id, USAGE_KEY)
    assert not completion_due(None, USAGE_KEY)
    assert not completion_due(learner.id, COURSE_KEY.make_usage_key("attendance", "unknown"))
