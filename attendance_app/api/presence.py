"""Presence: heartbeats, prompts and the time ledger (DESIGN section 6, ADR 0008).

The block hands its JavaScript a short-lived signed token at render time, after the platform
checked access; beats and answers come back with that token and the same logged-in user. A steady
beat (no prompt open or due, no rejoin, no video) costs two SQL statements and no transaction: a
narrow read and a conditional UPDATE (:mod:`~attendance_app.api.presence_steady`, ADR 0026). Any
other beat locks the learner's row, writes at most one evidence row (a closed segment, a missed
prompt or a new prompt) and updates the learner's row.

Time is whole microseconds from the beat to the stored row. The time after the last answered prompt
is confirmed by a last prompt (the *tail*): at the first beat after a live window's end, when the
video has been viewed to the end, and when the credited time reaches a multiple of a unit's
duration; a live claim stays open ``ATTENDANCE_LIVE_CLAIM_GRACE_SECONDS`` after the end to take it.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import UsageKey

from attendance_app import conf, permissions, tracking
from attendance_app.api import presence_events
from attendance_app.api import presence_steady_sql as steady_sql
from attendance_app.api.accommodation import (
    get_accommodation,
    set_accommodation,
    set_own_accommodation,
)
from attendance_app.api.completion import report_completion_if_met
from attendance_app.api.presence_checks import (
    check_client_time,
    usable_config,
    vouched_config,
    wants_settle_only,
)
from attendance_app.api.presence_config import PresenceConfig, presence_config
from attendance_app.api.presence_meter import claim_changes, claim_panel, meter, seconds, units
from attendance_app.api.presence_steady import (
    SteadyBeat,
    beat_credit,
    steady_beat,
    steady_from_copy,
    tail_reached,
)
from attendance_app.api.presence_tokens import (
    TOKEN_SALT,
    TokenClaims,
    epoch_seconds,
    issue_token,
    read_token,
    renew_token,
    session_digest,
    signed_in_claims,
)
from attendance_app.api.presence_video import VideoReport, apply_video, video_report
from attendance_app.api.view_reads import attendance_row, current_activity
from attendance_app.credit import ledger
from attendance_app.credit.prompts import next_prompt_moment, prompt_deadline
from attendance_app.exceptions import Conflict, InvalidInput, NotFound
from attendance_app.models import (
    ActivityMode,
    Attendance,
    PromptEvidence,
    PromptKind,
    PromptOutcome,
    Segment,
    TimingAccommodation,
)

__all__ = [
    "TOKEN_SALT",
    "answer_prompt",
    "get_accommodation",
    "issue_token",
    "read_token",
    "record_beat",
    "record_signed_beat",
    "set_accommodation",
    "set_own_accommodation",
    "start_presence",
]

# Added to a prompt's time to answer before the server counts it missed (network latency).
PROMPT_GRACE_SECONDS = 2
_system_random = random.SystemRandom()


# Starting a session (the block, at render) --------------------------------------------------------


def start_presence(user_id: int | None, usage_key: UsageKey, now: datetime) -> dict[str, Any] | None:
    """What the learner's page needs to report presence, or None when nothing is tracked for them."""
    if user_id is None:
        return None
    activity = current_activity(usage_key)  # shared with the rest of the learner's view (ADR 0027)
    if activity is None or not permissions.can_view_course_activity(user_id, usage_key.course_key):
        return None
    config = presence_config(activity.id, loaded=activity)
    if config is None or not config.enabled or config.mode == ActivityMode.CLASSROOM:
        return None
    factor = float(
        TimingAccommodation.objects.filter(user_id=user_id).values_list("extension_factor", flat=True).first()
        or 1
    )
    attendance = attendance_row(user_id, activity.id)
    return {
        "token": issue_token(user_id, activity.id, factor, now, course_key=config.course_key),
        "heartbeat_seconds": conf.heartbeat_seconds(),
        "video_url": config.video_url,
        "mode": config.mode,
        "extension_factor": factor,
        "popup_seconds": config.popup_seconds,
        "grace_seconds": PROMPT_GRACE_SECONDS,
        "meter": meter(attendance, config, now),
    }


# Heartbeats ---------------------------------------------------------------------------------------


def _state(attendance: Attendance) -> ledger.LedgerState:
    return ledger.LedgerState(
        credited_us=attendance.credited_us,
        confirmed_us=attendance.confirmed_us,
        pending_us=attendance.pending_us,
        hits=attendance.hits,
        misses=attendance.misses,
        flagged_us=attendance.flagged_us,
    )


def _store(attendance: Attendance, state: ledger.LedgerState) -> None:
    attendance.credited_us = state.credited_us
    attendance.confirmed_us = state.confirmed_us
    attendance.pending_us = state.pending_us
    attendance.hits = state.hits
    attendance.misses = state.misses
    attendance.flagged_us = state.flagged_us


def _resolve_missed(attendance: Attendance, prompt: PromptEvidence, config: PresenceConfig) -> dict[str, Any]:
    before = _state(attendance)
    after = ledger.miss_prompt(before, config.missed_prompt_policy)
    _store(attendance, after)
    strict = config.missed_prompt_policy == ledger.STRICT
    prompt.outcome = PromptOutcome.MISSED
    prompt.discarded_us = before.pending_us if strict else 0
    prompt.flagged_us = 0 if strict else before.pending_us
    prompt.save(update_fields=["outcome", "discarded_us", "flagged_us"])
    attendance.open_prompt = None
    tracking.emit_on_commit(
        tracking.EVENT_PROMPT_MISSED,
        presence_events.prompt_data(attendance.user_id, prompt, config),
        course_id=config.course_key,
    )
    return {"outcome": "missed", "discarded_seconds": seconds(prompt.discarded_us)}


def _open_prompt(
    attendance: Attendance,
    config: PresenceConfig,
    claims: TokenClaims,
    now: datetime,
    rng: random.Random,
    *,
    tail: bool,
) -> dict[str, Any]:
    """Show a prompt. A regular one moves the schedule to the next interval; a tail one does not."""
    nonce = secrets.token_urlsafe(24)
    deadline = prompt_deadline(now, config.popup_seconds, claims.extension_factor, PROMPT_GRACE_SECONDS)
    attendance.open_prompt = PromptEvidence.objects.create(
        attendance=attendance,
        nonce_digest=hashlib.sha256(nonce.encode()).hexdigest(),
        shown_at=now,
        deadline=deadline,
        kind=PromptKind.FINAL if tail else PromptKind.REGULAR,
    )
    tracking.emit_on_commit(
        tracking.EVENT_PROMPT_SHOWN,
        presence_events.prompt_data(claims.user_id, attendance.open_prompt, config),
        course_id=config.course_key,
    )
    if not tail and config.interval_us is not None:
        attendance.prompt_index += 1
        attendance.next_prompt_mark_us = next_prompt_moment(attendance.prompt_index, config.interval_us, rng)
    return {
        "nonce": nonce,
        "deadline": deadline.isoformat(),
        "seconds": round(config.popup_seconds * claims.extension_factor, 3),
        "grace_seconds": PROMPT_GRACE_SECONDS,
        "final": tail,
    }


def _beat(
    attendance: Attendance,
    config: PresenceConfig,
    claims: TokenClaims,
    video: VideoReport | None,
    now: datetime,
    rng: random.Random,
    *,
    may_prompt: bool = True,
) -> tuple[dict[str, Any] | None, bool]:
    """Credit one beat on the locked row; return the prompt to show (if any) and whether it rejoined.

    ``may_prompt`` False (the beat reports a missed prompt): a prompt that is due waits for the next
    beat, so that no prompt is stored that the page was never shown.
    """
    beat = beat_credit(attendance.last_beat_at, config, now)
    if beat.new_segment:
        # A rejoin: close the previous visit.
        Segment.objects.create(
            attendance=attendance, started_at=attendance.segment_started_at, ended_at=attendance.last_beat_at
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
    credited = beat.credited_us
    if config.video_url:
        # A session with a video counts the video played (never more than the wall clock), nothing else.
        credited = min(credited, apply_video(attendance, video, beat.gap_us))
    credited_before = attendance.credited_us
    state = ledger.add_credit(_state(attendance), credited)
    if config.interval_us is None:
        state = ledger.close_without_prompts(state)
    _store(attendance, state)
    attendance.last_beat_at = max(attendance.last_beat_at, now)
    if not may_prompt or config.interval_us is None or attendance.open_prompt is not None or beat.new_segment:
        return None, beat.new_segment
    regular = (
        not attendance.viewed_to_end
        and attendance.next_prompt_mark_us is not None
        and attendance.credited_us >= attendance.next_prompt_mark_us
    )
    if regular:
        return _open_prompt(attendance, config, claims, now, rng, tail=False), False
    if tail_reached(attendance, config, credited_before, now):
        return _open_prompt(attendance, config, claims, now, rng, tail=True), False
    return None, False


def record_beat(
    user_id: int | None,
    token: object,
    payload: dict[str, Any],
    now: datetime,
    rng: random.Random | None = None,
    *,
    session_key: str | None = None,
) -> dict[str, Any]:
    """Credit the time since the learner's previous beat and say whether to show a prompt.

    With ``"settle": true`` the beat credits nothing and only settles a prompt whose deadline passed
    (the page sends one when a prompt's countdown ran out, so "Prompts missed" shows at once).
    The reply carries ``claim`` (the "Your credits" status) whenever that panel changes, and
    ``token``, the renewed token for the next beat (ADR 0034): bound to ``session_key``, the cookie
    of the session that signed this beat in, when the caller checked that session and its user.

    Raises:
        NotAuthorized: bad token. FeatureDisabled: tracking is off. NotFound: activity gone.
        InvalidInput: malformed video ranges or ``client_time``, a classroom activity.
        Conflict: another tab's first beat is being recorded at the same moment.
    """
    claims = read_token(token, user_id, now)
    session = session_digest(session_key)
    return _record(claims, payload, now, rng, session, epoch_seconds(now))


def record_signed_beat(
    token: object, payload: dict[str, Any], now: datetime, session_key: str | None
) -> dict[str, Any] | None:
    """:func:`record_beat` for a beat its renewed token signs in alone, without the session (ADR 0034).

    None, before anything is read or written, unless the token is bound to ``session_key`` and its
    session was checked less than ``ATTENDANCE_BEAT_SESSION_CHECK_SECONDS`` ago: the caller then
    checks the session and calls :func:`record_beat`. A steady beat whose copy of the row the row
    still holds, access revision included, writes without reading the cache (ADR 0035).
    """
    claims = signed_in_claims(token, session_key, now)
    if claims is None:
        return None
    vouched = vouched_config(claims)
    _video, settle_only = _check_payload(payload, now)
    copied = None if settle_only else steady_from_copy(claims, vouched, now)
    if isinstance(copied, SteadyBeat):  # the copy vouched for access: no cache read (ADR 0035)
        return _steady_reply(claims, vouched, copied, now, claims.session, claims.checked_at)
    return _record(claims, payload, now, None, claims.session, claims.checked_at, tried=(vouched, copied))


def _check_payload(payload: dict[str, Any], now: datetime) -> tuple[VideoReport | None, bool]:
    check_client_time(payload, now)
    return video_report(payload), wants_settle_only(payload)


def _record(
    claims: TokenClaims,
    payload: dict[str, Any],
    now: datetime,
    rng: random.Random | None,
    session: str | None,
    checked_at: int | None,
    tried: tuple[PresenceConfig, bool | None] | None = None,
) -> dict[str, Any]:
    """A beat whose access is checked. ``tried``: the configuration the token's copy was tried
    with and what :func:`steady_from_copy` answered (not tried again with the same configuration).
    """
    config = usable_config(claims)
    video, settle_only = _check_payload(payload, now)
    rng = rng or _system_random
    copy_outcome = tried[1] if tried is not None and tried[0] == config else None
    steady = None if settle_only else steady_beat(claims, config, now, copy_outcome=copy_outcome)
    if steady is not None:  # the common beat: no lock, no transaction (ADR 0026)
        return _steady_reply(claims, config, steady, now, session, checked_at)
    reply, attendance = _locked_beat(claims, config, video, settle_only, now, rng)
    state = steady_sql.state_of(attendance) if attendance is not None and attendance.pk else None
    reply["token"] = renew_token(claims, state, session, checked_at)
    return reply


def _steady_reply(
    claims: TokenClaims,
    config: PresenceConfig,
    steady: SteadyBeat,
    now: datetime,
    session: str | None,
    checked_at: int | None,
) -> dict[str, Any]:
    reply = _reply(claims, config, steady.attendance, steady.confirmed_before_us, steady.since, now)
    reply["token"] = renew_token(claims, steady_sql.state_of(steady.attendance), session, checked_at)
    return reply


def _locked_beat(
    claims: TokenClaims,
    config: PresenceConfig,
    video: VideoReport | None,
    settle_only: bool,
    now: datetime,
    rng: random.Random,
) -> tuple[dict[str, Any], Attendance | None]:
    """Any beat but a steady one, on the locked row; the reply and the row as written."""
    # No savepoint: a beat is its own transaction, and savepoints cost statements.
    with transaction.atomic(savepoint=False):
        attendance = (
            Attendance.objects.select_for_update()
            .select_related("open_prompt")
            .filter(user_id=claims.user_id, activity_id=claims.activity_id)
            .first()
        )
        if attendance is None:
            if settle_only:
                return meter(None, config, now), None
            return _first_beat(claims, config, video, now, rng)
        confirmed_before = attendance.confirmed_us
        since = attendance.last_beat_at
        last_prompt: dict[str, Any] | None = None
        open_prompt = attendance.open_prompt
        if open_prompt is not None and now > open_prompt.deadline:
            last_prompt = _resolve_missed(attendance, open_prompt, config)
        reply_prompt: dict[str, Any] | None = None
        if not settle_only:
            # Never a new prompt beside a reported miss: the page shows the miss, the next beat the prompt.
            reply_prompt, _rejoined = _beat(
                attendance, config, claims, video, now, rng, may_prompt=last_prompt is None
            )
        if not settle_only or last_prompt is not None:
            attendance.save()
    reply = _reply(claims, config, attendance, confirmed_before, since, now, reply_prompt, last_prompt)
    return reply, attendance


def _reply(
    claims: TokenClaims,
    config: PresenceConfig,
    attendance: Attendance,
    confirmed_before: int,
    since: datetime,
    now: datetime,
    prompt: dict[str, Any] | None = None,
    last_prompt: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The meter after a beat; the "Your credits" status too when the beat changed it."""
    report_completion_if_met(attendance, config, confirmed_before)
    reply = meter(attendance, config, now)
    reply.update(prompt=prompt, last_prompt=last_prompt)
    if claim_changes(config, units(confirmed_before, config), reply, since, now):
        reply["claim"] = claim_panel(claims.user_id, config, now)
    return reply


def _first_beat(
    claims: TokenClaims,
    config: PresenceConfig,
    video: VideoReport | None,
    now: datetime,
    rng: random.Random,
) -> tuple[dict[str, Any], Attendance]:
    attendance = Attendance(
        user_id=claims.user_id,
        activity_id=claims.activity_id,
        first_join_at=now,
        last_beat_at=now,
        segment_started_at=now,
        next_prompt_mark_us=next_prompt_moment(0, config.interval_us, rng) if config.interval_us else None,
    )
    if config.video_url:
        apply_video(attendance, video, 0)  # a first beat adds no played time: no wall clock before it
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
    return meter(attendance, config, now), attendance


# Answers ------------------------------------------------------------------------------------------


def answer_prompt(user_id: int | None, token: object, nonce: object, now: datetime) -> dict[str, Any]:
    """Confirm presence with a prompt's one-time nonce, before its deadline, once.

    The reply carries ``claim``, the "Your credits" status after the confirmation.

    Raises:
        NotAuthorized: bad token. NotFound: no such prompt for this learner and activity.
        Conflict: already answered. InvalidInput: too late (the prompt is recorded as missed).
    """
    claims = read_token(token, user_id, now)
    config = usable_config(claims)
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
            prompt.latency_ms = max(0, (now - prompt.shown_at) // timedelta(milliseconds=1))
            prompt.save(update_fields=["outcome", "answered_at", "latency_ms"])
            tracking.emit_on_commit(
                tracking.EVENT_PROMPT_ANSWERED,
                {
                    **presence_events.prompt_data(claims.user_id, prompt, config),
                    "latency_ms": prompt.latency_ms,
                },
                course_id=config.course_key,
            )
            confirmed_before = attendance.confirmed_us
            _store(attendance, ledger.answer_prompt(_state(attendance)))
            attendance.open_prompt = None
            attendance.save()
    if refusal is not None or prompt is None:
        raise refusal or NotFound()
    report_completion_if_met(prompt.attendance, config, confirmed_before)
    reply = meter(prompt.attendance, config, now)
    reply["last_prompt"] = {"outcome": "answered", "discarded_seconds": 0.0}
    reply["claim"] = claim_panel(claims.user_id, config, now)
    return reply
