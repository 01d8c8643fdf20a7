"""The learner's view costs a small, constant number of queries (issue #19, ADR 0027).

Each pin renders the block once first, so that the workbench has read its field data, then empties
the cache (the presence configuration is read cold, the worst case) and counts the second render.
Every count includes one query of the workbench's own: the standalone backend's user id lookup by
username (the LMS's user service answers without one). The figures are the same at two sizes:
rules, units, slots and claims are read in one query whatever their number.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attendance_app import api, clock
from attendance_app.api import classroom
from attendance_app.models import Activity, Attendance
from attendance_app.platform import get_backend
from tests.attendance_xblock.test_block_classroom import init_args
from tests.attendance_xblock.test_block_lms import CompletionService
from tests.attendance_xblock.utils import make_block, view_as
from tests.factories import COURSE_KEY, GradableItemFactory

pytestmark = pytest.mark.django_db

#: The workbench runtime's user id lookup, in every count below.
RUNTIME = 1
#: switches, enrollment, activity, its rules with units, accommodation, attendance row, claims.
LIVE_LEARNER = 7
#: A classroom has no presence: no accommodation.
CLASSROOM_LEARNER = 6
#: A rule's quiz: the course's gradable items and the learner's grades, once for every quiz rule.
QUIZ_GATE = 2
#: External units: the learner's SSO identity, once for every external unit.
EXTERNAL_LINKS = 1


@pytest.fixture
def django_assert_num_queries():
    """Exactly ``num`` queries, leaving out the workbench runtime's field-data reads (its
    ``workbench_*`` tables): the xblock-sdk of edx-platform's pins reads them on every field access,
    and they are the test runtime's, not the plugin's."""

    @contextmanager
    def assert_num_queries(num: int) -> Iterator[CaptureQueriesContext]:
        with CaptureQueriesContext(connection) as context:
            yield context
        ours = [q["sql"] for q in context.captured_queries if "workbench_" not in q["sql"]]
        assert len(ours) == num, f"Expected {num} queries, {len(ours)} were done:\n" + "\n".join(ours)

    return assert_num_queries


def _xml(mode: str, start: datetime, end: datetime | None) -> str:
    end_attribute = f' live_end="{end.isoformat()}"' if end else ""
    times = f'live_start="{start.isoformat()}"{end_attribute}'
    return f'<attendance display_name="Ethics" mode="{mode}" {times}/>'


def _activity_block(course_staff, mode: str, *, start: datetime, end: datetime | None = None):
    block = make_block("course_staff", _xml(mode, start, end))
    usage_key = get_backend().usage_key_for_block(block)
    settings = {"display_name": "Ethics", "mode": mode, "live_start": start.isoformat()}
    if end:
        settings["live_end"] = end.isoformat()
    api.configure_activity(course_staff.id, usage_key, settings)
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    return block, usage_key


def _add_units(course_staff, org_admin, usage_key, count: int, **rule) -> list[int]:
    unit_ids = []
    for index in range(count):
        unit = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe", "acronym": f"CPE{index}"})
        api.add_rule(course_staff.id, usage_key, {"unit_id": unit.id, **rule})
        unit_ids.append(unit.id)
    return unit_ids


def _add_external_units(course_staff, org_admin, usage_key, count: int) -> None:
    for index in range(count):
        unit = api.create_unit(
            org_admin.id,
            {
                "org": "DemoX",
                "managed_by": "external",
                "acronym": f"BRD{index}",
                "name": f"Board {index}",
                "external_url": "https://board.example.org/claim?person={{personID}}",
            },
        )
        api.add_rule(course_staff.id, usage_key, {"unit_id": unit.id})


def _attended_and_claimed(learner, usage_key, minutes: int) -> None:
    """The learner attended ``minutes`` confirmed minutes and claimed what they earned."""
    now = clock.now()
    Attendance.objects.create(
        user=learner,
        activity=Activity.objects.get(usage_key=usage_key),
        first_join_at=now,
        last_beat_at=now,
        segment_started_at=now,
        confirmed_us=minutes * 60 * 1_000_000,
    )
    api.claim_credits(learner.id, usage_key, now)


def _learner_view(block, username: str = "learner"):
    learner_block = view_as(block, username)
    learner_block.runtime.render(learner_block, "student_view")  # the workbench reads its fields
    cache.clear()  # the presence configuration cold: the worst case
    return learner_block


def _live_block(course_staff):
    now = datetime.now(UTC)
    return _activity_block(course_staff, "live", start=now - timedelta(hours=1), end=now + timedelta(hours=1))


@pytest.mark.parametrize("units", [1, 5])
def test_a_live_learner_view_costs_seven_queries_whatever_its_units(
    course_staff, org_admin, learner, units, django_assert_num_queries
):
    block, usage_key = _live_block(course_staff)
    _add_units(course_staff, org_admin, usage_key, units)
    learner_block = _learner_view(block)

    with django_assert_num_queries(RUNTIME + LIVE_LEARNER):
        fragment = learner_block.runtime.render(learner_block, "student_view")

    assert fragment.content.count("CPE") >= units  # every unit is listed


@pytest.mark.parametrize("units", [1, 4])
def test_attendance_and_claims_cost_no_more(
    course_staff, org_admin, learner, units, django_assert_num_queries
):
    block, usage_key = _live_block(course_staff)
    _add_units(course_staff, org_admin, usage_key, units)
    _attended_and_claimed(learner, usage_key, minutes=120)
    learner_block = _learner_view(block)

    with django_assert_num_queries(RUNTIME + LIVE_LEARNER):
        learner_block.runtime.render(learner_block, "student_view")


@pytest.mark.parametrize("units", [1, 4])
def test_a_recorded_learner_view_costs_the_same(
    course_staff, org_admin, learner, units, django_assert_num_queries
):
    block, usage_key = _activity_block(course_staff, "recorded", start=datetime(2026, 1, 1, tzinfo=UTC))
    _add_units(course_staff, org_admin, usage_key, units)
    learner_block = _learner_view(block)

    with django_assert_num_queries(RUNTIME + LIVE_LEARNER):
        learner_block.runtime.render(learner_block, "student_view")


@pytest.mark.parametrize("slots", [1, 10])
def test_a_classroom_learner_view_costs_the_same_whatever_its_slots(
    course_staff, org_admin, learner, slots, django_assert_num_queries
):
    block, usage_key = _activity_block(course_staff, "classroom", start=datetime(2026, 1, 1, tzinfo=UTC))
    _add_units(course_staff, org_admin, usage_key, 2)
    start = datetime(2027, 1, 4, 9, tzinfo=UTC)
    for day in range(slots):
        slot_start = start + timedelta(days=day)
        classroom.create_slots(
            course_staff.id,
            usage_key,
            {
                "title": f"Lab {day}",
                "start": slot_start.isoformat(),
                "end": (slot_start + timedelta(hours=2)).isoformat(),
                "duration_hours": 2,
                "capacity": 4,
            },
        )
    learner_block = _learner_view(block)

    with django_assert_num_queries(RUNTIME + CLASSROOM_LEARNER):
        fragment = learner_block.runtime.render(learner_block, "student_view")

    assert 'class="attendance-classroom"' in fragment.content


@pytest.mark.parametrize("gated", [1, 3])
def test_quiz_gates_read_the_gradable_items_and_grades_once(
    course_staff, org_admin, learner, gated, django_assert_num_queries
):
    quiz = GradableItemFactory(display_name="Module 1 quiz")
    block, usage_key = _live_block(course_staff)
    _add_units(course_staff, org_admin, usage_key, gated, quiz_usage_key=str(quiz.usage_key), min_grade="50")
    learner_block = _learner_view(block)

    with django_assert_num_queries(RUNTIME + LIVE_LEARNER + QUIZ_GATE):
        fragment = learner_block.runtime.render(learner_block, "student_view")

    assert "Module 1 quiz" in fragment.content


@pytest.mark.parametrize("external", [1, 3])
def test_external_units_read_the_learners_identity_once(
    course_staff, org_admin, learner, external, django_assert_num_queries
):
    block, usage_key = _live_block(course_staff)
    _add_units(course_staff, org_admin, usage_key, 1)
    _add_external_units(course_staff, org_admin, usage_key, external)
    learner_block = _learner_view(block)

    with django_assert_num_queries(RUNTIME + LIVE_LEARNER + EXTERNAL_LINKS):
        fragment = learner_block.runtime.render(learner_block, "student_view")

    links = init_args(fragment)["claim"]["external"]
    assert [link["acronym"] for link in links] == [f"BRD{index}" for index in range(external)]


def test_publishing_completion_in_the_lms_reads_nothing_more(
    course_staff, org_admin, learner, monkeypatch, django_assert_num_queries
):
    block, usage_key = _live_block(course_staff)
    _add_units(course_staff, org_admin, usage_key, 2)
    learner_block = _learner_view(block)
    service = CompletionService()
    real_service = learner_block.runtime.service
    monkeypatch.setattr(
        learner_block.runtime,
        "service",
        lambda block, name: service if name == "completion" else real_service(block, name),
    )

    with django_assert_num_queries(RUNTIME + LIVE_LEARNER):
        learner_block.runtime.render(learner_block, "student_view")


def test_an_anonymous_visitor_costs_the_switches_only(course_staff, org_admin, django_assert_num_queries):
    block, usage_key = _live_block(course_staff)
    _add_units(course_staff, org_admin, usage_key, 3)
    visitor_block = _learner_view(block, None)

    with django_assert_num_queries(1):  # the switches; the workbench knows the visitor is anonymous
        visitor_block.runtime.render(visitor_block, "student_view")


def test_the_memo_ends_with_the_rendering(course_staff, org_admin, learner, django_assert_num_queries):
    """A second rendering reads again: a switch turned off in between is seen at once."""
    block, usage_key = _live_block(course_staff)
    _add_units(course_staff, org_admin, usage_key, 1)
    learner_block = _learner_view(block)
    learner_block.runtime.render(learner_block, "student_view")

    api.set_course_switch(course_staff.id, COURSE_KEY, False)
    fragment = learner_block.runtime.render(learner_block, "student_view")

    assert init_args(fragment)["presence"] is None
