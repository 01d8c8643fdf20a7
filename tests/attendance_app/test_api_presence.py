"""Presence: heartbeats, the time ledger, prompts and their evidence (DESIGN section 6)."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.core import signing
from django.core.cache import cache

from attendance_app import api
from attendance_app.exceptions import Conflict, FeatureDisabled, InvalidInput, NotAuthorized, NotFound
from attendance_app.models import Attendance, PromptEvidence, Segment
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "replay")
RECORDED = {"display_name": "Replay", "mode": "recorded", "live_start": "2026-11-01T00:00:00Z"}


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def activity(course_staff, org_admin):
    api.configure_activity(course_staff.id, USAGE_KEY, RECORDED)
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": cpe.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    return cpe


@pytest.fixture
def token(activity, learner):
    return api.start_presence(learner.id, USAGE_KEY, T0)["token"]


def beat(learner, token, seconds, rng_seed=0, **payload):
    return api.record_beat(
        learner.id, token, {"token": token, **payload}, at(seconds), random.Random(rng_seed)
    )


def beats(learner, token, until, every=15, start=0):
    reply = None
    for second in range(start, until + 1, every):
        reply = beat(learner, token, second)
    return reply


# Starting ------------------------------------------------------------------------------------


def test_start_gives_a_token_and_the_meter(learner, activity):
    started = api.start_presence(learner.id, USAGE_KEY, T0)

    assert api.read_token(started["token"], learner.id).extension_factor == 1.0
    assert started["meter"]["units"] == [
        {"acronym": "CPE", "name": "Continuing Professional Education", "units": "0.0"}
    ]
    assert started["popup_seconds"] == 10


def test_nothing_is_tracked_for_outsiders_anonymous_or_disabled_courses(
    course_staff, learner, outsider, activity
):
    assert api.start_presence(outsider.id, USAGE_KEY, T0) is None
    assert api.start_presence(None, USAGE_KEY, T0) is None
    api.set_course_switch(course_staff.id, COURSE_KEY, False)
    assert api.start_presence(learner.id, USAGE_KEY, T0) is None


def test_classroom_activities_have_no_online_presence(course_staff, learner, activity):
    api.configure_activity(course_staff.id, USAGE_KEY, {"display_name": "Workshop", "mode": "classroom"})

    assert api.start_presence(learner.id, USAGE_KEY, T0) is None


# Heartbeats -----------------------------------------------------------------------------------


def test_beats_credit_the_time_between_them(learner, token):
    beat(learner, token, 0)
    reply = beats(learner, token, 60, start=15)

    assert reply["credited_seconds"] == 60
    assert Attendance.objects.get().first_join_at == T0


def test_a_long_gap_is_a_rejoin_that_credits_nothing_and_closes_a_visit(learner, token):
    beats(learner, token, 30)
    reply = beat(learner, token, 300)

    assert (reply["credited_seconds"], reply["rejoins"]) == (30, 1)
    (segment,) = Segment.objects.all()
    assert (segment.started_at, segment.ended_at) == (at(0), at(30))


def test_two_tabs_count_once(learner, token):
    for second in range(0, 61, 15):
        beat(learner, token, second)
        reply = beat(learner, token, second)  # the second tab's beat at the same moment

    assert reply["credited_seconds"] == 60


def test_live_sessions_count_only_inside_the_window(course_staff, learner, activity):
    window = {
        "display_name": "Live",
        "mode": "live",
        "live_start": at(30).isoformat(),
        "live_end": at(60).isoformat(),
    }
    api.configure_activity(course_staff.id, USAGE_KEY, window)
    token = api.start_presence(learner.id, USAGE_KEY, T0)["token"]

    reply = beats(learner, token, 90)

    assert reply["credited_seconds"] == 30
    assert reply["tracking"] == "ended"


def test_recorded_sessions_count_nothing_before_they_open(course_staff, learner, activity):
    api.configure_activity(course_staff.id, USAGE_KEY, {**RECORDED, "live_start": at(3600).isoformat()})
    token = api.start_presence(learner.id, USAGE_KEY, T0)["token"]

    reply = beats(learner, token, 60)

    assert (reply["credited_seconds"], reply["tracking"]) == (0, "not_started")


def test_a_beat_dated_in_the_future_is_refused(learner, token):
    with pytest.raises(InvalidInput, match="future"):
        beat(learner, token, 0, client_time=at(3600).isoformat())
    assert not Attendance.objects.exists()


def test_a_steady_beat_costs_two_statements(learner, token, django_assert_num_queries):
    beats(learner, token, 30)

    with django_assert_num_queries(2):  # a narrow read, a conditional UPDATE (ADR 0026)
        beat(learner, token, 45)


# Tokens ---------------------------------------------------------------------------------------


class SignedHoursAgo(signing.TimestampSigner):
    """Signs as if it were seven hours ago: tokens live six hours by default."""

    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) - 7 * 3600)


def test_forged_expired_and_borrowed_tokens_are_refused(learner, other_learner, token):
    with pytest.raises(NotAuthorized):
        beat(learner, token + "x", 0)
    with pytest.raises(NotAuthorized, match="another user"):
        api.record_beat(other_learner.id, token, {}, T0)
    forged = signing.dumps({"u": learner.id, "a": 1, "x": 10}, salt="another.salt")
    with pytest.raises(NotAuthorized):
        api.record_beat(learner.id, forged, {}, T0)
    expired = SignedHoursAgo(salt="attendance_app.presence").sign_object({"u": learner.id, "a": 1, "x": 1})
    with pytest.raises(NotAuthorized, match="expired"):
        api.record_beat(learner.id, expired, {}, T0)
    assert not Attendance.objects.exists()


def test_beats_stop_counting_when_the_course_is_switched_off(course_staff, learner, token):
    beat(learner, token, 0)
    api.set_course_switch(course_staff.id, COURSE_KEY, False)
    cache.clear()  # the switch reaches beats within the cache's 30 seconds

    with pytest.raises(FeatureDisabled):
        beat(learner, token, 15)


# Prompts --------------------------------------------------------------------------------------


@pytest.fixture
def short_prompts(settings):
    settings.ATTENDANCE_PROMPT_INTERVAL_SECONDS = 60
    cache.clear()


def first_prompt(learner, token):
    for second in range(0, 121, 15):
        reply = beat(learner, token, second)
        if reply["prompt"]:
            return second, reply
    raise AssertionError("no prompt within two intervals")


def test_a_prompt_comes_once_per_interval_at_a_random_moment(learner, token, short_prompts):
    second, reply = first_prompt(learner, token)

    assert 6 <= reply["credited_seconds"] <= 60 + 15
    prompt = reply["prompt"]
    assert prompt["seconds"] == 10
    assert datetime.fromisoformat(prompt["deadline"]) == at(second + 12)  # pop-up + 2 s grace
    assert PromptEvidence.objects.get().outcome == "shown"


def test_answering_in_time_confirms_the_time_and_counts_a_hit(learner, token, short_prompts):
    second, reply = first_prompt(learner, token)
    pending = reply["pending_seconds"]

    answered = api.answer_prompt(learner.id, token, reply["prompt"]["nonce"], at(second + 4))

    assert (answered["hits"], answered["confirmed_seconds"], answered["pending_seconds"]) == (1, pending, 0)
    evidence = PromptEvidence.objects.get()
    assert (evidence.outcome, evidence.latency_ms) == ("answered", 4000)


def test_a_nonce_works_once(learner, token, short_prompts):
    second, reply = first_prompt(learner, token)
    api.answer_prompt(learner.id, token, reply["prompt"]["nonce"], at(second + 1))

    with pytest.raises(Conflict):
        api.answer_prompt(learner.id, token, reply["prompt"]["nonce"], at(second + 2))
    assert Attendance.objects.get().hits == 1


def test_a_forged_nonce_is_unknown(learner, token, short_prompts):
    second, _reply = first_prompt(learner, token)

    with pytest.raises(NotFound):
        api.answer_prompt(learner.id, token, "forged-nonce-forged-nonce", at(second + 1))


def test_a_late_answer_is_refused_and_the_prompt_counts_as_missed(learner, token, short_prompts):
    second, reply = first_prompt(learner, token)

    with pytest.raises(InvalidInput, match="Too late"):
        api.answer_prompt(learner.id, token, reply["prompt"]["nonce"], at(second + 13))

    attendance = Attendance.objects.get()
    assert (attendance.hits, attendance.misses, attendance.confirmed_seconds) == (0, 1, 0)
    assert PromptEvidence.objects.get().outcome == "missed"


def test_another_learners_prompt_cannot_be_answered(learner, other_learner, token, short_prompts):
    second, reply = first_prompt(learner, token)
    other_token = api.start_presence(other_learner.id, USAGE_KEY, T0)["token"]

    with pytest.raises(NotFound):
        api.answer_prompt(other_learner.id, other_token, reply["prompt"]["nonce"], at(second + 1))
    assert PromptEvidence.objects.get().outcome == "shown"


def test_strict_policy_discards_the_time_of_a_missed_prompt(learner, token, short_prompts):
    second, reply = first_prompt(learner, token)
    pending = reply["pending_seconds"]

    after = beat(learner, token, second + 15)

    assert after["last_prompt"] == {"outcome": "missed", "discarded_seconds": pending}
    assert (after["misses"], after["confirmed_seconds"]) == (1, 0)
    assert after["pending_seconds"] == 15


def test_lenient_policy_keeps_the_time_and_flags_it(course_staff, learner, token, short_prompts):
    api.configure_activity(course_staff.id, USAGE_KEY, {**RECORDED, "missed_prompt_policy": "lenient"})
    second, reply = first_prompt(learner, token)
    pending = reply["pending_seconds"]

    after = beat(learner, token, second + 15)

    assert after["confirmed_seconds"] == pending
    assert Attendance.objects.get().flagged_seconds == pending


def test_the_learners_extension_lengthens_the_deadline(learner, activity, short_prompts):
    api.set_accommodation(learner.id, learner.id, 3)
    token = api.start_presence(learner.id, USAGE_KEY, T0)["token"]

    second, reply = first_prompt(learner, token)

    assert reply["prompt"]["seconds"] == 30
    assert datetime.fromisoformat(reply["prompt"]["deadline"]) == at(second + 32)


def test_computed_units_follow_confirmed_time(learner, token, short_prompts):
    for second in range(0, 3600 + 150, 15):
        reply = beat(learner, token, second)
        if reply["prompt"]:
            reply = api.answer_prompt(learner.id, token, reply["prompt"]["nonce"], at(second + 1))

    # One prompt a minute, all answered: at most the last minute is still waiting for confirmation.
    assert 3600 - 75 <= reply["confirmed_seconds"] <= reply["credited_seconds"] == 3600 + 135
    assert reply["units"][0]["units"] == ("1.2" if reply["confirmed_seconds"] >= 3600 else "1.0")


# Video ----------------------------------------------------------------------------------------


@pytest.fixture
def video_token(course_staff, learner, activity):
    api.configure_activity(course_staff.id, USAGE_KEY, {**RECORDED, "video_url": "/media/replay.webm"})
    return api.start_presence(learner.id, USAGE_KEY, T0)["token"]


def test_video_credit_is_the_union_of_distinct_seconds_played(learner, video_token):
    beat(learner, video_token, 0, video={"ranges": [], "duration": 600})
    beat(learner, video_token, 15, video={"ranges": [[0, 15]], "duration": 600})
    rewatch = beat(learner, video_token, 30, video={"ranges": [[0, 15]], "duration": 600})

    assert rewatch["credited_seconds"] == 15


def test_video_credit_never_exceeds_the_wall_clock(learner, video_token):
    beat(learner, video_token, 0, video={"ranges": [], "duration": 600})
    reply = beat(learner, video_token, 15, video={"ranges": [[0, 120]], "duration": 600})

    assert reply["credited_seconds"] == 15


def test_viewing_to_the_end_is_recorded(learner, video_token):
    beat(learner, video_token, 0, video={"ranges": [], "duration": 20})
    beat(learner, video_token, 15, video={"ranges": [[0, 15]], "duration": 20})
    reply = beat(learner, video_token, 21, video={"ranges": [[15, 20]], "duration": 20})

    assert reply["viewed_to_end"] is True


@pytest.mark.parametrize(
    "video",
    [
        {"ranges": [[-5, 10]], "duration": 600},
        {"ranges": [[20, 10]], "duration": 600},
        {"ranges": [[0, 900]], "duration": 600},
        {"ranges": [[0, 1]] * 1001, "duration": 600},
        {"ranges": "0-10", "duration": 600},
        {"ranges": [[0, 10]], "duration": -1},
        {"ranges": [[0, 10]], "duration": True},
        ["not", "an", "object"],
    ],
)
def test_bad_video_progress_is_refused_and_credits_nothing(learner, video_token, video):
    beat(learner, video_token, 0, video={"ranges": [], "duration": 600})

    with pytest.raises(InvalidInput):
        beat(learner, video_token, 15, video=video)
    assert Attendance.objects.get().credited_seconds == 0


# Evidence and accommodations -------------------------------------------------------------------


def test_staff_see_each_learners_visits_and_prompts(course_staff, learner, token, short_prompts):
    second, reply = first_prompt(learner, token)
    api.answer_prompt(learner.id, token, reply["prompt"]["nonce"], at(second + 2))
    beat(learner, token, second + 300)  # a rejoin

    (evidence,) = api.activity_evidence(course_staff.id, USAGE_KEY)

    assert evidence["username"] == "learner"
    assert [prompt["outcome"] for prompt in evidence["prompts"]] == ["answered"]
    assert len(evidence["segments"]) == 2
    assert evidence["rejoins"] == 1


def test_learners_cannot_see_evidence(learner, token):
    with pytest.raises(NotAuthorized):
        api.activity_evidence(learner.id, USAGE_KEY)


def test_evidence_costs_the_same_for_many_learners(course_staff, activity, django_assert_num_queries):
    from tests.factories import EnrollmentFactory

    for _index in range(4):
        learner = EnrollmentFactory().user
        token = api.start_presence(learner.id, USAGE_KEY, T0)["token"]
        beats(learner, token, 30)
        beat(learner, token, 300)

    with django_assert_num_queries(6):  # permission (2), activity, learners, visits, prompts
        assert len(api.activity_evidence(course_staff.id, USAGE_KEY)) == 4


@pytest.mark.parametrize("factor", [0.5, 11, "2", None, True, float("nan")])
def test_extensions_are_1_to_10(learner, factor):
    with pytest.raises(InvalidInput):
        api.set_accommodation(learner.id, learner.id, factor)


def test_course_staff_grant_extensions_to_their_learners_only(course_staff, learner, outsider, other_learner):
    assert api.set_accommodation(course_staff.id, learner.id, 2.5, course_key=COURSE_KEY) == 2.5
    assert api.get_accommodation(learner.id) == 2.5
    with pytest.raises(NotAuthorized):
        api.set_accommodation(course_staff.id, outsider.id, 2, course_key=COURSE_KEY)
    with pytest.raises(NotAuthorized):
        api.set_accommodation(other_learner.id, learner.id, 2, course_key=COURSE_KEY)


def test_overlapping_ranges_in_one_report_are_refused(learner, video_token):
    beat(learner, video_token, 0, video={"ranges": [], "duration": 600})

    with pytest.raises(InvalidInput, match="overlap"):
        beat(learner, video_token, 15, video={"ranges": [[0, 10], [5, 12]], "duration": 600})
    assert Attendance.objects.get().credited_seconds == 0


def test_a_token_for_an_activity_of_a_course_the_learner_does_not_take_is_refused(
    course_staff, learner, activity
):
    from attendance_app.api.presence import issue_token
    from attendance_app.models import Activity
    from tests.factories import OTHER_COURSE_KEY, AccessRoleFactory

    other_staff = AccessRoleFactory(course_key=OTHER_COURSE_KEY, role="staff").user
    other_key = OTHER_COURSE_KEY.make_usage_key("attendance", "elsewhere")
    api.configure_activity(other_staff.id, other_key, RECORDED)
    api.set_course_switch(other_staff.id, OTHER_COURSE_KEY, True)
    elsewhere = issue_token(learner.id, Activity.objects.get(usage_key=other_key).id, 1.0)

    with pytest.raises(NotAuthorized, match="not enrolled"):
        api.record_beat(learner.id, elsewhere, {}, T0)
    assert not Attendance.objects.exists()


def test_a_learners_new_extension_applies_to_the_pages_next_prompt(learner, token, short_prompts):
    reply = api.set_own_accommodation(learner.id, 2, token)

    assert reply["extension_factor"] == 2
    assert api.read_token(reply["token"], learner.id).extension_factor == 2
    _second, prompt_reply = first_prompt(learner, reply["token"])
    assert prompt_reply["prompt"]["seconds"] == 20


def test_an_extension_with_someone_elses_token_changes_nothing(learner, other_learner, token):
    with pytest.raises(NotAuthorized):
        api.set_own_accommodation(other_learner.id, 2, token)
    assert api.get_accommodation(other_learner.id) == 1


def test_a_beat_that_reports_a_miss_opens_no_prompt_the_page_cannot_see(learner, token, settings):
    # Prompts due every 10 s of credit, beats every 15 s, none answered: the beat that reports a
    # miss is often one where the next prompt is due. Found by the soak (docs/quality.md, "Soak").
    settings.ATTENDANCE_PROMPT_INTERVAL_SECONDS = 10
    cache.clear()
    shown = []
    for second in range(0, 301, 15):
        reply = beat(learner, token, second, rng_seed=second)
        assert not (reply["prompt"] and reply["last_prompt"])
        shown.extend([second] if reply["prompt"] else [])

    assert PromptEvidence.objects.count() == len(shown) >= 8  # the due prompt comes with the next beat
    attendance = Attendance.objects.get()
    assert attendance.misses + (attendance.open_prompt_id is not None) == len(shown)
