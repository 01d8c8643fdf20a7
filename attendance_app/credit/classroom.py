"""Pure rules of classroom slots: times, repetition, Present or Late, attendance %, credited time.

No ORM here: the functions take plain values so they are tested exhaustively and fast.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

MAX_SLOT_LENGTH = timedelta(hours=24)
MAX_REPEATS = 52
HUNDRED = Decimal(100)


def overlaps(start: datetime, end: datetime, other_start: datetime, other_end: datetime) -> bool:
    """Whether two half-open intervals [start, end) share an instant; back-to-back slots do not."""
    return start < other_end and other_start < end


def weekly_occurrences(
    start: datetime, end: datetime, repeat_weeks: int, zone: str = "UTC"
) -> list[tuple[datetime, datetime]]:
    """``repeat_weeks`` weekly occurrences (the first included), in UTC.

    Each repeats the first one's wall-clock time in ``zone`` (an IANA name), so a 09:00 class stays
    at 09:00 across a daylight-saving change; its length in real time follows the wall clock too.
    """
    tz = ZoneInfo(zone)
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    wall_start, wall_end = local_start.replace(tzinfo=None), local_end.replace(tzinfo=None)
    occurrences = []
    for week in range(repeat_weeks):
        shifted_start = (wall_start + timedelta(weeks=week)).replace(tzinfo=tz)
        shifted_end = (wall_end + timedelta(weeks=week)).replace(tzinfo=tz)
        occurrences.append((shifted_start.astimezone(UTC), shifted_end.astimezone(UTC)))
    return occurrences


def checkin_status(start: datetime, checked_in_at: datetime, present_within_minutes: int) -> str:
    """``"present"`` for a check-in within ``present_within_minutes`` of the start, ``"late"`` after."""
    return "present" if checked_in_at <= start + timedelta(minutes=present_within_minutes) else "late"


@dataclass(frozen=True)
class HeldMark:
    """The credit value of a held slot's mark, and whether its status counts in the denominator."""

    credit_percent: Decimal
    counts_in_denominator: bool = True


def attendance_percent(marks: Iterable[HeldMark]) -> Decimal | None:
    """The mean credit value of the counted marks, to two places; None when nothing counts yet.

    A held slot without a mark counts as 0 (pass it as ``HeldMark(Decimal(0))``); excused-like
    statuses are left out of the numerator and the denominator.
    """
    counted = [mark.credit_percent for mark in marks if mark.counts_in_denominator]
    if not counted:
        return None
    return _two_places(sum(counted, Decimal(0)) / len(counted))


def best_reachable_percent(marks: Iterable[HeldMark], remaining_slots: int) -> Decimal | None:
    """The attendance % the learner reaches if they are Present (100 %) at every remaining slot."""
    held = list(marks)
    return attendance_percent([*held, *[HeldMark(HUNDRED)] * remaining_slots])


def credited_seconds(duration_hours: Decimal, credit_percent: Decimal) -> float:
    """The slot's reported duration times the status value, in seconds."""
    return float(duration_hours * 3600 * credit_percent / HUNDRED)


def should_warn(
    percent: Decimal | None,
    held_slots: int,
    warnings_sent: int,
    *,
    threshold_percent: Decimal,
    after_slots: int,
    max_warnings: int,
) -> bool:
    """Whether a low-attendance warning is due: below the threshold, late enough, not too many."""
    return (
        percent is not None
        and percent < threshold_percent
        and held_slots >= after_slots
        and warnings_sent < max_warnings
    )


def _two_places(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# Self check-in codes -------------------------------------------------------------------------------

CODE_PERIOD_SECONDS = 15
CODE_GRACE_SECONDS = 2
CODE_DIGITS = 6


def time_step(moment: datetime, period: int = CODE_PERIOD_SECONDS) -> int:
    """The number of the ``period``-second step ``moment`` falls in."""
    return int(moment.timestamp()) // period


def checkin_code(secret: str, step: int) -> str:
    """The short code of a step: an HMAC-SHA256 of the step under the slot's secret, as six digits.

    Dynamic truncation as in HOTP (RFC 4226, section 5.3), so every digit depends on the whole MAC.
    """
    mac = hmac.new(secret.encode(), step.to_bytes(8, "big"), hashlib.sha256).digest()
    offset = mac[-1] & 0x0F
    number = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(number % 10**CODE_DIGITS).zfill(CODE_DIGITS)


def code_matches(secret: str, code: str, moment: datetime) -> bool:
    """Whether ``code`` is the code shown at ``moment``, or the one before within the grace seconds."""
    current = time_step(moment)
    steps = [current]
    if moment.timestamp() - current * CODE_PERIOD_SECONDS <= CODE_GRACE_SECONDS:
        steps.append(current - 1)
    typed = code.encode()  # compare_digest refuses str with non-ASCII characters: compare bytes
    return any(hmac.compare_digest(checkin_code(secret, step).encode(), typed) for step in steps)


def code_expires_at(moment: datetime) -> datetime:
    """When the code shown at ``moment`` is replaced (it is still accepted for the grace seconds)."""
    return datetime.fromtimestamp((time_step(moment) + 1) * CODE_PERIOD_SECONDS, tz=UTC)
