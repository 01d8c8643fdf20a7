"""Classroom emails are written in the recipient's account language and show their account's time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail

from attendance_app.api import classroom
from attendance_app.api.classroom.low_attendance import send_low_attendance_warnings
from attendance_app.models import ClassroomSettings, CoachAssignment
from attendance_app.platform.standalone.models import UserPreference
from tests.attendance_app.classroom_helpers import T0, USAGE_KEY, classroom_activity, enrolled, make_slot
from tests.factories import COURSE_KEY, CohortFactory, UserFactory

pytestmark = pytest.mark.django_db
BEFORE = T0 - timedelta(days=1)


def prefer(user, language=None, zone=None):
    if language:
        UserPreference.objects.create(user=user, key="pref-lang", value=language)
    if zone:
        UserPreference.objects.create(user=user, key="time_zone", value=zone)


@pytest.fixture
def activity(course_staff):
    return classroom_activity(course_staff.id)


def promote(course_staff, start, django_capture_on_commit_callbacks, hours=2.0):
    """Fill a two-seat slot, put ``waiting`` on its waiting list, free a seat; returns ``waiting``."""
    slot = make_slot(course_staff.id, start, hours=hours)
    first, second, waiting = enrolled("first"), enrolled("second"), enrolled("waiting")
    for user in (first, second, waiting):
        classroom.register(user.id, USAGE_KEY, slot.id, start - timedelta(days=30))
    return slot, first, waiting


def free_a_seat(slot, user, start, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        classroom.unregister(user.id, USAGE_KEY, slot.id, start - timedelta(days=29))
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def test_a_french_learner_in_paris_gets_a_french_email_with_paris_times(
    course_staff, activity, django_capture_on_commit_callbacks
):
    slot, first, waiting = promote(course_staff, T0, django_capture_on_commit_callbacks)
    prefer(waiting, "fr", "Europe/Paris")

    message = free_a_seat(slot, first, T0, django_capture_on_commit_callbacks)

    assert message.to == [waiting.email]
    assert message.subject.startswith("Vous avez une place")
    assert "Bonjour" in message.body
    # 09:00-11:00 UTC on 7 December is 10:00-12:00 in Paris (winter time, UTC+1).
    assert "7 décembre 2026 10:00" in message.body
    assert "7 décembre 2026 12:00" in message.body
    assert "Europe/Paris" in message.body
    assert "09:00" not in message.body


def test_paris_times_follow_daylight_saving_time_even_inside_one_slot(
    course_staff, activity, django_capture_on_commit_callbacks
):
    # Clocks in Paris go from 02:00 to 03:00 at 01:00 UTC on 29 March 2026.
    start = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    slot, first, waiting = promote(course_staff, start, django_capture_on_commit_callbacks)
    prefer(waiting, "fr", "Europe/Paris")

    message = free_a_seat(slot, first, start, django_capture_on_commit_callbacks)

    assert "29 mars 2026 01:30" in message.body  # UTC+1 at the start
    assert "29 mars 2026 04:30" in message.body  # UTC+2 at the end, two hours later


def test_a_summer_slot_in_paris_is_two_hours_ahead_of_utc(
    course_staff, activity, django_capture_on_commit_callbacks
):
    start = datetime(2026, 7, 6, 9, 0, tzinfo=UTC)
    slot, first, waiting = promote(course_staff, start, django_capture_on_commit_callbacks)
    prefer(waiting, "fr", "Europe/Paris")

    message = free_a_seat(slot, first, start, django_capture_on_commit_callbacks)

    assert "6 juillet 2026 11:00" in message.body


@pytest.mark.parametrize(("language", "zone"), [(None, None), ("xx", "Mars/Olympus_Mons")])
def test_without_a_usable_preference_the_email_is_in_the_site_language_and_utc(
    course_staff, activity, django_capture_on_commit_callbacks, language, zone
):
    slot, first, waiting = promote(course_staff, T0, django_capture_on_commit_callbacks)
    prefer(waiting, language, zone)

    message = free_a_seat(slot, first, T0, django_capture_on_commit_callbacks)

    assert message.subject.startswith("You have a seat")
    assert "Starts (UTC):" in message.body
    assert "Dec. 7, 2026, 9 a.m." in message.body


def test_a_regional_language_without_its_own_translation_falls_back_to_the_language(
    course_staff, activity, django_capture_on_commit_callbacks
):
    slot, first, waiting = promote(course_staff, T0, django_capture_on_commit_callbacks)
    prefer(waiting, "fr-ca", "America/Montreal")

    message = free_a_seat(slot, first, T0, django_capture_on_commit_callbacks)

    assert "Bonjour" in message.body
    assert "7 décembre 2026 04:00" in message.body  # UTC-5


def test_the_warning_goes_to_the_learner_and_the_coach_each_in_their_own_language(
    course_staff, activity, learner
):
    ClassroomSettings.objects.create(
        activity=activity, warn_below_percent=Decimal(75), warn_after_slots=1, warn_at_most=1
    )
    cohort = CohortFactory()
    cohort.members.add(learner)
    coach = UserFactory(username="coach")
    CoachAssignment.objects.create(user=coach, course_key=COURSE_KEY, cohort_id=cohort.id)
    prefer(learner, "fr", "Europe/Paris")
    slot = make_slot(course_staff.id, T0)
    classroom.register(learner.id, USAGE_KEY, slot.id, BEFORE)
    classroom.set_mark(course_staff.id, USAGE_KEY, slot.id, learner.id, {"status": "absent"}, T0)

    assert send_low_attendance_warnings(T0 + timedelta(hours=3)) == 1

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == sorted([learner.email, coach.email])
    assert by_recipient[learner.email].subject.startswith("Présence insuffisante")
    assert "0,00 %" in by_recipient[learner.email].body  # French decimals
    assert by_recipient[coach.email].subject.startswith("Low attendance")
    assert "0.00 %" in by_recipient[coach.email].body
