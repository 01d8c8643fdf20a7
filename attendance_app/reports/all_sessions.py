"""All sessions: a row per attendance activity of the course run, filtered In progress / Finished / All.

Registered counts the learners (in the reader's scope) who attended the session, or, for a
classroom activity, those registered for one of its slots (not those waiting); Completion is the
share of them holding a claim of credit that is not revoked. Instructors are the course run's
instructors and, for a classroom activity, its slots' instructors.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from attendance_app.models import (
    Activity,
    ActivityMode,
    Attendance,
    Claim,
    Registration,
    RegistrationStatus,
    Slot,
)
from attendance_app.platform import get_backend
from attendance_app.reports.base import CHUNK_SIZE, Report, ReportRequest, person, when
from attendance_app.reports.filters import ReportFilters
from attendance_app.reports.instructors import course_instructor_ids

COLUMNS = ("SESSION ID", "Name", "Start", "End", "Registered", "Completion", "Instructors")


def _count(queryset: QuerySet[Any], request: ReportRequest, activity: str = "activity") -> Coalesce:
    """A correlated count of distinct learners in ``queryset`` (rows of one activity)."""
    if request.scope.learner_ids is not None:
        queryset = queryset.filter(user_id__in=sorted(request.scope.learner_ids))
    counted = (
        queryset.filter(**{activity: OuterRef("pk")})
        .order_by()
        .values(activity)
        .annotate(learners=Count("user", distinct=True))
        .values("learners")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def instructors_by_activity(request: ReportRequest) -> tuple[list[str], dict[int, list[str]]]:
    """The course's instructors by name, and each classroom activity's with its slots' (three queries)."""
    course_ids = course_instructor_ids(request.course_key)
    taught = Slot.instructors.through.objects.filter(slot__activity__course_key=request.course_key)
    pairs = list(taught.values_list("slot__activity_id", "user_id").distinct())
    users = get_backend().get_users(sorted(set(course_ids) | {user_id for _a, user_id in pairs}))
    names = {uid: person(user.first_name, user.last_name, user.username) for uid, user in users.items()}
    course = sorted(names[uid] for uid in course_ids if uid in names)
    by_activity: dict[int, set[int]] = {}
    for activity_id, user_id in pairs:
        by_activity.setdefault(activity_id, set(course_ids)).add(user_id)
    return course, {
        activity_id: sorted(names[uid] for uid in ids if uid in names)
        for activity_id, ids in by_activity.items()
    }


def finished(request: ReportRequest) -> Q:
    return Q(archived_at__isnull=False) | Q(live_end__isnull=False, live_end__lte=request.now)


class AllSessionsReport(Report):
    kind = "all-sessions"
    title = _("All sessions")
    filter_names = ("status", "group")

    def columns(self, filters: ReportFilters) -> Sequence[str]:
        return COLUMNS

    def rows(self, request: ReportRequest) -> Iterator[Sequence[Any]]:
        course_instructors, slot_instructors = instructors_by_activity(request)
        activities = Activity.objects.filter(course_key=request.course_key)
        status = request.filters.status
        if status == "finished":
            activities = activities.filter(finished(request))
        elif status == "in_progress":
            started = Q(live_start__isnull=True) | Q(live_start__lte=request.now)
            activities = activities.exclude(finished(request)).filter(started)
        activities = activities.annotate(
            registered=_count(Attendance.objects.all(), request),
            seated=_count(
                Registration.objects.filter(status=RegistrationStatus.REGISTERED), request, "slot__activity"
            ),
            completed=_count(Claim.objects.filter(revoked_at__isnull=True), request),
        ).order_by("live_start", "created", "id")
        fields = (
            "id",
            "mode",
            "usage_key",
            "display_name",
            "live_start",
            "created",
            "live_end",
            "archived_at",
        )
        counts = ("registered", "seated", "completed")
        for row in activities.values_list(*fields, *counts).iterator(chunk_size=CHUNK_SIZE):
            activity_id, mode, usage_key, name, live_start, created, live_end, archived_at, *numbers = row
            attended, seated, completed = numbers
            registered = seated if mode == ActivityMode.CLASSROOM else attended
            yield (
                str(usage_key),
                name,
                when(live_start or created),
                when(live_end or archived_at),
                registered,
                f"{round(100 * completed / registered)}%" if registered else "-",
                ", ".join(slot_instructors.get(activity_id, course_instructors)),
            )
