"""All sessions: a row per attendance activity of the course run, filtered In progress / Finished / All.

Registered counts the learners (in the reader's scope) who attended the session; Completion is the
share of them holding a claim of credit that is not revoked.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from attendance_app.models import Activity, Attendance, Claim
from attendance_app.reports.base import CHUNK_SIZE, Report, ReportRequest, when
from attendance_app.reports.filters import ReportFilters
from attendance_app.reports.instructors import course_instructors

COLUMNS = ("SESSION ID", "Name", "Start", "End", "Registered", "Completion", "Instructors")


def _count(queryset: QuerySet[Any], request: ReportRequest) -> Coalesce:
    """A correlated count of distinct learners in ``queryset`` (rows of one activity)."""
    if request.scope.learner_ids is not None:
        queryset = queryset.filter(user_id__in=sorted(request.scope.learner_ids))
    counted = (
        queryset.filter(activity=OuterRef("pk"))
        .order_by()
        .values("activity")
        .annotate(learners=Count("user", distinct=True))
        .values("learners")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def finished(request: ReportRequest) -> Q:
    return Q(archived_at__isnull=False) | Q(live_end__isnull=False, live_end__lte=request.now)


class AllSessionsReport(Report):
    kind = "all-sessions"
    title = _("All sessions")
    filter_names = ("status", "group")

    def columns(self, filters: ReportFilters) -> Sequence[str]:
        return COLUMNS

    def rows(self, request: ReportRequest) -> Iterator[Sequence[Any]]:
        instructors = ", ".join(course_instructors(request.course_key))
        activities = Activity.objects.filter(course_key=request.course_key)
        status = request.filters.status
        if status == "finished":
            activities = activities.filter(finished(request))
        elif status == "in_progress":
            started = Q(live_start__isnull=True) | Q(live_start__lte=request.now)
            activities = activities.exclude(finished(request)).filter(started)
        activities = activities.annotate(
            registered=_count(Attendance.objects.all(), request),
            completed=_count(Claim.objects.filter(revoked_at__isnull=True), request),
        ).order_by("live_start", "created", "id")
        fields = ("usage_key", "display_name", "live_start", "created", "live_end", "archived_at")
        for row in activities.values_list(*fields, "registered", "completed").iterator(chunk_size=CHUNK_SIZE):
            usage_key, name, live_start, created, live_end, archived_at, registered, completed = row
            yield (
                str(usage_key),
                name,
                when(live_start or created),
                when(live_end or archived_at),
                registered,
                f"{round(100 * completed / registered)}%" if registered else "-",
                instructors,
            )
