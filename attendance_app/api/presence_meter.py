"""What a presence reply shows: the learner's meter and, when it changes, the "Your credits" status.

Both come from the same stored integers (ADR 0008), so the block's meter and its claim panel never
disagree after a beat or an answer.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from opaque_keys.edx.keys import UsageKey

from attendance_app import conf
from attendance_app.api.presence_config import PresenceConfig
from attendance_app.credit.heartbeats import MICROSECONDS
from attendance_app.credit.units import computed_units_us, format_hms
from attendance_app.exceptions import NotAuthorized, NotFound
from attendance_app.models import ActivityMode, Attendance


def seconds(microseconds: int) -> float:
    """Whole microseconds as the API's ``*_seconds`` number (a whole second stays exact)."""
    return microseconds / MICROSECONDS


def units(confirmed_us: int, config: PresenceConfig) -> list[dict[str, str]]:
    return [
        {
            "acronym": unit.acronym,
            "name": unit.name,
            "units": str(
                computed_units_us(
                    confirmed_us, unit.duration_seconds, unit.increment, unit.rounding, unit.minimum_credit
                )
            ),
        }
        for unit in config.units
    ]


def meter(attendance: Attendance | None, config: PresenceConfig, now: datetime) -> dict[str, Any]:
    confirmed = attendance.confirmed_us if attendance else 0
    return {
        "credited_seconds": seconds(attendance.credited_us) if attendance else 0.0,
        "confirmed_seconds": seconds(confirmed),
        "pending_seconds": seconds(attendance.pending_us) if attendance else 0.0,
        "hits": attendance.hits if attendance else 0,
        "misses": attendance.misses if attendance else 0,
        "rejoins": attendance.rejoins if attendance else 0,
        "time": format_hms(confirmed // MICROSECONDS),
        "units": units(confirmed, config),
        "viewed_to_end": bool(attendance and attendance.viewed_to_end),
        "tracking": tracking(config, now),
        "prompt": None,
        "last_prompt": None,
    }


def tracking(config: PresenceConfig, now: datetime) -> str:
    if config.live_start and now < config.live_start:
        return "not_started"
    if config.mode == ActivityMode.LIVE and config.live_end and now >= config.live_end:
        return "ended"
    return "active"


def claim_panel(user_id: int, config: PresenceConfig, now: datetime) -> dict[str, Any] | None:
    """The block's "Your credits" status, so the panel and the meter tell the same figures."""
    from attendance_app.api.claims import claim_status  # claims builds on presence, not the reverse

    try:
        return claim_status(user_id, UsageKey.from_string(config.usage_key), now)
    except (NotFound, NotAuthorized):
        return None


def claim_changes(
    config: PresenceConfig,
    units_before: list[dict[str, str]],
    reply: dict[str, Any],
    since: datetime,
    now: datetime,
) -> bool:
    """Whether this reply changes the "Your credits" panel: units earned, or the claim window moved."""
    if reply["units"] != units_before or reply["last_prompt"] is not None:
        return True
    if config.mode != ActivityMode.LIVE or config.live_end is None:
        return False
    edges = (
        config.live_start,
        config.live_end,
        config.live_end + timedelta(seconds=conf.live_claim_grace_seconds()),
    )
    return any(edge is not None and since < edge <= now for edge in edges)
