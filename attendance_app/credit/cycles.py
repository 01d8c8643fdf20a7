"""The current period of a credit requirement and the progress toward it (ADR 0023). No ORM.

* Calendar year: 1 January to 31 December of today's year (UTC); a ``start`` later in the year
  starts that year's period there, and nothing is required before ``start``.
* Rolling window of N months without ``start``: the trailing N months, today included
  (20 March 2026, 12 months: 21 March 2025 to 20 March 2026).
* Rolling window of N months with ``start``: consecutive cycles of N months counted from
  ``start`` (a three-year licence cycle); the period is the cycle today falls in.

Periods are whole UTC days, both ends included.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

CALENDAR_YEAR = "calendar_year"
ROLLING_MONTHS = "rolling_months"


@dataclass(frozen=True)
class Period:
    """A requirement's period: ``first`` to ``last`` day, both included."""

    first: date
    last: date


def add_months(day: date, months: int) -> date:
    """``day`` ``months`` later (or earlier); the month's last day when shorter (31 Aug + 6: 28 Feb)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _whole_months_since(start: date, today: date) -> int:
    months = (today.year - start.year) * 12 + today.month - start.month
    return months - 1 if add_months(start, months) > today else months


def current_period(kind: str, window_months: int | None, start: date | None, today: date) -> Period | None:
    """The period ``today`` falls in, or None while the requirement has not started.

    Raises:
        ValueError: an unknown ``kind``, or a rolling window without a positive ``window_months``.
    """
    if start is not None and today < start:
        return None
    if kind == CALENDAR_YEAR:
        first = date(today.year, 1, 1)
        return Period(max(first, start) if start else first, date(today.year, 12, 31))
    if kind != ROLLING_MONTHS or not window_months or window_months < 1:
        raise ValueError(f"not a period: {kind!r} of {window_months!r} months")
    if start is None:
        return Period(add_months(today, -window_months) + timedelta(days=1), today)
    cycle = _whole_months_since(start, today) // window_months
    return Period(
        add_months(start, cycle * window_months),
        add_months(start, (cycle + 1) * window_months) - timedelta(days=1),
    )


def missing(required: Decimal, earned: Decimal) -> Decimal:
    """What is still to earn: ``required - earned``, never below zero."""
    return max(required - earned, Decimal(0))


def percent_done(required: Decimal, earned: Decimal) -> int:
    """Progress as a whole percentage from 0 to 100 (100 when nothing is required)."""
    if required <= 0:
        return 100
    return int(min(earned / required, Decimal(1)) * 100)
