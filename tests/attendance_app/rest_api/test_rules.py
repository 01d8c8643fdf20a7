"""/api/attendance/v1/activities/{usage_key}/rules/ and quizzes/: every role, bad input, query counts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from attendance_app import api
from attendance_app.models import ActivityUnitRule
from tests.attendance_app.rest_api.utils import (
    ANONYMOUS_STATUS,
    API,
    COURSE_TEAM,
    assert_error,
    call,
    client_for,
    others,
    refused_status,
    snapshot,
    user_for,
)
from tests.factories import COURSE_KEY, OTHER_COURSE_KEY, CourseFactory, GradableItemFactory

pytestmark = pytest.mark.django_db

USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "webinar")
RULES = f"{API}/activities/{USAGE_KEY}/rules/"
QUIZZES = f"{API}/activities/{USAGE_KEY}/quizzes/"
# Learners see the rules of the course they are enrolled in; the course team also changes them.
READERS = ["learner", *COURSE_TEAM]


def rule_url(rule_id: int) -> str:
    return f"{RULES}{rule_id}/"


@pytest.fixture
def activity(course_staff):
    api.configure_activity(course_staff.id, USAGE_KEY, {"display_name": "Webinar", "mode": "classroom"})


@pytest.fixture
def cpe(org_admin):
    return api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})


@pytest.fixture
def ceu(org_admin):
    return api.create_unit(org_admin.id, {"org": "DemoX", "template": "ceu"})


@pytest.fixture
def quiz(course):
    return GradableItemFactory(display_name="Module 1 quiz")


@pytest.fixture
def rule(course_staff, activity, cpe, quiz):
    return api.add_rule(
        course_staff.id,
        USAGE_KEY,
        {"unit_id": cpe.id, "quiz_usage_key": str(quiz.usage_key), "min_grade": 70},
    )


def test_urls_are_the_documented_ones():
    assert reverse("attendance_app:activity-rules", args=[str(USAGE_KEY)]) == RULES
    assert reverse("attendance_app:activity-rule", args=[str(USAGE_KEY), 3]) == f"{RULES}3/"
    assert reverse("attendance_app:activity-quizzes", args=[str(USAGE_KEY)]) == QUIZZES


# Who may do what --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", READERS)
def test_learners_and_course_team_read_the_rules(request, rule, role):
    response = call(client_for(user_for(request, role)), "get", RULES)

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": rule.id,
            "unit_id": rule.unit_id,
            "acronym": "CPE",
            "unit_name": "Continuing Professional Education",
            "managed_by": "internal",
            "duration": "50 min",
            "quiz_usage_key": rule.quiz_usage_key,
            "quiz_name": "Module 1 quiz",
            "min_grade": "70.00",
            "unit_archived": False,
        }
    ]


@pytest.mark.parametrize("role", ["outsider", "other_course_staff", "other_org_admin"])
def test_others_cannot_learn_that_the_rules_exist(request, rule, role):
    assert_error(call(client_for(user_for(request, role)), "get", RULES), 404)


@pytest.mark.parametrize("role", COURSE_TEAM)
def test_course_team_adds_a_rule(request, activity, cpe, role):
    response = call(client_for(user_for(request, role)), "post", RULES, {"unit_id": cpe.id})

    assert response.status_code == 201, response.content
    assert response.json()["acronym"] == "CPE"
    assert response.json()["quiz_usage_key"] is None
    assert ActivityUnitRule.objects.get().unit == cpe


@pytest.mark.parametrize("role", others(*COURSE_TEAM))
def test_others_may_not_add_a_rule(request, activity, cpe, role):
    client = client_for(user_for(request, role))
    before = snapshot()

    response = call(client, "post", RULES, {"unit_id": cpe.id})

    assert_error(response, refused_status(role))
    assert snapshot() == before


@pytest.mark.parametrize("role", COURSE_TEAM)
def test_course_team_changes_the_quiz_gate(request, rule, quiz, role):
    response = call(
        client_for(user_for(request, role)),
        "patch",
        rule_url(rule.id),
        {"quiz_usage_key": str(quiz.usage_key), "min_grade": "85.5"},
    )

    assert response.status_code == 200, response.content
    assert response.json()["min_grade"] == "85.50"
    assert str(ActivityUnitRule.objects.get().min_grade) == "85.50"


def test_sending_neither_quiz_nor_grade_removes_the_gate(course_staff, rule):
    response = call(client_for(course_staff), "patch", rule_url(rule.id), {})

    assert response.status_code == 200
    assert (response.json()["quiz_usage_key"], response.json()["min_grade"]) == (None, None)


@pytest.mark.parametrize("role", others(*COURSE_TEAM))
def test_others_may_not_change_a_rule(request, rule, quiz, role):
    client = client_for(user_for(request, role))
    before = snapshot()

    response = call(
        client, "patch", rule_url(rule.id), {"quiz_usage_key": str(quiz.usage_key), "min_grade": 10}
    )

    assert_error(response, refused_status(role))
    assert snapshot() == before


@pytest.mark.parametrize("role", COURSE_TEAM)
def test_course_team_removes_a_rule(request, rule, role):
    response = call(client_for(user_for(request, role)), "delete", rule_url(rule.id))

    assert response.status_code == 204
    assert not ActivityUnitRule.objects.exists()


@pytest.mark.parametrize("role", others(*COURSE_TEAM))
def test_others_may_not_remove_a_rule(request, rule, role):
    client = client_for(user_for(request, role))
    before = snapshot()

    response = call(client, "delete", rule_url(rule.id))

    assert_error(response, refused_status(role))
    assert snapshot() == before


@pytest.mark.parametrize("role", COURSE_TEAM)
def test_course_team_lists_the_quizzes_it_can_require(request, quiz, role):
    exam = GradableItemFactory(display_name="Final exam", kind="problem")
    GradableItemFactory(
        course_key=OTHER_COURSE_KEY, usage_key=OTHER_COURSE_KEY.make_usage_key("sequential", "x")
    )

    response = call(client_for(user_for(request, role)), "get", QUIZZES)

    assert response.status_code == 200
    assert response.json() == [
        {"usage_key": str(quiz.usage_key), "display_name": "Module 1 quiz", "kind": "subsection"},
        {"usage_key": str(exam.usage_key), "display_name": "Final exam", "kind": "problem"},
    ]


@pytest.mark.parametrize("role", others(*COURSE_TEAM))
def test_others_may_not_list_the_quizzes(request, quiz, role):
    assert_error(call(client_for(user_for(request, role)), "get", QUIZZES), refused_status(role))


def test_anonymous_may_not_read_the_rules(rule):
    assert_error(call(client_for(None), "get", RULES), ANONYMOUS_STATUS)


def test_a_rule_of_another_activity_is_not_found(course_staff, rule):
    other = COURSE_KEY.make_usage_key("attendance", "other")
    api.configure_activity(course_staff.id, other, {"display_name": "Other", "mode": "classroom"})
    before = snapshot()

    response = call(client_for(course_staff), "delete", f"{API}/activities/{other}/rules/{rule.id}/")

    assert_error(response, 404)
    assert snapshot() == before


def test_rules_of_an_unsaved_activity_are_not_found(course_staff, cpe):
    before = snapshot()

    response = call(client_for(course_staff), "post", RULES, {"unit_id": cpe.id})

    assert "Save the activity" in assert_error(response, 404)["message"]
    assert snapshot() == before


def test_an_unknown_rule_is_not_found(course_staff, activity):
    assert_error(call(client_for(course_staff), "patch", rule_url(10**30), {}), 404)


# Bad input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"min_grade": 101}, "min_grade"),
        ({"min_grade": -1}, "min_grade"),
        ({"min_grade": "100.001"}, "min_grade"),
        ({"min_grade": "high"}, "min_grade"),
        ({"min_grade": True}, "min_grade"),
        ({"min_grade": [70]}, "min_grade"),
        ({"quiz_usage_key": None}, "min_grade"),
        ({"quiz_usage_key": "not-a-key"}, "quiz_usage_key"),
        ({"quiz_usage_key": str(OTHER_COURSE_KEY.make_usage_key("sequential", "quiz1"))}, "quiz_usage_key"),
        ({"quiz_usage_key": str(COURSE_KEY.make_usage_key("html", "intro"))}, "quiz_usage_key"),
    ],
)
def test_a_wrong_quiz_gate_is_refused_by_field(course_staff, activity, cpe, quiz, body, field):
    data = {"unit_id": cpe.id, "quiz_usage_key": str(quiz.usage_key), "min_grade": 70, **body}
    before = snapshot()

    response = call(client_for(course_staff), "post", RULES, data)

    assert_error(response, 400, field)
    assert snapshot() == before


def test_a_quiz_without_a_grade_is_refused(course_staff, activity, cpe, quiz):
    before = snapshot()

    response = call(
        client_for(course_staff), "post", RULES, {"unit_id": cpe.id, "quiz_usage_key": str(quiz.usage_key)}
    )

    assert_error(response, 400, "min_grade")
    assert snapshot() == before


def test_a_quiz_of_another_course_says_so(course_staff, activity, cpe):
    CourseFactory(course_key=OTHER_COURSE_KEY)
    foreign = GradableItemFactory(
        course_key=OTHER_COURSE_KEY, usage_key=OTHER_COURSE_KEY.make_usage_key("sequential", "q")
    )

    response = call(
        client_for(course_staff),
        "post",
        RULES,
        {"unit_id": cpe.id, "quiz_usage_key": str(foreign.usage_key), "min_grade": 50},
    )

    assert assert_error(response, 400, "quiz_usage_key")["field_errors"]["quiz_usage_key"] == [
        "The quiz must be part of this course."
    ]


@pytest.mark.parametrize("unit_id", ["abc", True, [1], {"id": 1}, None, -1, 10**30])
def test_a_wrong_unit_id_is_refused(course_staff, activity, cpe, unit_id):
    before = snapshot()

    response = call(client_for(course_staff), "post", RULES, {"unit_id": unit_id})

    assert_error(response, 400, "unit_id")
    assert snapshot() == before


def test_a_unit_of_another_org_is_refused(course_staff, global_staff, activity):
    other = api.create_unit(global_staff.id, {"org": "OtherX", "acronym": "OTH", "name": "Other", "hours": 1})
    before = snapshot()

    response = call(client_for(course_staff), "post", RULES, {"unit_id": other.id})

    assert_error(response, 400, "unit_id")
    assert snapshot() == before


def test_an_archived_unit_is_refused(course_staff, org_admin, activity, cpe):
    api.archive_unit(org_admin.id, cpe.id, datetime(2026, 1, 1, tzinfo=UTC))
    before = snapshot()

    response = call(client_for(course_staff), "post", RULES, {"unit_id": cpe.id})

    assert_error(response, 400, "unit_id")
    assert snapshot() == before


def test_a_unit_awarded_twice_is_a_conflict(course_staff, rule, cpe):
    before = snapshot()

    response = call(client_for(course_staff), "post", RULES, {"unit_id": cpe.id})

    assert "already awards CPE" in assert_error(response, 409)["message"]
    assert snapshot() == before


@pytest.mark.parametrize("body", [[{"unit_id": 1}], "CPE", 7, False])
def test_a_body_that_is_not_an_object_is_refused(course_staff, activity, body):
    before = snapshot()

    response = call(client_for(course_staff), "post", RULES, body)

    assert assert_error(response, 400)["message"] == "Send a JSON object."
    assert snapshot() == before


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("not-a-key", "is not a valid usage key"),
        ("block-v1:DemoX+CE101", "is not a valid usage key"),
        ("lb:DemoX:lib:problem:p1", "is not the usage key of a block in a course"),
    ],
)
@pytest.mark.parametrize(
    ("method", "suffix"),
    [("get", "rules/"), ("post", "rules/"), ("get", "quizzes/"), ("get", ""), ("put", "")],
)
def test_a_malformed_usage_key_is_a_clear_400(course_staff, key, message, method, suffix):
    before = snapshot()

    response = call(
        client_for(course_staff), method, f"{API}/activities/{key}/{suffix}", None if method == "get" else {}
    )

    assert message in assert_error(response, 400, "usage_key")["message"]
    assert snapshot() == before


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_a_malformed_usage_key_of_a_rule_is_a_clear_400(course_staff, rule, method):
    before = snapshot()

    response = call(client_for(course_staff), method, f"{API}/activities/nope/rules/{rule.id}/", {})

    assert_error(response, 400, "usage_key")
    assert snapshot() == before


# Query budget -----------------------------------------------------------------------------------


@pytest.fixture
def many_units(org_admin):
    return [
        api.create_unit(org_admin.id, {"org": "DemoX", "acronym": f"U{index:02}", "name": "U", "hours": 1})
        for index in range(30)
    ]


@pytest.mark.parametrize("count", [3, 30])
def test_listing_rules_costs_the_same_whatever_their_number(
    course_staff, activity, many_units, quiz, django_assert_num_queries, count
):
    for unit in many_units[:count]:
        api.add_rule(
            course_staff.id,
            USAGE_KEY,
            {"unit_id": unit.id, "quiz_usage_key": str(quiz.usage_key), "min_grade": 1},
        )
    client = client_for(course_staff)

    # Session, user, enrollment and the two course-team checks, the activity, its rules with their units,
    # the quizzes.
    with django_assert_num_queries(8):
        assert len(call(client, "get", RULES).json()) == count


@pytest.mark.parametrize("count", [3, 30])
def test_listing_quizzes_costs_the_same_whatever_their_number(course_staff, django_assert_num_queries, count):
    for _index in range(count):
        GradableItemFactory()
    client = client_for(course_staff)

    # Session, user, the two course-team checks and the gradable items.
    with django_assert_num_queries(5):
        assert len(call(client, "get", QUIZZES).json()) == count
