"""Claims, the quiz gate, My credits and the CE log entries (DESIGN section 7, seeds 000 and 004)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attendance_app import api
from attendance_app.exceptions import Conflict, FeatureDisabled, InvalidInput, NotAuthorized, NotFound
from attendance_app.models import Activity, ActivityLogEntry, Attendance, Claim
from attendance_app.platform.standalone.models import Grade, TrackedEvent
from tests.factories import (
    COURSE_KEY,
    OTHER_COURSE_KEY,
    CourseFactory,
    EnrollmentFactory,
    GradableItemFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "replay")
LIVE_KEY = COURSE_KEY.make_usage_key("attendance", "webinar")
RECORDED = {"display_name": "Replay", "mode": "recorded", "live_start": (T0 - timedelta(days=1)).isoformat()}
MINUTE = 60


@pytest.fixture
def cpe(org_admin):
    """NASBA's CPE: 50 minutes, fifths, rounded down, at least 1.0."""
    return api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})


@pytest.fixture
def activity(course_staff, cpe):
    api.configure_activity(course_staff.id, USAGE_KEY, RECORDED)
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": cpe.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    return Activity.objects.get(usage_key=USAGE_KEY)


def attend(user, usage_key, seconds, hits=3):
    """The ledger after ``seconds`` of confirmed presence (what heartbeats and answers leave behind)."""
    attendance, _created = Attendance.objects.update_or_create(
        user=user,
        activity=Activity.objects.get(usage_key=usage_key),
        defaults={
            "first_join_at": T0,
            "last_beat_at": T0,
            "segment_started_at": T0,
            "credited_seconds": seconds,
            "confirmed_seconds": seconds,
            "hits": hits,
        },
    )
    return attendance


def entries(action):
    return list(ActivityLogEntry.objects.filter(action=action).order_by("id"))


# Status ---------------------------------------------------------------------------------------


def test_a_learner_who_has_not_attended_is_told_to_attend_longer(learner, activity):
    status = api.claim_status(learner.id, USAGE_KEY, T0)

    (unit,) = status["units"]
    assert (unit["acronym"], unit["earned"], unit["claimed"]) == ("CPE", "0.0", None)
    assert unit["claimable"] is False
    assert unit["reason"] == "Attend longer: 0.0 of 1.0 CPE so far."
    assert status["claimable"] is False
    assert status["reason"] == unit["reason"]
    assert status["show_button"] is True


def test_the_status_computes_units_from_confirmed_seconds(learner, activity):
    attend(learner, USAGE_KEY, 60 * MINUTE, hits=4)

    status = api.claim_status(learner.id, USAGE_KEY, T0)

    assert status["units"][0]["earned"] == "1.2"
    assert status["units"][0]["claimable"] is True
    assert (status["claimable"], status["reason"], status["time"], status["hits"]) == (
        True,
        None,
        "01:00:00",
        4,
    )
    assert status["courseware_path"] == f"/courses/{COURSE_KEY}/jump_to/{USAGE_KEY}"


def test_the_status_of_the_course_team_says_only_learners_claim(course_staff, activity):
    status = api.claim_status(course_staff.id, USAGE_KEY, T0)

    assert status["show_button"] is False
    assert status["reason"] == "Only learners enrolled in this course can claim credits."


def test_outsiders_and_anonymous_get_no_status(outsider, activity):
    with pytest.raises(NotFound):
        api.claim_status(outsider.id, USAGE_KEY, T0)
    with pytest.raises(NotAuthorized):
        api.claim_status(None, USAGE_KEY, T0)


def test_a_disabled_course_hides_the_button_and_says_why(course_staff, learner, activity):
    api.set_course_switch(course_staff.id, COURSE_KEY, False)
    attend(learner, USAGE_KEY, 60 * MINUTE)

    status = api.claim_status(learner.id, USAGE_KEY, T0)

    assert (status["show_button"], status["claimable"]) == (False, False)
    assert status["reason"] == "Attendance tracking is not enabled for this course."


def test_external_units_are_left_out_of_this_slice(course_staff, org_admin, learner, activity):
    external = api.create_unit(
        org_admin.id,
        {
            "org": "DemoX",
            "managed_by": "external",
            "acronym": "EXT",
            "name": "Ext",
            "external_url": "https://x.example/",
        },
    )
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": external.id})

    status = api.claim_status(learner.id, USAGE_KEY, T0)

    assert [unit["acronym"] for unit in status["units"]] == ["CPE"]


# The button: live while live, recorded from its start on ------------------------------------------


@pytest.fixture
def live(course_staff, cpe, learner):
    api.configure_activity(
        course_staff.id,
        LIVE_KEY,
        {
            "display_name": "Webinar",
            "mode": "live",
            "live_start": T0.isoformat(),
            "live_end": (T0 + timedelta(hours=1)).isoformat(),
        },
    )
    api.add_rule(course_staff.id, LIVE_KEY, {"unit_id": cpe.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    attend(learner, LIVE_KEY, 55 * MINUTE)


@pytest.mark.parametrize(
    ("moment", "shown", "reason"),
    [
        (T0 - timedelta(seconds=1), False, "Claims open when the live session starts."),
        (T0, True, None),
        (T0 + timedelta(minutes=59), True, None),
        # The grace after the end (30 minutes by default) lets the last prompt be answered and claimed.
        (T0 + timedelta(hours=1, minutes=29, seconds=59), True, None),
        (T0 + timedelta(hours=1, minutes=30), False, "Claims closed when the live session ended."),
        (T0 + timedelta(days=3), False, "Claims closed when the live session ended."),
    ],
)
def test_a_live_activity_shows_the_button_only_while_live(learner, live, moment, shown, reason):
    status = api.claim_status(learner.id, LIVE_KEY, moment)

    assert status["show_button"] is shown
    assert status["claimable"] is shown
    assert status["reason"] == reason


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (T0 - timedelta(days=1, seconds=1), False),
        (T0 - timedelta(days=1), True),
        (T0 + timedelta(days=365), True),
    ],
)
def test_a_recorded_activity_shows_the_button_from_its_start_on(learner, activity, moment, shown):
    attend(learner, USAGE_KEY, 60 * MINUTE)

    status = api.claim_status(learner.id, USAGE_KEY, moment)

    assert status["show_button"] is shown
    assert status["claimable"] is shown


def test_claiming_a_live_session_after_it_ended_is_a_conflict(learner, live):
    with pytest.raises(Conflict, match="ended"):
        api.claim_credits(learner.id, LIVE_KEY, T0 + timedelta(hours=2))
    assert not Claim.objects.exists()


def test_claiming_before_a_live_session_starts_is_a_conflict(learner, live):
    with pytest.raises(Conflict, match="starts"):
        api.claim_credits(learner.id, LIVE_KEY, T0 - timedelta(minutes=5))


def test_claiming_during_a_live_session_works(learner, live):
    result = api.claim_credits(learner.id, LIVE_KEY, T0 + timedelta(minutes=55))

    assert result["claimed_now"] == [{"acronym": "CPE", "units": "1.0"}]


def test_a_classroom_activity_without_a_mark_has_nothing_to_claim(course_staff, learner, activity):
    api.configure_activity(course_staff.id, USAGE_KEY, {"display_name": "Workshop", "mode": "classroom"})

    with pytest.raises(InvalidInput, match="Attend longer"):
        api.claim_credits(learner.id, USAGE_KEY, T0)
    assert not Claim.objects.exists()


# Claiming -------------------------------------------------------------------------------------


def test_a_claim_snapshots_units_seconds_hits_and_date(learner, activity):
    attend(learner, USAGE_KEY, 60 * MINUTE, hits=4)

    result = api.claim_credits(learner.id, USAGE_KEY, T0)

    claim = Claim.objects.get()
    assert (claim.user, claim.activity, claim.unit.acronym) == (learner, activity, "CPE")
    assert (str(claim.units), claim.confirmed_seconds, claim.hits) == ("1.20", 3600, 4)
    assert claim.claimed_at == claim.updated_at == T0
    assert claim.source == "attendance"
    assert result["claimed_now"] == [{"acronym": "CPE", "units": "1.2"}]
    assert result["units"][0]["claimed"] == "1.2"
    assert result["units"][0]["reason"] == "Already claimed: 1.2 CPE."


def test_a_second_identical_claim_changes_nothing_and_succeeds(learner, activity):
    attend(learner, USAGE_KEY, 60 * MINUTE)
    api.claim_credits(learner.id, USAGE_KEY, T0)

    again = api.claim_credits(learner.id, USAGE_KEY, T0 + timedelta(minutes=1))

    claim = Claim.objects.get()
    assert again["claimed_now"] == []
    assert claim.updated_at == T0
    assert len(entries("CE claimed")) == 1
    assert TrackedEvent.objects.filter(name="attendance.credits.claimed").count() == 1


def test_claiming_later_raises_the_claim(learner, activity):
    attend(learner, USAGE_KEY, 60 * MINUTE, hits=4)
    api.claim_credits(learner.id, USAGE_KEY, T0)
    attend(learner, USAGE_KEY, 71 * MINUTE, hits=5)

    result = api.claim_credits(learner.id, USAGE_KEY, T0 + timedelta(hours=1))

    claim = Claim.objects.get()
    assert (str(claim.units), claim.confirmed_seconds, claim.hits) == ("1.40", 71 * MINUTE, 5)
    assert (claim.claimed_at, claim.updated_at) == (T0, T0 + timedelta(hours=1))
    assert result["claimed_now"] == [{"acronym": "CPE", "units": "1.4"}]


@pytest.mark.parametrize("duration", [{"minutes": 55}, {"hours": 1, "minutes": 40}])
def test_a_claim_never_lowers(org_admin, learner, activity, cpe, duration):
    attend(learner, USAGE_KEY, 60 * MINUTE)
    api.claim_credits(learner.id, USAGE_KEY, T0)
    # A longer unit now computes 1.0 (55 min) or nothing (100 min: below the 1.0 minimum).
    api.update_unit(org_admin.id, cpe.id, duration)

    result = api.claim_credits(learner.id, USAGE_KEY, T0 + timedelta(hours=1))

    assert str(Claim.objects.get().units) == "1.20"
    assert result["units"][0]["claimed"] == "1.2"
    assert result["claimed_now"] == []


def test_a_claim_emits_a_tracking_event(learner, activity):
    attend(learner, USAGE_KEY, 60 * MINUTE, hits=4)
    api.claim_credits(learner.id, USAGE_KEY, T0)
    attend(learner, USAGE_KEY, 71 * MINUTE, hits=5)
    api.claim_credits(learner.id, USAGE_KEY, T0 + timedelta(hours=1))

    first, second = TrackedEvent.objects.filter(name="attendance.credits.claimed").order_by("id")
    assert first.user_id == learner.id
    claim = Claim.objects.get(user=learner)
    assert first.data == {
        "course_id": str(COURSE_KEY),
        "activity_id": str(USAGE_KEY),
        "user_id": learner.id,
        "claim_id": claim.id,
        "unit_id": activity.unit_rules.get().unit_id,
        "unit_acronym": "CPE",
        "units": "1.2",
        "previous_units": None,
        "hits": 4,
        "source": "attendance",
    }
    assert (second.data["units"], second.data["previous_units"]) == ("1.4", "1.2")
    earned = TrackedEvent.objects.filter(name="attendance.units.earned").order_by("id")
    assert [(event.data["units"], event.data["seconds"]) for event in earned] == [
        ("1.2", 3600.0),
        ("1.4", 4260.0),
    ]


def test_other_learners_claims_are_their_own(learner, other_learner, activity):
    attend(learner, USAGE_KEY, 60 * MINUTE)
    api.claim_credits(learner.id, USAGE_KEY, T0)

    status = api.claim_status(other_learner.id, USAGE_KEY, T0)

    assert status["units"][0]["claimed"] is None
    assert status["units"][0]["earned"] == "0.0"


def test_a_claim_takes_every_claimable_unit_at_once(course_staff, org_admin, learner, activity):
    ceu = api.create_unit(org_admin.id, {"org": "DemoX", "template": "ceu"})
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": ceu.id})
    attend(learner, USAGE_KEY, 60 * MINUTE)

    result = api.claim_credits(learner.id, USAGE_KEY, T0)

    assert result["claimed_now"] == [{"acronym": "CPE", "units": "1.2"}, {"acronym": "CEU", "units": "0.1"}]
    assert Claim.objects.count() == 2


# Refusals ------------------------------------------------------------------------------------------


def nothing_changed():
    return (
        not Claim.objects.exists()
        and not ActivityLogEntry.objects.exists()
        and not TrackedEvent.objects.exists()
    )


def test_anonymous_cannot_claim(activity):
    with pytest.raises(NotAuthorized):
        api.claim_credits(None, USAGE_KEY, T0)
    assert nothing_changed()


def test_outsiders_cannot_see_the_activity_to_claim(outsider, activity):
    with pytest.raises(NotFound):
        api.claim_credits(outsider.id, USAGE_KEY, T0)
    assert nothing_changed()


@pytest.mark.parametrize("role", ["course_staff", "instructor", "org_admin", "global_staff"])
def test_the_course_team_does_not_claim_without_enrolling(request, activity, role):
    user = request.getfixturevalue(role)
    attend(user, USAGE_KEY, 60 * MINUTE)

    with pytest.raises(NotAuthorized, match="enrolled"):
        api.claim_credits(user.id, USAGE_KEY, T0)
    assert nothing_changed()


def test_an_unenrolled_learner_cannot_claim(learner, activity):
    attend(learner, USAGE_KEY, 60 * MINUTE)
    learner.enrollment_set.update(is_active=False)

    with pytest.raises(NotFound):
        api.claim_credits(learner.id, USAGE_KEY, T0)
    assert nothing_changed()


def test_claims_need_tracking_enabled(course_staff, learner, activity):
    attend(learner, USAGE_KEY, 60 * MINUTE)
    api.set_course_switch(course_staff.id, COURSE_KEY, False)

    with pytest.raises(FeatureDisabled):
        api.claim_credits(learner.id, USAGE_KEY, T0)
    assert nothing_changed()


def test_unknown_and_archived_activities_are_not_found(learner, activity):
    with pytest.raises(NotFound):
        api.claim_credits(learner.id, COURSE_KEY.make_usage_key("attendance", "nope"), T0)
    api.archive_activity(USAGE_KEY, T0)
    with pytest.raises(NotFound):
        api.claim_credits(learner.id, USAGE_KEY, T0)
    assert nothing_changed()


def test_nothing_earned_is_refused_with_the_reason(learner, activity):
    attend(learner, USAGE_KEY, 40 * MINUTE)

    with pytest.raises(InvalidInput) as refused:
        api.claim_credits(learner.id, USAGE_KEY, T0)

    assert refused.value.message == "Nothing to claim yet. Attend longer: 0.0 of 1.0 CPE so far."
    assert refused.value.field_errors == {"units": ["Attend longer: 0.0 of 1.0 CPE so far."]}
    assert nothing_changed()


def test_an_activity_without_units_has_nothing_to_claim(course_staff, learner):
    api.configure_activity(course_staff.id, USAGE_KEY, RECORDED)
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    attend(learner, USAGE_KEY, 60 * MINUTE)

    with pytest.raises(InvalidInput, match="awards no credit units"):
        api.claim_credits(learner.id, USAGE_KEY, T0)


# The quiz gate -------------------------------------------------------------------------------------


@pytest.fixture
def quiz(course_staff, activity):
    item = GradableItemFactory(display_name="Module 1 quiz")
    rule = activity.unit_rules.get()
    api.update_rule(
        course_staff.id, USAGE_KEY, rule.id, {"quiz_usage_key": str(item.usage_key), "min_grade": "70"}
    )
    return item


def test_an_unattempted_quiz_blocks_the_claim(learner, quiz):
    attend(learner, USAGE_KEY, 60 * MINUTE)

    with pytest.raises(InvalidInput) as refused:
        api.claim_credits(learner.id, USAGE_KEY, T0)

    assert "Score at least 70 % on “Module 1 quiz” first (not attempted yet)." in refused.value.message
    assert nothing_changed()


def test_a_grade_below_min_grade_blocks_the_claim_and_says_the_grade(learner, quiz):
    attend(learner, USAGE_KEY, 60 * MINUTE)
    Grade.objects.create(user=learner, usage_key=quiz.usage_key, percent=55)

    with pytest.raises(InvalidInput) as refused:
        api.claim_credits(learner.id, USAGE_KEY, T0)

    assert "Score at least 70 % on “Module 1 quiz” first (your grade: 55 %)." in refused.value.message
    status = api.claim_status(learner.id, USAGE_KEY, T0)
    assert status["units"][0]["quiz"] == {
        "usage_key": str(quiz.usage_key),
        "name": "Module 1 quiz",
        "min_grade": "70.00",
        "grade": 55.0,
        "passed": False,
    }


@pytest.mark.parametrize("grade", [70, 70.5, 100])
def test_a_grade_at_or_above_min_grade_lets_the_claim_through(learner, quiz, grade):
    attend(learner, USAGE_KEY, 60 * MINUTE)
    Grade.objects.create(user=learner, usage_key=quiz.usage_key, percent=grade)

    result = api.claim_credits(learner.id, USAGE_KEY, T0)

    assert result["claimed_now"] == [{"acronym": "CPE", "units": "1.2"}]
    assert result["units"][0]["quiz"]["passed"] is True


def test_a_grade_just_below_min_grade_is_below(learner, quiz):
    attend(learner, USAGE_KEY, 60 * MINUTE)
    Grade.objects.create(user=learner, usage_key=quiz.usage_key, percent=69.99)

    with pytest.raises(InvalidInput, match=r"your grade: 69\.99 %"):
        api.claim_credits(learner.id, USAGE_KEY, T0)


def test_a_quiz_gate_blocks_only_its_own_unit(course_staff, org_admin, learner, activity):
    ceu = api.create_unit(org_admin.id, {"org": "DemoX", "template": "ceu"})
    item = GradableItemFactory(display_name="Final exam")
    api.add_rule(
        course_staff.id,
        USAGE_KEY,
        {"unit_id": ceu.id, "quiz_usage_key": str(item.usage_key), "min_grade": 80},
    )
    attend(learner, USAGE_KEY, 60 * MINUTE)

    result = api.claim_credits(learner.id, USAGE_KEY, T0)

    assert result["claimed_now"] == [{"acronym": "CPE", "units": "1.2"}]
    ceu_status = result["units"][1]
    assert (ceu_status["acronym"], ceu_status["claimable"]) == ("CEU", False)
    assert ceu_status["reason"] == "Score at least 80 % on “Final exam” first (not attempted yet)."


# Double clicks and concurrency --------------------------------------------------------------------


def test_a_claim_that_loses_the_insert_race_reads_the_winners_row(learner, activity, cpe):
    """Another request inserts the claim between our read and our insert: we re-read, one row stays."""
    attend(learner, USAGE_KEY, 60 * MINUTE, hits=4)
    raced = []

    def concurrent_insert(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if (
            not raced
            and sql.startswith("SELECT")
            and connection.ops.quote_name("attendance_app_claim") in sql
        ):
            raced.append(sql)
            Claim.objects.create(
                user=learner, activity=activity, unit=cpe, units="1.2", claimed_at=T0, updated_at=T0
            )
        return result

    with connection.execute_wrapper(concurrent_insert):
        result = api.claim_credits(learner.id, USAGE_KEY, T0 + timedelta(seconds=1))

    assert raced
    claim = Claim.objects.get()
    assert claim.updated_at == T0  # the winner's row, untouched: it already had as much
    assert result["claimed_now"] == []
    assert result["units"][0]["claimed"] == "1.2"


@pytest.mark.mysql
@pytest.mark.django_db(transaction=True)
def test_a_double_click_makes_one_claim_on_mariadb(learner, activity):
    attend(learner, USAGE_KEY, 60 * MINUTE)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def click():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            outcomes.append(api.claim_credits(learner.id, USAGE_KEY, T0)["claimed_now"])
        except Exception as error:  # reported by the assertion below
            outcomes.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes, key=len) == [[], [{"acronym": "CPE", "units": "1.2"}]], outcomes
    assert Claim.objects.count() == 1
    assert ActivityLogEntry.objects.filter(action="CE claimed").count() == 1


# The activity log (seed 004) ---------------------------------------------------------------------------


def test_the_first_claim_logs_ce_earned_and_ce_claimed(learner, activity):
    attend(learner, USAGE_KEY, 60 * MINUTE)

    api.claim_credits(learner.id, USAGE_KEY, T0)

    (earned,) = entries("CE earned")
    (claimed,) = entries("CE claimed")
    for entry in (earned, claimed):
        assert (entry.user, entry.course_key, entry.activity) == (learner, COURSE_KEY, activity)
        assert (entry.category, entry.label, entry.created_at) == ("CE/CME", "1.2 CPE", T0)
        assert (entry.content_id, entry.content_name) == (str(USAGE_KEY), "Replay")
        assert entry.content_slug == f"/courses/{COURSE_KEY}/jump_to/{USAGE_KEY}"


def test_ce_earned_is_logged_once_and_every_raise_logs_ce_claimed(learner, activity):
    attend(learner, USAGE_KEY, 60 * MINUTE)
    api.claim_credits(learner.id, USAGE_KEY, T0)
    attend(learner, USAGE_KEY, 71 * MINUTE)
    api.claim_credits(learner.id, USAGE_KEY, T0 + timedelta(hours=1))
    api.claim_credits(learner.id, USAGE_KEY, T0 + timedelta(hours=2))

    assert [entry.label for entry in entries("CE earned")] == ["1.2 CPE"]
    assert [entry.label for entry in entries("CE claimed")] == ["1.2 CPE", "1.4 CPE"]


def test_an_entry_with_a_once_key_is_added_once(learner, activity):
    added = [
        api.log_activity(learner.id, COURSE_KEY, "CE/CME", "CE earned", "1 CPE", T0, once_key="k")
        for _ in range(2)
    ]

    assert added == [True, False]
    assert ActivityLogEntry.objects.get().content_id == ""


def test_a_claimed_unit_cannot_be_deleted(course_staff, org_admin, learner, activity, cpe):
    attend(learner, USAGE_KEY, 60 * MINUTE)
    api.claim_credits(learner.id, USAGE_KEY, T0)
    rule = activity.unit_rules.get()
    api.remove_rule(course_staff.id, USAGE_KEY, rule.id)

    with pytest.raises(Conflict, match="claimed"):
        api.delete_unit(org_admin.id, cpe.id)


def test_a_claim_stays_visible_after_its_rule_is_removed(course_staff, learner, activity):
    attend(learner, USAGE_KEY, 60 * MINUTE)
    api.claim_credits(learner.id, USAGE_KEY, T0)
    api.remove_rule(course_staff.id, USAGE_KEY, activity.unit_rules.get().id)

    (unit,) = api.claim_status(learner.id, USAGE_KEY, T0)["units"]

    assert (unit["claimed"], unit["claimable"]) == ("1.2", False)
    assert unit["reason"] == "This activity no longer awards CPE."
    assert api.claim_credits(learner.id, USAGE_KEY, T0)["claimed_now"] == []


# My credits ----------------------------------------------------------------------------------------------


@pytest.fixture
def site_cpe(global_staff):
    return api.create_unit(global_staff.id, {"org": "", "template": "cpe"})


def add_activity(author, usage_key, unit, name, **settings):
    api.configure_activity(author.id, usage_key, {**RECORDED, "display_name": name, **settings})
    api.add_rule(author.id, usage_key, {"unit_id": unit.id})
    api.set_course_switch(author.id, usage_key.course_key, True)


def test_my_credits_lists_attended_activities_per_course_with_totals(global_staff, learner, site_cpe):
    CourseFactory(course_key=OTHER_COURSE_KEY, display_name="Another course")
    EnrollmentFactory(user=learner, course_key=OTHER_COURSE_KEY)
    first, second = (COURSE_KEY.make_usage_key("attendance", name) for name in ("a", "b"))
    elsewhere = OTHER_COURSE_KEY.make_usage_key("attendance", "c")
    not_attended = COURSE_KEY.make_usage_key("attendance", "d")
    for key, name in ((first, "A"), (second, "B"), (elsewhere, "C"), (not_attended, "D")):
        add_activity(global_staff, key, site_cpe, name)
    attend(learner, first, 60 * MINUTE)
    attend(learner, second, 50 * MINUTE)
    attend(learner, elsewhere, 100 * MINUTE)
    api.claim_credits(learner.id, first, T0)

    courses = api.my_credits(learner.id, T0)

    assert [(course["course_name"], course["enrolled"]) for course in courses] == [
        ("Another course", True),
        ("Continuing Education 101", True),
    ]
    demo = courses[1]
    assert [activity["activity_name"] for activity in demo["activities"]] == ["A", "B"]
    assert [(unit["earned"], unit["claimed"]) for unit in demo["activities"][0]["units"]] == [("1.2", "1.2")]
    assert [activity["claimable"] for activity in demo["activities"]] == [False, True]
    assert demo["totals"] == [{"acronym": "CPE", "earned": "2.2", "claimed": "1.2"}]
    assert api.credit_totals(courses) == [{"acronym": "CPE", "earned": "4.2", "claimed": "1.2"}]


def test_my_credits_keeps_claimed_credit_of_a_course_left_behind(learner, activity):
    attend(learner, USAGE_KEY, 60 * MINUTE)
    api.claim_credits(learner.id, USAGE_KEY, T0)
    learner.enrollment_set.update(is_active=False)

    (course,) = api.my_credits(learner.id, T0)

    assert course["enrolled"] is False
    (status,) = course["activities"]
    assert (status["units"][0]["claimed"], status["claimable"]) == ("1.2", False)


def test_my_credits_leaves_out_unclaimed_activities_of_courses_left_behind(learner, activity):
    attend(learner, USAGE_KEY, 60 * MINUTE)
    learner.enrollment_set.update(is_active=False)

    assert api.my_credits(learner.id, T0) == []


def test_my_credits_shows_only_the_learners_own_credit(learner, other_learner, activity):
    attend(other_learner, USAGE_KEY, 60 * MINUTE)
    api.claim_credits(other_learner.id, USAGE_KEY, T0)

    assert api.my_credits(learner.id, T0) == []


def test_my_credits_needs_a_user():
    with pytest.raises(NotAuthorized):
        api.my_credits(None, T0)


def test_my_credits_costs_the_same_queries_for_two_or_eight_activities(course_staff, learner, cpe):
    def build(first, last):
        for index in range(first, last):
            key = COURSE_KEY.make_usage_key("attendance", f"a{index}")
            add_activity(course_staff, key, cpe, f"Activity {index}")
            rule = Activity.objects.get(usage_key=key).unit_rules.get()
            if index % 2:
                item = GradableItemFactory()
                api.update_rule(
                    course_staff.id, key, rule.id, {"quiz_usage_key": str(item.usage_key), "min_grade": 50}
                )
                Grade.objects.create(user=learner, usage_key=item.usage_key, percent=80)
            attend(learner, key, 60 * MINUTE)
            api.claim_credits(learner.id, key, T0)

    build(0, 2)
    with CaptureQueriesContext(connection) as two:
        api.my_credits(learner.id, T0)
    build(2, 8)
    with CaptureQueriesContext(connection) as eight:
        courses = api.my_credits(learner.id, T0)

    assert len(courses[0]["activities"]) == 8
    assert len(two.captured_queries) == len(eight.captured_queries) == 9


def test_a_users_enrollments_come_from_the_platform(learner):
    EnrollmentFactory(user=learner, course_key=OTHER_COURSE_KEY)
    EnrollmentFactory(user=UserFactory(), course_key=OTHER_COURSE_KEY)
    EnrollmentFactory(user=learner, course_key=OTHER_COURSE_KEY.replace(run="old"), is_active=False)

    from attendance_app.platform import get_backend

    assert get_backend().enrolled_course_keys(learner.id) == [COURSE_KEY, OTHER_COURSE_KEY]
