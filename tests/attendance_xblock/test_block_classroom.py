"""The learner's view of a classroom block: the slots panel and the addresses its JavaScript uses."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from attendance_app import api
from attendance_app.api import classroom
from attendance_app.platform import get_backend
from tests.attendance_xblock.utils import call_handler, make_block, view_as

XML = '<attendance display_name="Workshop" mode="classroom"/>'


def init_args(fragment):
    match = re.search(
        r'<script type="application/json" class="attendance-init-args">\s*(.*?)\s*</script>',
        fragment.body_html(),
        re.DOTALL,
    )
    return json.loads(match.group(1))


def test_a_learner_gets_the_classroom_panel_and_its_rest_addresses(course_staff, learner):
    block = make_block("course_staff", XML)
    learner_block = view_as(block, "learner")

    fragment = learner_block.runtime.render(learner_block, "student_view")

    usage_key = str(get_backend().usage_key_for_block(learner_block))
    assert 'class="attendance-classroom"' in fragment.content
    assert "my.ics" in fragment.content
    assert init_args(fragment)["classroom"] == {
        "slots_url": f"/api/attendance/v1/activities/{usage_key}/slots/",
        "attendance_url": f"/api/attendance/v1/activities/{usage_key}/slots/attendance/",
        "ics_url": f"/api/attendance/v1/activities/{usage_key}/slots/my.ics",
    }
    assert any("attendance/js/classroom.js" in resource.data for resource in fragment.resources)


def test_an_anonymous_visitor_and_other_modes_get_no_classroom_panel(db):
    anonymous = make_block(None, XML).runtime.render(make_block(None, XML), "student_view")
    webinar = make_block(None, '<attendance display_name="Webinar"/>')

    assert 'class="attendance-classroom"' not in anonymous.content
    assert init_args(webinar.runtime.render(webinar, "student_view"))["classroom"] is None


def test_the_author_preview_lists_the_slots_and_links_the_registers(course_staff):
    block = make_block("course_staff", XML)
    usage_key = get_backend().usage_key_for_block(block)
    api.configure_activity(course_staff.id, usage_key, {"display_name": "Workshop", "mode": "classroom"})
    start = datetime(2027, 1, 4, 9, tzinfo=UTC)
    classroom.create_slots(
        course_staff.id,
        usage_key,
        {
            "title": "Lab",
            "start": start.isoformat(),
            "end": start.replace(hour=11).isoformat(),
            "duration_hours": 2,
            "capacity": 4,
        },
    )

    fragment = block.runtime.render(block, "author_view")

    assert "Lab: 2027/01/04 09:00 UTC (0 of 4 seats, 0 waiting)" in fragment.content
    assert f"/attendance/activities/{usage_key}/classroom/" in fragment.content


def test_the_studio_editor_adds_lists_and_removes_slots(course_staff, learner):
    block = make_block("course_staff", XML)
    usage_key = get_backend().usage_key_for_block(block)
    api.configure_activity(course_staff.id, usage_key, {"display_name": "Workshop", "mode": "classroom"})
    body = {
        "title": "Lab",
        "start": "2027-01-04T09:00:00Z",
        "end": "2027-01-04T11:00:00Z",
        "duration_hours": "2",
        "capacity": 12,
        "repeat_weeks": 2,
        "time_zone": "Europe/Paris",
    }

    added = json.loads(call_handler(block, "add_slots", body).body)

    assert [slot["start"] for slot in added["slots"]] == [
        "2027-01-04T09:00:00+00:00",
        "2027-01-11T09:00:00+00:00",
    ]
    first = added["slots"][0]["id"]
    remaining = json.loads(call_handler(block, "remove_slot", {"slot_id": first}).body)["slots"]
    assert [slot["id"] for slot in remaining] != [first]
    assert len(remaining) == 1
    assert json.loads(call_handler(block, "load_slots", {}).body) == {"slots": remaining, "cohorts": []}
    assert any(
        "studio_slots.js" in resource.data
        for resource in block.runtime.render(block, "studio_view").resources
    )


def test_the_studio_editor_refuses_bad_slots_and_learners(course_staff, learner):
    block = make_block("course_staff", XML)
    usage_key = get_backend().usage_key_for_block(block)
    api.configure_activity(course_staff.id, usage_key, {"display_name": "Workshop", "mode": "classroom"})
    bad = {"title": "Lab", "start": "2027-01-04T09:00:00Z", "end": "2027-01-04T08:00:00Z", "capacity": 0}

    refused = call_handler(block, "add_slots", bad)

    assert refused.status_code == 400
    assert set(json.loads(refused.body)["field_errors"]) == {"end", "capacity", "duration_hours"}
    assert call_handler(view_as(block, "learner"), "add_slots", {}).status_code == 403
    assert call_handler(block, "remove_slot", {"slot_id": "1"}).status_code == 400


def test_a_learner_marked_present_claims_the_slots_credit_in_the_block(course_staff, org_admin, learner):
    block = make_block("course_staff", XML)
    usage_key = get_backend().usage_key_for_block(block)
    api.configure_activity(course_staff.id, usage_key, {"display_name": "Workshop", "mode": "classroom"})
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.add_rule(course_staff.id, usage_key, {"unit_id": cpe.id})
    api.set_course_switch(course_staff.id, usage_key.course_key, True)
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    slot = classroom.create_slots(
        course_staff.id,
        usage_key,
        {
            "title": "Lab",
            "start": start.isoformat(),
            "end": start.replace(hour=11).isoformat(),
            "duration_hours": 2,
            "capacity": 4,
        },
    )[0].slot
    classroom.register(learner.id, usage_key, slot.id, start.replace(day=1))
    learner_block = view_as(block, "learner")
    before = learner_block.runtime.render(learner_block, "student_view").content
    classroom.set_mark(course_staff.id, usage_key, slot.id, learner.id, {"status": "present"}, start)

    fragment = learner_block.runtime.render(learner_block, "student_view")

    claim = init_args(fragment)["claim"]
    assert claim["claim_url"] == f"/api/attendance/v1/activities/{usage_key}/claims/"
    assert claim["show_button"] is True
    assert "CPE: 2.4 earned, 0 claimed" in fragment.content  # 120 min / 50 min, in fifths
    assert 'class="attendance-claim-button"' in fragment.content
    assert "CPE: 0.0 earned, 0 claimed" in before  # registration alone credits nothing
    assert "Attend longer: 0.0 of 1.0 CPE so far." in before
