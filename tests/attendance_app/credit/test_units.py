from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attendance_app.credit.units import INCREMENTS, computed_units, computed_units_us, format_hms

CPE = {
    "unit_duration_seconds": 3000,
    "increment": "fifth",
    "rounding": "down",
    "minimum_credit": Decimal("1.0"),
}
CEU = {
    "unit_duration_seconds": 36000,
    "increment": "tenth",
    "rounding": "nearest",
    "minimum_credit": Decimal("0.1"),
}


def test_increments_are_the_documented_ones():
    documented = {
        "whole": Decimal("1"),
        "half": Decimal("0.5"),
        "quarter": Decimal("0.25"),
        "fifth": Decimal("0.2"),
        "tenth": Decimal("0.1"),
        "hundredth": Decimal("0.01"),
    }
    assert documented == INCREMENTS


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (2400, "0"),
        (2999, "0"),
        (3000, "1.0"),
        (3599, "1.0"),
        (3600, "1.2"),
        (Decimal("3600.000"), "1.2"),
        (6000, "2.0"),
    ],
)
def test_cpe_unit(seconds, expected):
    assert computed_units(seconds, **CPE) == Decimal(expected)


def test_cpe_unit_carries_the_increments_decimal_places():
    assert str(computed_units(3600, **CPE)) == "1.2"


@pytest.mark.parametrize(("seconds", "expected"), [(1800, "0.1"), (1700, "0"), (5400, "0.2"), (36000, "1.0")])
def test_ceu_unit_rounds_half_up(seconds, expected):
    assert computed_units(seconds, **CEU) == Decimal(expected)


def test_negative_seconds_count_as_zero():
    assert computed_units(-50, **CEU) == 0


def test_a_value_just_below_a_boundary_rounds_down():
    assert computed_units(Decimal("3599.999999"), **CPE) == Decimal("1.0")
    assert computed_units_us(2_999_999_999, **CPE) == Decimal("0")
    assert computed_units_us(3_000_000_000, **CPE) == Decimal("1.0")


def test_a_float_never_decides_a_threshold():
    with pytest.raises(TypeError, match="Decimal or Fraction"):
        computed_units(2999.9999999999986, **CPE)  # type: ignore[arg-type]


def test_a_float_minimum_credit_is_taken_as_written():
    assert computed_units(3600, 36000, "tenth", "down", 0.1) == Decimal("0.1")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"increment": "third"}, "increment"),
        ({"rounding": "up"}, "rounding"),
        ({"unit_duration_seconds": 0}, "duration"),
        ({"minimum_credit": Decimal("-1")}, "minimum_credit"),
    ],
)
def test_invalid_unit_settings_are_rejected(overrides, message):
    with pytest.raises(ValueError, match=message):
        computed_units(3000, **{**CPE, **overrides})


@pytest.mark.parametrize("seconds", [Decimal("NaN"), Decimal("Infinity")])
def test_non_finite_seconds_are_rejected(seconds):
    with pytest.raises(ValueError, match="confirmed_seconds"):
        computed_units(seconds, **CPE)


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(0, "00:00:00"), (59.9, "00:00:59"), (3661, "01:01:01"), (90061, "25:01:01"), (360000, "100:00:00")],
)
def test_format_hms(seconds, expected):
    assert format_hms(seconds) == expected


@pytest.mark.parametrize("seconds", [-1, float("nan"), float("inf")])
def test_format_hms_rejects_negative_or_non_finite(seconds):
    with pytest.raises(ValueError, match="seconds"):
        format_hms(seconds)


unit_settings = st.fixed_dictionaries(
    {
        "unit_duration_seconds": st.integers(1, 36_000),
        "increment": st.sampled_from(sorted(INCREMENTS)),
        "rounding": st.sampled_from(["down", "nearest"]),
        "minimum_credit": st.sampled_from([Decimal(0), Decimal("0.1"), Decimal("0.5"), Decimal(1)]),
    }
)
seconds = st.integers(min_value=0, max_value=1_000_000_000_000).map(lambda us: Fraction(us, 1_000_000))


@settings(max_examples=200, deadline=None)
@given(unit=unit_settings, first=seconds, second=seconds)
def test_computed_units_never_decrease_with_more_time(unit, first, second):
    low, high = sorted([first, second])
    assert computed_units(low, **unit) <= computed_units(high, **unit)


@settings(max_examples=200, deadline=None)
@given(unit=unit_settings, confirmed=seconds)
def test_rounding_down_never_exceeds_raw_units_and_lands_on_an_increment(unit, confirmed):
    units = computed_units(confirmed, **{**unit, "rounding": "down"})
    assert units <= confirmed / unit["unit_duration_seconds"]
    assert units % INCREMENTS[unit["increment"]] == 0
    assert units == 0 or units >= unit["minimum_credit"]


@settings(max_examples=200, deadline=None)
@given(unit=unit_settings, confirmed=seconds)
def test_nearest_is_within_half_an_increment_of_raw_units(unit, confirmed):
    unit = {**unit, "rounding": "nearest", "minimum_credit": Decimal(0)}
    units = computed_units(confirmed, **unit)
    raw = confirmed / unit["unit_duration_seconds"]
    assert abs(Fraction(units) - raw) <= Fraction(INCREMENTS[unit["increment"]]) / 2
