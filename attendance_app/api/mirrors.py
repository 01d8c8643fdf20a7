"""Keeping the mirror tables (:mod:`attendance_app.models.mirrors`) current.

Every function takes the time the change happened (an event's ``metadata.time``, or the moment a
backfill read the platform) and applies the change only if no newer one was recorded: replays
change nothing, and a late event never undoes a newer one. Each returns whether it changed the row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, OperationalError, models, transaction
from opaque_keys.edx.django.models import CourseKeyField
from opaque_keys.edx.keys import CourseKey, UsageKey

from attendance_app.api.presence_checks import forget_access
from attendance_app.models.mirrors import (
    CertificateMirror,
    CohortMembershipMirror,
    CourseAccessRoleMirror,
    EnrollmentMirror,
    GradeSummaryMirror,
    PublishedBlockMirror,
)

#: The block types whose publication is mirrored.
MIRRORED_BLOCK_TYPES = frozenset({"attendance"})

#: MariaDB/MySQL errors of a lost lock race: deadlock, lock wait timeout. The change is retried.
_LOCK_CONFLICTS = frozenset({1213, 1205})
_ATTEMPTS = 4


def _apply(
    model: type[models.Model],
    keys: dict[str, Any],
    values: dict[str, Any],
    at: datetime,
    time_field: str = "changed_at",
) -> bool:
    """Create the row, or update it unless it records a change newer than ``at``.

    Concurrent first events of one row race for the insert; on MariaDB the losers can deadlock
    while they wait for the winner's row. A change is safe to repeat, so when this is the
    outermost transaction (as the receivers and the backfill run it), a lost race is retried.
    """
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            return _apply_once(model, keys, values, at, time_field)
        except OperationalError as error:
            retry = error.args and error.args[0] in _LOCK_CONFLICTS
            if not retry or attempt == _ATTEMPTS or transaction.get_connection().in_atomic_block:
                raise
    raise AssertionError("unreachable")


def _apply_once(
    model: type[models.Model], keys: dict[str, Any], values: dict[str, Any], at: datetime, time_field: str
) -> bool:
    with transaction.atomic():
        row = model._default_manager.select_for_update().filter(**keys).first()
        if row is None:
            try:
                with transaction.atomic():  # a savepoint: a concurrent event may insert first
                    model._default_manager.create(**keys, **values, **{time_field: at})
                return True
            except IntegrityError:
                row = model._default_manager.select_for_update().get(**keys)
        recorded = getattr(row, time_field)
        if recorded is not None and recorded > at:
            return False
        for name, value in values.items():
            setattr(row, name, value)
        setattr(row, time_field, at)
        row.save(update_fields=[*values, time_field])
        return True


def record_enrollment(user_id: int, course_key: CourseKey, mode: str, is_active: bool, at: datetime) -> bool:
    changed = _apply(
        EnrollmentMirror,
        {"user_id": user_id, "course_key": course_key},
        {"mode": mode or "", "is_active": bool(is_active)},
        at,
    )
    forget_access(user_id, course_key)  # heartbeats check access again (ADR 0026)
    return changed


def record_cohort(user_id: int, course_key: CourseKey, cohort_name: str, at: datetime) -> bool:
    return _apply(
        CohortMembershipMirror,
        {"user_id": user_id, "course_key": course_key},
        {"cohort_name": cohort_name},
        at,
    )


def record_grade(
    user_id: int, course_key: CourseKey, percent: float | None, letter_grade: str, passed: bool, at: datetime
) -> bool:
    """The persistent grade summary: percent and letter, and whether it passed."""
    keys = {"user_id": user_id, "course_key": course_key}
    changed = _apply(
        GradeSummaryMirror,
        keys,
        {"percent": percent, "letter_grade": letter_grade or ""},
        at,
        "grade_changed_at",
    )
    return record_passing(user_id, course_key, passed, at) or changed


def record_passing(user_id: int, course_key: CourseKey, is_passing: bool, at: datetime) -> bool:
    return _apply(
        GradeSummaryMirror,
        {"user_id": user_id, "course_key": course_key},
        {"passed": bool(is_passing)},
        at,
        "passed_changed_at",
    )


def record_certificate(
    user_id: int, course_key: CourseKey, mode: str, status: str, revoked: bool, at: datetime
) -> bool:
    return _apply(
        CertificateMirror,
        {"user_id": user_id, "course_key": course_key},
        {"mode": mode or "", "status": status or "", "revoked": revoked},
        at,
    )


def record_role(
    user_id: int, org: str, course_key: CourseKey | None, role: str, active: bool, at: datetime
) -> bool:
    """A course role (``course_key`` set) or an organization role (``course_key`` None or empty)."""
    changed = _apply(
        CourseAccessRoleMirror,
        {
            "user_id": user_id,
            "org": org or "",
            "course_key": course_key or CourseKeyField.Empty,
            "role": role,
        },
        {"active": active},
        at,
    )
    if course_key:
        forget_access(user_id, course_key)
    return changed


def record_block(usage_key: UsageKey, block_type: str, deleted: bool, at: datetime) -> bool:
    """A block published (or deleted) in Studio; only :data:`MIRRORED_BLOCK_TYPES` are kept."""
    if block_type not in MIRRORED_BLOCK_TYPES:
        return False
    return _apply(
        PublishedBlockMirror,
        {"usage_key": usage_key},
        {"course_key": usage_key.course_key, "block_type": block_type, "deleted": deleted},
        at,
    )


# Reading (one query per table and course, whatever the number of learners) -------------------------


def active_enrollment_modes(course_key: CourseKey) -> dict[int, str]:
    """The actively enrolled learners of the course run and their modes, by user id."""
    rows = EnrollmentMirror.objects.filter(course_key=course_key, is_active=True)
    return dict(rows.values_list("user_id", "mode"))


def cohort_names(course_key: CourseKey) -> dict[int, str]:
    """Each learner's cohort in the course run, by user id."""
    return dict(
        CohortMembershipMirror.objects.filter(course_key=course_key).values_list("user_id", "cohort_name")
    )


def grade_summaries(course_key: CourseKey) -> dict[int, tuple[float | None, bool]]:
    """Each learner's course grade (0.0-1.0, or None before any grade) and whether they pass."""
    rows = GradeSummaryMirror.objects.filter(course_key=course_key)
    return {
        user_id: (percent, passed)
        for user_id, percent, passed in rows.values_list("user_id", "percent", "passed")
    }


def certificate_statuses(course_key: CourseKey) -> dict[int, str]:
    """Each learner's platform certificate status in the course run (no certificate: no key)."""
    return dict(CertificateMirror.objects.filter(course_key=course_key).values_list("user_id", "status"))


def course_team_roles(course_key: CourseKey) -> dict[int, set[str]]:
    """The active roles of the course run and of its organization, by user id."""
    in_course = models.Q(course_key=course_key)
    org_wide = models.Q(org__iexact=course_key.org, course_key=CourseKeyField.Empty)
    roles: dict[int, set[str]] = {}
    rows = CourseAccessRoleMirror.objects.filter(in_course | org_wide, active=True)
    for user_id, role in rows.values_list("user_id", "role"):
        roles.setdefault(user_id, set()).add(role)
    return roles


def published_activity_keys(course_key: CourseKey) -> list[UsageKey]:
    """The published (not deleted) Attendance blocks of the course run."""
    rows = PublishedBlockMirror.objects.filter(course_key=course_key, deleted=False).order_by("usage_key")
    return [usage_key for usage_key in rows.values_list("usage_key", flat=True) if usage_key is not None]
