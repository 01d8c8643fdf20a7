"""``manage.py lms export_attendance_personal_data USERNAME``: one learner's data as JSON on stdout.

What the app's tables hold about the learner (docs/retirement.md lists it), for a data-subject
access request; the REST endpoint ``users/{username}/personal-data/`` gives global staff the same.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from attendance_app.api.retirement import personal_data, user_id_for_username
from attendance_app.exceptions import NotFound


class Command(BaseCommand):
    help = "Print, as JSON, everything Attendance & Credits holds about one learner."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--indent", type=int, default=2, help="JSON indentation (0: one line).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user_id = user_id_for_username(options["username"])
        except NotFound as error:
            raise CommandError(error.message) from error
        data = {"username": options["username"], **personal_data(user_id)}
        self.stdout.write(json.dumps(data, indent=options["indent"] or None, ensure_ascii=False))
