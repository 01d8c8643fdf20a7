"""``python -m tests.bench.export_child MODE OUTPUT COURSE``: one side of the export measure.

``report`` runs the ``attendance_report`` command (the project's CSV path); ``raw`` runs the same
query through a raw cursor into ``csv.writer``; ``startup`` only starts Django (the fixed cost).
"""

from __future__ import annotations

import csv
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from attendance_app.models import Attendance  # noqa: E402
from attendance_app.reports.attendance_report import FIELDS, closed_visits  # noqa: E402


def raw(output: str, course: str) -> None:
    queryset = (
        Attendance.objects.filter(activity__course_key=course)
        .annotate(closed=closed_visits())
        .order_by("activity__created", "activity_id", "first_join_at", "id")
        .values_list(*FIELDS)
    )
    sql, params = queryset.query.sql_with_params()
    with open(output, "w", newline="", encoding="utf-8") as sink, connection.cursor() as cursor:
        writer = csv.writer(sink)
        writer.writerow(FIELDS)
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(2000):
            writer.writerows(rows)


def peak_rss_kb() -> int:
    """This process's own peak resident memory since its exec (``VmHWM``).

    Not ``getrusage``: Linux carries the forking parent's peak into the child's ``ru_maxrss``.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1])


if __name__ == "__main__":
    mode, output, course = sys.argv[1:4]
    if mode == "raw":
        raw(output, course)
    elif mode == "report":
        call_command(
            "attendance_report",
            "attendance-report",
            "--format=csv",
            f"--output={output}",
            f"--course={course}",
        )
    else:
        open(output, "w").close()
    with open(f"{output}.rss", "w", encoding="ascii") as rss:
        rss.write(str(peak_rss_kb()))
