"""My credits and the instructor's classroom pages cost a constant number of queries (ADR 0027).

Each pin loads the page once first (sessions, the course's default statuses), then counts the
second load, at two sizes: activities for My credits, slots and registered learners for the
classroom pages. Every count includes Django's session and user reads (2).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from attendance_app import api, clock
from attendance_app.api import classroom
from attendance_app.models import Activity, Attendance
from tests.attendance_app.classroom_helpers import USAGE_KEY, classroom_activity, enrolled, make_slot
from tests.attendance_app.rest_api.utils import client_for
from tests.factories import COURSE_KEY, UserFactory

pytestmark = pytest.mark.django_db

SESSION_AND_USER = 2
MY_CREDITS = "/attendance/my-credits/"
CLASSROOM = f"/attendance/activities/{USAGE_KEY}/classroom/"


@pytest.mark.parametrize("activities", [1, 5])
def test_my_credits_costs_the_same_whatever_the_activities(
    course_staff, org_admin, learner, activities, django_assert_num_queries
):
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    now = clock.now()
    for index in range(activities):
        usage_key = COURSE_KEY.make_usage_key("attendance", f"replay{index}")
        api.configure_activity(
            course_staff.id,
            usage_key,
            {"display_name": f"Replay {index}", "mode": "recorded", "live_start": "2026-01-01T00:00Z"},
        )
        api.add_rule(course_staff.id, usage_key, {"unit_id": cpe.id})
        Attendance.objects.create(
            user=learner,
            activity=Activity.objects.get(usage_key=usage_key),
            first_join_at=now,
            last_beat_at=now,
            segment_started_at=now,
            confirmed_us=3600 * 1_000_000,
        )
    client = client_for(learner)
    client.get(MY_CREDITS)

    # enrollments (once), attendances, claims, activities, their rules; per course: switches and the
    # course; certificates' claims; the requirements' courses and the requirements; whether the reader
    # manages credit requirements (org roles, global staff: the link to the requirements page).
    with django_assert_num_queries(SESSION_AND_USER + 12):
        response = client.get(MY_CREDITS)

    assert response.content.decode().count("Replay ") >= activities


def _classroom(course_staff, slots: int, learners: int):
    instructor = UserFactory(username="slot_instructor")
    classroom_activity(course_staff.id)
    now = datetime.now(tz=UTC).replace(microsecond=0)
    made = [
        make_slot(
            course_staff.id,
            now - timedelta(hours=1) + timedelta(days=day),
            instructor_ids=[instructor.id],
            capacity=20,
        )
        for day in range(slots)
    ]
    for index in range(learners):
        classroom.register(enrolled(f"learner{index}").id, USAGE_KEY, made[0].id, now - timedelta(days=1))
    return instructor, made[0]


@pytest.mark.parametrize("slots", [1, 6])
def test_the_slot_list_costs_the_same_whatever_the_slots_for_the_course_team(
    course_staff, slots, django_assert_num_queries
):
    _classroom(course_staff, slots, learners=2)
    client = client_for(course_staff)
    client.get(CLASSROOM)

    with django_assert_num_queries(SESSION_AND_USER + 8):
        response = client.get(CLASSROOM)

    assert response.content.decode().count(f'href="/attendance/activities/{USAGE_KEY}/classroom/') == slots


@pytest.mark.parametrize("slots", [1, 6])
def test_a_slot_instructor_list_reads_no_query_per_slot(course_staff, slots, django_assert_num_queries):
    instructor, _first = _classroom(course_staff, slots, learners=2)
    client = client_for(instructor)
    client.get(CLASSROOM)

    with django_assert_num_queries(SESSION_AND_USER + 11):  # the instructors come with the slots
        response = client.get(CLASSROOM)

    assert response.content.decode().count(f'href="/attendance/activities/{USAGE_KEY}/classroom/') == slots


@pytest.mark.parametrize("learners", [1, 8])
def test_the_register_costs_the_same_whatever_the_learners(course_staff, learners, django_assert_num_queries):
    _instructor, slot = _classroom(course_staff, 2, learners)
    client = client_for(course_staff)
    client.get(f"{CLASSROOM}{slot.id}/")  # creates the course's default statuses

    with django_assert_num_queries(SESSION_AND_USER + 20):
        response = client.get(f"{CLASSROOM}{slot.id}/")

    assert all(f"learner{index}" in response.content.decode() for index in range(learners))
