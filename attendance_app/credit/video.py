"""Distinct seconds played in an HTML5 video (DESIGN section 6, "recorded" mode).

The browser reports the ranges it played (``[start, end]`` in media seconds). Credited time is the measure
of their union: rewatching adds nothing and skipping adds nothing. "Viewed to the end" means the union
covers the whole video, allowing for a small total of gaps (seeks land on frames, not exact seconds).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

__all__ = [
    "DURATION_TOLERANCE_SECONDS",
    "MAX_RANGES",
    "distinct_seconds",
    "merge_played",
    "normalize_ranges",
    "viewed_to_end",
]

Range = tuple[float, float]

# One report from the browser may carry at most this many ranges; more is not a real player.
MAX_RANGES = 1000
# A player may report an end slightly past the metadata duration (rounding of the last frame).
DURATION_TOLERANCE_SECONDS = 1.0


def _as_seconds(value: object, position: int, name: str) -> float:
    if isinstance(value, bool):
        raise ValueError(f"Played range {position}: {name} must be a number, got {value!r}.")
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"Played range {position}: {name} must be a number, got {value!r}.") from None
    if not math.isfinite(seconds):
        raise ValueError(f"Played range {position}: {name} must be a finite number, got {value!r}.")
    if seconds < 0:
        raise ValueError(f"Played range {position}: {name} must not be negative, got {value!r}.")
    return seconds


def _checked_duration(duration: float) -> float:
    try:
        seconds = float(duration)
    except (TypeError, ValueError):
        raise ValueError(f"Video duration must be a number, got {duration!r}.") from None
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"Video duration must be a finite non-negative number, got {duration!r}.")
    return seconds


def _validated(ranges: Iterable[Range], duration: float | None, max_ranges: int | None) -> list[Range]:
    """Check every range and clip it to ``duration``; drop empty ranges. Does not merge."""
    if duration is not None:
        duration = _checked_duration(duration)
    checked: list[Range] = []
    for position, played in enumerate(ranges):
        if max_ranges is not None and position >= max_ranges:
            raise ValueError(f"Too many played ranges: at most {max_ranges} are accepted at once.")
        try:
            raw_start, raw_end = played
        except (TypeError, ValueError):
            raise ValueError(
                f"Played range {position} must be a [start, end] pair, got {played!r}."
            ) from None
        start = _as_seconds(raw_start, position, "start")
        end = _as_seconds(raw_end, position, "end")
        if end < start:
            raise ValueError(f"Played range {position} ends before it starts: [{start}, {end}].")
        if duration is not None:
            if end > duration + DURATION_TOLERANCE_SECONDS:
                raise ValueError(
                    f"Played range {position} ends at {end} s, past the video's duration of {duration} s."
                )
            start, end = min(start, duration), min(end, duration)
        if end > start:
            checked.append((start, end))
    return checked


def _merge(ranges: list[Range]) -> list[Range]:
    """Sort and merge valid ranges; overlapping and touching ranges become one."""
    merged: list[Range] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _measure(merged: list[Range]) -> float:
    return math.fsum(end - start for start, end in merged)


def normalize_ranges(ranges: Iterable[Range], duration: float | None = None) -> list[Range]:
    """Validate played ranges and return them sorted, merged and non-overlapping.

    Touching ranges (``[0, 5]`` and ``[5, 9]``) merge into one; empty ranges (``start == end``) are
    dropped. With a ``duration``, an end up to :data:`DURATION_TOLERANCE_SECONDS` past it is accepted and
    clipped to the duration.

    Raises:
        ValueError: a value is not a finite non-negative number, a range is not a pair or ends before it
            starts, there are more than :data:`MAX_RANGES` ranges, an end lies more than the tolerance past
            ``duration``, or ``duration`` itself is negative or not finite.
    """
    return _merge(_validated(ranges, duration, MAX_RANGES))


def distinct_seconds(ranges: Iterable[Range]) -> float:
    """Return the measure of the union of ``ranges``: each second played counts once.

    Accepts ranges in any order, overlapping or not; there is no limit on their number, since stored
    unions may grow past one report's :data:`MAX_RANGES`.

    Raises:
        ValueError: a range is malformed, as described in :func:`normalize_ranges`.
    """
    return _measure(_merge(_validated(ranges, None, None)))


def merge_played(
    existing: list[Range], new: Iterable[Range], duration: float | None
) -> tuple[list[Range], float]:
    """Add newly reported ranges to the stored union.

    Returns the merged union and the number of distinct seconds the new ranges added (0 when they only
    replay what was already counted). ``existing`` is the stored union (re-checked, not limited in
    number); ``new`` is one report from the browser, checked as in :func:`normalize_ranges`.

    Raises:
        ValueError: ``new`` or ``existing`` holds a malformed range, ``new`` holds more than
            :data:`MAX_RANGES` ranges, or an end lies past ``duration`` beyond the tolerance.
    """
    stored = _merge(_validated(existing, duration, None))
    merged = _merge(stored + _validated(new, duration, MAX_RANGES))
    if merged == stored:
        return merged, 0.0
    return merged, max(0.0, _measure(merged) - _measure(stored))


def viewed_to_end(ranges: Iterable[Range], duration: float, tolerance_seconds: float = 2.0) -> bool:
    """Tell whether the union of ``ranges`` covers ``[0, duration]``, but for gaps totalling ``tolerance``.

    Raises:
        ValueError: ``duration`` is not a positive finite number, ``tolerance_seconds`` is negative or
            not finite, or a range is malformed or ends past ``duration`` beyond the tolerance.
    """
    duration = _checked_duration(duration)
    if duration == 0:
        raise ValueError("Video duration must be positive to tell whether it was viewed to the end.")
    if not math.isfinite(tolerance_seconds) or tolerance_seconds < 0:
        raise ValueError(
            f"tolerance_seconds must be a finite non-negative number, got {tolerance_seconds!r}."
        )
    covered = _measure(_merge(_validated(ranges, duration, None)))
    return duration - covered <= tolerance_seconds
