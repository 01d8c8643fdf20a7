"""The steady heartbeat without a lock: one narrow read, one conditional UPDATE (ADR 0026).

Most beats only add the time since the previous beat: no prompt is open or due, no visit closes,
no video is reported. Such a beat reads the few columns it decides on (no lock, no join) and
writes the new totals with ``UPDATE … WHERE`` every column it read still holds the value it read.
The new values are a function of exactly those columns, the activity's configuration and ``now``,
so when the UPDATE matches its row the result is the one the locked path would have written; when
it matches none (another tab's beat, an answer, a claim or a classroom mark came first) nothing was
written and the caller takes the locked path, which decides again on the current row.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from attendance_app import conf
from attendance_app.api import presence_steady_sql as steady_sql
from attendance_app.api.presence_config import PresenceConfig
from attendance_app.api.presence_tokens import TokenClaims
from attendance_app.credit import ledger
from attendance_app.credit.heartbeats import MICROSECONDS, BeatResult, credit_beat, credit_live_beat
from attendance_app.models import ActivityMode, Attendance


class SteadyBeat(NamedTuple):
    attendance: Attendance  # as written; only STEADY_FIELDS are loaded
    since: datetime  # the previous beat's time
    confirmed_before_us: int


def beat_credit(last_beat_at: datetime, config: PresenceConfig, now: datetime) -> BeatResult:
    """What a beat at ``now`` is worth after one at ``last_beat_at`` (live window, opening time)."""
    heartbeat = conf.heartbeat_seconds()
    if config.mode == ActivityMode.LIVE:
        return credit_live_beat(last_beat_at, now, heartbeat, config.live_start, config.live_end)
    beat = credit_beat(last_beat_at, now, heartbeat)
    if config.live_start and now < config.live_start:
        return BeatResult(0, beat.new_segment, beat.gap_us)
    return beat


def tail_reached(
    attendance: Attendance, config: PresenceConfig, credited_before_us: int, now: datetime
) -> bool:
    """Whether the time since the last answered prompt must be confirmed now (ADR 0008).

    At the end of a live window, once the video was viewed to the end, or when this beat's credit
    reached a whole multiple of one of the activity's units' durations.
    """
    if attendance.pending_us <= 0:
        return False
    if config.mode == ActivityMode.LIVE and config.live_end is not None and now >= config.live_end:
        return True
    if attendance.viewed_to_end:
        return True
    for unit in config.units:
        duration_us = unit.duration_seconds * MICROSECONDS
        if duration_us > 0 and credited_before_us // duration_us < attendance.credited_us // duration_us:
            return True
    return False


def _prompt_due(
    attendance: Attendance, config: PresenceConfig, credited_before_us: int, now: datetime
) -> bool:
    if config.interval_us is None:
        return False
    regular = (
        not attendance.viewed_to_end
        and attendance.next_prompt_mark_us is not None
        and attendance.credited_us >= attendance.next_prompt_mark_us
    )
    return regular or tail_reached(attendance, config, credited_before_us, now)


def _credit(attendance: Attendance, config: PresenceConfig, now: datetime) -> SteadyBeat | bool:
    """Credit a steady beat on ``attendance`` (the row as read, or as the token says it was).

    Returns the row as written (or, at the very instant of the last beat, as it was); False when
    the row no longer held those values (nothing written); True when the beat is not a steady one
    (an open or due prompt, a rejoin): the locked path decides.
    """
    if attendance.open_prompt_id is not None:
        return True
    since = attendance.last_beat_at
    beat = beat_credit(since, config, now)
    if beat.new_segment:
        return True
    before = ledger.LedgerState(
        credited_us=attendance.credited_us,
        confirmed_us=attendance.confirmed_us,
        pending_us=attendance.pending_us,
    )
    after = ledger.add_credit(before, beat.credited_us)
    if config.interval_us is None:
        after = ledger.close_without_prompts(after)
    attendance.credited_us, attendance.confirmed_us, attendance.pending_us = (
        after.credited_us,
        after.confirmed_us,
        after.pending_us,
    )
    attendance.last_beat_at = max(since, now)
    if _prompt_due(attendance, config, before.credited_us, now):
        return True
    if after == before and attendance.last_beat_at == since:
        return SteadyBeat(attendance, since, before.confirmed_us)  # another tab's beat, same moment
    written = steady_sql.write(attendance, since, before)
    return SteadyBeat(attendance, since, before.confirmed_us) if written == 1 else False


def steady_from_copy(claims: TokenClaims, config: PresenceConfig, now: datetime) -> SteadyBeat | bool:
    """Credit a steady beat from the renewed token's copy of the row alone: one conditional UPDATE.

    Returns the row as written; True when the copy shows a beat that is not steady (the locked path
    decides); False when the copy cannot decide (none, malformed, the same instant again) or the row
    no longer holds it: nothing was written either way (ADR 0034).
    """
    if config.video_url:
        return True
    held = steady_sql.from_state(claims.user_id, claims.activity_id, claims.state)
    if held is None or now <= held.last_beat_at:  # at the same instant the copy could not tell
        return False
    return _credit(held, config, now)


def steady_beat(
    claims: TokenClaims, config: PresenceConfig, now: datetime, *, copy_outcome: bool | None = None
) -> SteadyBeat | None:
    """Credit a steady beat with at most one read and one conditional UPDATE, outside a transaction.

    A renewed token carries the row as the previous reply left it (ADR 0034): the beat starts from
    it and costs the UPDATE alone. When the row moved on since (the UPDATE matched nothing), or the
    copy cannot decide (the same instant again), the beat reads the row and tries once more.
    ``copy_outcome``: what :func:`steady_from_copy` already answered for this beat and configuration
    (True: not steady; False: read the row), so that it is not tried twice.
    Returns the learner's row as written, or None when this beat needs the locked path: a first
    beat, a rejoin, an open or due prompt, a video, or a row another request changed between the
    read and the UPDATE.
    """
    if config.video_url:
        return None
    done = steady_from_copy(claims, config, now) if copy_outcome is None else copy_outcome
    if done is True:
        return None  # the locked path reads the row and decides on it
    if done is not False:
        return done
    attendance = steady_sql.read(claims.user_id, claims.activity_id)
    if attendance is None:
        return None
    done = _credit(attendance, config, now)
    return done if isinstance(done, SteadyBeat) else None
