"""Presence: heartbeats, prompts and the time ledger (DESIGN section 6).

The block hands its JavaScript a short-lived signed token at render time, after the platform
checked access; beats and answers come back with that token and the same logged-in user. A beat
costs at most three SQL statements: lock the learner's row, write one evidence row (a closed
segment, a missed prompt or a new prompt), update the learner's row.
"""

from __future__ import annotations

import hashlib
import math
import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey, UsageKey

from attendance_app import conf, permissions, tracking
from attendance_app.api import presence_events
from attendance_app.api.presence_config import PresenceConfig, presence_config
from attendance_app.credit import ledger
from attendance_app.credit.heartbeats import credit_beat, credit_live_beat
from attendance_app.credit.prompts import MAX_EXTENSION_FACTOR, next_prompt_moment, prompt_deadline
from attendance_app.credit.units import computed_units, format_hms
from attendance_app.credit.video import merge_played, normalize_ranges, viewed_to_end
from attendance_app.exceptions import Conflict, FeatureDisabled, InvalidInput, NotAuthorized, NotFound
from attendance_app.models import (
    Activity,
    ActivityMode,
    Attendance,
    PromptEvidence,
    PromptOutcome,
    Segment,
    TimingAccommodation,
)

TOKEN_SALT = "attendance_app.presence"  # noqa: S105 - a namespace, not a secret
CLIENT_CLOCK_TOLERANCE = timedelta(seconds=30)
MAX_VIDEO_SECONDS = 24 * 3600
ACCESS_TTL_SECONDS = 60
_system_random = random.SystemRandom()


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    activity_id: int
    extension_factor: float


# Tokens -------------------------------------------------------------------------------------


def issue_token(user_id: int, activity_id: int, extension_factor: float) -> str:
    """A signed, expiring token naming the learner and the activity (``django.core.signing``)."""
    return signing.dumps({"u": user_id, "a": activity_id, "x": extension_factor}, salt=TOKEN_SALT)


def read_token(token: object, user_id: int | None) -> TokenClaims:
    """Check a token's signature, age and owner.

    Raises:
        NotAuthorized: forged, expired, or issued to another user.
    """
    if not isinstance(token, str) or len(token) > 1000:
        raise NotAuthorized(_("This page's attendance session is not valid; reload the page."))
    try:
        claims = signing.loads(token, salt=TOKEN_SALT, max_age=conf.token_max_age_seconds())
    except signing.SignatureExpired as error:
        raise NotAuthorized(_("This page's attendance session has expired; reload the page.")) from error
    except signing.BadSignature as error:
        raise NotAuthorized(_("This page's attendance session is not valid; reload the page.")) from error
    if user_id is None or claims.get("u") != user_id:
        raise NotAuthorized(_("This attendance session belongs to another user."))
    return TokenClaims(int(claims["u"]), int(claims["a"]), float(claims.get("x", 1.0)))


# The meter ------------------------------------------------------------------------------------


def _meter(attendance: Attendance | None, config: PresenceConfig, now: datetime) -> dict[str, Any]:
    confirmed = attendance.confirmed_seconds if attendance else 0.0
    return {
        "credited_seconds": round(attendance.credited_seconds, 3) if attendance else 0.0,
        "confirmed_seconds": round(confirmed, 3),
        "pending_seconds": round(attendance.pending_seconds, 3) if attendance else 0.0,
        "hits": attendance.hits if attendance else 0,
        "misses": attendance.misses if attendance else 0,
        "rejoins": attendance.rejoins if attendance else 0,
        "time": format_hms(confirmed),
        "units": [
            {
                "acronym": unit.acronym,
                "name": unit.name,
                "units": str(
                    computed_units(
                        confirmed, unit.duration_seconds, unit.increment, unit.rounding, unit.minimum_credit
                    )
                ),
            }
            for unit in config.units
        ],
        "viewed_to_end": bool(attendance and attendance.viewed_to_end),
        "tracking": _tracking(config, now),
        "prompt": None,
        "last_prompt": None,
    }


def _tracking(config: PresenceConfig, now: datetime) -> str:
    if config.live_start and now < config.live_start:
        return "not_started"
    if config.mode == ActivityMode.LIVE and config.live_end and now >= config.live_end:
        return "ended"
    return "active"


# Starting a session (the block, at render) --------------------------------------------------------


def start_presence(user_id: int | None, usage_key: UsageKey, now: datetime) -> dict[str, Any] | None:
    """What the learner's page needs to report presence, or None when nothing is tracked for them."""
    if user_id is None:
        return None
    activity = Activity.objects.filter(usage_key=usage_key, archived_at__isnull=True).only("id").first()
    if activity is None or not permissions.can_view_course_activity(user_id, usage_key.course_key):
        return None
    config = presence_config(activity.id)
    if config is None or not config.enabled or config.mode == ActivityMode.CLASSROOM:
        return None
    factor = float(
        TimingAccommodation.objects.filter(user_id=user_id).values_list("extension_factor", flat=True).first()
        or 1
    )
    attendance = Attendance.objects.filter(user_id=user_id, activity_id=activity.id).first()
    return {
        "token": issue_token(user_id, activity.id, factor),
        "heartbeat_seconds": conf.heartbeat_seconds(),
        "video_url": config.video_url,
        "mode": config.mode,
        "extension_factor": factor,
        "popup_seconds": config.popup_seconds,
        "meter": _meter(attendance, config, now),
    }


# Heartbeats ---------------------------------------------------------------------------------------


def _video_payload(payload: dict[str, Any]) -> tuple[list[tuple[float, float]], float | None] | None:
    video = payload.get("video")
    if video is None:
        return None
    if not isinstance(video, dict):
        raise InvalidInput(_("“video” must be an object with ranges and duration."))
    duration = video.get("duration")
    if duration is not None and (
        isinstance(duration, bool)
        or not isinstance(duration, int | float)
        or not math.isfinite(duration)
        or not 0 < duration <= MAX_VIDEO_SECONDS
    ):
        raise InvalidInput(_("The video duration must be a number of seconds."))
    ranges = video.get("ranges", [])
    if not isinstance(ranges, list):
        raise InvalidInput(_("Video ranges must be a list of [start, end] pairs."))
    try:
        normalized = normalize_ranges(ranges, float(duration) if duration else None)
    except ValueError as error:
        raise InvalidInput(_("The video ranges are not valid: {reason}").format(reason=error)) from error
    # One report lists distinct stretches; overlaps with earlier reports (rewatching) are fine.
    starts = sorted((float(pair[0]), float(pair[1])) for pair in ranges)
    if any(later[0] < earlier[1] for earlier, later in pairwise(starts)):
        raise InvalidInput(_("The video ranges of one heartbeat overlap; merge them first."))
    return normalized, duration


def _check_client_time(payload: dict[str, Any], now: datetime) -> None:
    raw = payload.get("client_time")
    if raw is None:
        return
    moment = parse_datetime(raw) if isinstance(raw, str) else None
    if moment is None or moment.tzinfo is None:
        raise InvalidInput(_("“client_time” must be an ISO 8601 time with a time zone."))
    if moment > now + CLIENT_CLOCK_TOLERANCE:
        raise InvalidInput(_("This heartbeat is dated in the future; check the device's clock."))


def _still_enrolled(user_id: int, course_key: str) -> bool:
    """Enrollment or course role, cached briefly: an unenrolled learner's beats stop within a minute."""
    key = f"attendance:presence-access:{user_id}:{course_key}"
    allowed = cache.get(key)
    if allowed is None:
        allowed = permissions.can_view_course_activity(user_id, CourseKey.from_string(course_key))
        cache.set(key, allowed, ACCESS_TTL_SECONDS)
    return bool(allowed)


def _usable_config(claims: TokenClaims) -> PresenceConfig:
    config = presence_config(claims.activity_id)
    if config is None or config.archived:
        raise NotFound(_("This activity no longer exists."))
    if not _still_enrolled(claims.user_id, config.course_key):
        raise NotAuthorized(_("You are not enrolled in this course."))
    if not config.enabled:
        raise FeatureDisabled()
    if config.mode == ActivityMode.CLASSROOM:
        raise InvalidInput(_("Classroom activities record attendance in the classroom, not online."))
    return config


def _state(attendance: Attendance) -> ledger.LedgerState:
    return ledger.LedgerState(
        credited_seconds=attendance.credited_seconds,
        confirmed_seconds=attendance.confirmed_seconds,
        pending_seconds=attendance.pending_seconds,
        hits=attendance.hits,
        misses=attendance.misses,
        flagged_seconds=attendance.flagged_seconds,
    )


def _store(attendance: Attendance, state: ledger.LedgerState) -> None:
    attendance.credited_seconds = state.credited_seconds
    attendance.confirmed_seconds = state.confirmed_seconds
    attendance.pending_seconds = state.pending_seconds
    attendance.hits = state.hits
    attendance.misses = state.misses
    attendance.flagged_seconds = state.flagged_seconds


def _resolve_missed(attendance: Attendance, prompt: PromptEvidence, config: PresenceConfig) -> dict[str, Any]:
    before = _state(attendance)
    after = ledger.miss_prompt(before, config.missed_prompt_policy)
    _store(attendance, after)
    prompt.outcome = PromptOutcome.MISSED
    prompt.discarded_seconds = before.pending_seconds if config.missed_prompt_policy == "strict" else 0
    prompt.flagged_seconds = before.pending_seconds if config.missed_prompt_policy == "lenient" else 0
    prompt.save(update_fields=["outcome", "discarded_seconds", "flagged_seconds"])
    attendance.open_prompt = None
    tracking.emit_on_commit(
        tracking.EVENT_PROMPT_MISSED,
        presence_events.prompt_data(attendance.user_id, prompt, config),
        course_id=config.course_key,
    )
    return {"outcome": "missed", "discarded_seconds": round(prompt.discarded_seconds, 3)}


def _open_prompt(
    attendance: Attendance, config: PresenceConfig, claims: TokenClaims, now: datetime, rng: random.Random
) -> dict[str, Any]:
    nonce = secrets.token_urlsafe(24)
    deadline = prompt_deadline(now, config.popup_seconds, claims.extension_factor)
    attendance.open_prompt = PromptEvidence.objects.create(
        attendance=attendance,
        nonce_digest=hashlib.sha256(nonce.encode()).hexdigest(),
        shown_at=now,
        deadline=deadline,
    )
    attendance.prompt_index += 1
    tracking.emit_on_commit(
        tracking.EVENT_PROMPT_SHOWN,
        presence_events.prompt_data(claims.user_id, attendance.open_prompt, config),
        course_id=config.course_key,
    )
    assert config.interval_seconds is not None
    attendance.next_prompt_mark = next_prompt_moment(attendance.prompt_index, config.interval_seconds, rng)
    return {
        "nonce": nonce,
        "deadline": deadline.isoformat(),
        "seconds": round(config.popup_seconds * claims.extension_factor, 3),
    }


def record_beat(
    user_id: int | None,
    token: object,
    payload: dict[str, Any],
    now: datetime,
    rng: random.Random | None = None,
) -> dict[str, Any]:
    """Credit the time since the learner's previous beat and say whether to show a prompt.

    Raises:
        NotAuthorized: bad token. FeatureDisabled: tracking is off. NotFound: activity gone.
        InvalidInput: malformed video ranges, a future ``client_time``, a classroom activity.
    """
    claims = read_token(token, user_id)
    config = _usable_config(claims)
    _check_client_time(payload, now)
    video = _video_payload(payload)
    rng = rng or _system_random
    heartbeat = conf.heartbeat_seconds()
    # No savepoint: a beat is its own transaction, and savepoints would cost statements.
    with transaction.atomic(savepoint=False):
        attendance = (
            Attendance.objects.select_for_update()
            .select_related("open_prompt")
            .filter(user_id=claims.user_id, activity_id=claims.activity_id)
            .first()
        )
        if attendance is None:
            return _first_beat(claims, config, video, now, rng)
        reply_prompt: dict[str, Any] | None = None
        last_prompt: dict[str, Any] | None = None
        if config.mode == ActivityMode.LIVE:
            beat = credit_live_beat(
                attendance.last_beat_at, now, heartbeat, config.live_start, config.live_end
            )
        else:
            beat = credit_beat(attendance.last_beat_at, now, heartbeat)
            if config.live_start and now < config.live_start:
                beat = type(beat)(0.0, beat.new_segment)
        open_prompt = attendance.open_prompt
        if beat.new_segment:
            # A rejoin: close the previous visit. A prompt that expired meanwhile is settled next beat.
            Segment.objects.create(
                attendance=attendance,
                started_at=attendance.segment_started_at,
                ended_at=attendance.last_beat_at,
            )
            attendance.rejoins += 1
            tracking.emit_on_commit(
                tracking.EVENT_VISIT_ENDED,
                presence_events.visit_data(attendance, config, attendance.last_beat_at),
                course_id=config.course_key,
            )
            attendance.segment_started_at = now
            tracking.emit_on_commit(
                tracking.EVENT_VISIT_STARTED,
                presence_events.visit_data(attendance, config),
                course_id=config.course_key,
            )
        elif open_prompt is not None and now > open_prompt.deadline:
            last_prompt = _resolve_missed(attendance, open_prompt, config)
        credited = beat.credited_seconds
        if video is not None and config.video_url:
            ranges, duration = video
            merged, new_seconds = merge_played(attendance.video_ranges, ranges, duration)
            credited = min(credited, new_seconds)
            attendance.video_ranges = [list(pair) for pair in merged]
            attendance.video_seconds += new_seconds
            if duration:
                attendance.viewed_to_end = viewed_to_end(merged, duration)
        elif config.video_url:
            credited = 0.0  # a session with a video counts the video played, nothing else
        state = ledger.add_credit(_state(attendance), credited)
        if config.interval_seconds is None:
            state = ledger.close_without_prompts(state)
        _store(attendance, state)
        attendance.last_beat_at = max(attendance.last_beat_at, now)
        prompt_due = (
            config.interval_seconds is not None
            and attendance.open_prompt is None
            and last_prompt is None
            and not beat.new_segment
            and not attendance.viewed_to_end
            and attendance.next_prompt_mark is not None
            and attendance.credited_seconds >= attendance.next_prompt_mark
        )
        if prompt_due:
            reply_prompt = _open_prompt(attendance, config, claims, now, rng)
        attendance.save()
    reply = _meter(attendance, config, now)
    reply.update(prompt=reply_prompt, last_prompt=last_prompt)
    return reply


def _first_beat(
    claims: TokenClaims,
    config: PresenceConfig,
    video: tuple[list[tuple[float, float]], float | None] | None,
    now: datetime,
    rng: random.Random,
) -> dict[str, Any]:
    attendance = Attendance(
        user_id=claims.user_id,
        activity_id=claims.activity_id,
        first_join_at=now,
        last_beat_at=now,
        segment_started_at=now,
        next_prompt_mark=next_prompt_moment(0, config.interval_seconds, rng)
        if config.interval_seconds
        else None,
    )
    if video is not None and config.video_url:
        ranges, _duration = video
        attendance.video_ranges = [list(pair) for pair in ranges]
    try:
        with transaction.atomic():  # a savepoint, on the first beat only
            attendance.save()
    except IntegrityError as error:  # a second tab's first beat won the race
        raise Conflict(_("Another tab just started this session; the next heartbeat counts.")) from error
    tracking.emit_on_commit(
        tracking.EVENT_VISIT_STARTED,
        presence_events.visit_data(attendance, config),
        course_id=config.course_key,
    )
    return _meter(attendance, config, now)


# Answers ------------------------------------------------------------------------------------------


def answer_prompt(user_id: int | None, token: object, nonce: object, now: datetime) -> dict[str, Any]:
    """Confirm presence with a prompt's one-time nonce, before its deadline, once.

    Raises:
        NotAuthorized: bad token. NotFound: no such prompt for this learner and activity.
        Conflict: already answered. InvalidInput: too late (the prompt is recorded as missed).
    """
    claims = read_token(token, user_id)
    config = _usable_config(claims)
    if not isinstance(nonce, str) or not 10 <= len(nonce) <= 100:
        raise NotFound(_("This presence prompt does not exist."))
    digest = hashlib.sha256(nonce.encode()).hexdigest()
    refusal: Exception | None = None
    # No exception leaves this block: without a savepoint it would spoil an enclosing transaction.
    with transaction.atomic(savepoint=False):
        prompt = (
            PromptEvidence.objects.select_for_update()
            .select_related("attendance")
            .filter(
                nonce_digest=digest,
                attendance__user_id=claims.user_id,
                attendance__activity_id=claims.activity_id,
            )
            .first()
        )
        if prompt is None:
            refusal = NotFound(_("This presence prompt does not exist."))
        elif prompt.outcome == PromptOutcome.ANSWERED:
            refusal = Conflict(_("This presence prompt was already answered."))
        elif prompt.outcome == PromptOutcome.MISSED or now > prompt.deadline:
            if prompt.outcome != PromptOutcome.MISSED:
                _resolve_missed(prompt.attendance, prompt, config)
                prompt.attendance.save()
            refusal = InvalidInput(_("Too late: this prompt's time ran out, so it counts as missed."))
        else:
            attendance = prompt.attendance
            prompt.outcome = PromptOutcome.ANSWERED
            prompt.answered_at = now
            prompt.latency_ms = max(0, int((now - prompt.shown_at).total_seconds() * 1000))
            prompt.save(update_fields=["outcome", "answered_at", "latency_ms"])
            tracking.emit_on_commit(
                tracking.EVENT_PROMPT_ANSWERED,
                {
                    **presence_events.prompt_data(claims.user_id, prompt, config),
                    "latency_ms": prompt.latency_ms,
                },
                course_id=config.course_key,
            )
            _store(attendance, ledger.answer_prompt(_state(attendance)))
            attendance.open_prompt = None
            attendance.save()
    if refusal is not None or prompt is None:
        raise refusal or NotFound()
    reply = _meter(prompt.attendance, config, now)
    reply["last_prompt"] = {"outcome": "answered", "discarded_seconds": 0.0}
    return reply


# Accommodation (WCAG 2.2.1) ----------------------------------------------------------------------


def _factor(raw: object) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise InvalidInput(
            _("Some values are not valid; nothing was saved."),
            field_errors={"extension_factor": [_("Enter a number from 1 to 10.")]},
        )
    if not 1 <= raw <= MAX_EXTENSION_FACTOR:
        raise InvalidInput(
            _("Some values are not valid; nothing was saved."),
            field_errors={"extension_factor": [_("Enter a number from 1 to 10.")]},
        )
    return round(float(raw), 2)


def set_own_accommodation(user_id: int | None, factor: object, token: object = None) -> dict[str, Any]:
    """A learner gives themselves more time to answer prompts (WCAG 2.2.1, no one to ask).

    With the page's ``token``, the reply carries a new token so the page's next prompts use it at once.

    Raises:
        NotAuthorized: anonymous, or a token that is not the learner's. InvalidInput: not 1 to 10.
    """
    if user_id is None:
        raise NotAuthorized()
    claims = read_token(token, user_id) if token is not None else None
    value = set_accommodation(user_id, user_id, factor)
    reply: dict[str, Any] = {"extension_factor": value}
    if claims is not None:
        reply["token"] = issue_token(user_id, claims.activity_id, value)
    return reply


def get_accommodation(user_id: int | None) -> float:
    """The learner's prompt-time multiplier (1 when none was set)."""
    if user_id is None:
        raise NotAuthorized()
    value = (
        TimingAccommodation.objects.filter(user_id=user_id).values_list("extension_factor", flat=True).first()
    )
    return float(value or 1)


def set_accommodation(actor_id: int | None, user_id: int, factor: object, course_key: Any = None) -> float:
    """Give a learner more time to answer prompts: themselves, or the course team for its learners.

    Raises:
        NotAuthorized: someone else's, without being on the team of a course they take.
        InvalidInput: not a number from 1 to 10.
    """
    if actor_id is None:
        raise NotAuthorized()
    if actor_id != user_id and not (
        course_key is not None
        and permissions.can_author_course(actor_id, course_key)
        and permissions.can_view_course_activity(user_id, course_key)
    ):
        raise NotAuthorized(_("Only the learner or their course team can change this."))
    value = _factor(factor)
    TimingAccommodation.objects.update_or_create(
        user_id=user_id, defaults={"extension_factor": value, "set_by_id": actor_id}
    )
    return value
