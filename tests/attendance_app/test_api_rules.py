"""Activity rules: units, quiz gate and Min Grade, added and removed by the course team."""

from __future__ import annotations

from decimal import Decimal

import pytest

from attendance_app import api, clock
from attendance_app.exceptions import Conflict, InvalidInput, NotAuthorized, NotFound
from attendance_app.models import ActivityUnitRule
from tests.factories import COURSE_KEY, OTHER_COURSE_KEY, GradableItemFactory

pytestmark = pytest.mark.django_db
USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "webinar")


@pytest.fixture
def activity(course_staff):
    api.configure_activity(course_staff.id, USAGE_KEY, {"display_name": "Webinar", "mode": "classroom"})


@pytest.fixture
def cpe(org_admin):
    return api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})


@pytest.fixture
def quiz(course):
    return GradableItemFactory(display_name="Module 1 quiz")


def rule_errors(actor_id, data) -> set[str]:
    with pytest.raises(InvalidInput) as raised:
        api.add_rule(actor_id, USAGE_KEY, data)
    return set(raised.value.field_errors)


def test_author_attaches_a_unit_with_a_quiz_gate(course_staff, activity, cpe, quiz):
    rule = api.add_rule(
        course_staff.id,
        USAGE_KEY,
        {"unit_id": cpe.id, "quiz_usage_key": str(quiz.usage_key), "min_grade": "70"},
    )

    assert (rule.acronym, rule.duration, rule.quiz_name, rule.min_grade) == (
        "CPE",
        "50 min",
        "Module 1 quiz",
        70,
    )
    assert api.list_rules(course_staff.id, USAGE_KEY) == [rule]


def test_several_units_per_activity_and_removal(course_staff, org_admin, activity, cpe):
    ceu = api.create_unit(org_admin.id, {"org": "DemoX", "template": "ceu"})
    first = api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": cpe.id})
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": str(ceu.id)})

    api.remove_rule(course_staff.id, USAGE_KEY, first.id)

    assert [rule.acronym for rule in api.list_rules(course_staff.id, USAGE_KEY)] == ["CEU"]
    with pytest.raises(NotFound):
        api.remove_rule(course_staff.id, USAGE_KEY, first.id)


def test_the_same_unit_twice_is_a_conflict(course_staff, activity, cpe):
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": cpe.id})

    with pytest.raises(Conflict, match="already awards CPE"):
        api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": cpe.id})


@pytest.mark.parametrize("min_grade", ["-1", "100.01", "abc", True, "1e400"])
def test_min_grade_must_be_0_to_100(course_staff, activity, cpe, quiz, min_grade):
    data = {"unit_id": cpe.id, "quiz_usage_key": str(quiz.usage_key), "min_grade": min_grade}

    assert rule_errors(course_staff.id, data) == {"min_grade"}
    assert not ActivityUnitRule.objects.exists()


@pytest.mark.parametrize("min_grade", ["0", "100", 85.5])
def test_min_grade_bounds_are_inclusive(course_staff, activity, cpe, quiz, min_grade):
    rule = api.add_rule(
        course_staff.id,
        USAGE_KEY,
        {"unit_id": cpe.id, "quiz_usage_key": str(quiz.usage_key), "min_grade": min_grade},
    )

    assert rule.min_grade == Decimal(str(min_grade))


def test_quiz_from_another_course_is_refused(course_staff, activity, cpe):
    other_quiz = GradableItemFactory(
        course_key=OTHER_COURSE_KEY, usage_key=OTHER_COURSE_KEY.make_usage_key("problem", "q")
    )

    data = {"unit_id": cpe.id, "quiz_usage_key": str(other_quiz.usage_key), "min_grade": 50}
    assert rule_errors(course_staff.id, data) == {"quiz_usage_key"}


def test_quiz_must_be_gradable_in_this_course(course_staff, activity, cpe):
    data = {
        "unit_id": cpe.id,
        "quiz_usage_key": str(COURSE_KEY.make_usage_key("html", "intro")),
        "min_grade": 50,
    }

    assert rule_errors(course_staff.id, data) == {"quiz_usage_key"}


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({"quiz_usage_key": "not-a-key", "min_grade": 50}, {"quiz_usage_key"}),
        ({"min_grade": 50}, {"min_grade"}),
        ({"quiz_usage_key": "QUIZ"}, {"min_grade"}),
    ],
)
def test_quiz_and_min_grade_go_together(course_staff, activity, cpe, quiz, data, fields):
    if data.get("quiz_usage_key") == "QUIZ":
        data = {**data, "quiz_usage_key": str(quiz.usage_key)}

    assert rule_errors(course_staff.id, {"unit_id": cpe.id, **data}) == fields


@pytest.mark.parametrize("unit_id", [None, "x", 999999, True, [1]])
def test_unknown_units_are_refused(course_staff, activity, unit_id):
    assert rule_errors(course_staff.id, {"unit_id": unit_id}) == {"unit_id"}


def test_archived_units_and_other_orgs_units_cannot_be_added(
    course_staff, org_admin, global_staff, activity, cpe
):
    other = api.create_unit(global_staff.id, {"org": "OtherX", "template": "ceu"})
    api.archive_unit(org_admin.id, cpe.id, clock.now())

    assert rule_errors(course_staff.id, {"unit_id": cpe.id}) == {"unit_id"}
    assert rule_errors(course_staff.id, {"unit_id": other.id}) == {"unit_id"}


def test_site_units_can_be_added(course_staff, global_staff, activity):
    site_unit = api.create_unit(global_staff.id, {"org": "", "template": "ceu"})

    assert api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": site_unit.id}).acronym == "CEU"


def test_rules_need_a_configured_activity(course_staff, cpe):
    with pytest.raises(NotFound, match="Save the activity"):
        api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": cpe.id})


@pytest.mark.parametrize("who", ["learner", "outsider"])
def test_only_the_course_team_changes_rules(request, activity, cpe, who):
    with pytest.raises(NotAuthorized):
        api.add_rule(request.getfixturevalue(who).id, USAGE_KEY, {"unit_id": cpe.id})
    assert not ActivityUnitRule.objects.exists()


def test_learners_see_rules_outsiders_do_not(course_staff, learner, outsider, activity, cpe):
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": cpe.id})

    assert [rule.acronym for rule in api.list_rules(learner.id, USAGE_KEY)] == ["CPE"]
    with pytest.raises(NotFound):
        api.list_rules(outsider.id, USAGE_KEY)


def test_update_changes_quiz_and_grade(course_staff, activity, cpe, quiz):
    rule = api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": cpe.id})

    updated = api.update_rule(
        course_staff.id, USAGE_KEY, rule.id, {"quiz_usage_key": str(quiz.usage_key), "min_grade": 80}
    )

    assert (updated.quiz_name, updated.min_grade) == ("Module 1 quiz", 80)


def test_quiz_choices_come_from_the_platform(course_staff, quiz):
    assert [item.display_name for item in api.quiz_choices(course_staff.id, COURSE_KEY)] == ["Module 1 quiz"]


def test_listing_rules_costs_the_same_for_many_rules(
    course_staff, org_admin, activity, django_assert_num_queries
):
    for index in range(5):
        unit = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe", "acronym": f"U{index}"})
        api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": unit.id})

    with django_assert_num_queries(5):  # permission (3), activity, rules with units; no quiz: no names
        assert len(api.list_rules(course_staff.id, USAGE_KEY)) == 5


def test_quiz_names_are_read_once_and_only_when_a_rule_has_a_quiz(
    course_staff, org_admin, activity, quiz, django_assert_num_queries
):
    for index in range(3):
        unit = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe", "acronym": f"U{index}"})
        api.add_rule(
            course_staff.id,
            USAGE_KEY,
            {"unit_id": unit.id, "quiz_usage_key": str(quiz.usage_key), "min_grade": "50"},
        )

    with django_assert_num_queries(6):  # permission (3), activity, rules with units, quiz names
        rules = api.list_rules(course_staff.id, USAGE_KEY)

    assert [rule.quiz_name for rule in rules] == ["Module 1 quiz"] * 3
