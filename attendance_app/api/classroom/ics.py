"""An iCalendar (RFC 5545) file of the slots a learner holds a seat in, for their calendar app."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from opaque_keys.edx.keys import UsageKey

from attendance_app.api.classroom import access
from attendance_app.models import Registration, RegistrationStatus, Slot

LINE_OCTETS = 75


def _text(value: str) -> str:
    """RFC 5545 section 3.3.11: backslash, semicolon, comma and newlines escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """RFC 5545 section 3.1: lines longer than 75 octets continue on lines starting with a space."""
    out: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > LINE_OCTETS - (1 if out else 0):
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _event(slot: Slot, now: datetime) -> list[str]:
    host = getattr(settings, "LMS_BASE", "") or "attendance"
    location = slot.location or slot.online_url
    lines = [
        "BEGIN:VEVENT",
        f"UID:slot-{slot.id}@{host}",
        f"DTSTAMP:{_stamp(now)}",
        f"DTSTART:{_stamp(slot.start)}",
        f"DTEND:{_stamp(slot.end)}",
        f"SUMMARY:{_text(slot.title)}",
    ]
    if location:
        lines.append(f"LOCATION:{_text(location)}")
    if slot.online_url:
        lines.append(f"URL:{slot.online_url}")
    return [*lines, "END:VEVENT"]


def registered_slots_ics(actor_id: int | None, usage_key: UsageKey, now: datetime) -> str:
    """The slots of the activity the learner holds a seat in, as an .ics file (times in UTC).

    Raises:
        NotFound: no such activity. NotAuthorized: the user does not see the activity's slots.
    """
    activity = access.activity_for(usage_key)
    access.require_viewer(actor_id, activity)
    assert actor_id is not None  # require_viewer refuses anonymous users
    seats = Registration.objects.filter(
        slot__activity=activity, user_id=actor_id, status=RegistrationStatus.REGISTERED
    ).select_related("slot")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Attendance & Credits for Open edX//EN",
        "CALSCALE:GREGORIAN",
    ]
    lines.append(f"X-WR-CALNAME:{_text(activity.display_name)}")
    for seat in seats.order_by("slot__start"):
        lines += _event(seat.slot, now)
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
