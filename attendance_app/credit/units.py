"""Computed units from confirmed seconds (DESIGN sections 5 and 6, "Computed units").

Computed units = confirmed seconds / unit duration, rounded to the unit's increment by the unit's rounding,
and 0 while below the unit's minimum credit: a CPE unit (50 min, fifths, down, minimum 1.0) gives 0 for 40
minutes, 1.0 for 50 and 1.2 for 60. The arithmetic is exact (rationals, then a Decimal result), so a value
on a boundary never slips to the step below through binary floating-point drift.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

__all__ = ["INCREMENTS", "ROUNDINGS", "computed_units", "computed_units_us", "format_hms"]

INCREMENTS: dict[str, Decimal] = {
    "whole": Decimal("1"),
    "half": Decimal("0.5"),
    "quarter": Decimal("0.25"),
    "fifth": Decimal("0.2"),
    "tenth": Decimal("0.1"),
    "hundredth": Decimal("0.01"),
}
# "down" is NASBA's rule (and the default); "nearest" rounds halves up, as IACET asks.
ROUNDINGS = ("down", "nearest")

_HALF = Fraction(1, 2)


def computed_units(
    confirmed_seconds: int | Decimal | Fraction,
    unit_duration_seconds: int,
    increment: str,
    rounding: str,
    minimum_credit: Decimal,
) -> Decimal:
    """Return the units earned by ``confirmed_seconds`` of confirmed presence.

    The raw value ``confirmed_seconds / unit_duration_seconds`` is rounded to a multiple of the increment
    (``"down"``: floor; ``"nearest"``: half up); the result is 0 when that is below ``minimum_credit``.
    Negative seconds count as 0. The result carries the increment's decimal places (``Decimal("1.2")``).

    ``confirmed_seconds`` is exact: an int, a Decimal (``Attendance.confirmed_seconds``, derived from
    whole microseconds) or a Fraction; use :func:`computed_units_us` with stored microseconds.

    Raises:
        TypeError: ``confirmed_seconds`` is a float (or not a number): floats do not decide thresholds.
        ValueError: ``increment`` is not a key of :data:`INCREMENTS`, ``rounding`` is not in
            :data:`ROUNDINGS`, ``unit_duration_seconds`` is not positive, ``confirmed_seconds`` is not
            finite, or ``minimum_credit`` is negative or not finite.
    """
    if isinstance(confirmed_seconds, float | bool) or not isinstance(
        confirmed_seconds, int | Decimal | Fraction
    ):
        raise TypeError(f"confirmed_seconds must be an int, Decimal or Fraction, got {confirmed_seconds!r}.")
    try:
        step = INCREMENTS[increment]
    except KeyError:
        raise ValueError(
            f"Unknown credit increment {increment!r}; expected one of {', '.join(INCREMENTS)}."
        ) from None
    if rounding not in ROUNDINGS:
        raise ValueError(f"Unknown rounding {rounding!r}; expected one of {', '.join(ROUNDINGS)}.")
    if unit_duration_seconds <= 0:
        raise ValueError(f"A unit's duration must be positive, got {unit_duration_seconds!r} seconds.")
    # A float minimum (0.1) is meant as written, not as its binary approximation (0.1000…055).
    minimum = Decimal(str(minimum_credit)) if isinstance(minimum_credit, float) else Decimal(minimum_credit)
    if not minimum.is_finite() or minimum < 0:
        raise ValueError(f"minimum_credit must be a finite non-negative number, got {minimum_credit!r}.")
    try:
        # Fraction is exact for ints, floats and Decimals alike: nothing is rounded before the last step.
        seconds = Fraction(confirmed_seconds)
    except (ValueError, OverflowError):
        raise ValueError(f"confirmed_seconds must be a finite number, got {confirmed_seconds!r}.") from None

    raw = max(Fraction(0), seconds / unit_duration_seconds)
    steps = raw / Fraction(step)
    whole_steps = math.floor(steps) if rounding == "down" else math.floor(steps + _HALF)
    units = whole_steps * step
    if units < minimum:
        return 0 * step
    return units


@lru_cache(maxsize=4096)
def computed_units_us(
    confirmed_us: int, unit_duration_seconds: int, increment: str, rounding: str, minimum_credit: Decimal
) -> Decimal:
    """:func:`computed_units` of a stored whole number of microseconds (``Attendance.confirmed_us``).

    Remembered for the last few thousand arguments: a beat's reply, its "Your credits" check and its
    completion check ask for the same figures (the result is an immutable ``Decimal``).

    Raises:
        TypeError, ValueError: as :func:`computed_units`.
    """
    if isinstance(confirmed_us, bool) or not isinstance(confirmed_us, int):
        raise TypeError(f"confirmed_us must be whole microseconds, got {confirmed_us!r}.")
    return computed_units(
        Fraction(confirmed_us, 1_000_000), unit_duration_seconds, increment, rounding, minimum_credit
    )


def format_hms(seconds: float | Decimal | Fraction) -> str:
    """Format a duration as ``HH:MM:ss``; hours may exceed 24 (``90061`` gives ``"25:01:01"``).

    Fractions of a second are dropped (floor).

    Raises:
        ValueError: ``seconds`` is negative or not finite.
    """
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"seconds must be a finite non-negative number, got {seconds!r}.")
    whole = math.floor(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"
