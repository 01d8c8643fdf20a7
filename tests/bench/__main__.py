"""``python -m tests.bench`` (``make bench``): run the legs, write bench/results.json, print the ratios.

Environment: ``BENCH_QUICK=1`` for a run of about three minutes; ``BENCH_ROWS`` ledger rows for the
export (default 1,000,000; 100,000 when quick); ``BENCH_DATABASES`` (default ``mysql,sqlite``, MariaDB
left out when no server answers); ``BENCH_RESUME=1`` keeps the legs an interrupted run finished
(``var/bench/<leg>-<database>.json``). See docs/performance.md.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.bench.summary import cost_ratio, growth_per_learner, median_of, paired_ratios, table

RESULTS = Path("bench/results.json")
VAR = Path("var/bench")
BASELINES = ("insert", "drf", "bare", "floor")


def config() -> dict[str, Any]:
    quick = os.environ.get("BENCH_QUICK") == "1"
    rows = int(float(os.environ.get("BENCH_ROWS", "1e5" if quick else "1e6")))
    return {
        "quick": quick,
        "learners": 200 if quick else 500,
        "connections": 16,
        "rounds": 2 if quick else 3,
        "seconds": 5 if quick else 20,
        "iterations": 20 if quick else 50,
        "prompt_rows": 5000 if quick else 20000,
        "dashboard_sizes": [1000, 5000] if quick else [5000, 50000],
        "dashboard_iterations": 2 if quick else 3,
        "rows": rows,
        "gunicorn_workers": 2,
    }


def mysql_available() -> bool:
    try:
        import MySQLdb

        MySQLdb.connect(
            host=os.environ.get("ATTENDANCE_MYSQL_HOST", "127.0.0.1"),
            port=int(os.environ.get("ATTENDANCE_MYSQL_PORT", "3306")),
            user=os.environ.get("ATTENDANCE_MYSQL_USER", "root"),
            password=os.environ.get("ATTENDANCE_MYSQL_PASSWORD", ""),
        ).close()
    except Exception:
        return False
    return True


def run_leg(leg: str, database: str, settings: dict[str, Any]) -> dict[str, Any]:
    output = VAR / f"{leg}-{database}.json"
    if os.environ.get("BENCH_RESUME") == "1" and output.exists():
        print(f"== {leg} on {database}: kept from the interrupted run ({output})", flush=True)
        return json.loads(output.read_text())
    print(f"== {leg} on {database}", flush=True)
    env = {**os.environ, "BENCH_CONFIG": json.dumps(settings)}
    subprocess.run([sys.executable, "-m", "tests.bench.leg", leg, database, str(output)], env=env, check=True)
    return json.loads(output.read_text())


def summarise(results: dict[str, Any]) -> str:
    lines = []
    http_rows = []
    cpu_rows: list[list[Any]] = []
    for database, legs in results["databases"].items():
        rounds = legs["http"]["rounds"]
        ratios = paired_ratios(rounds, "beat", BASELINES)
        legs["ratios"] = ratios
        legs["app_cpu_ratios"] = paired_ratios(rounds, "beat", BASELINES, field="app_cpu_ms")
        # The least a signed beat does (ADR 0036) over the INSERT view: the bar's own reach.
        legs["floor_ratios"] = paired_ratios(rounds, "floor", ["insert"])
        legs["floor_app_cpu_ratios"] = paired_ratios(rounds, "floor", ["insert"], field="app_cpu_ms")
        cpu_rows.extend(
            [
                database,
                target,
                median_of(rounds, target, "app_cpu_ms"),
                median_of(rounds, target, "db_cpu_ms"),
                legs["app_cpu_ratios"][target]["median"] if target in legs["app_cpu_ratios"] else "-",
            ]
            for target in ("beat", *BASELINES)
        )
        beat = [one["beat"] for one in rounds]
        http_rows.append(
            [
                database,
                *(
                    f"{ratios[b]['median']} ({ratios[b]['min']}-{ratios[b]['max']})" if b in ratios else "-"
                    for b in BASELINES
                ),
                round(sum(one["rps"] for one in beat) / len(beat), 1),
                max(one["p99_ms"] for one in beat),
                sum(one["status_5xx"] for one in beat),
                sum(one["requests"] for one in beat),
            ]
        )
    lines.append("Heartbeat served req/s over each baseline, paired by round (median, min-max):")
    lines.append(
        table(
            http_rows,
            ["database", *(f"/{b}" for b in BASELINES), "beat req/s", "beat p99 ms", "5xx", "beats"],
        )
    )
    for database, legs in results["databases"].items():
        floor = legs["floor_ratios"].get("insert")
        if floor:
            lines.append(
                f"{database}: the floor (the least a signed beat does) serves {floor['median']} "
                f"({floor['min']}-{floor['max']}) x the /insert view"
            )
    lines.append("\nCPU milliseconds per request (median over rounds), beat over each baseline (paired):")
    lines.append(table(cpu_rows, ["database", "path", "app CPU ms", "MariaDB CPU ms", "beat / this"]))
    cost_rows = []
    for database, legs in results["databases"].items():
        one = legs["inprocess"]
        bare = one["bare"]
        for name in ("beat", "checked_beat", "answer", "learner_view"):
            if name not in one:
                continue
            cost_rows.append(
                [
                    database,
                    name,
                    one[name]["ms"],
                    one[name]["queries"],
                    cost_ratio(one[name]["ms"], bare["ms"]),
                    one["bare"]["queries"],
                ]
            )
    lines.append(
        "\nIn process (Django test client / workbench runtime), against the bare authenticated view:"
    )
    lines.append(
        table(cost_rows, ["database", "path", "ms (median)", "statements", "x bare time", "bare statements"])
    )
    data = results.get("data")
    prompt_bytes = {
        name: legs["inprocess"].get("prompt_row_bytes") for name, legs in results["databases"].items()
    }
    if any(prompt_bytes.values()) or (data and data.get("ledger_row_bytes")):
        lines.append(
            f"\nBytes per row on MariaDB (data + indexes): prompt evidence {prompt_bytes.get('mysql')}, "
            f"ledger {data.get('ledger_row_bytes') if data else None}"
        )
    if data:
        export = data["export"]
        raw, report = export["raw"], export["report"]
        data["ratios"] = {
            "export_time": cost_ratio(report["seconds"], raw["seconds"]),
            "export_peak_rss_mb": report["peak_rss_mb"],
        }
        sizes = list(data["dashboard"].values())
        data["ratios"]["dashboard_growth_per_learner"] = growth_per_learner(sizes[0], sizes[-1])
        lines.append(f"\nCSV export of {export['rows']} ledger rows ({results['data_database']}):")
        lines.append(
            table(
                [
                    ["attendance_report (csv)", report["seconds"], report["peak_rss_mb"], report["lines"]],
                    ["raw cursor + csv.writer", raw["seconds"], raw["peak_rss_mb"], raw["lines"]],
                    [
                        "Django start-up only",
                        export["startup"]["seconds"],
                        export["startup"]["peak_rss_mb"],
                        "-",
                    ],
                ],
                ["dump", "seconds", "peak RSS MB", "lines"],
            )
        )
        lines.append(
            f"report / raw time: {data['ratios']['export_time']} (goal <= 1.2); peak RSS goal <= 100 MB"
        )
        lines.append("\nProgram-session dashboard:")
        lines.append(
            table([[s["learners"], s["ms"], s["queries"]] for s in sizes], ["learners", "ms", "statements"])
        )
        lines.append(
            f"time per learner, largest over smallest: {data['ratios']['dashboard_growth_per_learner']} "
            "(<= 1.0 is at most linear); goal <= 15 statements"
        )
    return "\n".join(lines)


def main() -> None:
    if "--summary" in sys.argv:  # print (and store) the ratios of the last results again
        results = json.loads(RESULTS.read_text())
        text = summarise(results)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
        print(text)
        return
    settings = config()
    VAR.mkdir(parents=True, exist_ok=True)
    wanted = os.environ.get("BENCH_DATABASES", "mysql,sqlite").split(",")
    databases = [name for name in wanted if name != "mysql" or mysql_available()]
    started = time.monotonic()
    results: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.system()},
        "config": settings,
        "databases": {},
    }
    for database in databases:
        results["databases"][database] = {
            "http": run_leg("http", database, settings),
            "inprocess": run_leg("inprocess", database, settings),
        }
    results["data_database"] = databases[0]
    results["data"] = run_leg("data", databases[0], settings)
    text = summarise(results)
    results["minutes"] = round((time.monotonic() - started) / 60, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(text)
    print(f"\n{RESULTS} written ({results['minutes']} minutes)")


if __name__ == "__main__":
    main()
