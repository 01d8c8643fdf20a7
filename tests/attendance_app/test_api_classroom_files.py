"""Classroom files: CSV imports all-or-nothing with line numbers, a formula-safe roster, the .ics."""

from __future__ import annotations

from datetime import timedelta

import pytest

from attendance_app.api import classroom
from attendance_app.api.classroom.csv_io import import_marks, import_slots, roster_csv, safe_cell
from attendance_app.api.classroom.ics import registered_slots_ics
from attendance_app.exceptions import Conflict, InvalidInput
from attendance_app.models import Mark, MarkAudit, Slot
from tests.attendance_app.classroom_helpers import T0, USAGE_KEY, classroom_activity, make_slot
from tests.attendance_app.rest_api.utils import API, call, client_for

pytestmark = pytest.mark.django_db
BEFORE, DURING = T0 - timedelta(days=1), T0 + timedelta(minutes=30)
HEADER = "title,start,end,duration_hours,location,online_url,capacity,instructors\n"


@pytest.fixture
def activity(course_staff):
    return classroom_activity(course_staff.id)


def test_slots_are_imported_with_their_instructors(course_staff, activity, instructor):
    text = HEADER + (
        "Day 1,2027-01-04T09:00:00+01:00,2027-01-04T12:00:00+01:00,3,Room 1,,20,instructor\n"
        "Day 2,2027-01-05T09:00:00Z,2027-01-05T10:30:00Z,1.5,,https://meet.example.com/x,10,\n"
    )

    assert import_slots(course_staff.id, USAGE_KEY, {"csv": text}) == 2

    day1, day2 = Slot.objects.order_by("start")
    assert (day1.start.hour, list(day1.instructors.all())) == (8, [instructor])
    assert (str(day2.duration_hours), day2.online_url) == ("1.50", "https://meet.example.com/x")


def test_a_bad_line_in_the_middle_imports_nothing_and_is_named(course_staff, activity):
    text = HEADER + (
        "Day 1,2027-01-04T09:00:00Z,2027-01-04T12:00:00Z,3,Room 1,,20,\n"
        "Day 2,2027-01-05T09:00:00Z,2027-01-05T08:00:00Z,3,Room 1,,0,nobody\n"
        "Day 3,2027-01-06T09:00:00Z,2027-01-06T12:00:00Z,3,Room 1,,20,\n"
    )

    with pytest.raises(InvalidInput) as error:
        import_slots(course_staff.id, USAGE_KEY, {"csv": text})

    assert list(error.value.field_errors) == ["line 3"]
    messages = " ".join(error.value.field_errors["line 3"])
    assert "nobody" in messages
    assert "end:" in messages
    assert "capacity:" in messages
    assert not Slot.objects.exists()


@pytest.mark.parametrize("text", ["", "title,start\nA,2027-01-04T09:00:00Z\n", 42])
def test_a_csv_without_the_columns_is_refused(course_staff, activity, text):
    with pytest.raises(InvalidInput):
        import_slots(course_staff.id, USAGE_KEY, {"csv": text})


@pytest.fixture
def slot(course_staff, activity, learner, other_learner):
    slot = make_slot(course_staff.id)
    for user in (learner, other_learner):
        classroom.register(user.id, USAGE_KEY, slot.id, BEFORE)
    return slot


def test_marks_are_imported_and_audited(course_staff, slot, learner, other_learner):
    text = f"username,status,remark\n{learner.username},Present,\n{other_learner.username},late,Bus\n"

    assert import_marks(course_staff.id, USAGE_KEY, slot.id, {"csv": text}, DURING) == 2

    assert dict(Mark.objects.values_list("user__username", "status__code")) == {
        learner.username: "present",
        other_learner.username: "late",
    }
    assert MarkAudit.objects.count() == 2


def test_a_bad_mark_line_imports_no_mark(course_staff, slot, learner, other_learner):
    text = (
        f"username,status,remark\n{learner.username},present,\n"
        f"stranger,present,\n{other_learner.username},asleep,\n"
    )

    with pytest.raises(InvalidInput) as error:
        import_marks(course_staff.id, USAGE_KEY, slot.id, {"csv": text}, DURING)

    assert list(error.value.field_errors) == ["line 3", "line 4"]
    assert not Mark.objects.exists()


def test_marks_are_not_imported_before_the_start(course_staff, slot, learner):
    with pytest.raises(Conflict):
        import_marks(
            course_staff.id,
            USAGE_KEY,
            slot.id,
            {"csv": f"username,status\n{learner.username},present\n"},
            BEFORE,
        )


def test_the_roster_neutralises_formulas(course_staff, slot, learner):
    classroom.set_mark(
        course_staff.id, USAGE_KEY, slot.id, learner.id, {"status": "late", "remark": "=HYPERLINK(1)"}, DURING
    )

    lines = roster_csv(course_staff.id, USAGE_KEY, slot.id).splitlines()

    assert lines[0] == "Username,Name,Registration,Status,Remark,Source,Marked at (UTC)"
    learner_line = next(line for line in lines if line.startswith("learner,"))
    assert ",Late,'=HYPERLINK(1),person," in learner_line
    assert [safe_cell(value) for value in ("+1", "-2", "@x", "ok", None)] == ["'+1", "'-2", "'@x", "ok", ""]


def test_the_calendar_holds_the_learners_seats_only(course_staff, slot, learner):
    make_slot(course_staff.id, T0 + timedelta(days=1), title="Not mine, with; commas")

    text = registered_slots_ics(learner.id, USAGE_KEY, BEFORE)

    assert text.count("BEGIN:VEVENT") == 1
    assert f"UID:slot-{slot.id}@" in text
    assert "DTSTART:20261207T090000Z\r\n" in text
    assert "LOCATION:Room 101\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


# Schemathesis found these (issue #20): each was a 500 from the csv module.
UNREADABLE_CSV = [
    'title,start,end,duration_hours,location,online_url,capacity,instructors\n"A"x\r"B\n',
    "csv" + "\r" + "x\x0b" + "\r\n",
    "title,start\n" + "a" * 200_000 + ",b\n",  # a field past the csv module's limit
]


@pytest.mark.parametrize(
    "text", ["\ud8cf\uddbe\x0b\xad\xe6j\x13\xe5\x0c\r\ud96f\udc57\x9f>\xb5\x11Jq", *UNREADABLE_CSV]
)
def test_unreadable_csv_is_a_400_that_creates_no_slot(course_staff, activity, text):
    client = client_for(course_staff)

    response = call(client, "post", f"{API}/activities/{USAGE_KEY}/slots/import/", {"csv": text})

    assert response.status_code == 400, response.content
    assert response.json()["message"]
    assert not Slot.objects.exists()


def test_an_unreadable_marks_csv_is_refused(course_staff, slot):
    with pytest.raises(InvalidInput):
        import_marks(
            course_staff.id, USAGE_KEY, slot.id, {"csv": "username,status\n" + "a" * 200_000 + "\n"}, T0
        )
