"""What the block's Studio editor needs beyond the REST shapes: usernames for instructors, the
course's cohorts, and the status set and classroom settings as JSON.

The editor names instructors by username (people know usernames, not ids); the slot functions
take ids, so :func:`create_slots_by_username` and :func:`update_slot_by_username` translate, after
the course-team check (nobody else learns which usernames exist), reporting unknown names on
``instructors`` together with the other fields' errors.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import UsageKey

from attendance_app.api.classroom import access
from attendance_app.api.classroom.slots import SlotView, clean_slot, create_slots, update_slot
from attendance_app.exceptions import InvalidInput
from attendance_app.models import AttendanceStatus, Slot
from attendance_app.platform import get_backend

MAX_INSTRUCTORS = 50


def _by_username(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """``data`` with ``instructors`` (usernames separated by spaces or commas) as ``instructor_ids``,
    and what is wrong with the names. Without ``instructors`` the data is unchanged."""
    if "instructors" not in data:
        return data, []
    fields = {name: value for name, value in data.items() if name != "instructors"}
    raw = data["instructors"]
    if not isinstance(raw, str):
        return fields, [_("Enter usernames separated by spaces.")]
    names = list(dict.fromkeys(name for name in re.split(r"[\s,]+", raw) if name))
    if len(names) > MAX_INSTRUCTORS:
        return fields, [_("A slot has at most {count} instructors.").format(count=MAX_INSTRUCTORS)]
    found = dict(
        get_user_model().objects.filter(username__in=names, is_active=True).values_list("username", "id")
    )
    if missing := [name for name in names if name not in found]:
        return fields, [_("No active user has the username {names}.").format(names=", ".join(missing))]
    return {**fields, "instructor_ids": sorted(found.values())}, []


def _refuse(problems: list[str], fields: dict[str, Any], course_key: Any, current: Slot | None) -> None:
    """Raise the instructors' problems together with whatever else is wrong with ``fields``."""
    errors = {"instructors": problems}
    try:
        clean_slot(fields, course_key, current)
    except InvalidInput as error:
        errors = {**error.field_errors, **errors}
    raise InvalidInput(_("Some values are not valid; nothing was saved."), field_errors=errors)


def create_slots_by_username(
    actor_id: int | None, usage_key: UsageKey, data: dict[str, Any]
) -> list[SlotView]:
    """:func:`~attendance_app.api.classroom.slots.create_slots` with instructors by username.

    Raises:
        NotFound, NotAuthorized: as for creating slots (checked before any name is looked up).
        InvalidInput: as for creating slots, or a name is no active user (on ``instructors``).
    """
    activity = access.activity_for(usage_key)
    access.require_manager(actor_id, activity)
    fields, problems = _by_username(data)
    if problems:
        _refuse(problems, fields, access.course_of(activity), None)
    return create_slots(actor_id, usage_key, fields)


def update_slot_by_username(
    actor_id: int | None, usage_key: UsageKey, slot_id: int, data: dict[str, Any], now: datetime
) -> SlotView:
    """:func:`~attendance_app.api.classroom.slots.update_slot` with instructors by username.

    Raises:
        NotFound, NotAuthorized, Conflict: as for changing a slot (checked before any name is looked up).
        InvalidInput: as for changing a slot, or a name is no active user (on ``instructors``).
    """
    activity = access.activity_for(usage_key)
    access.require_manager(actor_id, activity)
    current = access.slot_for(activity, slot_id)
    fields, problems = _by_username(data)
    if problems:
        _refuse(problems, fields, access.course_of(activity), current)
    return update_slot(actor_id, usage_key, slot_id, fields, now)


def editor_slot_json(view: SlotView) -> dict[str, Any]:
    """A slot as the editor shows and edits it: times in ISO 8601, instructors' usernames too."""
    slot = view.as_json()
    slot["start"], slot["end"] = slot["start"].isoformat(), slot["end"].isoformat()
    # The instructors are prefetched with the slot: no query per slot.
    slot["instructor_usernames"] = sorted(user.username for user in view.slot.instructors.all())
    return slot


def course_cohorts(actor_id: int | None, usage_key: UsageKey) -> list[dict[str, Any]]:
    """The cohorts of the activity's course a slot can be restricted to (course team).

    Raises:
        NotFound: no such activity. NotAuthorized: not on the course team.
    """
    activity = access.activity_for(usage_key)
    access.require_manager(actor_id, activity)
    return [
        {"id": cohort.cohort_id, "name": cohort.name}
        for cohort in get_backend().cohorts(access.course_of(activity))
    ]


def status_json(status: AttendanceStatus) -> dict[str, Any]:
    return {
        "code": status.code,
        "label": status.label,
        "credit_percent": str(status.credit_percent),
        "counts_in_denominator": status.counts_in_denominator,
    }
