"""openedx-events and retirement receivers (LMS and Studio).

Receivers only translate the event and hand it to :mod:`attendance_app.api`, directly or through a
Celery task in :mod:`attendance_app.tasks` when the work can wait for a worker.

:data:`attendance_app.apps.OPENEDX_EVENT_RECEIVERS` lists which receiver takes which openedx-events
signal; the app's ``plugin_app`` signals config is built from it, so edx-platform connects them at start-up
(edx-django-utils ``connect_plugin_receivers``), and :func:`connect_receivers` connects the same
ones with the same ``dispatch_uid`` outside the platform (demo, tests): connecting twice is a no-op.

The retirement signals are Django signals of edx-platform itself
(``openedx/core/djangoapps/user_api/accounts/signals.py``), so they are imported lazily and
connected only where that module exists.
"""

from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.module_loading import import_string

from attendance_app import clock, tasks
from attendance_app.api import mirrors
from attendance_app.apps import OPENEDX_EVENT_RECEIVERS, dispatch_uid

log = logging.getLogger(__name__)

BLOCK_TYPE = "attendance"
RETIREMENT_SIGNALS_MODULE = "openedx.core.djangoapps.user_api.accounts.signals"
#: (signal name in :data:`RETIREMENT_SIGNALS_MODULE`, receiver function name).
RETIREMENT_RECEIVERS: tuple[tuple[str, str], ...] = (
    ("USER_RETIRE_LMS_CRITICAL", "retire_user"),
    ("USER_RETIRE_LMS_MISC", "retire_user"),
)


def _after_commit(record: Callable[..., bool], *args: Any) -> None:
    """Write a mirror once the sender's transaction commits, in a transaction of its own.

    A rolled-back platform change mirrors nothing, a mirror write never fails or slows the
    platform's transaction, and a lost lock race can be retried (see ``api.mirrors``). An error is
    logged, never raised into the platform's request.
    """
    transaction.on_commit(functools.partial(record, *args), robust=True)


def _event_time(kwargs: dict[str, Any]) -> datetime:
    """When the event happened (its metadata), or now for a sender that gave no metadata."""
    metadata = kwargs.get("metadata")
    time = getattr(metadata, "time", None)
    return time if isinstance(time, datetime) else clock.now()


# Enrollment, cohorts, grades, certificates, roles --------------------------------------------------


def mirror_enrollment(enrollment: Any, **kwargs: Any) -> None:
    """COURSE_ENROLLMENT_CREATED / _CHANGED: the enrollment's mode and active flag."""
    _after_commit(
        mirrors.record_enrollment,
        enrollment.user.id,
        enrollment.course.course_key,
        enrollment.mode,
        enrollment.is_active,
        _event_time(kwargs),
    )


def mirror_unenrollment(enrollment: Any, **kwargs: Any) -> None:
    """COURSE_UNENROLLMENT_COMPLETED: the enrollment is no longer active, whatever the payload says."""
    _after_commit(
        mirrors.record_enrollment,
        enrollment.user.id,
        enrollment.course.course_key,
        enrollment.mode,
        False,
        _event_time(kwargs),
    )


def mirror_cohort_membership(cohort: Any, **kwargs: Any) -> None:
    _after_commit(
        mirrors.record_cohort, cohort.user.id, cohort.course.course_key, cohort.name, _event_time(kwargs)
    )


def mirror_grade_summary(grade: Any, **kwargs: Any) -> None:
    """PERSISTENT_GRADE_SUMMARY_CHANGED: percent (0-1), letter, passed when it has a passed timestamp."""
    _after_commit(
        mirrors.record_grade,
        grade.user_id,
        grade.course.course_key,
        grade.percent_grade,
        grade.letter_grade,
        grade.passed_timestamp is not None,
        _event_time(kwargs),
    )


def mirror_passing_status(course_passing_status: Any, **kwargs: Any) -> None:
    status = course_passing_status
    _after_commit(
        mirrors.record_passing,
        status.user.id,
        status.course.course_key,
        status.is_passing,
        _event_time(kwargs),
    )


def mirror_certificate(certificate: Any, **kwargs: Any) -> None:
    """CERTIFICATE_CREATED / _CHANGED: the platform certificate's mode and status."""
    _certificate(certificate, False, kwargs)


def mirror_certificate_revoked(certificate: Any, **kwargs: Any) -> None:
    _certificate(certificate, True, kwargs)


def _certificate(certificate: Any, revoked: bool, kwargs: dict[str, Any]) -> None:
    _after_commit(
        mirrors.record_certificate,
        certificate.user.id,
        certificate.course.course_key,
        certificate.mode,
        certificate.current_status,
        revoked,
        _event_time(kwargs),
    )


def mirror_role_added(course_access_role_data: Any, **kwargs: Any) -> None:
    _role(course_access_role_data, True, kwargs)


def mirror_role_removed(course_access_role_data: Any, **kwargs: Any) -> None:
    _role(course_access_role_data, False, kwargs)


def _role(role: Any, active: bool, kwargs: dict[str, Any]) -> None:
    _after_commit(
        mirrors.record_role,
        role.user.id,
        role.org_key,
        role.course_key,
        role.role,
        active,
        _event_time(kwargs),
    )


# Studio ----------------------------------------------------------------------------------------------


def mirror_published_block(xblock_info: Any, **kwargs: Any) -> None:
    _after_commit(
        mirrors.record_block, xblock_info.usage_key, xblock_info.block_type, False, _event_time(kwargs)
    )


def archive_deleted_activity(xblock_info: Any, **kwargs: Any) -> None:
    """An author deleted an Attendance block in Studio: archive its activity, keep its credit.

    The task is queued, and the block marked deleted in its mirror, once Studio's transaction
    commits, so a rolled-back deletion does neither; the instant is taken now, when the author
    deleted the block.
    """
    if xblock_info.block_type == BLOCK_TYPE:
        usage_key = xblock_info.usage_key
        archived_at = clock.now().isoformat()
        deleted_at = _event_time(kwargs)

        def after_commit() -> None:
            tasks.archive_activity.delay(str(usage_key), archived_at)
            mirrors.record_block(usage_key, BLOCK_TYPE, True, deleted_at)

        transaction.on_commit(after_commit)


# Retirement ------------------------------------------------------------------------------------------


def retire_user(sender: Any = None, user: Any = None, **kwargs: Any) -> None:
    """USER_RETIRE_LMS_CRITICAL / _MISC (``user=`` the retiring user): remove their personal data.

    Both signals run the same, idempotent work, so whichever edx-platform sends first does it.
    """
    from attendance_app.api.retirement import retire_user as retire

    if user is not None:
        retire(user.id)


# Connecting -------------------------------------------------------------------------------------------


def connect_receivers() -> None:
    """Connect the openedx-events receivers (the same dispatch uids edx-platform uses for them)."""
    for signal_path, function_name in OPENEDX_EVENT_RECEIVERS:
        import_string(signal_path).connect(
            globals()[function_name], dispatch_uid=dispatch_uid(signal_path, function_name)
        )


def connect_retirement_receivers() -> bool:
    """Connect the retirement receivers where edx-platform is installed; False where it is not."""
    try:
        signals = importlib.import_module(RETIREMENT_SIGNALS_MODULE)
    except ImportError:
        return False
    for signal_name, function_name in RETIREMENT_RECEIVERS:
        getattr(signals, signal_name).connect(
            globals()[function_name], dispatch_uid=dispatch_uid(signal_name, function_name)
        )
    return True
