"""What the block's Studio editor needs beyond the REST shapes: usernames for instructors, the
course's cohorts, and the status set and classroom settings as JSON.

The editor names instructors by username (people know usernames, not ids); the slot functions
take ids, so :func:`with_instructor_ids` translates, reporting unknown names on ``instructors``.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import UsageKey

from attendance_app.api.classroom import access
from attendance_app.api.classroom.slots import SlotView
from attendance_app.exceptions import InvalidInput
from attendance_app.models import AttendanceStatus
from attendance_app.platform import get_backend

MAX_INSTRUCTORS = 50


def with_instructor_ids(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with ``instructors`` (usernames separated by spaces or commas) as ``instructor_ids``.

    Without ``instructors`` the data is returned unchanged (an edit keeps the slot's instructors).

    Raises:
        InvalidInput: not text, too many names, or a name that is no active user (on ``instructors``).
    """
    if "instructors" not in data:
        return data
    rest = {name: value for name, value in data.items() if name != "instructors"}
    raw = data["instructors"]
    if not isinstance(raw, str):
        message = _("Enter usernames separated by spaces.")
        raise InvalidInput(message, field_errors={"instructors": [message]})
    names = list(dict.fromkeys(name for name in re.split(r"[\s,]+", raw) if name))
    if len(names) > MAX_INSTRUCTORS:
        message = _("A slot has at most {count} instructors.").format(count=MAX_INSTRUCTORS)
        raise InvalidInput(message, field_errors={"instructors": [message]})
    found = dict(
        get_user_model().objects.filter(username__in=names, is_active=True).values_list("username", "id")
    )
    if missing := [name for name in names if name not in found]:
        message = _("No active user has the username {names}.").format(names=", ".join(missing))
        raise InvalidInput(message, field_errors={"instructors": [message]})
    return {**rest, "instructor_ids": sorted(found.values())}


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
