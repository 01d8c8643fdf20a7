"""Distinct seconds played in an HTML5 video (DESIGN section 6, "recorded" mode).

The browser reports the ranges it played (``[start, end]`` in media seconds). Credited time is the measure
of their union: rewatching adds nothing and skipping adds nothing. "Viewed to the end" means the union
covers the whole video, allowing for a small total of gaps (seeks land on frames, not exact seconds).

Media positions are turned into whole microseconds once, on the way in (``round(seconds · 10⁶)``), and
every union, measure and comparison is then integer arithmetic (ADR 0008). Three bounds keep a report
honest: a report adds at most the wall-clock time since the previous beat (``allowance_us``), ranges
past the video's duration are refused (a report) or clipped (the stored union, when an author replaced
the video with a shorter one), and without any known duration ranges end at :data:`MAX_VIDEO_US`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

__all__ = [
    "DURATION_TOLERANCE_US",
    "MAX_RANGES",
    "MAX_VIDEO_US",
    "clip_ranges",
    "distinct_us",
    "merge_played",
    "normalize_ranges",
    "to_us",
    "viewed_to_end",
]

Range = tuple[int, int]
MICROSECONDS = 1_000_000

# One report from the browser may carry at most this many ranges; more is not a real player.
MAX_RANGES = 1000
# A player may report an end slightly past the metadata duration (rounding of the last frame).
DURATION_TOLERANCE_US = 1 * MICROSECONDS
# No video the block plays is longer than a day: the bound of ranges sent without any duration.
MAX_VIDEO_US = 24 * 3600 * MICROSECONDS
# Gaps of the union totalling at most this still count as viewed to the end.
VIEWED_TOLERANCE_US = 2 * MICROSECONDS


def to_us(value: object, what: str = "value") -> int:
    """Media seconds (a JSON number) as whole microseconds.

    Raises:
        ValueError: not a number, not finite, or negative.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{what} must be a number, got {value!r}.")
    if not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, got {value!r}.")
    if value < 0:
        raise ValueError(f"{what} must not be negative, got {value!r}.")
    if value > 10 * MAX_VIDEO_US // MICROSECONDS:  # ten days: keeps value · 10⁶ an exact float integer
        raise ValueError(f"{what} is too large, got {value!r}.")
    return round(value * MICROSECONDS)


def _pairs(ranges: Iterable[object], max_ranges: int | None) -> list[Range]:
    """Check every range and turn it into microseconds; drop empty ranges. Does not merge or clip."""
    checked: list[Range] = []
    for position, played in enumerate(ranges):
        if max_ranges is not None and position >= max_ranges:
            raise ValueError(f"Too many played ranges: at most {max_ranges} are accepted at once.")
        if not isinstance(played, list | tuple) or len(played) != 2:
            raise ValueError(f"Played range {position} must be a [start, end] pair, got {played!r}.")
        start = to_us(played[0], f"Played range {position}: start")
        end = to_us(played[1], f"Played range {position}: end")
        if end < start:
            raise ValueError(f"Played range {position} ends before it starts: {list(played)!r}.")
        if end > start:
            checked.append((start, end))
    return checked


def _merge(ranges: Iterable[Range]) -> list[Range]:
    """Sort and merge ranges; overlapping and touching ranges become one."""
    merged: list[Range] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _measure(merged: Iterable[Range]) -> int:
    return sum(end - start for start, end in merged)


def clip_ranges(ranges: Iterable[Range], duration_us: int) -> list[Range]:
    """Cut ranges at ``duration_us`` (dropping what lies wholly past it), merged.

    Raises nothing.
    """
    return _merge((start, min(end, duration_us)) for start, end in ranges if start < duration_us)


def normalize_ranges(ranges: Iterable[object], duration_us: int | None = None) -> list[Range]:
    """Validate one report's played ranges and return them in microseconds, sorted and merged.

    Touching ranges merge into one; empty ranges are dropped. With ``duration_us``, an end up to
    :data:`DURATION_TOLERANCE_US` past it is accepted and clipped; without, ranges end at
    :data:`MAX_VIDEO_US`.

    Raises:
        ValueError: a value is not a finite non-negative number, a range is not a pair or ends before it
            starts, there are more than :data:`MAX_RANGES` ranges, or an end lies past ``duration_us``
            by more than the tolerance.
    """
    pairs = _pairs(ranges, MAX_RANGES)
    bound = MAX_VIDEO_US if duration_us is None else duration_us
    if duration_us is not None:
        for position, (_start, end) in enumerate(pairs):
            if end > duration_us + DURATION_TOLERANCE_US:
                raise ValueError(
                    f"Played range {position} ends at {end / MICROSECONDS} s, past the video's "
                    f"duration of {duration_us / MICROSECONDS} s."
                )
    return clip_ranges(pairs, bound)


def distinct_us(ranges: Iterable[Range]) -> int:
    """The measure of the union of ``ranges`` (microseconds): each moment played counts once.

    Raises nothing.
    """
    return _measure(_merge(ranges))


def _take(new: list[Range], stored: list[Range], allowance_us: int) -> list[Range]:
    """The parts of ``new`` not already in ``stored``, earliest first, up to ``allowance_us`` in total."""
    taken: list[Range] = []
    left = allowance_us
    for start, end in new:
        cursor = start
        for stored_start, stored_end in stored:
            if left <= 0 or cursor >= end:
                break
            if stored_end <= cursor or stored_start >= end:
                continue
            if stored_start > cursor:
                piece = min(stored_start - cursor, left)
                taken.append((cursor, cursor + piece))
                left -= piece
            cursor = max(cursor, stored_end)
        if left > 0 and cursor < end:
            piece = min(end - cursor, left)
            taken.append((cursor, cursor + piece))
            left -= piece
    return taken


def merge_played(stored: Iterable[Range], new: list[Range], allowance_us: int) -> tuple[list[Range], int]:
    """Add one report's ranges (already normalized) to the stored union.

    Only the first ``allowance_us`` microseconds of what is new (not yet in the union), earliest first,
    are accepted: a video cannot have played more than the wall clock allowed since the previous beat.
    Returns the merged union and the microseconds it gained.

    Raises nothing.
    """
    union = _merge(stored)
    gained = _take(new, union, max(0, allowance_us))
    if not gained:
        return union, 0
    merged = _merge(union + gained)
    return merged, _measure(merged) - _measure(union)


def viewed_to_end(ranges: Iterable[Range], duration_us: int, tolerance_us: int = VIEWED_TOLERANCE_US) -> bool:
    """Tell whether the union of ``ranges`` covers ``[0, duration_us]``, but for gaps totalling ``tolerance``.

    Raises:
        ValueError: ``duration_us`` is not positive or ``tolerance_us`` is negative.
    """
    if duration_us <= 0:
        raise ValueError("Video duration must be positive to tell whether it was viewed to the end.")
    if tolerance_us < 0:
        raise ValueError(f"tolerance_us must not be negative, got {tolerance_us!r}.")
    covered = _measure(clip_ranges(ranges, duration_us))
    return duration_us - covered <= tolerance_us


def stored_ranges(raw: object) -> list[Range]:
    """The stored union (``Attendance.video_ranges``: pairs of media seconds) in microseconds.

    Malformed stored pairs are dropped rather than failing every later beat.
    """
    pairs: list[Range] = []
    for played in raw if isinstance(raw, list) else []:
        try:
            pairs.extend(_pairs([played], None))
        except ValueError:
            continue
    return _merge(pairs)


def as_stored(ranges: Iterable[Range]) -> list[list[float]]:
    """Ranges in microseconds as the stored JSON pairs of media seconds (exact round trip below a day)."""
    return [[start / MICROSECONDS, end / MICROSECONDS] for start, end in ranges]
