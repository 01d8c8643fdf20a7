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

from attendance_app import clock, conf
from attendance_app.api.switches import is_enabled
from attendance_app.credit.prompts import UnitPromptRule, prompt_interval_us
from attendance_app.models import Activity, ActivityUnitRule, ManagedBy

CONFIG_TTL_SECONDS = 30
# How long a process keeps a configuration for the beats whose token vouches for them (ADR 0035).
LOCAL_CONFIG_SECONDS = 5
_LOCAL_MAX_ENTRIES = 1024
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


_local: dict[int, tuple[datetime, PresenceConfig]] = {}  # activity id: (when read, configuration)


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


def recent_presence_config(activity_id: int) -> PresenceConfig | None:
    """The configuration as this process read it less than ``LOCAL_CONFIG_SECONDS`` ago (ADR 0035).

    For the steady beat whose renewed token vouches for it: no cache round trip. Another process's
    change reaches it within those seconds; this process's own changes at once.
    """
    entry = _local.get(activity_id)
    now = clock.now()
    if entry is not None and 0 <= (now - entry[0]).total_seconds() < LOCAL_CONFIG_SECONDS:
        return entry[1]  # a clock set back does not keep an entry longer
    config = presence_config(activity_id)
    if config is not None:
        if len(_local) >= _LOCAL_MAX_ENTRIES:
            _local.clear()
        _local[activity_id] = (now, config)
    return config


def forget_presence_config(activity_ids: list[int]) -> None:
    """Drop cached configurations after an author changed the activity, its rules or its units."""
    for activity_id in activity_ids:
        _local.pop(activity_id, None)
    cache.delete_many([config_cache_key(activity_id) for activity_id in activity_ids])


def forget_recent_configs() -> None:
    """Drop this process's recent configurations (a test that changed settings the cache keeps)."""
    _local.clear()
