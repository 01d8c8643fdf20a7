"""Authors create, change and remove an activity's slots; everyone allowed lists them."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, Q
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import UsageKey

from attendance_app.api.classroom import access
from attendance_app.api.classroom.registration import promote_waiting
from attendance_app.api.validation import FieldErrors, decimal_number, text, whole_number
from attendance_app.credit.classroom import MAX_REPEATS, MAX_SLOT_LENGTH, weekly_occurrences
from attendance_app.exceptions import Conflict, InvalidInput
from attendance_app.models import ActivityMode, Mark, Registration, RegistrationStatus, Slot
from attendance_app.platform import get_backend

MAX_CAPACITY = 10_000
# Slots are real sessions: years outside this range are typing mistakes (and overflow weekly repeats).
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
FIELDS = {
    "title",
    "start",
    "end",
    "duration_hours",
    "location",
    "online_url",
    "capacity",
    "instructor_ids",
    "cohort_id",
}


@dataclass(frozen=True)
class SlotView:
    """A slot as the person asking sees it."""

    slot: Slot
    registered: int
    waiting: int
    my_status: str | None
    my_mark: str | None = None

    def as_json(self) -> dict[str, Any]:
        slot = self.slot
        # Prefetched with the slot (see _counted): no query per slot.
        instructors = sorted(slot.instructors.all(), key=lambda user: user.id)
        return {
            "id": slot.id,
            "title": slot.title,
            "start": slot.start,
            "end": slot.end,
            "duration_hours": str(slot.duration_hours),
            "location": slot.location,
            "online_url": slot.online_url,
            "capacity": slot.capacity,
            "seats_left": max(slot.capacity - self.registered, 0),
            "registered": self.registered,
            "waiting": self.waiting,
            "instructors": [
                {"id": user.id, "name": f"{user.first_name} {user.last_name}".strip() or user.username}
                for user in instructors
            ],
            "cohort_id": slot.cohort_id,
            "series": str(slot.series) if slot.series else None,
            "my_registration": self.my_status,
            "my_mark": self.my_mark,
        }


def _counted(slots: Any) -> Any:
    return slots.annotate(
        registered_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
        ),
        waiting_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
    ).prefetch_related("instructors")


def _views(actor_id: int | None, slots: list[Slot]) -> list[SlotView]:
    mine: dict[int, str] = (
        dict(Registration.objects.filter(user_id=actor_id, slot__in=slots).values_list("slot_id", "status"))
        if actor_id is not None
        else {}
    )
    marks: dict[int, str] = (
        dict(Mark.objects.filter(user_id=actor_id, slot__in=slots).values_list("slot_id", "status__label"))
        if actor_id is not None
        else {}
    )
    return [
        SlotView(
            slot,
            slot.registered_count,  # type: ignore[attr-defined]
            slot.waiting_count,  # type: ignore[attr-defined]
            mine.get(slot.id),
            marks.get(slot.id),
        )
        for slot in slots
    ]


def list_slots(actor_id: int | None, usage_key: UsageKey) -> list[SlotView]:
    """The activity's slots in start order; learners outside a slot's cohort do not see it.

    Raises:
        NotFound: no such activity.
        NotAuthorized: the user is neither enrolled nor on the course team nor a slot instructor.
    """
    activity = access.activity_for(usage_key)
    access.require_viewer(actor_id, activity)
    slots = _counted(Slot.objects.filter(activity=activity))
    if not access.can_manage(actor_id, activity) and actor_id is not None:
        cohorts = [
            cohort.cohort_id
            for cohort in get_backend().cohorts(access.course_of(activity))
            if actor_id in get_backend().cohort_member_ids(access.course_of(activity), cohort.cohort_id)
        ]
        slots = slots.filter(
            Q(cohort_id__isnull=True) | Q(cohort_id__in=cohorts) | Q(instructors__id=actor_id)
        )
    return _views(actor_id, list(slots.distinct()))


def get_slot(actor_id: int | None, usage_key: UsageKey, slot_id: int) -> SlotView:
    """One slot, as :func:`list_slots` shows it.

    Raises:
        NotFound: no such activity or slot (or a learner outside the slot's cohort asked).
        NotAuthorized: as for :func:`list_slots`.
    """
    for view in list_slots(actor_id, usage_key):
        if view.slot.id == slot_id:
            return view
    raise access.NotFound(_("This slot does not exist."))


def _instant(data: dict[str, Any], field: str, errors: FieldErrors) -> datetime | None:
    raw = data.get(field)
    try:
        parsed = parse_datetime(raw) if isinstance(raw, str) else None
    except ValueError:  # well formed but impossible, such as February 30
        parsed = None
    if parsed is None or not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        errors.add(field, _("Enter a date and time in ISO 8601, for example 2026-05-04T09:00:00Z."))
        return None
    if parsed.tzinfo is None:
        errors.add(field, _("Give the time zone offset, for example Z or +02:00."))
        return None
    return parsed


def clean_slot(data: dict[str, Any], course_key: Any, current: Slot | None) -> dict[str, Any]:
    """The validated fields of ``data``; with ``current``, absent fields keep its values."""
    unknown = set(data) - FIELDS - {"repeat_weeks", "time_zone"}
    errors = FieldErrors()
    for name in sorted(unknown):
        errors.add(name, _("Unknown field."))
    merged: dict[str, Any] = {}
    if current is not None:
        merged = {
            "title": current.title,
            "start": current.start.isoformat(),
            "end": current.end.isoformat(),
            "duration_hours": current.duration_hours,
            "location": current.location,
            "online_url": current.online_url,
            "capacity": current.capacity,
            "cohort_id": current.cohort_id,
        }
    merged.update(data)
    clean: dict[str, Any] = {
        "title": text(merged, "title", errors, required=True, limit=255),
        "location": text(merged, "location", errors, required=False, limit=255),
        "online_url": text(merged, "online_url", errors, required=False, limit=2000),
        "capacity": whole_number(merged, "capacity", errors, minimum=1, maximum=MAX_CAPACITY),
        "duration_hours": decimal_number(
            merged, "duration_hours", errors, minimum=Decimal("0.01"), maximum=Decimal(24)
        ),
    }
    if clean["online_url"] and "online_url" not in errors:
        try:
            URLValidator(schemes=["https", "http"])(clean["online_url"])
        except ValidationError:
            errors.add("online_url", _("Enter an http or https address."))
    start, end = _instant(merged, "start", errors), _instant(merged, "end", errors)
    if start and end:
        if end <= start:
            errors.add("end", _("The slot must end after it starts."))
        elif end - start > MAX_SLOT_LENGTH:
            errors.add("end", _("A slot lasts at most 24 hours."))
    clean["start"], clean["end"] = start, end
    cohort = merged.get("cohort_id")
    if cohort in (None, ""):
        clean["cohort_id"] = None
    elif not access.is_id(cohort) or cohort not in {c.cohort_id for c in get_backend().cohorts(course_key)}:
        errors.add("cohort_id", _("Choose one of the course's cohorts."))
    else:
        clean["cohort_id"] = cohort
    if "instructor_ids" in data or current is None:
        clean["instructor_ids"] = _instructor_ids(data.get("instructor_ids", []), errors)
    if current is None:
        clean["repeat_weeks"] = (
            whole_number(data, "repeat_weeks", errors, minimum=1, maximum=MAX_REPEATS)
            if "repeat_weeks" in data
            else 1
        )
        clean["time_zone"] = _zone(data.get("time_zone", "UTC"), errors)
    errors.raise_if_any()
    return clean


def _instructor_ids(raw: Any, errors: FieldErrors) -> list[int]:
    if not isinstance(raw, list) or not all(access.is_id(i) for i in raw):
        errors.add("instructor_ids", _("Send a list of user ids."))
        return []
    ids = sorted(set(raw))
    known = set(get_user_model().objects.filter(id__in=ids, is_active=True).values_list("id", flat=True))
    if missing := [str(i) for i in ids if i not in known]:
        errors.add("instructor_ids", _("No active user has the id {ids}.").format(ids=", ".join(missing)))
    return ids


def _zone(raw: Any, errors: FieldErrors) -> str:
    try:
        ZoneInfo(str(raw))
    except (ZoneInfoNotFoundError, ValueError):
        errors.add("time_zone", _("Enter a time zone name such as Europe/Paris."))
        return "UTC"
    return str(raw)


def create_slots(actor_id: int | None, usage_key: UsageKey, data: dict[str, Any]) -> list[SlotView]:
    """Create a slot, or ``repeat_weeks`` weekly slots at the same wall-clock time in ``time_zone``.

    Raises:
        NotFound: no such activity.
        NotAuthorized: the user is not on the course team.
        InvalidInput: a field is wrong, or the activity is not in classroom mode; nothing is created.
    """
    activity = access.activity_for(usage_key)
    access.require_manager(actor_id, activity)
    if activity.mode != ActivityMode.CLASSROOM:
        raise InvalidInput(_("Switch the activity to classroom mode before adding slots."))
    clean = clean_slot(data, access.course_of(activity), None)
    series = uuid.uuid4() if clean["repeat_weeks"] > 1 else None
    created = []
    with transaction.atomic():
        for start, end in weekly_occurrences(
            clean["start"], clean["end"], clean["repeat_weeks"], clean["time_zone"]
        ):
            slot = Slot.objects.create(
                activity=activity,
                title=clean["title"],
                start=start,
                end=end,
                duration_hours=clean["duration_hours"],
                location=clean["location"],
                online_url=clean["online_url"],
                capacity=clean["capacity"],
                cohort_id=clean["cohort_id"],
                series=series,
                checkin_secret=secrets.token_hex(32),
            )
            slot.instructors.set(clean["instructor_ids"])
            created.append(slot.id)
    return _views(actor_id, list(_counted(Slot.objects.filter(id__in=created))))


def update_slot(
    actor_id: int | None, usage_key: UsageKey, slot_id: int, data: dict[str, Any], now: datetime
) -> SlotView:
    """Change some fields of a slot; more seats promote waiting learners.

    Raises:
        NotFound, NotAuthorized: as for :func:`create_slots`.
        InvalidInput: a field is wrong; nothing is changed.
        Conflict: fewer seats than learners already registered.
    """
    activity = access.activity_for(usage_key)
    access.require_manager(actor_id, activity)
    with transaction.atomic():
        slot = access.slot_for(activity, slot_id, lock=True)
        clean = clean_slot(data, access.course_of(activity), slot)
        registered = slot.registrations.filter(status=RegistrationStatus.REGISTERED).count()
        if clean["capacity"] < registered:
            raise Conflict(
                _("{count} learners are registered: the slot needs at least as many seats.").format(
                    count=registered
                )
            )
        for name in ("title", "start", "end", "duration_hours", "location", "online_url", "capacity"):
            setattr(slot, name, clean[name])
        slot.cohort_id = clean["cohort_id"]
        slot.save()
        if "instructor_ids" in clean:
            slot.instructors.set(clean["instructor_ids"])
        promote_waiting(slot, registered, now)
    return _views(actor_id, list(_counted(Slot.objects.filter(id=slot.id))))[0]


def delete_slot(actor_id: int | None, usage_key: UsageKey, slot_id: int) -> None:
    """Remove a slot and its registrations.

    Raises:
        NotFound, NotAuthorized: as for :func:`create_slots`.
        Conflict: the slot has marks (attendance that may carry credit is never thrown away).
    """
    activity = access.activity_for(usage_key)
    access.require_manager(actor_id, activity)
    with transaction.atomic():
        slot = access.slot_for(activity, slot_id, lock=True)
        if slot.marks.exists():
            raise Conflict(_("Learners have been marked in this slot: it can no longer be deleted."))
        slot.delete()
