"""The video part of a heartbeat: what a report may add to the learner's played union (ADR 0008)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.utils.translation import gettext as _

from attendance_app.credit import video as played
from attendance_app.exceptions import InvalidInput
from attendance_app.models import Attendance


@dataclass(frozen=True)
class VideoReport:
    """One beat's played ranges (microseconds, merged) and the duration the player reported, if any."""

    ranges: list[tuple[int, int]]
    duration_us: int | None


def video_report(payload: dict[str, Any]) -> VideoReport | None:
    """Read and check the beat's ``video`` object.

    Raises:
        InvalidInput: not an object, a duration that is not a positive number of seconds up to a day,
            malformed or overlapping ranges, or ranges past the reported duration.
    """
    video = payload.get("video")
    if video is None:
        return None
    if not isinstance(video, dict):
        raise InvalidInput(_("“video” must be an object with ranges and duration."))
    duration = video.get("duration")
    duration_us: int | None = None
    if duration is not None:
        if (
            isinstance(duration, bool)
            or not isinstance(duration, int | float)
            or not math.isfinite(duration)
            or not 0 < duration <= played.MAX_VIDEO_US / played.MICROSECONDS
        ):
            raise InvalidInput(_("The video duration must be a number of seconds."))
        duration_us = played.to_us(duration)
    ranges = video.get("ranges", [])
    if not isinstance(ranges, list):
        raise InvalidInput(_("Video ranges must be a list of [start, end] pairs."))
    try:
        normalized = played.normalize_ranges(ranges, duration_us)
    except ValueError as error:
        raise InvalidInput(_("The video ranges are not valid: {reason}").format(reason=error)) from error
    # One report lists distinct stretches; overlaps with earlier reports (rewatching) are fine.
    starts = sorted((played.to_us(pair[0]), played.to_us(pair[1])) for pair in ranges)
    if any(later[0] < earlier[1] for earlier, later in pairwise(starts)):
        raise InvalidInput(_("The video ranges of one heartbeat overlap; merge them first."))
    return VideoReport(normalized, duration_us)


def apply_video(attendance: Attendance, report: VideoReport | None, allowance_us: int) -> int:
    """Add a report to the learner's union; return the microseconds of new video it gained.

    The report adds at most ``allowance_us`` (the wall clock since the previous beat in the same
    segment: 0 on a first beat or a rejoin). Without a duration in the report, the last known one
    bounds it. When the known duration shrank (an author replaced the video with a shorter one), the
    stored union is clipped to it and the learner goes on.

    Raises nothing.
    """
    if report is not None and report.duration_us:
        attendance.video_duration_us = report.duration_us
    known = attendance.video_duration_us
    stored = played.stored_ranges(attendance.video_ranges)
    new = report.ranges if report is not None else []
    if known:
        stored = played.clip_ranges(stored, known)
        new = played.clip_ranges(new, known)
    merged, gained = played.merge_played(stored, new, allowance_us)
    attendance.video_ranges = played.as_stored(merged)
    attendance.video_us = played.distinct_us(merged)
    if known:
        attendance.viewed_to_end = played.viewed_to_end(merged, known)
    return gained
