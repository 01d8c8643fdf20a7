"""``send_low_attendance_warnings``: the classroom's warnings, for sites without Celery beat (cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from attendance_app import api, clock


class Command(BaseCommand):
    help = "Email the low-attendance warnings now due to learners and their coaches. Safe to repeat."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = api.send_low_attendance_warnings(clock.now())
        self.stdout.write(_("{count} warnings sent.").format(count=sent))
