from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attendance_app.credit.video import (
    MAX_RANGES,
    distinct_seconds,
    merge_played,
    normalize_ranges,
    viewed_to_end,
)


def test_ranges_are_sorted_and_overlaps_merged():
    assert normalize_ranges([(30, 40), (0, 10), (5, 12)]) == [(0, 12), (30, 40)]


def test_touching_ranges_merge():
    assert normalize_ranges([(0, 5), (5, 9)]) == [(0, 5 + 4)]


def test_empty_ranges_are_dropped():
    assert normalize_ranges([(3, 3), (4, 6)]) == [(4, 6)]


def test_rewatching_adds_nothing():
    assert distinct_seconds([(0, 60), (10, 20), (0, 60)]) == 60


def test_skipping_adds_nothing():
    assert distinct_seconds([(0, 10), (50, 60)]) == 20


def test_an_end_within_one_second_past_the_duration_is_clipped():
    assert normalize_ranges([(90, 100.9)], duration=100) == [(90, 100)]


@pytest.mark.parametrize(
    ("ranges", "duration", "message"),
    [
        ([(-1, 5)], None, "negative"),
        ([(0, -5)], None, "negative"),
        ([(10, 5)], None, "ends before it starts"),
        ([(0, math.inf)], None, "finite"),
        ([(math.nan, 5)], None, "finite"),
        ([("a", 5)], None, "number"),
        ([(1, 2, 3)], None, "pair"),
        ([(0, 101.5)], 100, "past the video's duration"),
        ([(0, 5)], -1, "duration"),
        ([(i, i + 0.5) for i in range(MAX_RANGES + 1)], None, "Too many"),
    ],
)
def test_malformed_ranges_are_rejected_with_a_clear_message(ranges, duration, message):
    with pytest.raises(ValueError, match=message):
        normalize_ranges(ranges, duration)


def test_exactly_the_maximum_number_of_ranges_is_accepted():
    assert len(normalize_ranges([(2 * i, 2 * i + 1) for i in range(MAX_RANGES)])) == MAX_RANGES


def test_merge_played_reports_only_the_new_seconds():
    merged, added = merge_played([(0, 30)], [(20, 50)], duration=100)
    assert merged == [(0, 50)]
    assert added == 20


def test_merge_played_of_a_replay_adds_nothing():
    assert merge_played([(0, 30)], [(5, 25)], duration=None) == ([(0, 30)], 0)


def test_stored_unions_may_exceed_the_per_report_limit():
    stored = [(2 * i, 2 * i + 1) for i in range(MAX_RANGES + 5)]
    merged, added = merge_played(stored, [(0, 1)], duration=None)
    assert len(merged) == MAX_RANGES + 5
    assert added == 0


def test_viewed_to_end_when_the_union_covers_the_video():
    assert viewed_to_end([(0, 50), (50, 120)], duration=120)


def test_viewed_to_end_tolerates_small_gaps():
    assert viewed_to_end([(0, 59), (60, 119.5)], duration=120)


def test_not_viewed_to_end_when_a_part_was_skipped():
    assert not viewed_to_end([(0, 50), (60, 120)], duration=120)


def test_viewed_to_end_needs_a_positive_duration():
    with pytest.raises(ValueError, match="positive"):
        viewed_to_end([], duration=0)


DURATION = 200
integer_ranges = st.lists(
    st.tuples(st.integers(0, DURATION), st.integers(0, DURATION)).map(sorted).map(tuple), max_size=30
)


def brute_force_seconds(ranges) -> int:
    """Count the whole seconds [s, s+1) covered by integer ranges."""
    return len({second for start, end in ranges for second in range(start, end)})


@settings(max_examples=200, deadline=None)
@given(ranges=integer_ranges)
def test_distinct_seconds_matches_a_brute_force_count(ranges):
    normalized = normalize_ranges(ranges, duration=DURATION)
    assert distinct_seconds(normalized) == brute_force_seconds(ranges)
    assert distinct_seconds(normalized) <= DURATION


@settings(max_examples=200, deadline=None)
@given(
    ranges=st.lists(
        st.tuples(
            st.floats(0, DURATION, allow_nan=False),
            st.floats(0, DURATION + 1, allow_nan=False),
        ).map(sorted),
        max_size=30,
    )
)
def test_normalized_ranges_are_sorted_disjoint_and_inside_the_video(ranges):
    normalized = normalize_ranges(ranges, duration=DURATION)
    assert distinct_seconds(normalized) <= DURATION
    for (_, end), (next_start, _) in itertools.pairwise(normalized):
        assert end < next_start
    assert all(0 <= start < end <= DURATION for start, end in normalized)


@settings(max_examples=200, deadline=None)
@given(first=integer_ranges, second=integer_ranges)
def test_merge_is_order_independent(first, second):
    one_then_two, added_a = merge_played([], first, DURATION)
    one_then_two, added_b = merge_played(one_then_two, second, DURATION)
    two_then_one, added_c = merge_played([], second, DURATION)
    two_then_one, added_d = merge_played(two_then_one, first, DURATION)
    assert one_then_two == two_then_one
    assert added_a + added_b == added_c + added_d == brute_force_seconds(first + second)


@settings(max_examples=200, deadline=None)
@given(existing=integer_ranges, new=integer_ranges)
def test_merge_is_idempotent(existing, new):
    once, _ = merge_played(normalize_ranges(existing), new, DURATION)
    twice, added_again = merge_played(once, new, DURATION)
    assert twice == once
    assert added_again == 0
