"""Distinct microseconds played, bounded by the duration and by the wall clock (ADR 0008)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attendance_app.credit.video import (
    MAX_RANGES,
    MAX_VIDEO_US,
    as_stored,
    clip_ranges,
    distinct_us,
    merge_played,
    normalize_ranges,
    stored_ranges,
    to_us,
    viewed_to_end,
)

S = 1_000_000


def us(*pairs):
    return [(round(a * S), round(b * S)) for a, b in pairs]


def test_ranges_are_sorted_and_overlaps_merged():
    assert normalize_ranges([(30, 40), (0, 10), (5, 12)]) == us((0, 12), (30, 40))


def test_touching_ranges_merge_and_empty_ones_are_dropped():
    assert normalize_ranges([(0, 5), (5, 9), (12, 12)]) == us((0, 9))


def test_rewatching_and_skipping_add_nothing():
    assert distinct_us(us((0, 60), (10, 20), (0, 60))) == 60 * S
    assert distinct_us(us((0, 10), (50, 60))) == 20 * S


def test_media_seconds_become_exact_microseconds():
    assert to_us(0.1) == 100_000
    assert normalize_ranges([(0.1, 0.3)]) == [(100_000, 300_000)]


def test_an_end_within_one_second_past_the_duration_is_clipped():
    assert normalize_ranges([(90, 100.9)], duration_us=100 * S) == us((90, 100))


def test_ranges_sent_without_any_duration_are_bounded():
    assert normalize_ranges([(0, 10 * 24 * 3600)]) == [(0, MAX_VIDEO_US)]


@pytest.mark.parametrize(
    ("ranges", "duration", "message"),
    [
        ([(-1, 5)], None, "negative"),
        ([(0, -5)], None, "negative"),
        ([(10, 5)], None, "ends before it starts"),
        ([(0, math.inf)], None, "finite"),
        ([(math.nan, 5)], None, "finite"),
        ([("a", 5)], None, "number"),
        ([(True, 5)], None, "number"),
        ([(1, 2, 3)], None, "pair"),
        ([(0, 1e300)], None, "too large"),
        ([(0, 101.5)], 100 * S, "past the video's duration"),
        ([(i, i + 0.5) for i in range(MAX_RANGES + 1)], None, "Too many"),
    ],
)
def test_malformed_ranges_are_rejected_with_a_clear_message(ranges, duration, message):
    with pytest.raises(ValueError, match=message):
        normalize_ranges(ranges, duration)


def test_a_report_adds_at_most_the_wall_clock_allowance_earliest_first():
    merged, gained = merge_played([], us((0, 120)), 15 * S)
    assert (merged, gained) == (us((0, 15)), 15 * S)


def test_the_allowance_skips_what_was_already_played():
    merged, gained = merge_played(us((0, 10)), us((0, 40)), 15 * S)
    assert (merged, gained) == (us((0, 25)), 15 * S)


def test_a_first_beat_with_no_allowance_adds_nothing():
    assert merge_played([], us((0, 600)), 0) == ([], 0)


def test_stored_ranges_past_a_shorter_video_are_clipped():
    assert clip_ranges(us((0, 100), (300, 400)), 120 * S) == us((0, 100))
    assert clip_ranges(us((0, 200)), 120 * S) == us((0, 120))


def test_stored_json_round_trips_and_skips_malformed_pairs():
    ranges = us((0, 12.345678), (20, 30))
    assert stored_ranges(as_stored(ranges)) == ranges
    assert stored_ranges([[0, 5], "junk", [9, 3], [None, 1]]) == us((0, 5))
    assert stored_ranges("junk") == []


def test_viewed_to_end_allows_small_gaps():
    assert viewed_to_end(us((0, 59), (59.5, 100)), 100 * S)
    assert not viewed_to_end(us((0, 50)), 100 * S)
    with pytest.raises(ValueError, match="positive"):
        viewed_to_end([], 0)


pairs = st.lists(
    st.tuples(st.integers(0, 3600 * S), st.integers(0, 600 * S)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(stored=pairs, new=pairs, allowance=st.integers(0, 120 * S))
def test_a_report_never_gains_more_than_the_allowance_nor_loses_what_was_stored(stored, new, allowance):
    merged, gained = merge_played(stored, new, allowance)
    assert 0 <= gained <= allowance
    assert distinct_us(merged) == distinct_us(stored) + gained
    assert distinct_us(merged + stored) == distinct_us(merged)  # the stored union is kept whole
    assert distinct_us(merged + new) == distinct_us(stored + new) or gained == allowance
