"""Reports of a course run (DESIGN section 9): one module per report, shared writers and filters.

:func:`run_report` is the one entry point the web page, the REST API and the command share.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from attendance_app.exceptions import InvalidInput
from attendance_app.reports.base import ReportRequest
from attendance_app.reports.registry import KINDS, REPORTS, get_report
from attendance_app.reports.scope import LearnerScope, learner_scope
from attendance_app.reports.writers import CONTENT_TYPES, FORMATS, file_chunks

__all__ = ["FORMATS", "KINDS", "REPORTS", "PreparedReport", "prepare_report"]


@dataclass(frozen=True)
class PreparedReport:
    """A report checked and ready to stream: its file name, content type and byte chunks."""

    filename: str
    content_type: str
    chunks: Iterator[bytes]


def file_name(kind: str, course_key: CourseKey, now: datetime, file_format: str) -> str:
    """``attendance_<kind>_<course>_<UTC stamp>.<format>``: no "grade", "problem" or "enrolled" in it,
    so the instructor dashboard's report list shows it (see ADR 0017)."""
    course = f"{course_key.org}-{course_key.course}-{course_key.run}"
    return f"attendance_{kind}_{course}_{now:%Y-%m-%d-%H%M}.{file_format}"


def prepare_report(
    kind: str,
    file_format: str,
    course_key: CourseKey,
    user_id: int | None,
    raw_filters: Mapping[str, str],
    now: datetime,
    *,
    scope: LearnerScope | None = None,
) -> PreparedReport:
    """Check everything a report needs before its first byte: kind, format, filters, permission.

    ``scope`` (everyone, for the management command) replaces the permission check.

    Raises:
        NotFound: unknown ``kind``.
        InvalidInput: unknown ``file_format`` or a bad filter.
        NotAuthorized: ``user_id`` may not read this report here, or not for that group.
    """
    report = get_report(kind)
    if file_format not in FORMATS:
        raise InvalidInput(
            _("Choose a format among: {formats}.").format(formats=", ".join(FORMATS)),
            field_errors={"format": [_("Unknown format.")]},
        )
    filters = report.parse(raw_filters, course_key, now)
    if scope is None:
        scope = learner_scope(user_id, course_key, report.audience, filters.group)
    request = ReportRequest(course_key, scope, filters, now)
    chunks = file_chunks(file_format, report.columns(filters), report.rows(request), str(report.title))
    return PreparedReport(file_name(kind, course_key, now, file_format), CONTENT_TYPES[file_format], chunks)
