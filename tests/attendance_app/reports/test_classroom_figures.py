"""The classroom part of the program statistics: registrations, open seats, waiting list, blended runs."""

from __future__ import annotations

from datetime import timedelta

import pytest

from attendance_app import clock
from attendance_app.models import ClassroomSettings
from attendance_app.reports import program_statistics as ps
from attendance_app.reports.classroom_figures import (
    classroom_course_keys,
    classroom_figures,
    slot_learner_ids,
    slot_marks,
)
from attendance_app.reports.group_dashboard import group_dashboard
from tests.attendance_app.program_data import build, coach_of
from tests.attendance_app.reports.classroom_data import add_slot, mark, seat, workshop, workshop_activity
from tests.factories import COURSE_KEY, OTHER_COURSE_KEY, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(course):
    data = build(4)
    data.update(workshop(data["people"]))
    return data


def test_the_general_figures_come_from_the_slots(course_staff, data):
    general = dict(ps.compute(ps.statistics_scope(course_staff.id, COURSE_KEY)).general())

    # Registered: p0 (Morning, Evening), p1 (Morning), p2 (Afternoon); p1 also waits for Afternoon.
    assert general["Registrations"] == "3"
    assert general["Waiting list"] == "1"
    # Morning is over, Afternoon is full, Evening has 4 seats and one taken.
    assert general["Open registrations"] == "3"


def test_a_coach_counts_the_registrations_of_their_cohort(data):
    coach = coach_of(data["blue"])  # p0 and p2
    general = dict(ps.compute(ps.statistics_scope(coach.id, COURSE_KEY)).general())

    assert (general["Registrations"], general["Waiting list"]) == ("2", "0")


def test_closed_registration_and_archived_activities_open_no_seat(course_staff, data):
    soon = add_slot(data["activity"], "Soon", clock.now() + timedelta(hours=1), capacity=5)
    ClassroomSettings.objects.create(activity=data["activity"], registration_closes_minutes=120)
    assert classroom_figures(COURSE_KEY, []).open_registrations == 3  # Evening only
    data["activity"].archived_at = clock.now()
    data["activity"].save()

    figures = classroom_figures(COURSE_KEY, [])
    assert figures.open_registrations == 0
    assert soon.id in [slot.slot_id for slot in figures.slots]  # still in the export


def test_the_slots_in_start_order_with_their_columns(data):
    morning, afternoon, _evening = data["slots"]
    figures = classroom_figures(COURSE_KEY, [p.id for p in data["people"]], {afternoon.id, morning.id})

    assert [(s.block_title, s.title, str(s.duration_hours)) for s in figures.slots] == [
        ("Workshop", "Morning", "3.00"),
        ("Workshop", "Afternoon", "1.50"),
    ]
    assert (figures.registrations, figures.waiting_list, figures.open_registrations) == (3, 1, 0)


def test_the_marks_and_the_slot_learners(data):
    p0, p1, p2, _p3 = data["people"]
    morning, afternoon, _evening = data["slots"]
    walk_in = UserFactory(username="walk_in")
    mark(afternoon, walk_in, "late")

    assert slot_marks([morning.id, afternoon.id], [p0.id, p1.id, walk_in.id]) == {
        (p0.id, morning.id): "Present",
        (p1.id, morning.id): "Absent",
        (walk_in.id, afternoon.id): "Late",
    }
    # p1 only waits for Afternoon: not one of its learners; the walk-in is.
    assert slot_learner_ids([afternoon.id]) == {p2.id, walk_in.id}


def test_no_slot_no_figures_and_the_enrolled_are_the_registrations(course_staff, course):
    build(4)
    workshop_activity()  # a classroom activity without slots

    assert classroom_figures(COURSE_KEY, [1, 2]) == ps.ClassroomFigures()
    assert (
        dict(ps.compute(ps.statistics_scope(course_staff.id, COURSE_KEY)).general())["Registrations"] == "3"
    )


@pytest.mark.parametrize(("slots", "learners"), [(2, 3), (12, 40)])
def test_a_constant_number_of_queries(course, slots, learners, django_assert_num_queries):
    activity = workshop_activity()
    people = [UserFactory() for _index in range(learners)]
    start = clock.now() + timedelta(days=1)
    made = [add_slot(activity, f"Slot {n}", start + timedelta(days=n), capacity=50) for n in range(slots)]
    for slot in made:
        for person in people:
            seat(slot, person)
        mark(slot, people[0], "present")
    ids = [person.id for person in people]

    with django_assert_num_queries(2):  # the slots with their seats taken, the registrations
        figures = classroom_figures(COURSE_KEY, ids)
    assert (figures.registrations, len(figures.slots)) == (learners, slots)
    with django_assert_num_queries(1):
        assert len(slot_marks([s.id for s in made], ids)) == slots
    with django_assert_num_queries(1):
        assert slot_learner_ids([s.id for s in made]) == set(ids)


def test_the_blended_runs(course, django_assert_num_queries):
    in_class = workshop_activity()
    add_slot(in_class, "One", clock.now())
    workshop_activity("elsewhere", OTHER_COURSE_KEY)  # a classroom activity without any slot

    with django_assert_num_queries(1):
        assert classroom_course_keys([COURSE_KEY, OTHER_COURSE_KEY]) == {COURSE_KEY}
    with django_assert_num_queries(0):
        assert classroom_course_keys([]) == set()


def test_the_group_dashboard_counts_the_run_with_classroom(course_staff, data):
    from attendance_app.api import mirrors
    from tests.attendance_app.program_data import T0

    mirrors.record_role(course_staff.id, "DemoX", COURSE_KEY, "staff", True, T0)
    context = group_dashboard(course_staff.id)

    blended = next(chart for chart in context["charts"] if chart["id"] == "blended")
    assert dict(blended["rows"]) == {"100 % online": 0, "With classroom": 1}
    assert context["sessions"][0].blended
