"""``manage seed_demo``: fill the demo database (safe to run again)."""

from typing import Any

from django.core.management.base import BaseCommand

from demo.seed import seed


class Command(BaseCommand):
    help = "Seed the demo course run with people in every role, units and activities."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = seed()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo seeded: {learners} learners, {units} units, {activities} activities.".format(**counts)
            )
        )
