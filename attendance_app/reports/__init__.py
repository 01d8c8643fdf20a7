"""Reports of a course run (DESIGN section 9): one module per report, shared writers and filters.

:func:`run_report` is the one entry point the web page, the REST API and the command share.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from attendance_app.api.activity_log import log_activity
from attendance_app.exceptions import InvalidInput
from attendance_app.models import LogAction, LogCategory
from attendance_app.reports.base import ReportRequest
from attendance_app.reports.columns import choose_columns, project
from attendance_app.reports.presets import preset_query
from attendance_app.reports.registry import KINDS, REPORTS, get_report, report_title
from attendance_app.reports.scope import learner_scope, operator_scope
from attendance_app.reports.writers import CONTENT_TYPES, FORMATS, file_chunks

__all__ = [
    "FORMATS",
    "KINDS",
    "REPORTS",
    "PreparedReport",
    "file_name",
    "log_download",
    "operator_report",
    "prepare_report",
]


_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass(frozen=True)
class PreparedReport:
    """A report checked and ready to stream: its file name, content type and byte chunks."""

    filename: str
    content_type: str
    chunks: Iterator[bytes]


def file_name(kind: str, course_key: CourseKey, now: datetime, file_format: str) -> str:
    """``attendance_<kind>_<org>-<course>-<run>_<UTC stamp>.<format>``, the stamp as the instructor
    dashboard's own reports write it; only ASCII letters, digits, ``. _ -`` (a ``~`` or ``:`` of a
    course key becomes ``-``), so no storage renames it and it is safe in a URL (see ADR 0017)."""
    course = _UNSAFE.sub("-", f"{course_key.org}-{course_key.course}-{course_key.run}")
    return f"attendance_{kind}_{course}_{now:%Y-%m-%d-%H%M}.{file_format}"


def prepare_report(
    kind: str,
    file_format: str,
    course_key: CourseKey,
    user_id: int | None,
    raw_filters: Mapping[str, str],
    now: datetime,
    *,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 1000,
) -> PreparedReport:
    """Check everything a report needs before its first byte: kind, format, filters, permission.

    ``raw_filters`` may hold ``columns``: comma-separated column names, to keep only those, in that
    order ("Create report").

    ``progress`` is called with the number of rows written every ``progress_every`` rows and at the end.

    Raises:
        NotFound: unknown ``kind``.
        InvalidInput: unknown ``file_format`` or a bad filter.
        NotAuthorized: ``user_id`` may not read this report here, or not for that group.
    """
    report = get_report(kind)
    _check_format(file_format)
    raw = dict(raw_filters)
    if "preset" in raw:  # the reader's kept choice; what the request names besides wins
        raw = {**preset_query(user_id, course_key, kind, raw.pop("preset")), **raw}
    chosen = raw.pop("columns", None)
    filters = report.parse(raw, course_key, now)
    scope = learner_scope(user_id, course_key, report.audience, filters.group)
    request = ReportRequest(course_key, scope, filters, now)
    header, rows = report.table(request)
    columns = list(header)
    positions = choose_columns(columns, chosen)
    if positions is not None:
        columns, rows = [columns[position] for position in positions], project(rows, positions)
    if progress is not None:
        rows = _counting(rows, progress, progress_every)
    chunks = file_chunks(file_format, columns, rows, str(report.title))
    return PreparedReport(file_name(kind, course_key, now, file_format), CONTENT_TYPES[file_format], chunks)


def log_download(user_id: int | None, kind: str, course_key: CourseKey, now: datetime) -> None:
    """Seed 004's "Analytics": the reader downloaded a report (its title is the label)."""
    if user_id is not None:
        title = str(report_title(kind))
        log_activity(user_id, course_key, LogCategory.ANALYTICS, LogAction.REPORT_DOWNLOADED, title, now)


def operator_report(
    kind: str,
    file_format: str,
    course_keys: Sequence[CourseKey],
    raw_filters: Mapping[str, str],
    now: datetime,
) -> Iterator[bytes]:
    """A report of every learner of ``course_keys``, one header over the courses' rows (no permission
    check: for operators at the command line).

    Raises:
        NotFound, InvalidInput: as :func:`prepare_report`.
    """
    report = get_report(kind)
    _check_format(file_format)
    if not course_keys:
        raise InvalidInput(_("No course run has attendance activities."))
    raw = dict(raw_filters)
    chosen = raw.pop("columns", None)
    requests = []
    for course_key in course_keys:
        filters = report.parse(raw, course_key, now)
        requests.append(ReportRequest(course_key, operator_scope(course_key, filters.group), filters, now))
    columns, rows = merged_tables([report.table(request) for request in requests])
    positions = choose_columns(columns, chosen)
    if positions is not None:
        columns, rows = [columns[position] for position in positions], project(rows, positions)
    return file_chunks(file_format, columns, rows, str(report.title))


def merged_tables(
    tables: Sequence[tuple[Sequence[str], Iterator[Sequence[Any]]]],
) -> tuple[list[str], Iterator[Sequence[Any]]]:
    """One header over several courses' tables, each row moved under its columns' names.

    Reports with fixed columns give the same header for every course and pass through; where the
    columns depend on a course's data (its groups, blocks, slots) the header is every course's
    columns in order of first appearance, a column named twice in a course kept twice, and a row
    gets "" under the columns its course does not have.
    """
    merged: list[tuple[str, int]] = []
    for header, _rows in tables:
        for labelled in _labelled(header):
            if labelled not in merged:
                merged.append(labelled)
    columns = [name for name, _occurrence in merged]

    def aligned(header: Sequence[str], rows: Iterator[Sequence[Any]]) -> Iterator[Sequence[Any]]:
        if list(header) == columns:
            yield from rows
            return
        where = {labelled: index for index, labelled in enumerate(_labelled(header))}
        positions = [where.get(labelled) for labelled in merged]
        for row in rows:
            yield ["" if position is None else row[position] for position in positions]

    return columns, itertools.chain.from_iterable(aligned(header, rows) for header, rows in tables)


def _labelled(header: Sequence[str]) -> list[tuple[str, int]]:
    """Each column name with how many times it came before (a custom field may repeat a name)."""
    seen: dict[str, int] = {}
    labelled = []
    for name in header:
        labelled.append((name, seen.get(name, 0)))
        seen[name] = seen.get(name, 0) + 1
    return labelled


def _counting(
    rows: Iterator[Sequence[Any]], progress: Callable[[int], None], every: int
) -> Iterator[Sequence[Any]]:
    count = 0
    for row in rows:
        yield row
        count += 1
        if count % every == 0:
            progress(count)
    progress(count)


def _check_format(file_format: str) -> None:
    if file_format not in FORMATS:
        raise InvalidInput(
            _("Choose a format among: {formats}.").format(formats=", ".join(FORMATS)),
            field_errors={"format": [_("Unknown format.")]},
        )
