from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attendance_app.credit.prompts import (
    AUTOMATIC,
    AUTOMATIC_COUNT,
    AUTOMATIC_PER_SECONDS,
    UnitPromptRule,
    next_prompt_moment,
    prompt_deadline,
    prompt_interval_us,
    prompts_per_unit,
)

CPE = UnitPromptRule(duration_seconds=50 * 60, minimum_frequency=AUTOMATIC)
CEU = UnitPromptRule(duration_seconds=10 * 3600, minimum_frequency=AUTOMATIC)
SHOWN_AT = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def test_automatic_constants_are_three_per_fifty_minutes():
    assert (AUTOMATIC, AUTOMATIC_COUNT, AUTOMATIC_PER_SECONDS) == (0, 3, 3000)


def test_automatic_cpe_unit_prompts_three_times():
    assert prompts_per_unit(CPE) == 3


def test_automatic_ceu_unit_prompts_three_times_per_fifty_minutes():
    assert prompts_per_unit(CEU) == 36


def test_automatic_rounds_up():
    assert prompts_per_unit(UnitPromptRule(duration_seconds=3001, minimum_frequency=AUTOMATIC)) == 4


def test_automatic_prompts_at_least_once_for_a_short_unit():
    assert prompts_per_unit(UnitPromptRule(duration_seconds=60, minimum_frequency=AUTOMATIC)) == 1


def test_explicit_frequency_is_used_as_is():
    assert prompts_per_unit(UnitPromptRule(duration_seconds=3600, minimum_frequency=5)) == 5


def test_interval_is_the_shortest_over_the_units():
    hourly_twice = UnitPromptRule(duration_seconds=3600, minimum_frequency=2)
    assert prompt_interval_us([hourly_twice, CPE]) == 1000 * 10**6
    assert prompt_interval_us([hourly_twice]) == 1800 * 10**6


def test_no_units_means_no_prompts():
    assert prompt_interval_us([]) is None


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (UnitPromptRule(duration_seconds=0, minimum_frequency=1), "duration"),
        (UnitPromptRule(duration_seconds=-60, minimum_frequency=1), "duration"),
        (UnitPromptRule(duration_seconds=60, minimum_frequency=13), "frequency"),
        (UnitPromptRule(duration_seconds=60, minimum_frequency=-1), "frequency"),
    ],
)
def test_invalid_rules_are_rejected(rule, message):
    with pytest.raises(ValueError, match=message):
        prompt_interval_us([CPE, rule])


def test_prompt_moment_is_replayable_from_a_seed():
    assert next_prompt_moment(2, 1000, random.Random(7)) == next_prompt_moment(2, 1000, random.Random(7))


@pytest.mark.parametrize(("index", "interval"), [(-1, 1000), (0, 0), (0, -5), (0, 1.5)])
def test_prompt_moment_rejects_bad_arguments(index, interval):
    with pytest.raises(ValueError, match="interval"):
        next_prompt_moment(index, interval, random.Random(0))


def test_deadline_adds_popup_extension_and_grace():
    assert prompt_deadline(SHOWN_AT, 10, 1) == SHOWN_AT + timedelta(seconds=12)
    assert prompt_deadline(SHOWN_AT, 10, 10) == SHOWN_AT + timedelta(seconds=102)
    assert prompt_deadline(SHOWN_AT, 15, 1.5, grace_seconds=0) == SHOWN_AT + timedelta(seconds=22.5)


@pytest.mark.parametrize("factor", [0.5, 10.01, float("nan")])
def test_deadline_extension_is_limited_to_ten_times(factor):
    with pytest.raises(ValueError, match="extension_factor"):
        prompt_deadline(SHOWN_AT, 10, factor)


def test_deadline_rejects_a_non_positive_popup():
    with pytest.raises(ValueError, match="popup_seconds"):
        prompt_deadline(SHOWN_AT, 0, 1)


@settings(max_examples=200, deadline=None)
@given(
    interval=st.integers(min_value=10, max_value=36_000 * 10**6),
    count=st.integers(min_value=1, max_value=50),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_prompt_moments_increase_and_stay_inside_their_intervals(interval, count, seed):
    rng = random.Random(seed)
    moments = [next_prompt_moment(index, interval, rng) for index in range(count)]
    for index, moment in enumerate(moments):
        assert index * interval + interval // 10 <= moment
        assert moment <= index * interval + interval * 9 // 10
    for earlier, later in itertools.pairwise(moments):
        assert later - earlier >= interval // 5 - 1


@settings(max_examples=200, deadline=None)
@given(
    rules=st.lists(
        st.builds(UnitPromptRule, st.integers(1, 100 * 3600), st.integers(0, 12)), min_size=1, max_size=5
    )
)
def test_interval_meets_every_units_minimum(rules):
    interval = prompt_interval_us(rules)
    assert interval is not None
    for rule in rules:
        # Prompting every `interval` seconds gives each unit at least its minimum count per duration.
        assert rule.duration_seconds * 10**6 // interval >= prompts_per_unit(rule)
