"""``automark_classroom_slots``: the auto-mark at close, for sites without Celery beat (run it from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from attendance_app import api, clock


class Command(BaseCommand):
    help = "Mark the unmarked registrants of classroom slots closed long enough ago. Safe to repeat."

    def handle(self, *args: Any, **options: Any) -> None:
        marked = api.automark_closed_slots(clock.now())
        self.stdout.write(_("{count} learners marked.").format(count=marked))
