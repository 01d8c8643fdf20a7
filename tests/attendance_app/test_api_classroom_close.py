"""After the slots: auto-mark at close, attendance % held and reachable, low-attendance warnings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from attendance_app import tasks
from attendance_app.api import classroom
from attendance_app.api.classroom.attendance import figures, learner_attendance
from attendance_app.api.classroom.automark import automark_closed_slots
from attendance_app.api.classroom.low_attendance import send_low_attendance_warnings
from attendance_app.exceptions import NotAuthorized
from attendance_app.models import ClassroomSettings, CoachAssignment, LowAttendanceWarning, Mark, MarkAudit
from tests.attendance_app.classroom_helpers import T0, USAGE_KEY, classroom_activity, make_slot
from tests.factories import COURSE_KEY, CohortFactory, UserFactory

pytestmark = pytest.mark.django_db
BEFORE = T0 - timedelta(days=1)
WEEK = timedelta(weeks=1)
CLOSED = T0 + timedelta(hours=2, minutes=30)  # the 2-hour slot ended 30 minutes ago


@pytest.fixture
def activity(course_staff):
    return classroom_activity(course_staff.id)


@pytest.fixture
def slots(course_staff, activity, learner, other_learner):
    """Four weekly slots; both learners registered for all of them."""
    slots = [make_slot(course_staff.id, T0 + week * WEEK) for week in range(4)]
    for slot in slots:
        for user in (learner, other_learner):
            classroom.register(user.id, USAGE_KEY, slot.id, BEFORE)
    return slots


def mark(staff, slot, user, status, now):
    classroom.set_mark(staff.id, USAGE_KEY, slot.id, user.id, {"status": status}, now)


# Auto-mark ---------------------------------------------------------------------------------------


def test_unmarked_registrants_become_absent_after_the_close_delay_but_a_persons_mark_stays(
    course_staff, slots, learner, other_learner
):
    mark(course_staff, slots[0], learner, "late", T0 + timedelta(minutes=20))

    assert automark_closed_slots(CLOSED - timedelta(seconds=1)) == 0
    assert automark_closed_slots(CLOSED) == 1

    marks = dict(Mark.objects.filter(slot=slots[0]).values_list("user_id", "status__code"))
    assert marks == {learner.id: "late", other_learner.id: "absent"}
    auto = MarkAudit.objects.get(source="auto")
    assert (auto.actor_id, auto.user_id) == (None, other_learner.id)


def test_the_auto_mark_is_idempotent(slots):
    automark_closed_slots(CLOSED)

    assert automark_closed_slots(CLOSED + timedelta(hours=1)) == 0
    assert MarkAudit.objects.count() == 2


def test_the_close_status_and_delay_are_per_activity(activity, slots, learner):
    ClassroomSettings.objects.create(
        activity=activity, automark_after_minutes=0, automark_status_code="excused"
    )

    automark_closed_slots(T0 + timedelta(hours=2))

    assert set(Mark.objects.values_list("status__code", flat=True)) == {"excused"}


def test_the_task_runs_the_auto_mark(slots):
    assert tasks.automark_classroom_slots.delay(CLOSED.isoformat()).get() == 2
    assert tasks.automark_classroom_slots.delay(CLOSED.isoformat()).get() == 0


def test_the_command_marks_the_slots_closed_by_now(course_staff, activity, learner):
    two_days_ago = datetime.now(tz=UTC) - timedelta(days=2)
    past = make_slot(course_staff.id, two_days_ago)
    classroom.register(learner.id, USAGE_KEY, past.id, two_days_ago - timedelta(days=1))
    out = StringIO()

    call_command("automark_classroom_slots", stdout=out)

    assert out.getvalue() == "1 learners marked.\n"
    assert Mark.objects.get().status.code == "absent"


# Attendance % ------------------------------------------------------------------------------------


def test_attendance_is_over_held_slots_and_the_best_reachable_assumes_present(
    course_staff, activity, slots, learner
):
    mark(course_staff, slots[0], learner, "present", T0)
    mark(course_staff, slots[1], learner, "late", T0 + WEEK)

    early = figures(activity, learner.id, T0 + WEEK + timedelta(hours=3))

    assert (early.held_slots, early.remaining_slots) == (2, 2)
    assert (early.percent, early.best_reachable_percent) == (Decimal("90.00"), Decimal("95.00"))

    mark(course_staff, slots[2], learner, "excused", T0 + 2 * WEEK)
    late = figures(activity, learner.id, T0 + 3 * WEEK + timedelta(hours=3))  # the last: no mark

    assert (late.held_slots, late.remaining_slots) == (4, 0)
    assert late.percent == Decimal("60.00")  # (100 + 80 + 0) / 3, Excused left out


def test_another_learners_attendance_is_for_the_course_team(course_staff, slots, learner, other_learner):
    assert learner_attendance(course_staff.id, USAGE_KEY, learner.id, T0).held_slots == 0
    with pytest.raises(NotAuthorized):
        learner_attendance(other_learner.id, USAGE_KEY, learner.id, T0)


# Warnings ----------------------------------------------------------------------------------------


@pytest.fixture
def warned(activity, learner):
    ClassroomSettings.objects.create(
        activity=activity, warn_below_percent=Decimal(75), warn_after_slots=2, warn_at_most=1
    )
    cohort = CohortFactory()
    cohort.members.add(learner)
    coach = UserFactory(username="coach")
    CoachAssignment.objects.create(user=coach, course_key=COURSE_KEY, cohort_id=cohort.id)
    return coach


def test_a_learner_below_the_threshold_after_n_slots_is_warned_with_their_coach(
    course_staff, slots, learner, other_learner, warned
):
    sent = []
    for week, slot in enumerate(slots[:2]):
        mark(course_staff, slot, learner, "absent", T0 + week * WEEK)
        mark(course_staff, slot, other_learner, "present", T0 + week * WEEK)
        sent.append(send_low_attendance_warnings(T0 + week * WEEK + timedelta(hours=3)))

    assert sent == [0, 1]  # not after one held slot; after two

    # One email each, so that each reads it in their own language.
    assert sorted(message.to[0] for message in mail.outbox) == sorted([learner.email, warned.email])
    assert "0.00 %" in mail.outbox[0].body
    assert "50.00 %" in mail.outbox[0].body  # best reachable: two Present of four
    assert LowAttendanceWarning.objects.get().held_slots == 2


def test_at_most_m_warnings_are_sent(course_staff, slots, learner, warned):
    for week, slot in enumerate(slots):
        mark(course_staff, slot, learner, "absent", T0 + week * WEEK)
        send_low_attendance_warnings(T0 + week * WEEK + timedelta(hours=3))

    assert LowAttendanceWarning.objects.filter(user=learner).count() == 1
    assert tasks.send_low_attendance_warnings.delay((T0 + 5 * WEEK).isoformat()).get() == 0
