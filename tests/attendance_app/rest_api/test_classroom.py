"""/api/attendance/v1/activities/{usage_key}/slots/ and statuses/: every endpoint per role, bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse

from attendance_app.api import classroom
from attendance_app.credit.classroom import checkin_code, time_step
from attendance_app.models import (
    AttendanceStatus,
    CheckIn,
    ClassroomSettings,
    Mark,
    MarkAudit,
    Registration,
    Slot,
)
from tests.attendance_app.classroom_helpers import (
    USAGE_KEY,
    classroom_activity,
    coach,
    make_slot,
    other_course_learner,
    slot_data,
)
from tests.attendance_app.rest_api.utils import API, assert_anonymous, assert_error, call, client_for, refused
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SLOTS = f"{API}/activities/{USAGE_KEY}/slots/"
STATUSES = f"{API}/activities/{USAGE_KEY}/statuses/"
ROLES = [
    "anonymous",
    "learner",
    "other_course_learner",
    "coach",
    "slot_instructor",
    "instructor",
    "course_staff",
    "global_staff",
]
MANAGERS = {"instructor", "course_staff", "global_staff"}
MARKERS = {"slot_instructor", *MANAGERS}
READERS = {"learner", *MARKERS}


class World:
    """A classroom activity with a slot tomorrow and one under way, the learner registered for it."""

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self.request = request
        self.staff = request.getfixturevalue("course_staff")
        self.learner = request.getfixturevalue("learner")
        self.slot_instructor = UserFactory(username="slot_instructor")
        classroom_activity(self.staff.id)
        now = datetime.now(tz=UTC).replace(microsecond=0)
        self.future = make_slot(
            self.staff.id, now + timedelta(days=1), instructor_ids=[self.slot_instructor.id]
        )
        self.started = make_slot(
            self.staff.id, now - timedelta(hours=1), instructor_ids=[self.slot_instructor.id]
        )
        classroom.register(self.learner.id, USAGE_KEY, self.started.id, now - timedelta(days=1))

    def user(self, role: str) -> Any:
        if role == "anonymous":
            return None
        if role == "slot_instructor":
            return self.slot_instructor
        if role == "other_course_learner":
            return other_course_learner()
        if role == "coach":
            return coach()
        return self.request.getfixturevalue(role)


def slot_url(slot: Slot, tail: str = "") -> str:
    return f"{SLOTS}{slot.id}/{tail}"


def state() -> list[Any]:
    """Every classroom row, to show that a refused request changed nothing."""
    return [
        list(model.objects.order_by("pk").values())
        for model in (Slot, Registration, Mark, MarkAudit, AttendanceStatus, ClassroomSettings, CheckIn)
    ]


# name → (method, url of the world, body, roles allowed, success status, check of the effect)
CASES: dict[str, tuple[str, Any, Any, set[str], int, Any]] = {
    "list slots": ("get", lambda w: SLOTS, None, READERS, 200, lambda w, body: len(body) == 2),
    "add a slot": (
        "post",
        lambda w: SLOTS,
        slot_data(datetime(2027, 1, 4, 9, tzinfo=UTC), repeat_weeks=2),
        MANAGERS,
        201,
        lambda w, body: len(body) == 2 and Slot.objects.count() == 4,
    ),
    "read a slot": (
        "get",
        lambda w: slot_url(w.started),
        None,
        READERS,
        200,
        lambda w, body: body["registered"] == 1 and body["seats_left"] == 1,
    ),
    "change a slot": (
        "patch",
        lambda w: slot_url(w.future),
        {"title": "Renamed"},
        MANAGERS,
        200,
        lambda w, body: Slot.objects.get(id=w.future.id).title == "Renamed",
    ),
    "remove a slot": (
        "delete",
        lambda w: slot_url(w.future),
        None,
        MANAGERS,
        204,
        lambda w, body: not Slot.objects.filter(id=w.future.id).exists(),
    ),
    "register": (
        "post",
        lambda w: slot_url(w.future, "registration/"),
        None,
        {"learner"},
        200,
        lambda w, body: body["status"] == "registered" and Registration.objects.count() == 2,
    ),
    "list marks": (
        "get",
        lambda w: slot_url(w.started, "marks/"),
        None,
        MARKERS,
        200,
        lambda w, body: [row["user_id"] for row in body] == [w.learner.id] and body[0]["mark"] is None,
    ),
    "mark a learner": (
        "put",
        lambda w: slot_url(w.started, f"marks/{w.learner.id}/"),
        {"status": "late", "remark": "10 min", "version": 0},
        MARKERS,
        200,
        lambda w, body: body["mark"]["version"] == 1 and Mark.objects.get().status.code == "late",
    ),
    "mark all unmarked": (
        "post",
        lambda w: slot_url(w.started, "mark-unmarked/"),
        {"status": "absent"},
        MARKERS,
        200,
        lambda w, body: body == {"marked": 1} and MarkAudit.objects.count() == 1,
    ),
    "read the audit": (
        "get",
        lambda w: slot_url(w.started, "audit/"),
        None,
        MARKERS,
        200,
        lambda w, b: b == [],
    ),
    "read one's attendance": (
        "get",
        lambda w: f"{SLOTS}attendance/",
        None,
        READERS,
        200,
        lambda w, body: set(body) == {"held_slots", "remaining_slots", "percent", "best_reachable_percent"},
    ),
    "read a learner's attendance": (
        "get",
        lambda w: f"{SLOTS}attendance/?user_id={w.learner.id}",
        None,
        {"learner", *MANAGERS},
        200,
        lambda w, body: (body["held_slots"], body["remaining_slots"]) == (0, 1),
    ),
    "read the classroom settings": (
        "get",
        lambda w: f"{API}/activities/{USAGE_KEY}/classroom-settings/",
        None,
        MANAGERS,
        200,
        lambda w, body: body["automark_status"] == "absent" and body["checkin_one_per_ip"] is True,
    ),
    "change the classroom settings": (
        "put",
        lambda w: f"{API}/activities/{USAGE_KEY}/classroom-settings/",
        {"present_within_minutes": 5, "warn_below_percent": "75"},
        MANAGERS,
        200,
        lambda w, body: ClassroomSettings.objects.get().present_within_minutes == 5,
    ),
    "show the check-in code": (
        "get",
        lambda w: slot_url(w.started, "checkin-code/"),
        None,
        MARKERS,
        200,
        lambda w, body: len(body["code"]) == 6 and body["qr_svg"].startswith("<svg"),
    ),
    "check in": (
        "post",
        lambda w: slot_url(w.started, "checkin/"),
        lambda w: {"code": checkin_code(w.started.checkin_secret, time_step(datetime.now(tz=UTC)))},
        {"learner"},
        200,
        lambda w, body: body["source"] == "checkin" and Mark.objects.get().status.code == "late",
    ),
    "list the check-ins": (
        "get",
        lambda w: slot_url(w.started, "checkins/"),
        None,
        MARKERS,
        200,
        lambda w, body: body == [],
    ),
    "import slots": (
        "post",
        lambda w: f"{SLOTS}import/",
        {
            "csv": "title,start,end,duration_hours,location,online_url,capacity\n"
            "Lab,2027-01-04T09:00:00Z,2027-01-04T11:00:00Z,2,Room 2,,12\n"
        },
        MANAGERS,
        201,
        lambda w, body: body == {"imported": 1} and Slot.objects.filter(title="Lab").exists(),
    ),
    "import marks": (
        "post",
        lambda w: slot_url(w.started, "marks/import/"),
        lambda w: {"csv": f"username,status,remark\n{w.learner.username},excused,Ill\n"},
        MARKERS,
        200,
        lambda w, body: body == {"imported": 1} and Mark.objects.get().remark == "Ill",
    ),
    "download the roster": (
        "get",
        lambda w: slot_url(w.started, "roster.csv"),
        None,
        MARKERS,
        200,
        lambda w, body: body.splitlines()[1].startswith(f"{w.learner.username},"),
    ),
    "download my slots": (
        "get",
        lambda w: f"{SLOTS}my.ics",
        None,
        READERS,
        200,
        lambda w, body: body.startswith("BEGIN:VCALENDAR\r\n"),
    ),
    "list statuses": (
        "get",
        lambda w: STATUSES,
        None,
        READERS,
        200,
        lambda w, body: [s["code"] for s in body] == ["present", "late", "absent", "excused"],
    ),
    "add a status": (
        "post",
        lambda w: STATUSES,
        {"label": "Left early", "credit_percent": "50"},
        MANAGERS,
        201,
        lambda w, body: body["code"] == "left-early" and body["credit_percent"] == "50.00",
    ),
    "change a status": (
        "patch",
        lambda w: f"{STATUSES}late/",
        {"credit_percent": 75},
        MANAGERS,
        200,
        lambda w, body: AttendanceStatus.objects.get(code="late").credit_percent == 75,
    ),
}


def _body(response: Any) -> Any:
    if not response.content:
        return None
    if response["Content-Type"].startswith("application/json"):
        return response.json()
    return response.content.decode()


MATRIX = [(case, role) for case in CASES for role in ROLES]


@pytest.mark.parametrize(("case", "role"), MATRIX)
def test_each_endpoint_answers_each_role(request, case, role):
    world = World(request)
    method, url, body, allowed, success, effect = CASES[case]
    classroom.list_statuses(world.staff.id, USAGE_KEY)  # the default statuses exist before the snapshot
    client = client_for(world.user(role))
    before = state()

    response = call(client, method, url(world), body(world) if callable(body) else body)

    if role in allowed:
        assert response.status_code == success, response.content
        assert effect(world, _body(response))
    else:
        assert_error(response, refused(role))
        assert state() == before


@pytest.mark.parametrize("role", ROLES)
def test_unregistering_removes_only_ones_own_registration(request, role):
    world = World(request)
    user = world.user(role)
    classroom.register(world.learner.id, USAGE_KEY, world.future.id, datetime.now(tz=UTC))

    response = call(client_for(user), "delete", slot_url(world.future, "registration/"))

    if role == "anonymous":
        assert_anonymous(response)
    else:
        assert response.status_code == 204
    assert Registration.objects.filter(slot=world.future).exists() == (role != "learner")


def test_urls_are_the_documented_ones():
    assert reverse("attendance_app:activity-slots", args=[str(USAGE_KEY)]) == SLOTS
    assert reverse("attendance_app:slot-mark", args=[str(USAGE_KEY), 3, 4]) == f"{SLOTS}3/marks/4/"


# Bad input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"capacity": 0}, "capacity"),
        ({"capacity": -1}, "capacity"),
        ({"end": "2027-01-04T08:00:00Z"}, "end"),
        ({"end": "2027-01-05T09:30:00Z"}, "end"),
        ({"capacity": "many"}, "capacity"),
        ({"instructor_ids": "me"}, "instructor_ids"),
    ],
)
def test_a_bad_slot_gets_a_field_error(request, change, field):
    world = World(request)
    before = state()

    response = call(
        client_for(world.staff), "post", SLOTS, {**slot_data(datetime(2027, 1, 4, 9, tzinfo=UTC)), **change}
    )

    assert_error(response, 400, field)
    assert state() == before


def test_a_body_that_is_not_an_object_is_refused(request):
    world = World(request)

    assert_error(call(client_for(world.staff), "post", SLOTS, [1, 2]), 400)


def test_a_stale_version_gets_a_conflict_with_a_clear_message(request):
    world = World(request)
    url = slot_url(world.started, f"marks/{world.learner.id}/")
    staff = client_for(world.staff)
    assert call(staff, "put", url, {"status": "late", "version": 0}).status_code == 200
    assert call(staff, "put", url, {"status": "absent", "version": 1}).status_code == 200

    response = call(client_for(world.slot_instructor), "put", url, {"status": "present", "version": 1})

    body = assert_error(response, 409)
    assert "Absent" in body["message"]
    assert Mark.objects.get().status.code == "absent"


def test_marking_an_unregistered_learner_needs_the_walk_in_flag(request):
    world = World(request)
    other = request.getfixturevalue("other_learner")
    url = slot_url(world.started, f"marks/{other.id}/")

    assert_error(call(client_for(world.staff), "put", url, {"status": "present"}), 400, "walk_in")
    response = call(client_for(world.staff), "put", url, {"status": "present", "walk_in": True})
    assert response.status_code == 200
    assert response.json()["registration"] is None
    assert response.json()["mark"]["walk_in"] is True


def test_registering_for_an_overlapping_slot_is_a_conflict(request):
    world = World(request)
    client = client_for(world.learner)
    assert call(client, "post", slot_url(world.future, "registration/")).status_code == 200
    overlapping = make_slot(world.staff.id, world.future.start + timedelta(minutes=30))

    assert_error(call(client, "post", slot_url(overlapping, "registration/")), 409)
    assert not Registration.objects.filter(slot=overlapping).exists()


def test_an_unknown_slot_is_not_found(request):
    world = World(request)

    assert_error(call(client_for(world.staff), "get", f"{SLOTS}999999/"), 404)


@pytest.mark.parametrize(
    "start", ["2027-02-30T09:00:00Z", "9999-12-31T20:00:00Z", "1900-01-01T09:00:00Z", 20270104]
)
def test_an_impossible_start_is_a_field_error_not_a_crash(request, start):
    world = World(request)
    body = {**slot_data(datetime(2027, 1, 4, 9, tzinfo=UTC)), "start": start, "repeat_weeks": 52}

    assert_error(call(client_for(world.staff), "post", SLOTS, body), 400, "start")


def test_ids_too_large_for_the_database_are_not_found(request):
    world = World(request)
    staff = client_for(world.staff)
    huge = 2**70

    assert_error(call(staff, "get", f"{SLOTS}{huge}/"), 404)
    assert_error(call(staff, "put", slot_url(world.started, f"marks/{huge}/"), {"status": "present"}), 404)
    body = {**slot_data(datetime(2027, 1, 4, 9, tzinfo=UTC)), "instructor_ids": [huge]}
    assert_error(call(staff, "post", SLOTS, body), 400, "instructor_ids")


def test_the_classroom_endpoints_are_documented_with_their_errors(client):
    schema = client.get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    slot = "/api/attendance/v1/activities/{usage_key}/slots/{slot_id}/"

    assert schema["paths"][f"{slot}marks/{{user_id}}/"]["put"]["responses"].keys() >= {
        "200",
        "400",
        "403",
        "404",
        "409",
    }
    assert "409" in schema["paths"][f"{slot}registration/"]["post"]["responses"]
    marks = schema["paths"][f"{slot}marks/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert marks["schema"]["items"]["$ref"].endswith("/RegisterRow")


@pytest.mark.parametrize("raw", ["me", "-1", "99999999999999999999", "²"])
def test_a_bad_learner_filter_is_refused(request, raw):
    world = World(request)

    assert_error(call(client_for(world.staff), "get", f"{SLOTS}attendance/", {"user_id": raw}), 400)


def test_a_second_learner_checking_in_from_the_same_address_is_refused(request):
    world = World(request)
    other = request.getfixturevalue("other_learner")
    classroom.register(other.id, USAGE_KEY, world.started.id, world.started.start - timedelta(days=1))
    url = slot_url(world.started, "checkin/")

    def code() -> dict[str, str]:
        return {"code": checkin_code(world.started.checkin_secret, time_step(datetime.now(tz=UTC)))}

    assert call(client_for(world.learner), "post", url, code()).status_code == 200
    assert_error(call(client_for(other), "post", url, code()), 409)
    assert list(CheckIn.objects.values_list("outcome", "ip_address")) == [
        ("accepted", "127.0.0.1"),
        ("shared_ip", "127.0.0.1"),
    ]
