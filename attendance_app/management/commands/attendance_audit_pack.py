"""``manage.py lms attendance_audit_pack (--activity KEY | --course KEY [--start D] [--end D]) --output F``.

Writes an audit pack for operators (no permission check: whoever runs the command has the
database). The ZIP is written next to ``PATH`` and moved into place when complete, so a failed run
leaves no half file. The manifest names the operator as the one who asked.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from attendance_app import api, clock
from attendance_app.audit_pack.builder import write_pack
from attendance_app.audit_pack.scope import COURSE_FILTERS, PackScope
from attendance_app.exceptions import AttendanceError, InvalidInput, NotFound
from attendance_app.models import Activity
from attendance_app.reports.filters import parse_filters

OPERATOR = {"operator": "manage.py attendance_audit_pack"}


def _scope(options: dict[str, Any], now: Any) -> PackScope:
    if bool(options["activity"]) == bool(options["course"]):
        raise InvalidInput(_("Give either --activity or --course."))
    if options["activity"]:
        if options["start"] or options["end"]:
            raise InvalidInput(_("An activity’s audit pack takes no dates; it holds all of its evidence."))
        usage_key = api.parse_usage_key(options["activity"], in_course=True)
        activity = Activity.objects.filter(usage_key=usage_key).first()
        if activity is None:
            raise NotFound(_("No attendance activity at this address."))
        return PackScope(course_key=usage_key.course_key, activity=activity)
    course_key = api.parse_course_key(options["course"])
    raw = {name: options[name] for name in COURSE_FILTERS if options.get(name)}
    filters = parse_filters(raw, COURSE_FILTERS, course_key, now.date(), bounded_range=True)
    return PackScope(course_key=course_key, start=filters.start, end=filters.end)


class Command(BaseCommand):
    help = "Write the audit pack (a ZIP) of an activity, or of a course run over at most six months."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--activity", help="An activity's usage key: all of its evidence.")
        parser.add_argument("--course", help="A course run key, with --start and --end.")
        parser.add_argument("--start", help="From this day (UTC), YYYY-MM-DD.")
        parser.add_argument("--end", help="To this day included (UTC), YYYY-MM-DD.")
        parser.add_argument("--output", required=True, help="The ZIP file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        output = os.path.abspath(options["output"])
        now = clock.now()
        try:
            scope = _scope(options, now)
            with tempfile.NamedTemporaryFile(
                dir=os.path.dirname(output), delete=False, suffix=".part"
            ) as partial:
                try:
                    result = write_pack(partial, scope, OPERATOR, now)
                except BaseException:
                    os.unlink(partial.name)
                    raise
            os.replace(partial.name, output)
        except AttendanceError as error:
            details = " ".join(f"{name}: {' '.join(errors)}" for name, errors in error.field_errors.items())
            raise CommandError(f"{error.message} {details}".strip()) from error
        except OSError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Audit pack written to {output} ({result.rows} rows)")
