"""``manage.py lms attendance_retention [--dry-run | --apply]``: evidence past retention.

``--dry-run`` (the default) lists, by table, the rows older than ``ATTENDANCE_RETENTION_DAYS``
that would be anonymised, and writes nothing. ``--apply`` anonymises them with retirement's rules
(:mod:`attendance_app.api.retention`); credits and certificates stay. Safe to run again, e.g. daily.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from attendance_app import clock, conf
from attendance_app.api.retention import apply_retention, cutoff, past_retention


class Command(BaseCommand):
    help = "List (default) or anonymise (--apply) Attendance & Credits evidence past its retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="List what is past retention (default).")
        mode.add_argument("--apply", action="store_true", help="Anonymise what is past retention.")

    def handle(self, *args: Any, **options: Any) -> None:
        now = clock.now()
        limit = cutoff(now)
        self.stdout.write(
            _("Retention: {days} days; rows from before {limit} (UTC) are past it.").format(
                days=conf.retention_days(), limit=limit.strftime("%Y-%m-%d %H:%M")
            )
        )
        counts = apply_retention(now) if options["apply"] else past_retention(now)
        for name in sorted(counts):
            self.stdout.write(f"  {name}: {counts[name]}")
        total = sum(counts.values())
        if options["apply"]:
            self.stdout.write(
                _("Anonymised {count} rows; credits and certificates were kept.").format(count=total)
            )
        else:
            self.stdout.write(
                _("{count} rows are past retention; nothing was changed (run with --apply).").format(
                    count=total
                )
            )
