"""What a presence request must be before it touches the ledger: a real, current activity the
learner may attend, and well-formed beat fields (clear, translated 400s for everything else).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import F
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from attendance_app import conf, permissions
from attendance_app.api.presence_config import (
    PresenceConfig,
    config_cache_key,
    presence_config,
    recent_presence_config,
)
from attendance_app.api.presence_tokens import TokenClaims
from attendance_app.exceptions import FeatureDisabled, InvalidInput, NotAuthorized, NotFound
from attendance_app.models import ActivityMode, Attendance

CLIENT_CLOCK_TOLERANCE = timedelta(seconds=30)
ACCESS_TTL_SECONDS = 60


def check_client_time(payload: dict[str, Any], now: datetime) -> None:
    raw = payload.get("client_time")
    if raw is None:
        return
    try:
        # parse_datetime raises ValueError for a well-formed but impossible date (February 30th).
        moment = parse_datetime(raw) if isinstance(raw, str) and len(raw) <= 64 else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidInput(_("“client_time” must be an ISO 8601 time with a time zone."))
    if moment > now + CLIENT_CLOCK_TOLERANCE:
        raise InvalidInput(_("This heartbeat is dated in the future; check the device's clock."))


def wants_settle_only(payload: dict[str, Any]) -> bool:
    settle = payload.get("settle", False)
    if not isinstance(settle, bool):
        raise InvalidInput(_("“settle” must be true or false."))
    return settle


def _access_key(user_id: int, course_key: str) -> str:
    return f"attendance:presence-access:v2:{user_id}:{course_key}"


def still_enrolled(user_id: int, course_key: str, fetched: dict[str, Any] | None = None) -> bool:
    """Enrollment or course role, cached: a yes for a token's lifetime, a no for a minute.

    The platform's enrollment and role events drop the entry (:func:`forget_access`), so an
    unenrolled learner's next beat is refused (ADR 0026). ``fetched``: cache entries the caller
    already read (a beat reads this one with the configuration in one round trip, ADR 0034).
    """
    key = _access_key(user_id, course_key)
    allowed = fetched[key] if fetched is not None and key in fetched else cache.get(key)
    if allowed is None:
        allowed = permissions.can_view_course_activity(user_id, CourseKey.from_string(course_key))
        cache.set(key, allowed, conf.token_max_age_seconds() if allowed else ACCESS_TTL_SECONDS)
    return bool(allowed)


def forget_access(user_id: int, course_key: object) -> None:
    """Drop the cached access of a learner whose enrollment or course role changed.

    Also moves the access revision of the learner's ledger rows in that course run, so that no
    renewed token's copy of them vouches for access any more (ADR 0035): the next beat checks it.
    """
    key = CourseKey.from_string(str(course_key))
    cache.delete(_access_key(user_id, str(key)))
    Attendance.objects.filter(user_id=user_id, activity__course_key=key).update(
        access_revision=F("access_revision") + 1
    )


def _usable(config: PresenceConfig | None, allowed: Callable[[PresenceConfig], bool]) -> PresenceConfig:
    if config is None or config.archived:
        raise NotFound(_("This activity no longer exists."))
    if not allowed(config):
        raise NotAuthorized(_("You are not enrolled in this course."))
    if not config.enabled:
        raise FeatureDisabled()
    if config.mode == ActivityMode.CLASSROOM:
        raise InvalidInput(_("Classroom activities record attendance in the classroom, not online."))
    return config


def usable_config(claims: TokenClaims) -> PresenceConfig:
    """The activity's configuration for a learner whose access is checked (the cache, else the platform)."""
    fetched: dict[str, Any] | None = None
    config_key = config_cache_key(claims.activity_id)
    if claims.course_key is not None:  # the token names its course: one cache round trip for both
        fetched = cache.get_many([config_key, _access_key(claims.user_id, claims.course_key)])
    config = presence_config(claims.activity_id, fetched=fetched.get(config_key) if fetched else None)

    def allowed(config: PresenceConfig) -> bool:
        # A token of another course run (never signed so) reads the entry itself.
        same_course = config.course_key == claims.course_key
        return still_enrolled(claims.user_id, config.course_key, fetched if same_course else None)

    return _usable(config, allowed)


def vouched_config(claims: TokenClaims) -> PresenceConfig:
    """The configuration for a beat whose token's copy of the row vouches for access (ADR 0035).

    Access is not checked here: the beat writes only if the row still holds the copy, access
    revision included, and an enrollment or role change moves that revision (:func:`forget_access`).
    The configuration is this process's recent one: no cache round trip.
    """
    return _usable(recent_presence_config(claims.activity_id), lambda _config: True)
