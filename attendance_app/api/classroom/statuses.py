"""The status set of a course: what an instructor can mark, and how much of a slot each credits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from opaque_keys.edx.keys import CourseKey, UsageKey

from attendance_app.api.classroom import access
from attendance_app.api.validation import FieldErrors, decimal_number, text
from attendance_app.exceptions import Conflict, InvalidInput, NotFound
from attendance_app.models import AttendanceStatus

# code, label, credit %, counts in the denominator (Excused is left out of it)
DEFAULT_STATUSES = [
    ("present", gettext_lazy("Present"), Decimal(100), True),
    ("late", gettext_lazy("Late"), Decimal(80), True),
    ("absent", gettext_lazy("Absent"), Decimal(0), True),
    ("excused", gettext_lazy("Excused"), Decimal(0), False),
]
MAX_STATUSES = 20


def course_statuses(course_key: CourseKey) -> list[AttendanceStatus]:
    """The course's statuses, creating the four defaults the first time a course needs them."""
    statuses = list(AttendanceStatus.objects.filter(course_key=course_key))
    if statuses:
        return statuses
    try:
        with transaction.atomic():
            AttendanceStatus.objects.bulk_create(
                AttendanceStatus(
                    course_key=course_key,
                    code=code,
                    label=str(label),
                    credit_percent=percent,
                    counts_in_denominator=counts,
                    position=position,
                )
                for position, (code, label, percent, counts) in enumerate(DEFAULT_STATUSES)
            )
    except IntegrityError:  # another request created them first
        pass
    return list(AttendanceStatus.objects.filter(course_key=course_key))


def status_by_code(course_key: CourseKey, code: object, field: str = "status") -> AttendanceStatus:
    """The course's status ``code``.

    Raises:
        InvalidInput: the course has no such status.
    """
    for status in course_statuses(course_key):
        if status.code == code:
            return status
    message = _("Choose one of the course's attendance statuses.")
    raise InvalidInput(message, field_errors={field: [message]})


def list_statuses(actor_id: int | None, usage_key: UsageKey) -> list[AttendanceStatus]:
    """The status set of the activity's course (everyone who sees its slots).

    Raises:
        NotFound, NotAuthorized: as for listing slots.
    """
    activity = access.activity_for(usage_key)
    access.require_viewer(actor_id, activity)
    return course_statuses(access.course_of(activity))


def _clean(data: dict[str, Any], current: AttendanceStatus | None) -> dict[str, Any]:
    errors = FieldErrors()
    allowed = {"label", "credit_percent", "counts_in_denominator"} | ({"code"} if current is None else set())
    for name in sorted(set(data) - allowed):
        errors.add(name, _("Unknown field."))
    merged: dict[str, Any] = (
        {
            "label": current.label,
            "credit_percent": current.credit_percent,
            "counts_in_denominator": current.counts_in_denominator,
        }
        if current
        else {}
    )
    merged.update(data)
    clean = {
        "label": text(merged, "label", errors, required=True, limit=64),
        "credit_percent": decimal_number(
            merged, "credit_percent", errors, minimum=Decimal(0), maximum=Decimal(100)
        ),
        "counts_in_denominator": merged.get("counts_in_denominator", True),
    }
    if not isinstance(clean["counts_in_denominator"], bool):
        errors.add("counts_in_denominator", _("Send true or false."))
    if current is None:
        code = text(merged, "code", errors, required=False, limit=32) or clean["label"]
        clean["code"] = slugify(code)[:32]
        if not clean["code"] and "label" not in errors:
            errors.add("code", _("Use letters or digits in the code."))
    errors.raise_if_any()
    return clean


def add_status(actor_id: int | None, usage_key: UsageKey, data: dict[str, Any]) -> AttendanceStatus:
    """Add a status to the course's set (course team).

    Raises:
        NotFound, NotAuthorized: as for managing slots.
        InvalidInput: a field is wrong, or the set is full.
        Conflict: the course already has a status with this code.
    """
    activity = access.activity_for(usage_key)
    access.require_manager(actor_id, activity)
    statuses = course_statuses(access.course_of(activity))
    clean = _clean(data, None)
    if len(statuses) >= MAX_STATUSES:
        raise InvalidInput(_("A course has at most {count} statuses.").format(count=MAX_STATUSES))
    if any(status.code == clean["code"] for status in statuses):
        raise Conflict(_("The course already has a status “{code}”.").format(code=clean["code"]))
    try:
        with transaction.atomic():
            return AttendanceStatus.objects.create(
                course_key=access.course_of(activity), position=max(s.position for s in statuses) + 1, **clean
            )
    except IntegrityError as error:
        raise Conflict(_("The course already has a status “{code}”.").format(code=clean["code"])) from error


def update_status(
    actor_id: int | None, usage_key: UsageKey, code: str, data: dict[str, Any]
) -> AttendanceStatus:
    """Change a status's label, credit value or whether it counts (course team).

    Raises:
        NotFound: no such activity or status.
        NotAuthorized, InvalidInput: as for :func:`add_status`.
    """
    activity = access.activity_for(usage_key)
    access.require_manager(actor_id, activity)
    status = next((s for s in course_statuses(access.course_of(activity)) if s.code == code), None)
    if status is None:
        raise NotFound(_("The course has no status “{code}”.").format(code=code))
    clean = _clean(data, status)
    for name, value in clean.items():
        setattr(status, name, value)
    status.save()
    return status
