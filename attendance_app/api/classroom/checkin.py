"""Self check-in: the instructor shows a code that changes every 15 seconds; registered learners type
or scan it during the slot and are marked Present or Late by the time rule.

The code is an HMAC of the slot's secret and the 15-second step (2 seconds of grace for the code
just replaced); no code is stored. By default one learner per IP address per slot: a second
learner from the same address is refused and the attempt is flagged for the instructor. Optional
allowed networks (the room's Wi-Fi) refuse check-ins from anywhere else.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import segno
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import UsageKey

from attendance_app.api.classroom import access, events
from attendance_app.api.classroom.marking import write_mark
from attendance_app.api.classroom.registration import classroom_settings
from attendance_app.api.classroom.statuses import status_by_code
from attendance_app.credit.classroom import (
    checkin_code,
    checkin_status,
    code_expires_at,
    code_matches,
    time_step,
)
from attendance_app.exceptions import Conflict, InvalidInput, NotAuthorized
from attendance_app.models import (
    CheckIn,
    CheckInOutcome,
    ClassroomSettings,
    Mark,
    MarkSource,
    Registration,
    Slot,
)
from attendance_app.models import RegistrationStatus as Seat

MAX_SUBNETS_LENGTH = 500


@dataclass(frozen=True)
class ShownCode:
    code: str
    expires_at: datetime
    checkin_url: str
    qr_svg: str

    def as_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


def _require_running(slot: Slot, now: datetime) -> None:
    if now < slot.start:
        raise Conflict(_("This slot has not started yet: check-in opens at its start."))
    if now >= slot.end:
        raise Conflict(_("This slot has ended: check-in is closed."))


def checkin_path(slot: Slot, code: str) -> str:
    """The check-in page of the slot with ``code`` filled in: what the QR code opens.

    Not the unit: the Learning MFE shows a unit in an iframe of ``/xblock/<usage key>`` built from
    fixed parameters, so the courseware address's query string never reaches the block (ADR 0020).
    """
    return f"{reverse('attendance_app:classroom-checkin', args=[slot.id])}?{urlencode({'code': code})}"


def current_code(
    actor_id: int | None, usage_key: UsageKey, slot_id: int, now: datetime, *, site_url: str = ""
) -> ShownCode:
    """The code to show in the room now, with its QR code (an SVG) of the check-in page.

    ``site_url`` (``https://lms.example.com``) makes the address absolute, as a phone needs it.

    Raises:
        NotFound: no such activity or slot.
        NotAuthorized: the user is neither an instructor of the slot nor on the course team.
        Conflict: the slot is not running.
    """
    slot = access.slot_for(access.activity_for(usage_key), slot_id)
    access.require_marker(actor_id, slot)
    _require_running(slot, now)
    code = checkin_code(slot.checkin_secret, time_step(now))
    url = f"{site_url.rstrip('/')}{checkin_path(slot, code)}"
    qr = segno.make(url, error="m")
    return ShownCode(code, code_expires_at(now), url, qr.svg_inline(scale=6, dark="#000", light="#fff"))


def _networks(settings: ClassroomSettings) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [
        ipaddress.ip_network(part.strip(), strict=False)
        for part in settings.checkin_subnets.split(",")
        if part.strip()
    ]


def _address(raw: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(raw) if raw else None
    except ValueError:
        return None


def check_in(
    actor_id: int | None,
    usage_key: UsageKey,
    slot_id: int,
    data: dict[str, Any],
    ip_address: str | None,
    now: datetime,
) -> Mark:
    """Check the learner in with the code shown in the room; returns their new mark.

    Raises:
        NotFound: no such activity or slot.
        NotAuthorized: anonymous, or not registered for the slot.
        InvalidInput: the code is missing, wrong or expired.
        Conflict: the slot is not running; the learner is already marked; another learner checked
            in from the same address (flagged); the address is outside the allowed networks (flagged).
    """
    if actor_id is None:
        raise NotAuthorized(_("Sign in to check in."))
    slot = access.slot_for(access.activity_for(usage_key), slot_id)
    if not Registration.objects.filter(slot=slot, user_id=actor_id, status=Seat.REGISTERED).exists():
        raise NotAuthorized(_("Only learners registered for this slot can check in."))
    _require_running(slot, now)
    code = data.get("code")
    if not isinstance(code, str) or not code_matches(slot.checkin_secret, code.strip(), now):
        message = _("This code is wrong or has expired: type the code shown now.")
        raise InvalidInput(message, field_errors={"code": [message]})
    if Mark.objects.filter(slot=slot, user_id=actor_id).exists():
        raise Conflict(_("You are already marked for this slot."))
    settings = classroom_settings(slot)
    address = _address(ip_address)
    with transaction.atomic():
        access.slot_for(slot.activity, slot.id, lock=True)  # one check-in of the slot at a time
        refusal = _refusal(slot, settings, actor_id, address)
        if refusal is None:
            status = status_by_code(
                access.course_of(slot.activity),
                checkin_status(slot.start, now, settings.present_within_minutes),
            )
            mark = write_mark(
                slot,
                actor_id,
                status,
                "",
                now,
                actor_id=actor_id,
                source=MarkSource.CHECKIN,
                expected_version=0,
            )
            CheckIn.objects.create(
                slot=slot,
                user_id=actor_id,
                ip_address=str(address) if address else None,
                at=now,
                outcome=CheckInOutcome.ACCEPTED,
            )
            events.slot_event(events.CHECKED_IN, slot, actor_id, now, status=status.code)
    if refusal is not None:
        CheckIn.objects.create(
            slot=slot,
            user_id=actor_id,
            ip_address=str(address) if address else None,
            at=now,
            outcome=refusal[0],
        )
        raise Conflict(refusal[1])
    assert mark is not None  # a new mark always changes something
    return mark


def _refusal(
    slot: Slot,
    settings: ClassroomSettings,
    user_id: int,
    address: ipaddress.IPv4Address | ipaddress.IPv6Address | None,
) -> tuple[str, str] | None:
    networks = _networks(settings)
    if networks and (address is None or not any(address in network for network in networks)):
        return CheckInOutcome.OUTSIDE_SUBNET, _("Check in from the room's network.")
    if settings.checkin_one_per_ip and address is not None:
        shared = (
            CheckIn.objects.filter(slot=slot, ip_address=str(address), outcome=CheckInOutcome.ACCEPTED)
            .exclude(user_id=user_id)
            .exists()
        )
        if shared:
            return CheckInOutcome.SHARED_IP, _(
                "Another learner already checked in from this device or network: ask the instructor."
            )
    return None


def list_checkins(actor_id: int | None, usage_key: UsageKey, slot_id: int) -> list[CheckIn]:
    """The slot's check-ins, accepted and refused (flagged), oldest first.

    Raises:
        NotFound, NotAuthorized: as for :func:`current_code`.
    """
    slot = access.slot_for(access.activity_for(usage_key), slot_id)
    access.require_marker(actor_id, slot)
    return list(CheckIn.objects.filter(slot=slot))


def validate_subnets(raw: object) -> str:
    """A comma-separated list of networks, normalised.

    Raises:
        InvalidInput: one of them is not a network.
    """
    if not isinstance(raw, str) or len(raw) > MAX_SUBNETS_LENGTH:
        raise InvalidInput(_("Enter networks such as 192.0.2.0/24, separated by commas."))
    try:
        networks = [
            str(ipaddress.ip_network(part.strip(), strict=False)) for part in raw.split(",") if part.strip()
        ]
    except ValueError as error:
        message = _("Enter networks such as 192.0.2.0/24, separated by commas.")
        raise InvalidInput(message, field_errors={"checkin_subnets": [message]}) from error
    return ", ".join(networks)
