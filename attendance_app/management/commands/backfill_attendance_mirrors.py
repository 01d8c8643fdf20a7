"""``manage.py lms backfill_attendance_mirrors [--course KEY ...]``: fill the mirror tables.

Run it once after installing the app (events keep the mirrors current afterwards), or for one
course whose events were lost. Without ``--course`` it walks every course run of the platform.
Shows a tqdm progress bar when tqdm is installed (edx-platform pins it), else one line per course.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

from attendance_app.api.backfill import backfill_course
from attendance_app.platform import get_backend


class Command(BaseCommand):
    help = "Fill the Attendance & Credits mirror tables from the platform, for one course run or all."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--course",
            action="append",
            default=[],
            metavar="COURSE_KEY",
            help="A course run key (repeat for several); all course runs when absent.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Print no progress bar or lines.")

    def handle(self, *args: Any, **options: Any) -> None:
        course_keys = self._course_keys(options["course"])
        totals: Counter[str] = Counter()
        for course_key in self._progress(course_keys, quiet=options["no_progress"]):
            totals.update(backfill_course(course_key))
        summary = ", ".join(f"{name} {totals[name]}" for name in sorted(totals)) or _("nothing to mirror")
        self.stdout.write(
            _("Mirrored {count} course runs: {summary}.").format(count=len(course_keys), summary=summary)
        )

    def _course_keys(self, raw_keys: list[str]) -> list[CourseKey]:
        if not raw_keys:
            return get_backend().mirrored_course_keys()
        course_keys = []
        for raw in raw_keys:
            try:
                course_keys.append(CourseKey.from_string(raw))
            except InvalidKeyError as error:
                raise CommandError(_("{key} is not a course run key.").format(key=raw)) from error
        return course_keys

    def _progress(self, course_keys: list[CourseKey], quiet: bool) -> Iterable[CourseKey]:
        if quiet:
            return course_keys
        try:
            from tqdm import tqdm
        except ImportError:
            return self._lines(course_keys)
        return tqdm(course_keys, desc=_("Mirroring"), unit=_("course"), file=self.stdout._out)

    def _lines(self, course_keys: list[CourseKey]) -> Iterator[CourseKey]:
        total = len(course_keys)
        for index, course_key in enumerate(course_keys, start=1):
            self.stdout.write(
                _("[{index}/{total}] {course}").format(index=index, total=total, course=course_key)
            )
            yield course_key
