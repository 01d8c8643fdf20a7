"""The soak's pure pieces (tests/soak/expect.py, plans.py): the soak itself is never collected."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from tests.soak.expect import ANSWER, BEAT, SETTLE, Ambiguous, Sent, expected_for, flat, percentile, units_for
from tests.soak.plans import contested_capacity, plan_for, registrations

H = 15_000_000  # the heartbeat, microseconds
ALLOWED = 12_000_000  # pop-up 10 s + grace 2 s
T0 = 1_800_000_000_000_000


def sent(kind: str, at_s: float, latency_ms: float = 4, status: int = 200, **flags: bool) -> Sent:
    start = T0 + round(at_s * 1_000_000)
    return Sent(kind, start, start + round(latency_ms * 1000), status, **flags)


def beats(*moments: float, latency_ms: float = 4) -> list[Sent]:
    return [sent(BEAT, at, latency_ms) for at in moments]


def test_a_run_of_beats_is_credited_from_first_to_last_within_their_latency():
    expected = expected_for(beats(0, 15, 30, 45, 60), H, ALLOWED, "strict")
    assert expected.credited.low == 60_000_000 - 4_000  # the middle beats cancel out
    assert expected.credited.high == 60_000_000 + 4_000
    assert expected.pending == expected.credited
    assert expected.confirmed.high == 0
    assert (expected.hits, expected.misses, expected.rejoins) == (0, 0, 0)


def test_an_answer_in_time_confirms_the_pending_time():
    requests = [*beats(0, 15), sent(BEAT, 30, prompt=True), sent(ANSWER, 33), *beats(45, 60)]
    expected = expected_for(requests, H, ALLOWED, "strict")
    assert expected.hits == 1
    assert expected.confirmed.low <= 30_000_000 <= expected.confirmed.high
    assert expected.pending.low <= 30_000_000 <= expected.pending.high
    assert not expected.open_prompt


def test_a_missed_prompt_discards_under_strict_and_flags_under_lenient():
    requests = [*beats(0, 15), sent(BEAT, 30, prompt=True), sent(BEAT, 45, missed_reported=True), *beats(60)]
    strict = expected_for(requests, H, ALLOWED, "strict")
    lenient = expected_for(requests, H, ALLOWED, "lenient")
    assert strict.misses == lenient.misses == 1
    assert strict.discarded.low <= 30_000_000 <= strict.discarded.high
    assert strict.confirmed.high == 0
    # The beat that records the miss credits its own gap afterwards: pending again.
    assert strict.pending.low <= 30_000_000 <= strict.pending.high
    assert lenient.flagged == lenient.confirmed
    assert lenient.confirmed.low <= 30_000_000 <= lenient.confirmed.high
    assert lenient.discarded.high == 0


def test_a_settling_beat_records_the_miss_and_credits_nothing():
    requests = [
        *beats(0, 15),
        sent(BEAT, 30, prompt=True),
        sent(SETTLE, 42.3, missed_reported=True),
        *beats(45),
    ]
    expected = expected_for(requests, H, ALLOWED, "strict")
    assert expected.misses == 1
    assert expected.credited.low <= 45_000_000 <= expected.credited.high
    assert expected.pending.low <= 15_000_000 <= expected.pending.high
    assert expected.problems == ()


def test_a_gap_over_two_heartbeats_is_a_rejoin_that_credits_nothing():
    expected = expected_for(beats(0, 15, 20, 70, 85), H, ALLOWED, "strict")
    assert expected.rejoins == 1
    assert expected.credited.low <= 35_000_000 <= expected.credited.high


def test_an_open_prompt_is_missed_by_the_rejoin_beat():
    requests = [*beats(0), sent(BEAT, 15, prompt=True), sent(BEAT, 80, missed_reported=True)]
    expected = expected_for(requests, H, ALLOWED, "strict")
    assert (expected.misses, expected.rejoins) == (1, 1)
    assert expected.pending.high == 0
    assert expected.discarded.low <= 15_000_000 <= expected.discarded.high


def test_a_gap_within_latency_of_the_limit_is_ambiguous():
    with pytest.raises(Ambiguous):
        expected_for(beats(0, 30.0, latency_ms=50), H, ALLOWED, "strict")


def test_replies_that_break_the_rules_are_reported():
    requests = [*beats(0), sent(BEAT, 15, prompt=True), sent(BEAT, 30, prompt=True, missed_reported=True)]
    expected = expected_for(requests, H, ALLOWED, "strict")
    assert any("prompt the rules do not allow" in problem for problem in expected.problems)


def test_requests_the_server_refused_never_reached_the_ledger():
    requests = [*beats(0, 15), sent(BEAT, 30, status=503), *beats(40)]
    expected = expected_for(requests, H, ALLOWED, "strict")
    assert expected.credited.low <= 40_000_000 <= expected.credited.high


def test_units_round_down_to_the_increment_and_stay_zero_below_the_minimum():
    assert units_for(119_999_999, 120, "tenth", Decimal("0.5")) == Fraction(9, 10)
    assert units_for(59_999_999, 120, "tenth", Decimal("0.5")) == 0
    assert units_for(60_000_000, 120, "tenth", Decimal("0.5")) == Fraction(1, 2)


def test_memory_is_flat_when_the_last_minute_stays_within_the_tolerance():
    steady = [(float(at), 100.0 + (at % 20) / 10) for at in range(0, 600, 10)]
    growing = [(float(at), 100.0 + at / 10) for at in range(0, 600, 10)]
    assert flat(steady, 600, 0.10)["ok"]
    assert not flat(growing, 600, 0.10)["ok"]
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0


def test_plans_mix_the_roles_and_repeat():
    plans = [plan_for(number, 600, 15) for number in range(20)]
    assert plans == [plan_for(number, 600, 15) for number in range(20)]
    assert {plan.answers for plan in plans} == {"all", "alternate", "none"}
    assert sum(plan.lenient for plan in plans) == 4
    assert all(0 <= plan.start_s < plan.stop_s < 600 for plan in plans)
    rush = [r for r in registrations(500, 10, 600) if r.rush]
    assert len({r.register_s for r in rush}) == 1
    assert contested_capacity(500) == 5
