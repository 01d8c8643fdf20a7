"""The current period of a credit requirement (calendar year, trailing window, cycles from a start)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attendance_app.credit.cycles import (
    CALENDAR_YEAR,
    ROLLING_MONTHS,
    Period,
    add_months,
    current_period,
    missing,
    percent_done,
)

TODAY = date(2026, 3, 20)


def test_a_calendar_year_is_january_to_december():
    assert current_period(CALENDAR_YEAR, None, None, TODAY) == Period(date(2026, 1, 1), date(2026, 12, 31))


def test_a_calendar_year_starting_later_in_the_year_starts_there_that_year_only():
    start = date(2026, 2, 15)
    assert current_period(CALENDAR_YEAR, None, start, TODAY) == Period(start, date(2026, 12, 31))
    assert current_period(CALENDAR_YEAR, None, start, date(2027, 1, 5)) == Period(
        date(2027, 1, 1), date(2027, 12, 31)
    )


def test_nothing_is_required_before_the_start():
    assert current_period(CALENDAR_YEAR, None, date(2026, 4, 1), TODAY) is None
    assert current_period(ROLLING_MONTHS, 12, date(2026, 4, 1), TODAY) is None


def test_a_trailing_window_ends_today():
    assert current_period(ROLLING_MONTHS, 12, None, TODAY) == Period(date(2025, 3, 21), TODAY)
    assert current_period(ROLLING_MONTHS, 1, None, date(2026, 3, 31)) == Period(
        date(2026, 3, 1), date(2026, 3, 31)
    )


def test_cycles_are_counted_from_the_start():
    start = date(2024, 7, 1)
    assert current_period(ROLLING_MONTHS, 36, start, TODAY) == Period(start, date(2027, 6, 30))
    assert current_period(ROLLING_MONTHS, 36, start, date(2027, 7, 1)) == Period(
        date(2027, 7, 1), date(2030, 6, 30)
    )
    assert current_period(ROLLING_MONTHS, 6, start, date(2025, 12, 31)) == Period(
        date(2025, 7, 1), date(2025, 12, 31)
    )


def test_a_window_without_months_is_refused():
    with pytest.raises(ValueError, match="not a period"):
        current_period(ROLLING_MONTHS, 0, None, TODAY)
    with pytest.raises(ValueError, match="not a period"):
        current_period("decade", None, None, TODAY)


@given(
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    start=st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    months=st.integers(min_value=1, max_value=60),
)
def test_today_is_always_inside_its_period_and_a_window_spans_its_months(today, start, months):
    period = current_period(ROLLING_MONTHS, months, start, today)
    if start is not None and today < start:
        assert period is None
        return
    assert period is not None
    assert period.first <= today <= period.last
    assert add_months(period.first, months) - timedelta(days=1) >= period.last - timedelta(days=3)
    assert period.last < add_months(period.first, months) + timedelta(days=3)


def test_missing_and_percent():
    assert missing(Decimal("40"), Decimal("12.5")) == Decimal("27.5")
    assert missing(Decimal("40"), Decimal("45")) == 0
    assert percent_done(Decimal("40"), Decimal("12")) == 30
    assert percent_done(Decimal("40"), Decimal("80")) == 100
