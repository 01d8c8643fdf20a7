"""The Studio editor's classroom sections: editing slots, CSV import, the status set, the settings."""

from __future__ import annotations

import json

import pytest

from attendance_app import api
from attendance_app.models import AttendanceStatus, ClassroomSettings, Slot
from attendance_app.platform import get_backend
from attendance_app.platform.standalone import models as platform
from tests.attendance_xblock.utils import call_handler, make_block, view_as
from tests.factories import COURSE_KEY, UserFactory

XML = '<attendance display_name="Workshop" mode="classroom"/>'
SLOT = {
    "title": "Lab",
    "start": "2027-01-04T09:00:00Z",
    "end": "2027-01-04T11:00:00Z",
    "duration_hours": "2",
    "capacity": 12,
}
CSV_HEADER = "title,start,end,duration_hours,location,online_url,capacity,instructors\n"


@pytest.fixture
def block(course_staff):
    block = make_block("course_staff", XML)
    usage_key = get_backend().usage_key_for_block(block)
    api.configure_activity(course_staff.id, usage_key, {"display_name": "Workshop", "mode": "classroom"})
    return block


def answer(block, handler, body):
    response = call_handler(block, handler, body)
    return response.status_code, json.loads(response.body)


def test_an_author_adds_a_slot_for_a_cohort_with_instructors_by_username(block):
    teacher = UserFactory(username="teacher")
    cohort = platform.Cohort.objects.create(course_key=COURSE_KEY, name="Evening group")

    status, body = answer(block, "add_slots", {**SLOT, "instructors": "teacher", "cohort_id": cohort.id})

    assert status == 200
    assert body["cohorts"] == [{"id": cohort.id, "name": "Evening group"}]
    (slot,) = body["slots"]
    assert slot["cohort_id"] == cohort.id
    assert slot["instructor_usernames"] == ["teacher"]
    assert list(Slot.objects.get(id=slot["id"]).instructors.all()) == [teacher]


def test_an_author_edits_every_field_of_a_slot(block):
    UserFactory(username="teacher")
    cohort = platform.Cohort.objects.create(course_key=COURSE_KEY, name="Evening group")
    slot_id = answer(block, "add_slots", SLOT)[1]["slots"][0]["id"]
    change = {
        "slot_id": slot_id,
        "title": "Evening lab",
        "start": "2027-01-05T17:00:00Z",
        "end": "2027-01-05T18:30:00Z",
        "duration_hours": "1.5",
        "location": "Room 2",
        "online_url": "https://meet.example.org/lab",
        "capacity": 20,
        "instructors": "teacher",
        "cohort_id": cohort.id,
    }

    status, body = answer(block, "update_slot", change)

    assert status == 200
    (slot,) = body["slots"]
    assert {key: slot[key] for key in ("title", "start", "end", "duration_hours", "location")} == {
        "title": "Evening lab",
        "start": "2027-01-05T17:00:00+00:00",
        "end": "2027-01-05T18:30:00+00:00",
        "duration_hours": "1.50",
        "location": "Room 2",
    }
    assert (slot["online_url"], slot["capacity"], slot["cohort_id"]) == (
        "https://meet.example.org/lab",
        20,
        cohort.id,
    )
    assert slot["instructor_usernames"] == ["teacher"]
    # Clearing the instructors' field removes them.
    cleared = answer(block, "update_slot", {"slot_id": slot_id, "instructors": ""})[1]["slots"][0]
    assert cleared["instructor_usernames"] == []


def test_an_edit_with_wrong_fields_names_each_and_changes_nothing(block):
    slot_id = answer(block, "add_slots", SLOT)[1]["slots"][0]["id"]

    status, body = answer(
        block,
        "update_slot",
        {"slot_id": slot_id, "end": "2027-01-04T08:00:00Z", "cohort_id": 999, "instructors": "nobody"},
    )
    added_status, added = answer(block, "add_slots", {**SLOT, "capacity": 0, "instructors": "nobody"})

    assert status == 400
    assert set(body["field_errors"]) == {"end", "cohort_id", "instructors"}
    assert "nobody" in body["field_errors"]["instructors"][0]
    assert added_status == 400
    assert set(added["field_errors"]) == {"capacity", "instructors"}
    assert Slot.objects.count() == 1
    assert answer(block, "update_slot", {"slot_id": "1"})[0] == 400
    assert Slot.objects.get(id=slot_id).end.hour == 11


def test_a_csv_with_a_bad_line_in_the_middle_creates_nothing(block):
    bad = (
        CSV_HEADER
        + "Lab 1,2027-01-04T09:00:00Z,2027-01-04T11:00:00Z,2,,,10,\n"
        + "Lab 2,2027-01-11T09:00:00Z,2027-01-11T08:00:00Z,2,,,10,\n"
        + "Lab 3,2027-01-18T09:00:00Z,2027-01-18T11:00:00Z,2,,,10,\n"
    )

    status, body = answer(block, "import_slots", {"csv": bad})

    assert status == 400
    assert list(body["field_errors"]) == ["line 3"]
    assert not Slot.objects.exists()
    good = bad.replace("2027-01-11T08:00:00Z", "2027-01-11T11:00:00Z")
    status, body = answer(block, "import_slots", {"csv": good})
    assert (status, body["imported"]) == (200, 3)
    assert [slot["title"] for slot in body["slots"]] == ["Lab 1", "Lab 2", "Lab 3"]


def test_an_author_changes_late_to_half_credit_and_adds_a_status(block):
    status, body = answer(block, "update_status", {"code": "late", "credit_percent": "50"})

    assert status == 200
    late = next(item for item in body["statuses"] if item["code"] == "late")
    assert late == {"code": "late", "label": "Late", "credit_percent": "50.00", "counts_in_denominator": True}
    status, body = answer(
        block, "add_status", {"label": "Field trip", "credit_percent": "100", "counts_in_denominator": False}
    )
    assert status == 200
    assert body["statuses"][-1]["code"] == "field-trip"
    assert body["statuses"][-1]["counts_in_denominator"] is False


def test_a_bad_status_value_is_refused_and_changes_nothing(block):
    answer(block, "load_classroom_options", {})

    over_status, over = answer(block, "update_status", {"code": "late", "credit_percent": "150"})
    added_status, added = answer(block, "add_status", {"label": "", "credit_percent": "-1"})

    assert over_status == 400
    assert set(over["field_errors"]) == {"credit_percent"}
    assert added_status == 400
    assert set(added["field_errors"]) == {"label", "credit_percent"}
    assert AttendanceStatus.objects.get(course_key=COURSE_KEY, code="late").credit_percent == 80
    assert AttendanceStatus.objects.filter(course_key=COURSE_KEY).count() == 4
    assert answer(block, "update_status", {"code": "nope", "label": "X"})[0] == 404
    assert answer(block, "update_status", {"label": "X"})[0] == 400


def test_an_author_saves_the_classroom_settings(block):
    change = {
        "registration_closes_minutes": 60,
        "present_within_minutes": 5,
        "automark_after_minutes": 45,
        "automark_status": "excused",
        "checkin_one_per_ip": False,
        "checkin_subnets": "192.0.2.0/24",
        "warn_below_percent": "75",
        "warn_after_slots": 4,
        "warn_at_most": 1,
    }

    status, body = answer(block, "save_classroom_settings", change)

    assert status == 200
    assert body["settings"] == {**change, "warn_below_percent": "75.00"}
    assert [item["code"] for item in body["statuses"]] == ["present", "late", "absent", "excused"]


def test_an_unknown_setting_value_is_refused_and_nothing_is_saved(block):
    status, body = answer(
        block,
        "save_classroom_settings",
        {
            "present_within_minutes": 5,
            "automark_status": "asleep",
            "checkin_subnets": "not a net",
            "colour": 1,
        },
    )

    assert status == 400
    assert set(body["field_errors"]) == {"automark_status", "checkin_subnets", "colour"}
    assert not ClassroomSettings.objects.exists()


@pytest.mark.parametrize(
    ("handler", "body"),
    [
        ("load_slots", {}),
        ("add_slots", SLOT),
        ("update_slot", {"slot_id": 1, "title": "X"}),
        ("import_slots", {"csv": CSV_HEADER}),
        ("load_classroom_options", {}),
        ("add_status", {"label": "Trip", "credit_percent": "10"}),
        ("update_status", {"code": "late", "credit_percent": "50"}),
        ("save_classroom_settings", {"warn_at_most": 1}),
    ],
)
def test_learners_and_anonymous_visitors_are_refused(block, learner, handler, body):
    refused = [call_handler(view_as(block, name), handler, body).status_code for name in ("learner", None)]

    assert refused == [403, 403]
    assert not Slot.objects.exists()
    assert not AttendanceStatus.objects.filter(credit_percent=50).exists()
    assert not ClassroomSettings.objects.exists()


def test_a_learner_learns_nothing_about_usernames_from_the_instructors_field(block, learner):
    UserFactory(username="teacher")
    learner_block = view_as(block, "learner")

    known = call_handler(learner_block, "add_slots", {**SLOT, "instructors": "teacher"})
    unknown = call_handler(learner_block, "add_slots", {**SLOT, "instructors": "nobody"})

    assert (known.status_code, unknown.status_code) == (403, 403)
    assert json.loads(known.body) == json.loads(unknown.body)


def test_the_course_team_loads_the_classroom_options_in_ten_queries(block, django_assert_num_queries):
    answer(block, "load_classroom_options", {})  # creates the default statuses once

    with django_assert_num_queries(10):
        status, body = answer(block, "load_classroom_options", {})

    assert status == 200
    assert body["settings"]["automark_status"] == "absent"


def test_the_slot_list_costs_the_same_queries_for_one_slot_or_a_series(block, django_assert_num_queries):
    UserFactory(username="teacher")
    answer(block, "add_slots", {**SLOT, "instructors": "teacher"})
    with django_assert_num_queries(15):
        answer(block, "load_slots", {})
    answer(block, "add_slots", {**SLOT, "title": "Series", "instructors": "teacher", "repeat_weeks": 5})

    with django_assert_num_queries(15):
        status, body = answer(block, "load_slots", {})

    assert status == 200
    assert [slot["instructor_usernames"] for slot in body["slots"]] == [["teacher"]] * 6


def test_a_csv_larger_than_other_handlers_bodies_imports_up_to_its_own_limit(block):
    line = (
        "Lab {n} with a long title to fill the line,2027-01-04T09:00:00Z,2027-01-04T11:00:00Z,2,Room,,10,\n"
    )
    csv = CSV_HEADER + "".join(line.format(n=n) for n in range(800))
    assert len(csv) > 64 * 1024

    status, body = answer(block, "import_slots", {"csv": csv})
    too_large = call_handler(block, "import_slots", {"csv": "x" * (2 * 1024 * 1024)})

    assert (status, body["imported"]) == (200, 800)
    assert too_large.status_code == 413
    assert call_handler(block, "update_slot", {"slot_id": 1, "title": "x" * (64 * 1024)}).status_code == 413


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("course_staff", True),
        ("instructor", True),
        ("org_admin", True),
        ("global_staff", True),
        ("learner", False),
        ("outsider", False),
        ("teacher", False),  # a slot's instructor without a course role marks, but does not author
    ],
)
def test_the_course_team_and_only_it_authors_the_classroom(block, request, role, allowed):
    if role == "teacher":
        UserFactory(username="teacher")
        answer(block, "add_slots", {**SLOT, "instructors": "teacher"})
    else:
        request.getfixturevalue(role)
    as_role = view_as(block, role)

    codes = {
        handler: call_handler(as_role, handler, body).status_code
        for handler, body in [
            ("load_slots", {}),
            ("load_classroom_options", {}),
            ("update_status", {"code": "late", "credit_percent": "60"}),
            ("save_classroom_settings", {"warn_at_most": 4}),
        ]
    }

    assert set(codes.values()) == ({200} if allowed else {403})
    assert ClassroomSettings.objects.filter(warn_at_most=4).exists() is allowed
