"""Classroom slots: creation rules, registration and the waiting list, status sets, marking and audit."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection

from attendance_app.api import classroom
from attendance_app.exceptions import Conflict, InvalidInput, NotAuthorized
from attendance_app.models import (
    ActivityLogEntry,
    ClassroomSettings,
    Mark,
    MarkAudit,
    Registration,
    RegistrationStatus,
    Slot,
)
from attendance_app.platform.standalone.models import TrackedEvent
from tests.attendance_app.classroom_helpers import (
    T0,
    USAGE_KEY,
    classroom_activity,
    enrolled,
    make_slot,
    slot_data,
)
from tests.factories import CohortFactory

pytestmark = pytest.mark.django_db
BEFORE = T0 - timedelta(days=1)
DURING = T0 + timedelta(minutes=30)


@pytest.fixture
def activity(course_staff):
    return classroom_activity(course_staff.id)


@pytest.fixture
def slot(course_staff, activity, instructor):
    return make_slot(course_staff.id, instructor_ids=[instructor.id])


# Slots ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"capacity": 0}, "capacity"),
        ({"capacity": -3}, "capacity"),
        ({"end": (T0 - timedelta(minutes=1)).isoformat()}, "end"),
        ({"end": T0.isoformat()}, "end"),
        ({"end": (T0 + timedelta(hours=24, minutes=1)).isoformat()}, "end"),
        ({"start": "next monday"}, "start"),
        ({"start": "2026-12-07T09:00:00"}, "start"),
        ({"duration_hours": 0}, "duration_hours"),
        ({"title": ""}, "title"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"instructor_ids": [999999]}, "instructor_ids"),
        ({"cohort_id": 999999}, "cohort_id"),
        ({"repeat_weeks": 53}, "repeat_weeks"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_slot_is_refused_and_nothing_is_created(course_staff, activity, change, field):
    with pytest.raises(InvalidInput) as error:
        classroom.create_slots(course_staff.id, USAGE_KEY, {**slot_data(), **change})

    assert set(error.value.field_errors) == {field}
    assert not Slot.objects.exists()


def test_a_weekly_series_keeps_the_wall_clock_time_across_daylight_saving(course_staff, activity):
    # 09:00 in Paris on 2026-10-19 (UTC+2); the clocks go back on 2026-10-25 (UTC+1).
    start = datetime(2026, 10, 19, 7, 0, tzinfo=UTC)
    views = classroom.create_slots(
        course_staff.id, USAGE_KEY, slot_data(start, repeat_weeks=3, time_zone="Europe/Paris")
    )

    assert [view.slot.start.hour for view in views] == [7, 8, 8]
    assert len({view.slot.series for view in views}) == 1
    assert views[0].slot.series is not None


def test_slots_need_a_classroom_activity(course_staff):
    from attendance_app import api

    api.configure_activity(
        course_staff.id,
        USAGE_KEY,
        {"display_name": "Replay", "mode": "recorded", "live_start": T0.isoformat()},
    )

    with pytest.raises(InvalidInput):
        classroom.create_slots(course_staff.id, USAGE_KEY, slot_data())


def test_fewer_seats_than_registered_learners_is_a_conflict(course_staff, slot, learner, other_learner):
    classroom.register(learner.id, USAGE_KEY, slot.id, BEFORE)
    classroom.register(other_learner.id, USAGE_KEY, slot.id, BEFORE)

    with pytest.raises(Conflict):
        classroom.update_slot(course_staff.id, USAGE_KEY, slot.id, {"capacity": 1}, BEFORE)
    assert Slot.objects.get().capacity == 2


def test_a_marked_slot_cannot_be_deleted(course_staff, slot, learner):
    classroom.register(learner.id, USAGE_KEY, slot.id, BEFORE)
    classroom.set_mark(course_staff.id, USAGE_KEY, slot.id, learner.id, {"status": "present"}, DURING)

    with pytest.raises(Conflict):
        classroom.delete_slot(course_staff.id, USAGE_KEY, slot.id)
    assert Slot.objects.exists()


def test_learners_outside_the_cohort_do_not_see_a_restricted_slot(course_staff, activity, learner):
    cohort = CohortFactory()
    make_slot(course_staff.id, cohort_id=cohort.id)

    assert classroom.list_slots(learner.id, USAGE_KEY) == []
    cohort.members.add(learner)
    assert len(classroom.list_slots(learner.id, USAGE_KEY)) == 1


# Registration and the waiting list -------------------------------------------------------------


def test_a_full_slot_puts_the_next_learner_on_the_waiting_list(slot, learner, other_learner):
    third = enrolled("third")
    classroom.register(learner.id, USAGE_KEY, slot.id, BEFORE)
    classroom.register(other_learner.id, USAGE_KEY, slot.id, BEFORE)

    waiting = classroom.register(third.id, USAGE_KEY, slot.id, BEFORE)

    assert waiting.status == RegistrationStatus.WAITING
    view = classroom.get_slot(third.id, USAGE_KEY, slot.id)
    assert (view.registered, view.waiting, view.my_status) == (2, 1, "waiting")
    assert view.as_json()["seats_left"] == 0


def test_a_freed_seat_promotes_the_longest_waiting_learner_and_emails_them(
    slot, learner, other_learner, django_capture_on_commit_callbacks
):
    third, fourth = enrolled("third"), enrolled("fourth")
    for user in (learner, other_learner, third, fourth):
        classroom.register(user.id, USAGE_KEY, slot.id, BEFORE)

    with django_capture_on_commit_callbacks(execute=True):
        classroom.unregister(learner.id, USAGE_KEY, slot.id, BEFORE + timedelta(hours=1))

    promoted = Registration.objects.get(user=third)
    assert promoted.status == RegistrationStatus.REGISTERED
    assert promoted.promoted_at == BEFORE + timedelta(hours=1)
    assert Registration.objects.get(user=fourth).status == RegistrationStatus.WAITING
    assert [message.to for message in mail.outbox] == [[third.email]]
    assert "Session" in mail.outbox[0].subject
    assert "Room 101" in mail.outbox[0].body


def test_more_seats_promote_waiting_learners(course_staff, slot, learner, other_learner):
    third = enrolled("third")
    for user in (learner, other_learner, third):
        classroom.register(user.id, USAGE_KEY, slot.id, BEFORE)

    classroom.update_slot(course_staff.id, USAGE_KEY, slot.id, {"capacity": 3}, BEFORE)

    assert Registration.objects.get(user=third).status == RegistrationStatus.REGISTERED


def test_registration_closes_the_configured_time_before_the_start(activity, slot, learner):
    ClassroomSettings.objects.create(activity=activity, registration_closes_minutes=60)

    with pytest.raises(Conflict):
        classroom.register(learner.id, USAGE_KEY, slot.id, T0 - timedelta(minutes=60))
    classroom.register(learner.id, USAGE_KEY, slot.id, T0 - timedelta(minutes=61))


def test_overlapping_registrations_of_one_learner_are_refused(course_staff, slot, learner):
    overlapping = make_slot(course_staff.id, T0 + timedelta(hours=1))
    back_to_back = make_slot(course_staff.id, T0 + timedelta(hours=2))
    classroom.register(learner.id, USAGE_KEY, slot.id, BEFORE)

    with pytest.raises(Conflict):
        classroom.register(learner.id, USAGE_KEY, overlapping.id, BEFORE)
    classroom.register(learner.id, USAGE_KEY, back_to_back.id, BEFORE)
    assert Registration.objects.filter(user=learner).count() == 2


def test_only_learners_of_the_cohort_register_for_a_restricted_slot(course_staff, activity, learner):
    cohort = CohortFactory()
    restricted = make_slot(course_staff.id, cohort_id=cohort.id)

    with pytest.raises(NotAuthorized):
        classroom.register(learner.id, USAGE_KEY, restricted.id, BEFORE)


def test_unregistering_after_the_start_is_refused(slot, learner):
    classroom.register(learner.id, USAGE_KEY, slot.id, BEFORE)

    with pytest.raises(Conflict):
        classroom.unregister(learner.id, USAGE_KEY, slot.id, DURING)
    assert Registration.objects.filter(user=learner).exists()


def test_registering_and_unregistering_are_logged_as_attend_and_unattend(
    slot, learner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # tracking events leave on commit
        classroom.register(learner.id, USAGE_KEY, slot.id, BEFORE)
        classroom.unregister(learner.id, USAGE_KEY, slot.id, BEFORE)

    assert list(ActivityLogEntry.objects.values_list("action", "label")) == [
        ("Attend", "Session"),
        ("Unattend", "Session"),
    ]
    assert list(TrackedEvent.objects.values_list("name", flat=True)) == [
        "attendance.slot.registered",
        "attendance.slot.unregistered",
    ]


@pytest.mark.django_db(transaction=True)
def test_two_learners_racing_for_the_last_seat_get_one_seat(course_staff, instructor, learner, other_learner):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the row lock is exercised on MariaDB")
    classroom_activity(course_staff.id)
    slot = make_slot(course_staff.id, capacity=1)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def register(user_id: int) -> None:
        barrier.wait()
        results.append(classroom.register(user_id, USAGE_KEY, slot.id, BEFORE).status)
        connection.close()

    threads = [threading.Thread(target=register, args=(user.id,)) for user in (learner, other_learner)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["registered", "waiting"]


# Status sets ------------------------------------------------------------------------------------


def test_a_course_starts_with_the_four_default_statuses(learner, slot):
    statuses = classroom.list_statuses(learner.id, USAGE_KEY)

    assert [(s.code, s.credit_percent, s.counts_in_denominator) for s in statuses] == [
        ("present", Decimal(100), True),
        ("late", Decimal(80), True),
        ("absent", Decimal(0), True),
        ("excused", Decimal(0), False),
    ]


def test_authors_set_late_and_add_statuses(course_staff, slot):
    classroom.update_status(course_staff.id, USAGE_KEY, "late", {"credit_percent": 50})
    added = classroom.add_status(course_staff.id, USAGE_KEY, {"label": "Left early", "credit_percent": 60})

    assert added.code == "left-early"
    codes = {s.code: s.credit_percent for s in classroom.list_statuses(course_staff.id, USAGE_KEY)}
    assert codes["late"] == Decimal(50)
    assert codes["left-early"] == Decimal(60)
    with pytest.raises(Conflict):
        classroom.add_status(course_staff.id, USAGE_KEY, {"label": "Left early", "credit_percent": 10})
    with pytest.raises(InvalidInput):
        classroom.add_status(course_staff.id, USAGE_KEY, {"label": "Too much", "credit_percent": 101})


# Marking and audit ------------------------------------------------------------------------------


def test_an_instructor_marks_a_registered_learner_and_the_audit_keeps_each_change(instructor, slot, learner):
    classroom.register(learner.id, USAGE_KEY, slot.id, BEFORE)

    first = classroom.set_mark(instructor.id, USAGE_KEY, slot.id, learner.id, {"status": "late"}, DURING)
    second = classroom.set_mark(
        instructor.id,
        USAGE_KEY,
        slot.id,
        learner.id,
        {"status": "present", "remark": "Train delayed", "version": first.mark.version},
        DURING + timedelta(minutes=5),
    )

    assert (second.mark.status.code, second.mark.version, second.mark.remark) == (
        "present",
        2,
        "Train delayed",
    )
    audit = list(MarkAudit.objects.values_list("actor_id", "before_status", "after_status", "after_remark"))
    assert audit == [(instructor.id, "", "late", ""), (instructor.id, "late", "present", "Train delayed")]
    assert ActivityLogEntry.objects.filter(action="Marked").count() == 2


def test_a_save_from_a_stale_version_is_a_conflict_and_changes_nothing(
    instructor, course_staff, slot, learner
):
    classroom.register(learner.id, USAGE_KEY, slot.id, BEFORE)
    read = classroom.set_mark(instructor.id, USAGE_KEY, slot.id, learner.id, {"status": "late"}, DURING)
    classroom.set_mark(
        course_staff.id, USAGE_KEY, slot.id, learner.id, {"status": "absent", "version": 1}, DURING
    )

    with pytest.raises(Conflict) as error:
        classroom.set_mark(
            instructor.id,
            USAGE_KEY,
            slot.id,
            learner.id,
            {"status": "present", "version": read.mark.version},
            DURING,
        )

    assert "Absent" in error.value.message
    assert Mark.objects.get().status.code == "absent"
    assert MarkAudit.objects.count() == 2


def test_marking_a_learner_who_did_not_register_needs_the_walk_in_flag(instructor, slot, learner):
    with pytest.raises(InvalidInput) as error:
        classroom.set_mark(instructor.id, USAGE_KEY, slot.id, learner.id, {"status": "present"}, DURING)
    assert set(error.value.field_errors) == {"walk_in"}

    row = classroom.set_mark(
        instructor.id, USAGE_KEY, slot.id, learner.id, {"status": "present", "walk_in": True}, DURING
    )
    assert row.mark.walk_in
    assert row.registration is None


def test_a_walk_in_must_be_a_learner_of_the_course(instructor, slot, outsider):
    with pytest.raises(InvalidInput):
        classroom.set_mark(
            instructor.id, USAGE_KEY, slot.id, outsider.id, {"status": "present", "walk_in": True}, DURING
        )
    assert not Mark.objects.exists()


def test_the_instructor_of_another_slot_may_not_mark(course_staff, slot, learner):
    other_teacher = enrolled("other_teacher")
    make_slot(course_staff.id, T0 + timedelta(days=1), instructor_ids=[other_teacher.id])
    classroom.register(learner.id, USAGE_KEY, slot.id, BEFORE)

    with pytest.raises(NotAuthorized):
        classroom.set_mark(other_teacher.id, USAGE_KEY, slot.id, learner.id, {"status": "present"}, DURING)


def test_marking_before_the_start_is_refused(instructor, slot, learner):
    classroom.register(learner.id, USAGE_KEY, slot.id, BEFORE)

    with pytest.raises(Conflict):
        classroom.set_mark(instructor.id, USAGE_KEY, slot.id, learner.id, {"status": "present"}, BEFORE)


def test_mark_all_unmarked_keeps_the_marks_already_made(instructor, slot, learner, other_learner):
    classroom.register(learner.id, USAGE_KEY, slot.id, BEFORE)
    classroom.register(other_learner.id, USAGE_KEY, slot.id, BEFORE)
    classroom.set_mark(instructor.id, USAGE_KEY, slot.id, learner.id, {"status": "present"}, DURING)

    count = classroom.mark_unmarked(instructor.id, USAGE_KEY, slot.id, {"status": "absent"}, DURING)

    assert count == 1
    assert dict(Mark.objects.values_list("user_id", "status__code")) == {
        learner.id: "present",
        other_learner.id: "absent",
    }


def test_an_unknown_status_is_refused(instructor, slot, learner):
    classroom.register(learner.id, USAGE_KEY, slot.id, BEFORE)

    with pytest.raises(InvalidInput) as error:
        classroom.set_mark(instructor.id, USAGE_KEY, slot.id, learner.id, {"status": "asleep"}, DURING)
    assert set(error.value.field_errors) == {"status"}


def test_audit_rows_cannot_be_changed_or_deleted(instructor, slot, learner):
    classroom.register(learner.id, USAGE_KEY, slot.id, BEFORE)
    classroom.set_mark(instructor.id, USAGE_KEY, slot.id, learner.id, {"status": "present"}, DURING)
    entry = MarkAudit.objects.get()

    entry.after_status = "absent"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


def test_the_register_lists_registered_learners_by_name(instructor, slot, learner, other_learner):
    third = enrolled("third")
    for user in (learner, other_learner, third):
        classroom.register(user.id, USAGE_KEY, slot.id, BEFORE)

    rows = classroom.list_marks(instructor.id, USAGE_KEY, slot.id)

    assert {row.user_id for row in rows} == {learner.id, other_learner.id}
    assert [row.name.lower() for row in rows] == sorted(row.name.lower() for row in rows)


def test_a_mail_server_that_is_down_does_not_stop_the_promotion(
    slot, learner, other_learner, settings, django_capture_on_commit_callbacks
):
    import socket

    with socket.socket() as probe:  # a port nothing listens on: connecting is refused
        probe.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    third = enrolled("third")
    for user in (learner, other_learner, third):
        classroom.register(user.id, USAGE_KEY, slot.id, BEFORE)

    with django_capture_on_commit_callbacks(execute=True):
        assert classroom.unregister(learner.id, USAGE_KEY, slot.id, BEFORE) is True

    assert Registration.objects.get(user=third).status == RegistrationStatus.REGISTERED


def test_listing_slots_costs_the_same_queries_for_two_slots_or_twenty(
    course_staff, activity, instructor, learner
):
    def queries_for_listing() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            views = classroom.list_slots(learner.id, USAGE_KEY)
            [view.as_json() for view in views]
        return len(captured)

    for day in range(2):
        make_slot(course_staff.id, T0 + timedelta(days=day), instructor_ids=[instructor.id])
    few = queries_for_listing()
    for day in range(2, 20):
        make_slot(course_staff.id, T0 + timedelta(days=day), instructor_ids=[instructor.id])

    assert queries_for_listing() == few


def test_the_register_costs_the_same_queries_for_two_learners_or_twelve(course_staff, slot, instructor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            classroom.list_marks(instructor.id, USAGE_KEY, slot.id)
        return len(captured)

    classroom.update_slot(course_staff.id, USAGE_KEY, slot.id, {"capacity": 20}, BEFORE)
    for number in range(2):
        classroom.register(enrolled(f"early{number}").id, USAGE_KEY, slot.id, BEFORE)
    few = queries()
    for number in range(10):
        user = enrolled(f"late{number}")
        classroom.register(user.id, USAGE_KEY, slot.id, BEFORE)
        classroom.set_mark(instructor.id, USAGE_KEY, slot.id, user.id, {"status": "present"}, DURING)

    assert queries() == few


def test_retiring_a_learner_keeps_the_marks_and_forgets_remarks_addresses_and_roles(
    instructor, slot, learner
):
    from attendance_app.api import retirement
    from attendance_app.models import CheckIn, CheckInOutcome, Slot

    classroom.register(learner.id, USAGE_KEY, slot.id, BEFORE)
    classroom.set_mark(
        instructor.id, USAGE_KEY, slot.id, learner.id, {"status": "late", "remark": "Ada, bus"}, DURING
    )
    CheckIn.objects.create(
        slot=slot, user=learner, ip_address="198.51.100.7", at=DURING, outcome=CheckInOutcome.ACCEPTED
    )

    retirement.retire_user(learner.id)
    retirement.retire_user(instructor.id)

    mark = Mark.objects.get(user=learner)
    assert (mark.status.code, mark.remark, mark.marked_by_id) == ("late", "", None)
    assert list(MarkAudit.objects.values_list("user_id", "after_status", "after_remark", "actor_id")) == [
        (learner.id, "late", "", None)
    ]
    assert CheckIn.objects.get(user=learner).ip_address is None
    assert not Slot.objects.get(id=slot.id).instructors.exists()
