"""The classroom settings of an activity: registration closing, Present window, auto-mark, check-in,
low-attendance warnings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from opaque_keys.edx.keys import UsageKey

from attendance_app.api.classroom import access
from attendance_app.api.classroom.checkin import validate_subnets
from attendance_app.api.classroom.statuses import status_by_code
from attendance_app.api.validation import FieldErrors, decimal_number, whole_number
from attendance_app.exceptions import InvalidInput
from attendance_app.models import ClassroomSettings

WEEK_MINUTES = 7 * 24 * 60
MINUTE_FIELDS = ("registration_closes_minutes", "present_within_minutes", "automark_after_minutes")


def settings_json(settings: ClassroomSettings) -> dict[str, Any]:
    return {
        "registration_closes_minutes": settings.registration_closes_minutes,
        "present_within_minutes": settings.present_within_minutes,
        "automark_after_minutes": settings.automark_after_minutes,
        "automark_status": settings.automark_status_code,
        "checkin_one_per_ip": settings.checkin_one_per_ip,
        "checkin_subnets": settings.checkin_subnets,
        "warn_below_percent": None
        if settings.warn_below_percent is None
        else str(settings.warn_below_percent),
        "warn_after_slots": settings.warn_after_slots,
        "warn_at_most": settings.warn_at_most,
    }


def get_classroom_settings(actor_id: int | None, usage_key: UsageKey) -> dict[str, Any]:
    """The activity's classroom settings (course team).

    Raises:
        NotFound: no such activity. NotAuthorized: not on the course team.
    """
    activity = access.activity_for(usage_key)
    access.require_manager(actor_id, activity)
    settings = ClassroomSettings.objects.filter(activity=activity).first() or ClassroomSettings(
        activity=activity
    )
    return settings_json(settings)


def set_classroom_settings(actor_id: int | None, usage_key: UsageKey, data: dict[str, Any]) -> dict[str, Any]:
    """Change some of the activity's classroom settings (fields not sent keep their value).

    Raises:
        NotFound, NotAuthorized: as for :func:`get_classroom_settings`.
        InvalidInput: a value is wrong; nothing is saved.
    """
    activity = access.activity_for(usage_key)
    access.require_manager(actor_id, activity)
    settings = ClassroomSettings.objects.filter(activity=activity).first() or ClassroomSettings(
        activity=activity
    )
    errors = FieldErrors()
    for name in sorted(set(data) - set(settings_json(settings))):
        errors.add(name, _("Unknown field."))
    for name in MINUTE_FIELDS:
        if name in data:
            setattr(settings, name, whole_number(data, name, errors, minimum=0, maximum=WEEK_MINUTES))
    for name in ("warn_after_slots", "warn_at_most"):
        if name in data:
            setattr(settings, name, whole_number(data, name, errors, minimum=0, maximum=1000))
    if "warn_below_percent" in data:
        settings.warn_below_percent = (
            None
            if data["warn_below_percent"] in (None, "")
            else decimal_number(data, "warn_below_percent", errors, minimum=Decimal(0), maximum=Decimal(100))
        )
    if "checkin_one_per_ip" in data:
        if isinstance(data["checkin_one_per_ip"], bool):
            settings.checkin_one_per_ip = data["checkin_one_per_ip"]
        else:
            errors.add("checkin_one_per_ip", _("Send true or false."))
    for name, check in (("checkin_subnets", validate_subnets), ("automark_status", _status_code(activity))):
        if name in data:
            try:
                value = check(data[name])
            except InvalidInput as error:
                errors.add(name, error.message)
            else:
                setattr(settings, "automark_status_code" if name == "automark_status" else name, value)
    errors.raise_if_any()
    settings.save()
    return settings_json(settings)


def _status_code(activity: Any) -> Any:
    def check(raw: object) -> str:
        return status_by_code(access.course_of(activity), raw).code

    return check
