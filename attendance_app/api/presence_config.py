"""What a heartbeat needs to know about its activity, cached so that a beat reads no activity row.

The cache entry holds the activity's mode, window, policy, prompt interval, pop-up duration and
units. It is dropped whenever an author changes the activity, its rules or one of its units, and
expires after ``CONFIG_TTL_SECONDS`` so that enable-switch changes apply within that time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from opaque_keys.edx.keys import CourseKey

from attendance_app import conf
from attendance_app.api.switches import is_enabled
from attendance_app.credit.prompts import UnitPromptRule, prompt_interval_us
from attendance_app.models import Activity, ActivityUnitRule, ManagedBy

CONFIG_TTL_SECONDS = 30
_KEY = "attendance:presence-config:v2:{activity_id}"


@dataclass(frozen=True)
class UnitSnapshot:
    acronym: str
    name: str
    duration_seconds: int
    increment: str
    rounding: str
    minimum_credit: Decimal


@dataclass(frozen=True)
class PresenceConfig:
    activity_id: int
    usage_key: str
    course_key: str
    mode: str
    live_start: datetime | None
    live_end: datetime | None
    missed_prompt_policy: str
    video_url: str
    enabled: bool
    archived: bool
    interval_us: int | None  # microseconds of credited time between prompts; None: no prompts
    popup_seconds: int
    units: tuple[UnitSnapshot, ...]


def _build(activity: Activity, rules: list[ActivityUnitRule] | None = None) -> PresenceConfig:
    if rules is None:
        rules = list(ActivityUnitRule.objects.filter(activity=activity).select_related("unit").order_by("id"))
    units = [rule.unit for rule in rules if rule.unit.managed_by == ManagedBy.INTERNAL]
    interval = prompt_interval_us(
        [UnitPromptRule(unit.duration_seconds, unit.minimum_frequency) for unit in units]
    )
    override = conf.get("ATTENDANCE_PROMPT_INTERVAL_SECONDS")
    if interval is not None and override:
        interval = max(1, round(Decimal(str(override)) * 1_000_000))
    return PresenceConfig(
        activity_id=activity.id,
        usage_key=str(activity.usage_key),
        course_key=str(activity.course_key),
        mode=activity.mode,
        live_start=activity.live_start,
        live_end=activity.live_end,
        missed_prompt_policy=activity.missed_prompt_policy,
        video_url=activity.video_url,
        enabled=is_enabled(CourseKey.from_string(str(activity.course_key))),
        archived=activity.archived_at is not None,
        interval_us=interval,
        # The longest pop-up of the activity's units: the kindest reading when units differ.
        popup_seconds=max((unit.popup_seconds for unit in units), default=10),
        units=tuple(
            UnitSnapshot(
                unit.acronym,
                unit.name,
                unit.duration_seconds,
                unit.increment,
                unit.rounding,
                unit.minimum_credit,
            )
            for unit in units
        ),
    )


def config_cache_key(activity_id: int) -> str:
    return _KEY.format(activity_id=activity_id)


def presence_config(
    activity_id: int, loaded: Activity | None = None, fetched: Any = None
) -> PresenceConfig | None:
    """The activity's presence configuration, from the cache when possible; None if it is gone.

    ``loaded``: the activity with its rules prefetched (``view_reads.current_activity``), which the
    learner's view already read; a cache miss then reads nothing more (ADR 0027). ``fetched``: the
    cache entry the caller already read with others (a beat, ADR 0034).
    """
    if isinstance(fetched, PresenceConfig):
        return fetched
    key = config_cache_key(activity_id)
    cached: Any = cache.get(key)
    if isinstance(cached, PresenceConfig):
        return cached
    if loaded is not None:
        config = _build(loaded, sorted(loaded.unit_rules.all(), key=lambda rule: rule.id))
        cache.set(key, config, CONFIG_TTL_SECONDS)
        return config
    activity = Activity.objects.filter(id=activity_id).first()
    if activity is None:
        return None
    config = _build(activity)
    cache.set(key, config, CONFIG_TTL_SECONDS)
    return config


def forget_presence_config(activity_ids: list[int]) -> None:
    """Drop cached configurations after an author changed the activity, its rules or its units."""
    cache.delete_many([config_cache_key(activity_id) for activity_id in activity_ids])
