"""Activity report (seed 004): the activity log of the course run, a row per thing a learner did.

The user columns come from the user at report time; Company is blank (Open edX keeps no employer).
The log grows with every join and leave, so it is read in keyset pages in date order (ADR 0030).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from attendance_app.db_pages import keyset_rows
from attendance_app.models import ActivityLogEntry
from attendance_app.reports.base import Report, ReportRequest, within_scope
from attendance_app.reports.filters import ReportFilters

COLUMNS = (
    "user ID",
    "First",
    "Last",
    "Company",
    "Email",
    "Category",
    "Action",
    "Label",
    "Date",
    "Content ID",
    "Content Name",
    "Content Slug",
)
FIELDS = (
    "user_id",
    "user__first_name",
    "user__last_name",
    "user__email",
    "category",
    "action",
    "label",
    "created_at",
    "content_id",
    "content_name",
    "content_slug",
)


class ActivityReport(Report):
    kind = "activity"
    title = _("Activity report")
    filter_names = ("activity", "user", "group", "start", "end")

    def columns(self, filters: ReportFilters) -> Sequence[str]:
        return COLUMNS

    def rows(self, request: ReportRequest) -> Iterator[Sequence[Any]]:
        filters = request.filters
        entries = within_scope(ActivityLogEntry.objects.filter(course_key=request.course_key), request)
        if filters.activity:
            entries = entries.filter(content_id=filters.activity)
        if filters.start_at:
            entries = entries.filter(created_at__gte=filters.start_at)
        if filters.end_before:
            entries = entries.filter(created_at__lt=filters.end_before)
        rows = keyset_rows(entries, FIELDS, ("created_at", "id"))
        for user_id, first, last, email, category, action, label, at, *content, _id in rows:
            yield (
                user_id,
                first,
                last,
                "",
                email,
                category,
                action,
                label,
                at.strftime("%Y-%m-%d %H:%M:%S"),
                *content,
            )
