"""Pure computations of the bench: per-round figures, paired ratios and the printed table.

Kept free of Django and I/O so that tests/test_bench_summary.py checks them in the suite.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from statistics import median
from typing import Any


def round_figures(wrk: Mapping[str, int]) -> dict[str, float]:
    """One wrk run's JSON line as requests per second, p50/p99 in ms and error counts.

    Requests answered 5xx, 4xx or lost on the socket do not count as served.
    """
    seconds = wrk["duration_us"] / 1e6
    failed = wrk["status_5xx"] + wrk["status_4xx"]
    served = max(wrk["requests"] - failed, 0)
    return {
        "rps": round(served / seconds, 1) if seconds > 0 else 0.0,
        "p50_ms": round(wrk["p50_us"] / 1000, 2),
        "p99_ms": round(wrk["p99_us"] / 1000, 2),
        "requests": wrk["requests"],
        "status_5xx": wrk["status_5xx"],
        "status_4xx": wrk["status_4xx"],
        "socket_errors": wrk["socket_errors"],
        "failed_share": round(failed / wrk["requests"], 4) if wrk["requests"] else 0.0,
    }


def paired_ratios(
    rounds: Sequence[Mapping[str, Mapping[str, float]]],
    subject: str,
    baselines: Iterable[str],
    field: str = "rps",
) -> dict[str, dict[str, float]]:
    """``subject``'s ``field`` over each baseline's, round by round (A B A B), then summarised.

    ``field`` is served req/s by default (above 1: the subject serves more), or a cost such as
    ``app_cpu_ms`` (above 1: the subject costs more). Each ratio pairs the two runs of the same
    round, so a slow minute of the machine weighs on both. A round where the baseline has no
    figure, or zero, is skipped.
    """
    result = {}
    for baseline in baselines:
        ratios = [
            one[subject][field] / one[baseline][field]
            for one in rounds
            if field in one.get(subject, {}) and one.get(baseline, {}).get(field, 0) > 0
        ]
        if ratios:
            result[baseline] = {
                "median": round(median(ratios), 3),
                "min": round(min(ratios), 3),
                "max": round(max(ratios), 3),
                "rounds": len(ratios),
            }
    return result


def median_of(rounds: Sequence[Mapping[str, Mapping[str, float]]], target: str, field: str) -> float | None:
    """The median of one target's ``field`` over the rounds that have it."""
    values = [one[target][field] for one in rounds if field in one.get(target, {})]
    return round(median(values), 3) if values else None


def cost_ratio(subject: float, baseline: float) -> float | None:
    """How many times the baseline's cost (time, memory, queries) the subject takes."""
    return round(subject / baseline, 3) if baseline > 0 else None


def growth_per_learner(small: Mapping[str, float], large: Mapping[str, float]) -> float | None:
    """Time per learner at the large size over time per learner at the small one (1.0 = linear)."""
    if small["learners"] <= 0 or small["ms"] <= 0:
        return None
    return round((large["ms"] / large["learners"]) / (small["ms"] / small["learners"]), 3)


def table(rows: Iterable[Sequence[Any]], header: Sequence[str]) -> str:
    """A plain text table, columns padded to their widest cell."""
    cells = [[str(cell) for cell in header]] + [[str(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)
