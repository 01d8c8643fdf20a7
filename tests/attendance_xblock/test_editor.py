"""The block's credit-unit editor and what learners see of the rules and the course switch."""

from __future__ import annotations

import json

import pytest
import webob

from attendance_app import api
from attendance_app.models import ActivityUnitRule, FeatureSwitch
from tests.attendance_xblock.utils import call_handler, make_block, view_as
from tests.factories import COURSE_KEY, GradableItemFactory

pytestmark = pytest.mark.django_db

XML = (
    '<attendance display_name="Ethics webinar" mode="live" '
    'live_start="2026-12-01T14:00:00Z" live_end="2026-12-01T16:00:00Z"/>'
)


@pytest.fixture
def cpe(org_admin):
    return api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})


@pytest.fixture
def quiz(course):
    return GradableItemFactory(display_name="Module 1 quiz")


SETTINGS = {
    "display_name": "Ethics webinar",
    "mode": "live",
    "live_start": "2026-12-01T14:00:00Z",
    "live_end": "2026-12-01T16:00:00Z",
}


@pytest.fixture
def staff_block(course_staff):
    block = make_block("course_staff", XML)
    assert call_handler(block, "save_settings", SETTINGS).status_code == 200
    return block


def body(response) -> dict:
    return json.loads(response.body)


def test_editor_lists_units_quizzes_and_the_switch(staff_block, cpe, quiz):
    state = body(call_handler(staff_block, "load_editor", {}))

    assert state["activity_saved"] is True
    assert state["units"] == [
        {
            "id": cpe.id,
            "acronym": "CPE",
            "name": "Continuing Professional Education",
            "managed_by": "internal",
            "duration": "50 min",
        }
    ]
    assert state["quizzes"][0]["display_name"] == "Module 1 quiz"
    assert state["switch"] == {"site": True, "org": True, "course": False, "effective": False}


def test_author_adds_and_removes_a_rule(staff_block, cpe, quiz):
    added = body(
        call_handler(
            staff_block,
            "add_rule",
            {"unit_id": cpe.id, "quiz_usage_key": str(quiz.usage_key), "min_grade": "70"},
        )
    )
    (rule,) = added["rules"]
    assert (rule["acronym"], rule["quiz_name"], rule["min_grade"]) == ("CPE", "Module 1 quiz", "70.00")

    removed = body(call_handler(staff_block, "remove_rule", {"rule_id": rule["id"]}))
    assert removed["rules"] == []
    assert not ActivityUnitRule.objects.exists()


def test_bad_rule_input_answers_with_field_errors(staff_block, cpe, quiz):
    response = call_handler(
        staff_block,
        "add_rule",
        {"unit_id": cpe.id, "quiz_usage_key": str(quiz.usage_key), "min_grade": "101"},
    )

    assert response.status_code == 400
    assert set(body(response)["field_errors"]) == {"min_grade"}
    assert not ActivityUnitRule.objects.exists()


@pytest.mark.parametrize("rule_id", ["1", None, True, 1.0])
def test_remove_needs_a_rule_id(staff_block, rule_id):
    response = call_handler(staff_block, "remove_rule", {"rule_id": rule_id})

    assert response.status_code == 400


def test_rules_before_settings_are_saved_say_what_to_do(course_staff, cpe):
    block = make_block("course_staff", XML)

    response = call_handler(block, "add_rule", {"unit_id": cpe.id})

    assert response.status_code == 404
    assert "Save the activity" in body(response)["message"]
    assert body(call_handler(block, "load_editor", {}))["activity_saved"] is False


def test_author_switches_the_course_on(staff_block):
    state = body(call_handler(staff_block, "set_course_switch", {"enabled": True}))

    assert state["switch"]["effective"] is True
    assert FeatureSwitch.objects.get(scope="course").enabled is True


def test_switching_on_under_a_closed_org_is_a_clear_conflict(staff_block, org_admin):
    api.set_org_switch(org_admin.id, "DemoX", False)

    response = call_handler(staff_block, "set_course_switch", {"enabled": True})

    assert response.status_code == 409
    assert "organization administrator" in body(response)["message"]


@pytest.mark.parametrize("handler", ["load_editor", "add_rule", "set_course_switch", "remove_rule"])
def test_learners_cannot_use_editor_handlers(learner, staff_block, handler):
    response = call_handler(
        view_as(staff_block, "learner"), handler, {"enabled": True, "unit_id": 1, "rule_id": 1}
    )

    assert response.status_code == 403
    assert not FeatureSwitch.objects.exists()


def test_handlers_refuse_get_and_huge_bodies(staff_block):
    get = webob.Request.blank("/", method="GET")
    assert staff_block.runtime.handle(staff_block, "load_editor", get).status_code == 405
    huge = call_handler(staff_block, "save_settings", None, raw=b'{"display_name": "' + b"x" * 70000 + b'"}')
    assert huge.status_code == 413


def rendered(block, username: str) -> str:
    block = view_as(block, username)
    return block.runtime.render(block, "student_view").content


def test_learners_see_the_units_once_tracking_is_on(staff_block, course_staff, learner, cpe, quiz):
    call_handler(
        staff_block, "add_rule", {"unit_id": cpe.id, "quiz_usage_key": str(quiz.usage_key), "min_grade": 70}
    )
    assert "Credits for attending" not in rendered(staff_block, "learner")

    api.set_course_switch(course_staff.id, COURSE_KEY, True)

    content = rendered(staff_block, "learner")
    assert "one credit per 50 min attended" in content
    assert "needs at least 70 % on “Module 1 quiz”" in content


def test_authors_see_a_notice_while_tracking_is_off(staff_block, cpe):
    call_handler(staff_block, "add_rule", {"unit_id": cpe.id})

    content = rendered(staff_block, "course_staff")

    assert "Attendance tracking is off for this course" in content
    assert "Credits for attending" in content


def test_learners_see_no_notice_and_no_credits_while_off(staff_block, learner, cpe):
    call_handler(staff_block, "add_rule", {"unit_id": cpe.id})

    content = rendered(staff_block, "learner")

    assert "Attendance tracking is off" not in content
    assert "Credits for attending" not in content
    assert "Ethics webinar" in content


def test_learners_get_the_claim_section_while_tracking_is_on(staff_block, course_staff, learner, cpe):
    call_handler(
        staff_block,
        "save_settings",
        {**SETTINGS, "mode": "recorded", "live_start": "2026-01-01T00:00:00Z", "live_end": None},
    )
    call_handler(staff_block, "add_rule", {"unit_id": cpe.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)

    block = view_as(staff_block, "learner")
    fragment = block.runtime.render(block, "student_view")

    assert "Your credits" in fragment.content
    assert "CPE: 0.0 earned, 0 claimed" in fragment.content
    assert '"claim_url": "/api/attendance/v1/activities/' in fragment.content
    assert "Claim credits" in fragment.content  # a recorded session shows the button from its start on


def test_no_claim_section_for_visitors_who_are_not_enrolled(staff_block, course_staff, outsider, cpe):
    call_handler(staff_block, "add_rule", {"unit_id": cpe.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)

    block = view_as(staff_block, "outsider")

    assert "Your credits" not in block.runtime.render(block, "student_view").content


def test_external_units_open_their_page_with_the_placeholders_filled(
    staff_block, course_staff, org_admin, learner
):
    call_handler(
        staff_block,
        "save_settings",
        {
            **SETTINGS,
            "mode": "recorded",
            "live_start": "2026-01-01T00:00:00Z",
            "live_end": None,
            "external_id": "E&1",
        },
    )
    board = api.create_unit(
        org_admin.id,
        {
            "org": "DemoX",
            "managed_by": "external",
            "acronym": "BRD",
            "name": "Board",
            "external_url": "https://board.example.com/claim?p={{personID}}&x={{activityExtId}}",
        },
    )
    call_handler(staff_block, "add_rule", {"unit_id": board.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)

    block = view_as(staff_block, "learner")
    content = block.runtime.render(block, "student_view").content

    assert f"https://board.example.com/claim?p={learner.id}&amp;x=E%261" in content
    assert "Claim credits: BRD (Board, opens the external site)" in content
