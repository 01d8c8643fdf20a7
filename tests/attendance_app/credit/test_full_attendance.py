"""Full attendance earns full credit, in exact integer time (issue 14 points 1 to 3, ADR 0008).

Through the real presence API and the database: beats, prompts answered, the tail prompt and the claim.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attendance_app import api
from attendance_app.api import presence
from attendance_app.credit.units import computed_units_us
from attendance_app.exceptions import Conflict, InvalidInput
from attendance_app.models import Attendance, PromptEvidence
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

S = 1_000_000
H = 15
START = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
END = START + timedelta(minutes=50)
LIVE_KEY = COURSE_KEY.make_usage_key("attendance", "webinar")
REPLAY_KEY = COURSE_KEY.make_usage_key("attendance", "replay")


@pytest.fixture
def cpe(org_admin, course_staff):
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    return api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})


@pytest.fixture
def webinar(course_staff, cpe):
    window = {
        "display_name": "Webinar",
        "mode": "live",
        "live_start": START.isoformat(),
        "live_end": END.isoformat(),
    }
    api.configure_activity(course_staff.id, LIVE_KEY, window)
    api.add_rule(course_staff.id, LIVE_KEY, {"unit_id": cpe.id})
    return LIVE_KEY


@pytest.fixture
def replay(course_staff, cpe):
    opened = {
        "display_name": "Replay",
        "mode": "recorded",
        "live_start": (START - timedelta(days=1)).isoformat(),
    }
    api.configure_activity(course_staff.id, REPLAY_KEY, opened)
    api.add_rule(course_staff.id, REPLAY_KEY, {"unit_id": cpe.id})
    return REPLAY_KEY


ANSWERS: list[dict] = []  # the replies to every answer of the last attend(), newest last


def attend(learner, usage_key, moments, video=None):
    """Beat at each moment with the last reply's token and answer every prompt at once; the last reply."""
    token = api.start_presence(learner.id, usage_key, moments[0])["token"]
    ANSWERS.clear()
    rng = random.Random(7)
    reply = None
    for index, moment in enumerate(moments):
        payload = {"token": token, **(video(index) if video else {})}
        reply = api.record_beat(learner.id, token, payload, moment, rng)
        token = reply["token"]  # as the page does: the next beat starts from this reply's row (ADR 0034)
        if reply["prompt"]:
            reply = api.answer_prompt(
                learner.id, token, reply["prompt"]["nonce"], moment + timedelta(seconds=1)
            )
            ANSWERS.append(reply)
    return reply


def steady(first, last, every=H):
    moments, moment = [], first
    while moment < last:
        moments.append(moment)
        moment += timedelta(seconds=every)
    return [*moments, last]


def test_a_50_minute_webinar_attended_start_to_end_earns_exactly_one_cpe_claimable(learner, webinar):
    reply = attend(learner, webinar, steady(START, END + timedelta(seconds=5)))

    assert (reply["confirmed_seconds"], reply["credited_seconds"], reply["pending_seconds"]) == (
        3000,
        3000,
        0,
    )
    assert (reply["time"], reply["units"][0]["units"]) == ("00:50:00", "1.0")
    status = api.claim_status(learner.id, webinar, END + timedelta(seconds=5))
    assert (status["units"][0]["earned"], status["claimable"]) == ("1.0", True)
    # The answer to the last prompt carried the same figures for the "Your credits" panel.
    assert ANSWERS[-1]["claim"]["units"][0]["earned"] == ANSWERS[-1]["units"][0]["units"] == "1.0"
    claimed = api.claim_credits(learner.id, webinar, END + timedelta(minutes=2))
    assert [(unit["units"], unit["acronym"]) for unit in claimed["claimed_now"]] == [("1.0", "CPE")]


def test_the_prompt_after_the_live_end_is_the_last_one(learner, webinar):
    attend(learner, webinar, steady(START, END + timedelta(minutes=5)))

    final = PromptEvidence.objects.order_by("shown_at").last()
    assert START <= final.shown_at - timedelta(seconds=H) < END <= final.shown_at
    assert not PromptEvidence.objects.filter(outcome="shown").exists()
    kinds = list(PromptEvidence.objects.order_by("shown_at").values_list("kind", flat=True))
    assert kinds == ["regular"] * (len(kinds) - 1) + ["final"]  # kept for the audit pack


jittered_50_minutes = st.lists(st.integers(-2 * S, 2 * S), min_size=199, max_size=199)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(jitter=jittered_50_minutes)
def test_50_minutes_of_irregular_beats_are_exactly_3000_seconds_and_one_cpe(learner, replay, jitter):
    Attendance.objects.all().delete()
    # Beats every 15 s give or take up to 2 s (to the microsecond), the first and last exactly 50 min apart.
    # (Gaps of 13 to 17 s, never more than two heartbeats.)
    moments = [
        START + timedelta(microseconds=15 * S * i + offset) for i, offset in enumerate(jitter, start=1)
    ]
    reply = attend(learner, replay, [START, *moments, START + timedelta(minutes=50)])

    assert Attendance.objects.get().confirmed_us == 3000 * S
    assert (reply["confirmed_seconds"], reply["time"], reply["units"][0]["units"]) == (
        3000,
        "00:50:00",
        "1.0",
    )


@st.composite
def live_schedules(draw):
    """Beats without gaps (each within two heartbeats of the last) from before the start to after the end."""
    first = START - timedelta(microseconds=draw(st.integers(0, 60 * S)))
    moments = [first]
    while moments[-1] < END:
        moments.append(moments[-1] + timedelta(microseconds=draw(st.integers(S // 10, 2 * H * S))))
    return moments


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.large_base_example,
        HealthCheck.too_slow,
    ],
)
@given(moments=live_schedules())
def test_full_attendance_confirms_everything_attended_in_the_window(learner, webinar, moments, cpe):
    Attendance.objects.all().delete()
    attend(learner, webinar, moments)

    attendance = Attendance.objects.get()
    attended_us = (min(moments[-1], END) - max(moments[0], START)) // timedelta(microseconds=1)
    assert attendance.confirmed_us == attendance.credited_us == attended_us
    assert attendance.pending_us == 0
    status = api.claim_status(learner.id, webinar, END)
    expected = computed_units_us(
        attended_us, cpe.duration_seconds, cpe.increment, cpe.rounding, cpe.minimum_credit
    )
    assert status["units"][0]["earned"] == str(expected)


def test_a_recorded_video_watched_to_the_end_is_confirmed_in_full(course_staff, learner, replay):
    api.configure_activity(
        course_staff.id,
        REPLAY_KEY,
        {
            "display_name": "Replay",
            "mode": "recorded",
            "live_start": "2026-11-01T00:00:00Z",
            "video_url": "/v.webm",
        },
    )
    moments = steady(START, START + timedelta(minutes=50))

    def played(index):
        previous = (moments[index - 1] - START).total_seconds() if index else 0
        now = (moments[index] - START).total_seconds()
        return {"video": {"ranges": [[previous, now]] if index else [], "duration": 3000}}

    reply = attend(learner, REPLAY_KEY, moments, video=played)

    assert reply["viewed_to_end"] is True
    assert (reply["confirmed_seconds"], reply["units"][0]["units"]) == (3000, "1.0")


def test_ranges_on_the_first_beat_count_nothing(course_staff, learner, replay):
    api.configure_activity(
        course_staff.id,
        REPLAY_KEY,
        {
            "display_name": "Replay",
            "mode": "recorded",
            "live_start": "2026-11-01T00:00:00Z",
            "video_url": "/v.webm",
        },
    )
    token = api.start_presence(learner.id, REPLAY_KEY, START)["token"]

    api.record_beat(
        learner.id, token, {"token": token, "video": {"ranges": [[0, 3000]], "duration": 3000}}, START
    )

    attendance = Attendance.objects.get()
    assert (attendance.video_us, attendance.viewed_to_end, attendance.video_ranges) == (0, False, [])


def test_a_shorter_replacement_video_clips_the_stored_ranges_and_beats_go_on(course_staff, learner, replay):
    api.configure_activity(
        course_staff.id,
        REPLAY_KEY,
        {
            "display_name": "Replay",
            "mode": "recorded",
            "live_start": "2026-11-01T00:00:00Z",
            "video_url": "/v.webm",
        },
    )
    token = api.start_presence(learner.id, REPLAY_KEY, START)["token"]
    for second in range(0, 61, 15):
        ranges = [[max(0, second - 15), second]] if second else []
        api.record_beat(
            learner.id,
            token,
            {"token": token, "video": {"ranges": ranges, "duration": 600}},
            START + timedelta(seconds=second),
        )

    # The author swaps in a 30-second video: the stored [0, 60] no longer fits it.
    reply = api.record_beat(
        learner.id,
        token,
        {"token": token, "video": {"ranges": [[0, 10]], "duration": 30}},
        START + timedelta(seconds=75),
    )

    attendance = Attendance.objects.get()
    assert attendance.video_ranges == [[0.0, 30.0]]
    assert (attendance.video_us, reply["viewed_to_end"]) == (30 * S, True)


def test_ranges_without_a_duration_are_bounded_by_the_last_known_one(course_staff, learner, replay):
    api.configure_activity(
        course_staff.id,
        REPLAY_KEY,
        {
            "display_name": "Replay",
            "mode": "recorded",
            "live_start": "2026-11-01T00:00:00Z",
            "video_url": "/v.webm",
        },
    )
    token = api.start_presence(learner.id, REPLAY_KEY, START)["token"]
    api.record_beat(learner.id, token, {"token": token, "video": {"ranges": [], "duration": 20}}, START)

    api.record_beat(
        learner.id, token, {"token": token, "video": {"ranges": [[10, 500]]}}, START + timedelta(seconds=30)
    )

    assert Attendance.objects.get().video_ranges == [[10.0, 20.0]]


@pytest.mark.parametrize(
    "moment", ["2026-02-30T10:00:00+00:00", "2026-13-01T10:00:00+00:00", "2026-11-24T25:00:00Z"]
)
def test_an_impossible_client_time_is_a_clear_refusal(learner, replay, moment):
    token = api.start_presence(learner.id, REPLAY_KEY, START)["token"]

    with pytest.raises(InvalidInput, match="ISO 8601"):
        api.record_beat(learner.id, token, {"token": token, "client_time": moment}, START)
    assert not Attendance.objects.exists()


def test_a_first_beat_that_loses_the_race_is_a_conflict(learner, replay):
    """The IntegrityError path, deterministically: the other tab's first beat inserted the row first."""
    token = api.start_presence(learner.id, REPLAY_KEY, START)["token"]
    claims = presence.read_token(token, learner.id)
    api.record_beat(learner.id, token, {"token": token}, START)  # the winning tab

    with pytest.raises(Conflict, match="Another tab"):
        presence._first_beat(
            claims, presence.presence_config(claims.activity_id), None, START, random.Random(0)
        )
    assert Attendance.objects.count() == 1


def test_an_expired_prompt_is_settled_by_a_settle_beat_that_credits_nothing(learner, replay, settings):
    settings.ATTENDANCE_PROMPT_INTERVAL_SECONDS = 60
    cache.clear()
    token = api.start_presence(learner.id, REPLAY_KEY, START)["token"]
    moment, reply = START, None
    while not (reply and reply["prompt"]):
        reply = api.record_beat(learner.id, token, {"token": token}, moment, random.Random(1))
        moment += timedelta(seconds=H)
    shown = moment - timedelta(seconds=H)
    credited = Attendance.objects.get().credited_us

    settled = api.record_beat(
        learner.id, token, {"token": token, "settle": True}, shown + timedelta(seconds=13)
    )

    assert (settled["misses"], settled["pending_seconds"], settled["last_prompt"]["outcome"]) == (
        1,
        0,
        "missed",
    )
    assert Attendance.objects.get().credited_us == credited
    assert settled["claim"]["units"][0]["earned"] == "0.0"
