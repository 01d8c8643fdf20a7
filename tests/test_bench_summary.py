"""The bench's pure computations (tests/bench/summary.py): the bench itself is never collected."""

from __future__ import annotations

from pathlib import Path

from tests.bench.summary import (
    cost_ratio,
    growth_per_learner,
    median_of,
    paired_ratios,
    round_figures,
    table,
)


def wrk_line(requests=1000, seconds=10, s5=0, s4=0, p50_us=1500, p99_us=20000, socket=0):
    return {
        "requests": requests,
        "duration_us": seconds * 1_000_000,
        "p50_us": p50_us,
        "p99_us": p99_us,
        "status_4xx": s4,
        "status_5xx": s5,
        "socket_errors": socket,
    }


def test_failed_answers_are_not_counted_as_served():
    figures = round_figures(wrk_line(requests=1000, seconds=10, s5=230, s4=20))

    assert figures["rps"] == 75.0
    assert figures["status_5xx"] == 230
    assert figures["failed_share"] == 0.25
    assert (figures["p50_ms"], figures["p99_ms"]) == (1.5, 20.0)


def test_an_empty_run_serves_nothing_without_dividing_by_zero():
    figures = round_figures(wrk_line(requests=0, seconds=0))

    assert figures["rps"] == 0.0
    assert figures["failed_share"] == 0.0


def test_ratios_pair_the_runs_of_the_same_round():
    rounds = [
        {"beat": {"rps": 60.0}, "insert": {"rps": 100.0}, "bare": {"rps": 0.0}},
        {"beat": {"rps": 30.0}, "insert": {"rps": 40.0}, "bare": {"rps": 0.0}},
        {"beat": {"rps": 70.0}, "insert": {"rps": 100.0}},
    ]

    ratios = paired_ratios(rounds, "beat", ["insert", "bare", "drf"])

    # 0.6, 0.75, 0.7 paired; the unpaired means (160/240 = 0.667) would hide the slow second round.
    assert ratios == {"insert": {"median": 0.7, "min": 0.6, "max": 0.75, "rounds": 3}}


def test_cost_ratios_pair_rounds_and_skip_rounds_without_the_figure():
    rounds = [
        {"beat": {"app_cpu_ms": 6.0}, "insert": {"app_cpu_ms": 2.0}},
        {"beat": {"app_cpu_ms": 5.0}, "insert": {"app_cpu_ms": 2.5}},
        {"beat": {"rps": 1.0}, "insert": {"app_cpu_ms": 2.5}},
    ]

    assert paired_ratios(rounds, "beat", ["insert"], field="app_cpu_ms") == {
        "insert": {"median": 2.5, "min": 2.0, "max": 3.0, "rounds": 2}
    }
    assert median_of(rounds, "beat", "app_cpu_ms") == 5.5
    assert median_of(rounds, "beat", "db_cpu_ms") is None


def test_cost_ratio_and_linear_growth():
    assert cost_ratio(12.0, 10.0) == 1.2
    assert cost_ratio(1.0, 0.0) is None
    assert growth_per_learner({"learners": 5000, "ms": 100.0}, {"learners": 50000, "ms": 1000.0}) == 1.0
    assert growth_per_learner({"learners": 5000, "ms": 100.0}, {"learners": 50000, "ms": 400.0}) == 0.4
    assert growth_per_learner({"learners": 0, "ms": 0.0}, {"learners": 1, "ms": 1.0}) is None


def test_table_pads_columns():
    text = table([["sqlite", 0.25], ["mysql", 1]], ["database", "ratio"])

    assert text.splitlines() == ["database  ratio", "--------  -----", "sqlite    0.25", "mysql     1"]


def test_the_bench_package_holds_no_test_module():
    """pytest collects ``test_*.py`` under tests/: the bench must stay out of the suite."""
    bench = Path(__file__).parent / "bench"

    assert (bench / "__main__.py").exists()
    assert not list(bench.glob("test_*.py"))
    assert not list(bench.glob("*_test.py"))
