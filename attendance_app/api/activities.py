"""Activity settings: validated once here for the Studio editor, REST and the demo seed."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey, UsageKey

from attendance_app import permissions
from attendance_app.api.presence_config import forget_presence_config
from attendance_app.exceptions import InvalidInput, NotAuthorized, NotFound
from attendance_app.models import Activity, ActivityMode, DeliveryMethod, MissedPromptPolicy

MAX_DISPLAY_NAME_LENGTH = 255
MAX_EXTERNAL_ID_LENGTH = 255
MAX_VIDEO_URL_LENGTH = 2000


@dataclass(frozen=True)
class ActivitySettings:
    """What an author sets on an activity, in plain types."""

    display_name: str
    mode: str
    live_start: datetime | None = None
    live_end: datetime | None = None
    missed_prompt_policy: str = MissedPromptPolicy.STRICT
    external_id: str = ""
    video_url: str = ""
    delivery_method: str = ""  # empty: the default of the mode (printed on certificates)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("live_start", "live_end"):
            data[name] = data[name].isoformat() if data[name] else None
        return data


def parse_usage_key(raw: object, *, in_course: bool = False) -> UsageKey:
    """Parse a usage key sent by a client.

    ``in_course`` also refuses blocks that do not live in a course run (content libraries):
    activities, rules and switches only exist in courses.

    Raises:
        InvalidInput: ``raw`` is not a usage key (of a block in a course, with ``in_course``).
    """
    try:
        usage_key = UsageKey.from_string(str(raw))
    except InvalidKeyError as error:
        message = _("“{value}” is not a valid usage key.").format(value=raw)
        raise InvalidInput(message, field_errors={"usage_key": [message]}) from error
    if in_course and not isinstance(usage_key.context_key, CourseKey):
        message = _("“{value}” is not the usage key of a block in a course.").format(value=raw)
        raise InvalidInput(message, field_errors={"usage_key": [message]})
    return usage_key


def parse_course_key(raw: object) -> CourseKey:
    """Parse a course run key sent by a client.

    Raises:
        InvalidInput: ``raw`` is not a course key.
    """
    try:
        return CourseKey.from_string(str(raw))
    except InvalidKeyError as error:
        raise InvalidInput(
            _("“{value}” is not a valid course key.").format(value=raw),
            field_errors={"course_key": [_("Enter a course key such as course-v1:DemoX+CE101+2026.")]},
        ) from error


def _parse_moment(raw: object, field: str, errors: dict[str, list[str]]) -> datetime | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, datetime):
        moment: datetime | None = raw
    else:
        try:
            moment = parse_datetime(str(raw))
        except ValueError:
            moment = None
    if moment is None:
        errors.setdefault(field, []).append(_("Enter a date and time such as 2026-05-01T14:00:00Z."))
        return None
    if moment.tzinfo is None:
        errors.setdefault(field, []).append(_("Give the time zone, for example 2026-05-01T14:00:00Z."))
        return None
    return moment


def validate_activity_settings(data: dict[str, Any]) -> ActivitySettings:
    """Check what an author sent and turn it into :class:`ActivitySettings`.

    Raises:
        InvalidInput: with one message per wrong field; nothing is stored.
    """
    errors: dict[str, list[str]] = {}
    display_name = str(data.get("display_name") or "").strip()
    if not display_name:
        errors.setdefault("display_name", []).append(_("Enter a display name."))
    elif len(display_name) > MAX_DISPLAY_NAME_LENGTH:
        errors.setdefault("display_name", []).append(
            _("Use at most {limit} characters.").format(limit=MAX_DISPLAY_NAME_LENGTH)
        )
    mode = data.get("mode")
    if mode not in ActivityMode.values:
        errors.setdefault("mode", []).append(_("Choose live, recorded or classroom."))
    policy = data.get("missed_prompt_policy") or MissedPromptPolicy.STRICT
    if policy not in MissedPromptPolicy.values:
        errors.setdefault("missed_prompt_policy", []).append(_("Choose strict or lenient."))
    external_id = str(data.get("external_id") or "").strip()
    if len(external_id) > MAX_EXTERNAL_ID_LENGTH:
        errors.setdefault("external_id", []).append(
            _("Use at most {limit} characters.").format(limit=MAX_EXTERNAL_ID_LENGTH)
        )
    video_url = str(data.get("video_url") or "").strip()
    if video_url:
        parts = urlsplit(video_url)
        if len(video_url) > MAX_VIDEO_URL_LENGTH or not (
            (parts.scheme in ("http", "https") and parts.netloc)
            or (not parts.scheme and video_url.startswith("/"))
        ):
            errors.setdefault("video_url", []).append(
                _("Enter an http:// or https:// address, or a path on this site starting with /.")
            )
        elif mode != ActivityMode.RECORDED:
            errors.setdefault("video_url", []).append(_("Only recorded sessions play a video."))
    delivery_method = data.get("delivery_method") or ""
    if delivery_method not in ("", *DeliveryMethod.values):
        errors.setdefault("delivery_method", []).append(
            _("Choose one of: {choices}, or nothing for the default of the mode.").format(
                choices=", ".join(DeliveryMethod.values)
            )
        )
    live_start = _parse_moment(data.get("live_start"), "live_start", errors)
    live_end = _parse_moment(data.get("live_end"), "live_end", errors)
    if mode == ActivityMode.LIVE:
        if live_start is None and "live_start" not in errors:
            errors.setdefault("live_start", []).append(_("A live session needs a start time."))
        if live_end is None and "live_end" not in errors:
            errors.setdefault("live_end", []).append(_("A live session needs an end time."))
    if mode == ActivityMode.RECORDED and live_start is None and "live_start" not in errors:
        errors.setdefault("live_start", []).append(
            _("A recorded session needs the time it becomes available.")
        )
    if live_start and live_end and live_end <= live_start:
        errors.setdefault("live_end", []).append(_("The end must be after the start."))
    if errors:
        raise InvalidInput(_("Some settings are not valid; nothing was saved."), field_errors=errors)
    return ActivitySettings(
        display_name=display_name,
        mode=str(mode),
        live_start=live_start,
        live_end=live_end if mode != ActivityMode.CLASSROOM else None,
        missed_prompt_policy=str(policy),
        external_id=external_id,
        video_url=video_url,
        delivery_method=str(delivery_method),
    )


def configure_activity(actor_id: int | None, usage_key: UsageKey, data: dict[str, Any]) -> ActivitySettings:
    """Validate and store the settings of the activity at ``usage_key``.

    Raises:
        NotAuthorized: ``actor_id`` may not author the activity's course.
        InvalidInput: a setting is wrong; nothing is stored.
    """
    course_key = usage_key.course_key
    if not permissions.can_author_course(actor_id, course_key):
        raise NotAuthorized(_("Only the course team can change this activity."))
    activity_settings = validate_activity_settings(data)
    with transaction.atomic():
        activity, _created = Activity.objects.update_or_create(
            usage_key=usage_key,
            defaults={"course_key": course_key, "archived_at": None, **asdict(activity_settings)},
        )
    forget_presence_config([activity.id])
    return activity_settings


def get_activity_settings(actor_id: int | None, usage_key: UsageKey) -> ActivitySettings:
    """The stored settings of an activity.

    Raises:
        NotFound: no such activity, or the actor may not see it (the same answer, on purpose).
    """
    if not permissions.can_view_course_activity(actor_id, usage_key.course_key):
        raise NotFound(_("No attendance activity at this address."))
    activity = Activity.objects.filter(usage_key=usage_key, archived_at__isnull=True).first()
    if activity is None:
        raise NotFound(_("No attendance activity at this address."))
    return ActivitySettings(
        display_name=activity.display_name,
        mode=activity.mode,
        live_start=activity.live_start,
        live_end=activity.live_end,
        missed_prompt_policy=activity.missed_prompt_policy,
        external_id=activity.external_id,
        video_url=activity.video_url,
        delivery_method=activity.delivery_method,
    )


def archive_activity(usage_key: UsageKey, now: datetime) -> bool:
    """Mark the activity archived (its block was deleted); its credit stays. Returns whether one was."""
    return bool(
        Activity.objects.filter(usage_key=usage_key, archived_at__isnull=True).update(archived_at=now)
    )
