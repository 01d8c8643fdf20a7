"""Report filters as a client sends them (query string, command options), validated into values.

Every bad value raises :class:`InvalidInput` with a translated message naming the field; nothing
is read before the whole set is valid.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from attendance_app.api.activities import parse_usage_key
from attendance_app.api.validation import parse_integer
from attendance_app.exceptions import InvalidInput

#: The longest date range the Attendance report accepts (seed 001: "can't be longer than 6 months").
MAX_RANGE_MONTHS = 6

GROUPINGS = ("session", "user", "none")
STATUSES = ("in_progress", "finished", "all")


@dataclass(frozen=True)
class ReportFilters:
    """What a report is narrowed to; ``None`` means "no filter"."""

    start: date | None = None
    end: date | None = None
    activity: str | None = None  # a usage key, as text
    user_id: int | None = None
    group: int | None = None  # a cohort id
    grouping: str = "session"
    status: str = "all"

    @property
    def start_at(self) -> datetime | None:
        """The first instant of ``start`` in UTC."""
        return datetime.combine(self.start, time.min, tzinfo=UTC) if self.start else None

    @property
    def end_before(self) -> datetime | None:
        """The first instant after ``end`` (the range includes the whole ``end`` day, UTC)."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=UTC) if self.end else None


def add_months(day: date, months: int) -> date:
    """``day`` ``months`` later (or earlier); the month's last day when shorter (31 Aug + 6: 28 Feb)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _date(raw: str, field: str, errors: dict[str, list[str]]) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        errors[field] = [_("Enter a date as YYYY-MM-DD, e.g. 2026-03-31.")]
        return None


def _user_id(raw: str, errors: dict[str, list[str]]) -> int | None:
    """A user id, or the id of the user with that username."""
    number = parse_integer(raw)
    if number is not None and number > 0:
        return number
    found = get_user_model().objects.filter(username=raw.strip()).values_list("id", flat=True).first()
    if found is None:
        errors["user"] = [_("No user is called “{value}”.").format(value=raw)]
    return found


def parse_filters(
    raw: Mapping[str, str],
    accepted: tuple[str, ...],
    course_key: CourseKey,
    today: date,
    *,
    bounded_range: bool = False,
) -> ReportFilters:
    """Validate the filters a report accepts.

    ``bounded_range`` requires a range of at most :data:`MAX_RANGE_MONTHS` months; without a range
    it is the six months up to ``today``.

    Raises:
        InvalidInput: a filter the report does not take, or a value that is not valid.
    """
    errors: dict[str, list[str]] = {}
    values: dict[str, object] = {}
    for name in raw:
        if name not in accepted:
            errors[name] = [
                _("This report has no filter “{name}”; it takes: {names}.").format(
                    name=name, names=", ".join(accepted) or "-"
                )
            ]
    text = {name: str(value) for name, value in raw.items() if name in accepted and str(value).strip()}
    if "start" in text:
        values["start"] = _date(text["start"], "start", errors)
    if "end" in text:
        values["end"] = _date(text["end"], "end", errors)
    if "activity" in text:
        try:
            usage_key = parse_usage_key(text["activity"], in_course=True)
        except InvalidInput as error:
            errors["activity"] = [error.message]
        else:
            if usage_key.course_key != course_key:
                errors["activity"] = [_("This activity is not in this course.")]
            values["activity"] = str(usage_key)
    if "user" in text:
        values["user_id"] = _user_id(text["user"], errors)
    if "group" in text:
        group = parse_integer(text["group"])
        if group is None or group <= 0:
            errors["group"] = [_("Enter the group's number.")]
        values["group"] = group
    if "grouping" in text:
        if text["grouping"] not in GROUPINGS:
            errors["grouping"] = [_("Choose one of: {choices}.").format(choices=", ".join(GROUPINGS))]
        values["grouping"] = text["grouping"]
    if "status" in text:
        if text["status"] not in STATUSES:
            errors["status"] = [_("Choose one of: {choices}.").format(choices=", ".join(STATUSES))]
        values["status"] = text["status"]
    start, end = values.get("start"), values.get("end")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        errors["end"] = [_("The end date is before the start date.")]
    if bounded_range and not errors:
        end = end if isinstance(end, date) else today
        start = start if isinstance(start, date) else add_months(end, -MAX_RANGE_MONTHS)
        if add_months(start, MAX_RANGE_MONTHS) < end:
            errors["end"] = [
                _("The date range can’t be longer than {months} months.").format(months=MAX_RANGE_MONTHS)
            ]
        values.update(start=start, end=end)
    if errors:
        raise InvalidInput(_("Some filters are not valid."), field_errors=errors)
    return ReportFilters(**values)  # type: ignore[arg-type]
