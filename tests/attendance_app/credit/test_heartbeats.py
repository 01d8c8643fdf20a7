from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attendance_app.credit.heartbeats import BeatResult, clip_to_window, credit_beat, credit_live_beat

S = 1_000_000  # microseconds per second

H = 15
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def total_credited(beats: list[datetime], heartbeat_seconds: int = H) -> float:
    """Credit beats in arrival order the way the server does: one last_beat_at per learner."""
    last: datetime | None = None
    total = 0.0
    for beat in beats:
        total += credit_beat(last, beat, heartbeat_seconds).credited_us
        last = beat if last is None else max(last, beat)
    return total


def test_first_beat_credits_nothing_and_starts_a_segment():
    assert credit_beat(None, at(0), H) == BeatResult(credited_us=0, new_segment=True)


def test_beat_within_two_heartbeats_credits_the_gap():
    assert credit_beat(at(0), at(15), H) == BeatResult(credited_us=15 * S, new_segment=False, gap_us=15 * S)


def test_gap_of_exactly_two_heartbeats_still_counts():
    assert credit_beat(at(0), at(30), H) == BeatResult(credited_us=30 * S, new_segment=False, gap_us=30 * S)


def test_gap_longer_than_two_heartbeats_is_a_rejoin_that_credits_nothing():
    assert credit_beat(at(0), at(30.5), H) == BeatResult(credited_us=0, new_segment=True)


def test_duplicate_beat_from_a_second_tab_credits_nothing():
    assert credit_beat(at(10), at(10), H) == BeatResult(credited_us=0, new_segment=False)


def test_beat_before_the_last_one_credits_nothing():
    assert credit_beat(at(10), at(4), H) == BeatResult(credited_us=0, new_segment=False)


def test_credit_beat_rejects_a_non_positive_heartbeat():
    with pytest.raises(ValueError, match="heartbeat_seconds"):
        credit_beat(at(0), at(5), 0)


def test_two_tabs_beating_in_step_count_once():
    one_tab = [at(15 * i) for i in range(10)]
    two_tabs = [beat for beat in one_tab for _ in range(2)]
    assert total_credited(two_tabs) == total_credited(one_tab) == 135 * S


@pytest.mark.parametrize(
    ("start", "end", "window_start", "window_end", "expected"),
    [
        (0, 10, None, None, 10),
        (0, 10, 5, None, 5),
        (0, 10, None, 4, 4),
        (0, 10, 2, 8, 6),
        (0, 10, 20, 30, 0),
        (20, 30, 0, 10, 0),
        (10, 0, None, None, 0),
    ],
)
def test_clip_to_window(start, end, window_start, window_end, expected):
    ws = None if window_start is None else at(window_start)
    we = None if window_end is None else at(window_end)
    assert clip_to_window(at(start), at(end), ws, we) == expected * S


def test_live_beat_before_the_window_credits_nothing():
    result = credit_live_beat(at(0), at(15), H, at(100), at(200))
    assert (result.credited_us, result.new_segment) == (0, False)


def test_live_beat_straddling_the_start_credits_only_the_part_inside():
    assert credit_live_beat(at(90), at(105), H, at(100), at(200)).credited_us == 5 * S


def test_live_beat_straddling_the_end_credits_only_the_part_inside():
    assert credit_live_beat(at(195), at(210), H, at(100), at(200)).credited_us == 5 * S


def test_live_beat_after_a_long_gap_is_a_rejoin_even_inside_the_window():
    assert credit_live_beat(at(100), at(150), H, at(0), at(200)) == BeatResult(0, new_segment=True)


def test_first_live_beat_starts_a_segment():
    assert credit_live_beat(None, at(150), H, at(0), at(200)) == BeatResult(0, new_segment=True)


# Beat times as offsets in milliseconds over a 10-minute span: dense enough to mix gaps of every kind.
beat_offsets = st.lists(st.integers(min_value=0, max_value=600_000), min_size=1, max_size=60)


@settings(max_examples=200, deadline=None)
@given(offsets=beat_offsets, heartbeat_seconds=st.integers(min_value=1, max_value=60))
def test_credit_never_exceeds_wall_clock_in_any_arrival_order(offsets, heartbeat_seconds):
    beats = [at(ms / 1000) for ms in offsets]
    wall_clock = (max(beats) - min(beats)).total_seconds()
    assert total_credited(beats, heartbeat_seconds) <= round(wall_clock * S)


@settings(max_examples=200, deadline=None)
@given(offsets=beat_offsets, data=st.data())
def test_a_second_tab_beating_the_same_moments_adds_nothing(offsets, data):
    tab = [at(ms / 1000) for ms in sorted(offsets)]
    # Interleave two identical tabs in any way that keeps each tab's own order.
    choices = data.draw(st.permutations([0] * len(tab) + [1] * len(tab)))
    positions = [0, 0]
    interleaved = []
    for which in choices:
        interleaved.append(tab[positions[which]])
        positions[which] += 1
    assert total_credited(interleaved) == total_credited(tab)


@settings(max_examples=200, deadline=None)
@given(offsets=beat_offsets)
def test_duplicating_every_beat_in_any_order_adds_nothing(offsets):
    beats = [at(ms / 1000) for ms in offsets]
    doubled = [beat for beat in beats for _ in range(2)]
    assert total_credited(doubled) == total_credited(beats)


@settings(max_examples=200, deadline=None)
@given(
    offsets=beat_offsets,
    window=st.tuples(st.integers(0, 600), st.integers(0, 600)).map(sorted),
)
def test_live_credit_never_exceeds_the_window_or_the_unclipped_credit(offsets, window):
    beats = [at(ms / 1000) for ms in sorted(offsets)]
    window_start, window_end = at(window[0]), at(window[1])
    last = None
    live_total = 0.0
    for beat in beats:
        live = credit_live_beat(last, beat, H, window_start, window_end)
        plain = credit_beat(last, beat, H)
        assert live.new_segment == plain.new_segment
        assert 0 <= live.credited_us <= plain.credited_us
        live_total += live.credited_us
        last = beat
    assert live_total <= round((window[1] - window[0]) * S)
