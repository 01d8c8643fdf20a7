"""Pure classroom rules: overlaps, weekly series, Present or Late, attendance % held and reachable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from attendance_app.credit.classroom import (
    CODE_GRACE_SECONDS,
    HeldMark,
    attendance_percent,
    best_reachable_percent,
    checkin_code,
    checkin_status,
    code_matches,
    credited_seconds,
    overlaps,
    should_warn,
    time_step,
    weekly_occurrences,
)

T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
PRESENT, LATE, ABSENT = HeldMark(Decimal(100)), HeldMark(Decimal(80)), HeldMark(Decimal(0))
EXCUSED = HeldMark(Decimal(0), counts_in_denominator=False)
percents = st.builds(HeldMark, st.decimals(min_value=0, max_value=100, places=2), st.booleans())


def test_back_to_back_slots_do_not_overlap_but_sharing_a_minute_does():
    assert not overlaps(T0, T0 + HOUR, T0 + HOUR, T0 + 2 * HOUR)
    assert overlaps(T0, T0 + HOUR, T0 + HOUR - timedelta(minutes=1), T0 + 2 * HOUR)
    assert overlaps(T0, T0 + 3 * HOUR, T0 + HOUR, T0 + 2 * HOUR)


def test_a_weekly_series_in_utc_is_exactly_seven_days_apart():
    occurrences = weekly_occurrences(T0, T0 + HOUR, 3)

    assert occurrences == [(T0 + timedelta(weeks=w), T0 + HOUR + timedelta(weeks=w)) for w in range(3)]


def test_a_weekly_series_follows_new_york_across_its_spring_change():
    # 18:00 in New York on 2026-03-02 (UTC-5); the clocks go forward on 2026-03-08 (UTC-4).
    start = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)

    occurrences = weekly_occurrences(start, start + HOUR, 2, "America/New_York")

    assert occurrences[1][0] == datetime(2026, 3, 9, 22, 0, tzinfo=UTC)


def test_a_check_in_within_the_window_is_present_and_after_it_late():
    assert checkin_status(T0, T0 - timedelta(minutes=5), 10) == "present"
    assert checkin_status(T0, T0 + timedelta(minutes=10), 10) == "present"
    assert checkin_status(T0, T0 + timedelta(minutes=10, seconds=1), 10) == "late"


def test_attendance_percent_leaves_excused_out_and_counts_late_by_its_value():
    assert attendance_percent([PRESENT, LATE, ABSENT, EXCUSED]) == Decimal("60.00")
    assert attendance_percent([EXCUSED]) is None
    assert attendance_percent([]) is None


def test_the_best_reachable_percent_assumes_present_at_every_remaining_slot():
    assert best_reachable_percent([ABSENT, PRESENT], remaining_slots=2) == Decimal("75.00")
    assert best_reachable_percent([], remaining_slots=0) is None


@given(st.lists(percents, max_size=20), st.integers(min_value=0, max_value=20))
def test_the_reachable_percent_is_never_below_the_held_one(marks, remaining):
    held = attendance_percent(marks)
    reachable = best_reachable_percent(marks, remaining)

    if held is not None:
        assert reachable is not None
        assert reachable >= held
        assert Decimal(0) <= held <= Decimal(100)


def test_credited_seconds_is_the_reported_duration_times_the_status_value():
    assert credited_seconds(Decimal("1.5"), Decimal(100)) == 5400
    assert credited_seconds(Decimal("1.5"), Decimal(80)) == 4320
    assert credited_seconds(Decimal("1.5"), Decimal(0)) == 0


def test_a_warning_is_due_below_the_threshold_after_enough_slots_and_not_too_often():
    rule = {"threshold_percent": Decimal(75), "after_slots": 3, "max_warnings": 2}

    assert should_warn(Decimal(50), 3, 0, **rule)
    assert not should_warn(Decimal(50), 2, 0, **rule)
    assert not should_warn(Decimal(75), 3, 0, **rule)
    assert not should_warn(Decimal(50), 3, 2, **rule)
    assert not should_warn(None, 5, 0, **rule)


def test_a_code_is_six_digits_that_change_with_the_step_and_the_secret():
    codes = {checkin_code("secret", step) for step in range(100)}

    assert all(len(code) == 6 and code.isdigit() for code in codes)
    assert len(codes) > 95
    assert checkin_code("secret", 7) != checkin_code("other", 7)


@given(st.integers(min_value=0, max_value=14), st.integers(min_value=0, max_value=14))
def test_a_code_is_accepted_in_its_step_and_two_seconds_after_only(shown_at, entered_after):
    step_start = datetime(2026, 12, 7, 9, 0, 0, tzinfo=UTC)
    shown = checkin_code("secret", time_step(step_start + timedelta(seconds=shown_at)))
    entered = step_start + timedelta(seconds=shown_at + entered_after)

    accepted = code_matches("secret", shown, entered)

    assert accepted == (shown_at + entered_after <= 15 + CODE_GRACE_SECONDS)


@given(st.text(max_size=12))
def test_any_typed_text_is_refused_or_accepted_never_an_error(typed):
    # Non-ASCII text (a Unicode digit such as "١٢٣٤٥٦", an accent) made compare_digest raise: a 500.
    moment = datetime(2026, 12, 7, 9, 0, 5, tzinfo=UTC)

    assert code_matches("secret", typed, moment) == (typed == checkin_code("secret", time_step(moment)))


def test_a_code_in_arabic_indic_digits_is_refused():
    moment = datetime(2026, 12, 7, 9, 0, 5, tzinfo=UTC)
    shown = checkin_code("secret", time_step(moment))
    arabic = shown.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    assert code_matches("secret", shown, moment)
    assert not code_matches("secret", arabic, moment)
