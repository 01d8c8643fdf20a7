"""The reports by kind, as URLs, the REST API and the ``attendance_report`` command name them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from attendance_app import audit_pack
from attendance_app.exceptions import NotFound
from attendance_app.reports.activity_report import ActivityReport
from attendance_app.reports.all_sessions import AllSessionsReport
from attendance_app.reports.attendance_report import AttendanceReport
from attendance_app.reports.attendance_tracking import AttendanceTrackingReport
from attendance_app.reports.base import Report
from attendance_app.reports.credit_deficiency import CreditDeficiencyReport
from attendance_app.reports.program_export import ProgramStatisticsReport

REPORTS: dict[str, type[Report]] = {
    report.kind: report
    for report in (
        AttendanceTrackingReport,
        AttendanceReport,
        AllSessionsReport,
        ActivityReport,
        ProgramStatisticsReport,
        CreditDeficiencyReport,
    )
}
KINDS = tuple(REPORTS)


def get_report(kind: str) -> Report:
    """The report of ``kind``.

    Raises:
        NotFound: no report has that kind.
    """
    report = REPORTS.get(kind)
    if report is None:
        raise NotFound(
            _("There is no report “{kind}”; the reports are: {kinds}.").format(
                kind=kind, kinds=", ".join(KINDS)
            )
        )
    return report()


def report_title(kind: str) -> Any:
    """The title of a report, or of the audit pack, as lists and emails name it (the kind if unknown)."""
    if kind == audit_pack.KIND:
        return audit_pack.TITLE
    report = REPORTS.get(kind)
    return report.title if report is not None else kind
