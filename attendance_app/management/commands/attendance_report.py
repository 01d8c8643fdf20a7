"""``manage.py lms attendance_report KIND --format {csv,xlsx} --output PATH [--course KEY] [filters]``.

Writes a report for operators: every learner (no coach scope), of one course run or, without
``--course``, of every course run with attendance activities under one header. The file is written
next to ``PATH`` and moved into place when complete, so a failed run leaves no half file.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from attendance_app import api, clock
from attendance_app.exceptions import AttendanceError
from attendance_app.models import Activity
from attendance_app.reports import FORMATS, KINDS, operator_report
from attendance_app.reports.filters import GROUPINGS, STATUSES

FILTERS = ("columns", "grouping", "status", "activity", "user", "group", "start", "end")


class Command(BaseCommand):
    help = "Write an attendance report (CSV or XLSX) of one course run or of all of them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=KINDS, help="The report.")
        parser.add_argument("--format", dest="file_format", choices=FORMATS, default="csv")
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument("--course", help="A course run key; without it, every course run.")
        parser.add_argument("--columns", help="Only these columns, comma-separated, in this order.")
        parser.add_argument(
            "--grouping", choices=GROUPINGS, help="attendance-tracking: session, user or none."
        )
        parser.add_argument("--status", choices=STATUSES, help="all-sessions: in_progress, finished or all.")
        parser.add_argument("--activity", help="Only this activity (usage key).")
        parser.add_argument("--user", help="Only this learner (username or id).")
        parser.add_argument("--group", help="Only this cohort (id).")
        parser.add_argument("--start", help="From this day (UTC), YYYY-MM-DD.")
        parser.add_argument("--end", help="To this day included (UTC), YYYY-MM-DD.")

    def handle(self, *args: Any, **options: Any) -> None:
        filters = {name: options[name] for name in FILTERS if options.get(name) is not None}
        output = os.path.abspath(options["output"])
        try:
            if options["course"]:
                course_keys = [api.parse_course_key(options["course"])]
            else:
                keys = Activity.objects.order_by("course_key").values_list("course_key", flat=True).distinct()
                course_keys = [key for key in keys if key is not None]
            chunks = operator_report(
                options["kind"], options["file_format"], course_keys, filters, clock.now()
            )
            directory = os.path.dirname(output)
            with tempfile.NamedTemporaryFile(dir=directory, delete=False, suffix=".part") as partial:
                try:
                    for chunk in chunks:
                        partial.write(chunk)
                except BaseException:
                    os.unlink(partial.name)
                    raise
            os.replace(partial.name, output)
        except AttendanceError as error:
            details = " ".join(f"{name}: {' '.join(errors)}" for name, errors in error.field_errors.items())
            raise CommandError(f"{error.message} {details}".strip()) from error
        except OSError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{options['kind']} written to {output}")
