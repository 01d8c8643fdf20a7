"""Low-attendance warnings: below a threshold %, after N held slots, at most M times per learner.

Each warning goes to the learner and to their coaches (the coaches of the learner's cohorts in the
course), with the figures: held slots, attendance % and the best still reachable. A learner is
warned at most once per number of held slots, so a run repeated before their next slot sends
nothing new.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from attendance_app.api.classroom import access
from attendance_app.api.classroom.attendance import AttendanceFigures, figures
from attendance_app.api.classroom.notifications import deliver, in_locale_of
from attendance_app.credit.classroom import should_warn
from attendance_app.models import (
    Activity,
    ClassroomSettings,
    CoachAssignment,
    LowAttendanceWarning,
    Mark,
    Registration,
    RegistrationStatus,
)
from attendance_app.platform import get_backend


def send_low_attendance_warnings(now: datetime) -> int:
    """Warn every learner now due a warning in the activities that have warnings on; returns how many."""
    sent = 0
    rules = ClassroomSettings.objects.filter(
        warn_below_percent__isnull=False, activity__archived_at__isnull=True
    ).select_related("activity")
    for rule in rules:
        activity = rule.activity
        for user_id in _learners(activity):
            numbers = figures(activity, user_id, now)
            earlier = LowAttendanceWarning.objects.filter(activity=activity, user_id=user_id)
            assert rule.warn_below_percent is not None
            due = should_warn(
                numbers.percent,
                numbers.held_slots,
                earlier.count(),
                threshold_percent=rule.warn_below_percent,
                after_slots=rule.warn_after_slots,
                max_warnings=rule.warn_at_most,
            )
            if due and not earlier.filter(held_slots=numbers.held_slots).exists():
                sent += _warn(activity, user_id, numbers, now)
    return sent


def _learners(activity: Activity) -> list[int]:
    seated = Registration.objects.filter(slot__activity=activity, status=RegistrationStatus.REGISTERED)
    marked = Mark.objects.filter(slot__activity=activity)
    return sorted(
        set(seated.values_list("user_id", flat=True)) | set(marked.values_list("user_id", flat=True))
    )


def coach_ids(activity: Activity, user_id: int) -> list[int]:
    """The coaches of the learner's cohorts in the activity's course."""
    course_key = access.course_of(activity)
    backend = get_backend()
    return sorted(
        {
            assignment.user_id
            for assignment in CoachAssignment.objects.filter(course_key=course_key)
            if user_id in backend.cohort_member_ids(course_key, assignment.cohort_id)
        }
    )


def _warn(activity: Activity, user_id: int, numbers: AttendanceFigures, now: datetime) -> int:
    assert numbers.percent is not None
    assert numbers.best_reachable_percent is not None
    try:
        with transaction.atomic():
            LowAttendanceWarning.objects.create(
                activity=activity,
                user_id=user_id,
                sent_at=now,
                held_slots=numbers.held_slots,
                percent=numbers.percent,
                best_reachable_percent=numbers.best_reachable_percent,
            )
    except IntegrityError:  # a concurrent run sent it
        return 0
    users = get_backend().get_users([user_id, *coach_ids(activity, user_id)])
    learner = users.get(user_id)
    if learner is None:
        return 0
    context = {"activity": activity.display_name, "learner": learner.full_name, "figures": numbers}
    # One email per recipient: the learner and each coach read it in their own account's language.
    for recipient in users.values():
        if not recipient.email:
            continue
        with in_locale_of(recipient.user_id):
            subject = render_to_string("attendance_app/classroom/email/low_attendance_subject.txt", context)
            body = render_to_string("attendance_app/classroom/email/low_attendance_body.txt", context)
        deliver(" ".join(subject.split()), body, [recipient.email])
    return 1
