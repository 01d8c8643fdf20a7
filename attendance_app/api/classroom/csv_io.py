"""CSV in and out of the classroom: slot and mark imports (all-or-nothing), the roster export.

Imports read every line first and report every wrong one with its line number; nothing is written
unless all are right. The roster export neutralises cells a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from opaque_keys.edx.keys import UsageKey

from attendance_app.api.classroom import access
from attendance_app.api.classroom.marking import register_rows, write_mark
from attendance_app.api.classroom.slots import clean_slot
from attendance_app.api.classroom.statuses import status_by_code
from attendance_app.exceptions import Conflict, InvalidInput
from attendance_app.models import ActivityMode, MarkSource, Registration, Slot
from attendance_app.models import RegistrationStatus as Seat
from attendance_app.reports.writers import FORMULA_STARTS

MAX_CSV_CHARACTERS = 1_000_000
MAX_LINES = 1000
SLOT_COLUMNS = [
    "title",
    "start",
    "end",
    "duration_hours",
    "location",
    "online_url",
    "capacity",
    "instructors",
]
MARK_COLUMNS = ["username", "status", "remark"]


def _lines(raw: object, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) of a CSV text with a header line naming at least ``required``.

    Raises:
        InvalidInput: not text, too large, or the header lacks a column.
    """
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidInput(_("Send the CSV text in “csv”."), field_errors={"csv": [_("Send CSV text.")]})
    if len(raw) > MAX_CSV_CHARACTERS:
        raise InvalidInput(_("The CSV is too large: split it."))
    # newline="": the csv module splits the lines itself, so a lone CR ends a line, as in a file.
    reader = csv.DictReader(io.StringIO(raw.lstrip("\ufeff"), newline=""))
    try:
        header = [name.strip() for name in reader.fieldnames or []]
        if missing := [name for name in required if name not in header]:
            raise InvalidInput(
                _("Line 1: the header lacks the columns {columns}.").format(columns=", ".join(missing))
            )
        reader.fieldnames = header
        for row in reader:
            if reader.line_num > MAX_LINES + 1:
                raise InvalidInput(_("At most {count} lines per import.").format(count=MAX_LINES))
            yield reader.line_num, {name: (value or "").strip() for name, value in row.items() if name}
    except csv.Error as error:  # a field past the csv module's size limit, a stray quote or NUL
        raise InvalidInput(
            _("Line {number}: the line cannot be read as CSV.").format(number=reader.line_num or 1)
        ) from error


def _fail(problems: dict[str, list[str]]) -> None:
    if problems:
        first = next(iter(problems))
        raise InvalidInput(
            ngettext(
                "{count} line is wrong ({line}); nothing was imported.",
                "{count} lines are wrong (the first: {line}); nothing was imported.",
                len(problems),
            ).format(count=len(problems), line=first),
            field_errors=problems,
        )


def _line(number: int) -> str:
    return _("line {number}").format(number=number)


def import_slots(actor_id: int | None, usage_key: UsageKey, data: dict[str, Any]) -> int:
    """Create the slots of a CSV (``data["csv"]``); returns how many.

    Columns: title, start, end (ISO 8601 with an offset), duration_hours, location, online_url,
    capacity and instructors (usernames separated by spaces).

    Raises:
        NotFound, NotAuthorized: as for creating slots.
        InvalidInput: a line is wrong (``field_errors`` maps "line N" to its messages); nothing created.
    """
    activity = access.activity_for(usage_key)
    access.require_manager(actor_id, activity)
    if activity.mode != ActivityMode.CLASSROOM:
        raise InvalidInput(_("Switch the activity to classroom mode before adding slots."))
    users = get_user_model().objects
    problems: dict[str, list[str]] = {}
    cleaned = []
    for number, row in _lines(data.get("csv"), SLOT_COLUMNS[:-1]):
        names = row.pop("instructors", "").split()
        ids = dict(users.filter(username__in=names, is_active=True).values_list("username", "id"))
        fields: dict[str, Any] = {key: value for key, value in row.items() if key in SLOT_COLUMNS}
        fields["instructor_ids"] = sorted(ids.values())
        messages = [_("No active user “{name}”.").format(name=name) for name in names if name not in ids]
        try:
            cleaned.append(clean_slot(fields, access.course_of(activity), None))
        except InvalidInput as error:
            messages += [f"{field}: {' '.join(texts)}" for field, texts in error.field_errors.items()]
        if messages:
            problems[_line(number)] = messages
    _fail(problems)
    with transaction.atomic():
        for clean in cleaned:
            slot = Slot.objects.create(
                activity=activity,
                checkin_secret=secrets.token_hex(32),
                **{name: clean[name] for name in SLOT_COLUMNS[:-1] if name != "instructors"},
                cohort_id=clean["cohort_id"],
            )
            slot.instructors.set(clean["instructor_ids"])
    return len(cleaned)


def import_marks(
    actor_id: int | None, usage_key: UsageKey, slot_id: int, data: dict[str, Any], now: datetime
) -> int:
    """Mark the learners of a CSV (``data["csv"]``: username, status, remark); returns how many changed.

    Every learner must be registered for the slot; an import is deliberate, so it replaces marks
    without a version check (each change is audited).

    Raises:
        NotFound, NotAuthorized: as for marking.
        InvalidInput: a line is wrong; nothing is marked.
        Conflict: the slot has not started.
    """
    slot = access.slot_for(access.activity_for(usage_key), slot_id)
    access.require_marker(actor_id, slot)
    course_key = access.course_of(slot.activity)
    seated = dict(
        Registration.objects.filter(slot=slot, status=Seat.REGISTERED).values_list(
            "user__username", "user_id"
        )
    )
    problems: dict[str, list[str]] = {}
    planned = []
    seen: set[str] = set()
    for number, row in _lines(data.get("csv"), MARK_COLUMNS[:2]):
        messages = []
        username = row.get("username", "")
        if username not in seated:
            messages.append(_("“{name}” is not registered for this slot.").format(name=username))
        elif username in seen:
            messages.append(_("“{name}” is on an earlier line too.").format(name=username))
        seen.add(username)
        try:
            status = status_by_code(course_key, row.get("status", "").lower())
        except InvalidInput as error:
            messages.append(error.message)
        if len(row.get("remark", "")) > 500:
            messages.append(_("A remark has at most 500 characters."))
        if messages:
            problems[_line(number)] = messages
        else:
            planned.append((seated[username], status, row.get("remark", "")))
    _fail(problems)
    if now < slot.start:
        raise Conflict(_("This slot has not started yet: learners are marked once it starts."))
    with transaction.atomic():
        changed = [
            write_mark(
                slot,
                user_id,
                status,
                remark,
                now,
                actor_id=actor_id,
                source=MarkSource.PERSON,
                expected_version=None,
            )
            for user_id, status, remark in planned
        ]
    return sum(mark is not None for mark in changed)


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ or control character gets a quote."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def roster_csv(actor_id: int | None, usage_key: UsageKey, slot_id: int) -> str:
    """The slot's register as CSV: one line per learner with their mark.

    Raises:
        NotFound, NotAuthorized: as for listing marks.
    """
    slot = access.slot_for(access.activity_for(usage_key), slot_id)
    access.require_marker(actor_id, slot)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Username"),
            _("Name"),
            _("Registration"),
            _("Status"),
            _("Remark"),
            _("Source"),
            _("Marked at (UTC)"),
        ]
    )
    for row in register_rows(slot):
        mark = row.mark
        writer.writerow(
            safe_cell(value)
            for value in (
                row.username,
                row.name,
                row.registration or _("walk-in"),
                mark.status.label if mark else "",
                mark.remark if mark else "",
                mark.source if mark else "",
                mark.marked_at.strftime("%Y/%m/%d %H:%M") if mark else "",
            )
        )
    return out.getvalue()
