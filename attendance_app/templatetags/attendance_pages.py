"""Template tags of the app's pages: the shared header and times shown in the viewer's zone."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.dateparse import parse_datetime

from attendance_app.credit.units import format_hms
from attendance_app.platform import get_backend

register = template.Library()


def _logout_url() -> str | None:
    try:
        return reverse("logout")  # the LMS, Studio and the demo all name their sign-out route so
    except NoReverseMatch:
        return None


@register.inclusion_tag("attendance_app/_header.html", takes_context=True)
def attendance_header(context: template.Context) -> dict[str, Any]:
    """Product name, the signed-in person, Sign out and the way home, on every page of the app."""
    request = context.get("request")
    user: Any = context.get("user") or getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    return {
        "user_name": (user.get_full_name() or user.get_username()) if signed_in else "",
        "logout_url": _logout_url() if signed_in else None,
        "home_url": get_backend().home_url(),
        "csrf_token": context.get("csrf_token"),
    }


def viewer_zone(user: Any) -> ZoneInfo | None:
    """The zone the viewer chose in their account (through the platform), or None."""
    if user is None or not user.is_authenticated:
        return None
    name = get_backend().user_time_zone(user.id)
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


@register.inclusion_tag("attendance_app/_time.html", takes_context=True)
def local_time(context: template.Context, moment: str | datetime | None) -> dict[str, Any]:
    """A ``<time>`` with the UTC instant in ``datetime``, shown in the viewer's zone.

    With the viewer's account zone the server writes it; otherwise ``local-time.js`` rewrites the
    text in the browser's zone, and the UTC text stays for pages without JavaScript.
    """
    if isinstance(moment, str):
        moment = parse_datetime(moment)
    if moment is None:
        return {"moment": None}
    zone = context.get("viewer_zone")
    shown = moment.astimezone(zone) if zone else moment.astimezone(ZoneInfo("UTC"))
    return {
        "moment": moment,
        "utc": moment.astimezone(ZoneInfo("UTC")).isoformat().replace("+00:00", "Z"),
        "text": shown.strftime("%Y-%m-%d %H:%M:%S"),
        "zone": shown.tzname(),
        "server_zone": zone is not None,
    }


@register.filter
def hms(seconds: float | int | None) -> str:
    """A duration in seconds as HH:MM:SS."""
    return format_hms(seconds or 0)


@register.filter
def hms_from_ms(milliseconds: int | None) -> str:
    """A duration in milliseconds as HH:MM:SS (rounded to the nearest second), or an em dash."""
    return "—" if milliseconds is None else format_hms(round(milliseconds / 1000))
