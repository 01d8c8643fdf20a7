"""The CSV export of many ledger rows against a raw cursor + ``csv.writer`` dump of the same rows.

Each side runs in a child process (``python -m tests.bench.export_child``): its wall time from
here, its peak resident memory (``VmHWM``) as it reports it.
"""

from __future__ import annotations

import math
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from opaque_keys.edx.keys import CourseKey

from tests.bench import seed

COURSE = CourseKey.from_string("course-v1:BenchX+Export+2026")
VAR = Path("var/bench")


def _child(mode: str, output: Path) -> dict[str, Any]:
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.bench.export_child", mode, str(output), str(COURSE)]
    )
    if process.wait() != 0:
        raise RuntimeError(f"export child {mode} failed")
    seconds = time.perf_counter() - start
    peak_kb = int(Path(f"{output}.rss").read_text())
    with output.open("rb") as written:
        lines = sum(1 for _line in written)
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "lines": lines,
        "bytes": output.stat().st_size,
    }


def measure(rows: int, pool: list[int]) -> dict[str, Any]:
    """Seed ``rows`` ledger rows of one course run over ``pool``'s learners, then time both dumps."""
    seed.course(COURSE, "Export")
    unit_id = None
    activity_ids = []
    for number in range(math.ceil(rows / len(pool))):
        activity, unit_id = seed.activity(
            COURSE.make_usage_key("attendance", f"e{number}"), f"E{number}", unit_id
        )
        activity_ids.append(activity.id)
    started = time.perf_counter()
    made = seed.ledger_rows(activity_ids, pool, rows)
    seeding = round(time.perf_counter() - started, 1)
    print(f"  export: {made} ledger rows seeded in {seeding} s", flush=True)
    figures = {
        "raw": _child("raw", VAR / "export-raw.csv"),
        "report": _child("report", VAR / "export-report.csv"),
        "startup": _child("startup", VAR / "export-startup.csv"),
    }
    return {"rows": made, "seeding_seconds": seeding, **figures}
