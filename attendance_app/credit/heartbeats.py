"""Microseconds credited by a heartbeat (DESIGN section 6, "Heartbeats" and "Integer time").

Per (learner, activity) the server keeps ``last_beat_at``. A beat credits the gap since the previous
beat when that gap is at most two heartbeat periods, and otherwise starts a new segment (a rejoin) that
credits nothing. A beat at or before ``last_beat_at`` (a second tab, or clock skew) credits nothing, so
several tabs count once and credit never exceeds wall-clock time. The caller stores
``max(last_beat_at, beat_at)`` as the new ``last_beat_at``.

Time is counted in whole microseconds, the resolution of ``datetime`` itself: a gap is the exact
difference of two instants, so the gaps of a run of beats add up to exactly the time from its first
beat to its last, whatever the jitter (no float ever enters the sum).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = ["MICROSECONDS", "BeatResult", "clip_to_window", "credit_beat", "credit_live_beat", "span_us"]

# Microseconds per second: the fixed unit of every stored duration (ADR 0008).
MICROSECONDS = 1_000_000
_ONE_US = timedelta(microseconds=1)

# A gap up to this many heartbeat periods still counts as continuous presence: one late or lost beat
# (a slow network, a busy tab) must not cost the learner the time in between.
CONTINUITY_FACTOR = 2


@dataclass(frozen=True)
class BeatResult:
    """What one heartbeat is worth, in microseconds."""

    credited_us: int
    new_segment: bool
    # The whole gap since the previous beat when it continues the segment (before any window clipping):
    # the wall-clock time that bounds what a video may have played meanwhile.
    gap_us: int = 0


def span_us(start: datetime, end: datetime) -> int:
    """Exact microseconds from ``start`` to ``end`` (negative when ``end`` is earlier).

    Raises:
        TypeError: one datetime is naive and the other aware.
    """
    return (end - start) // _ONE_US


def _check_heartbeat_seconds(heartbeat_seconds: int) -> None:
    if heartbeat_seconds <= 0:
        raise ValueError(f"heartbeat_seconds must be positive, got {heartbeat_seconds!r}.")


def credit_beat(last_beat_at: datetime | None, beat_at: datetime, heartbeat_seconds: int) -> BeatResult:
    """Credit one heartbeat against the learner's previous beat.

    * first beat (``last_beat_at`` is None): credits 0 and starts a segment;
    * ``0 < gap <= 2·heartbeat_seconds``: credits the gap, same segment;
    * ``gap > 2·heartbeat_seconds``: credits 0 and starts a new segment (a rejoin);
    * ``gap <= 0`` (a duplicate beat from another tab, or clock skew): credits 0, same segment.

    Raises:
        ValueError: ``heartbeat_seconds`` is not positive.
        TypeError: the two datetimes cannot be subtracted (one naive, one aware).
    """
    _check_heartbeat_seconds(heartbeat_seconds)
    if last_beat_at is None:
        return BeatResult(credited_us=0, new_segment=True)
    gap = span_us(last_beat_at, beat_at)
    if gap <= 0:
        return BeatResult(credited_us=0, new_segment=False)
    if gap > CONTINUITY_FACTOR * heartbeat_seconds * MICROSECONDS:
        return BeatResult(credited_us=0, new_segment=True)
    return BeatResult(credited_us=gap, new_segment=False, gap_us=gap)


def clip_to_window(
    start: datetime, end: datetime, window_start: datetime | None, window_end: datetime | None
) -> int:
    """Return the microseconds of ``[start, end]`` that lie inside ``[window_start, window_end]``.

    ``None`` leaves the window unbounded on that side. The result is never negative (an empty or
    reversed span, or one wholly outside the window, gives 0).

    Raises:
        TypeError: the datetimes mix naive and aware values.
    """
    clipped_start = start if window_start is None else max(start, window_start)
    clipped_end = end if window_end is None else min(end, window_end)
    return max(0, span_us(clipped_start, clipped_end))


def credit_live_beat(
    last_beat_at: datetime | None,
    beat_at: datetime,
    heartbeat_seconds: int,
    window_start: datetime | None,
    window_end: datetime | None,
) -> BeatResult:
    """Credit one heartbeat of a live activity: like :func:`credit_beat`, clipped to the live window.

    Continuity (and so ``new_segment``) is judged on the whole gap; only the part of
    ``(last_beat_at, beat_at]`` inside ``[window_start, window_end]`` is credited.

    Raises:
        ValueError: ``heartbeat_seconds`` is not positive.
        TypeError: the datetimes mix naive and aware values.
    """
    result = credit_beat(last_beat_at, beat_at, heartbeat_seconds)
    if result.credited_us == 0 or last_beat_at is None:
        return result
    return BeatResult(
        credited_us=clip_to_window(last_beat_at, beat_at, window_start, window_end),
        new_segment=result.new_segment,
        gap_us=result.gap_us,
    )
