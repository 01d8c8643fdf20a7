"""The course dashboard: program session statistics (seed 003) for the course team and coaches.

One page per course run with drill-downs per learner (``?learner=<id>``) and per block
(``?block=<usage key>``), and a "present now" list that a small script refreshes
(``?present=1`` answers just that list). A coach sees only the cohorts assigned to them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from attendance_app import api, clock, conf, permissions
from attendance_app.api.course_pages import course_activities
from attendance_app.api.switches import is_enabled
from attendance_app.api.validation import parse_id
from attendance_app.exceptions import AttendanceError, InvalidInput, NotAuthorized
from attendance_app.models import Attendance
from attendance_app.platform import get_backend
from attendance_app.reports import program_statistics as ps
from attendance_app.reports.group_dashboard import group_dashboard
from attendance_app.web.course import refused
from attendance_app.web.report_page import statistics_kind

#: A learner is present while their last heartbeat is at most this many heartbeats old.
PRESENT_HEARTBEATS = 2


def present_now(stats: ps.ProgramStatistics) -> list[dict[str, Any]]:
    """The scope's learners whose last beat is within two heartbeats, with their activity."""
    since = clock.now() - timedelta(seconds=PRESENT_HEARTBEATS * conf.heartbeat_seconds())
    learners = {learner.user_id: learner for learner in stats.learners if learner.enrolled}
    rows = Attendance.objects.filter(
        activity__course_key=stats.scope.course_key, last_beat_at__gte=since, user_id__in=list(learners)
    ).values_list("user_id", "activity__display_name", "last_beat_at")
    return [
        {"name": f"{learners[uid].first_name} {learners[uid].last_name}".strip(), "activity": name, "at": at}
        for uid, name, at in rows.order_by("activity__display_name", "user_id")
    ]


def _charts(stats: ps.ProgramStatistics) -> list[dict[str, Any]]:
    """Each chart's data; the page draws it and shows the same numbers as a table."""
    return [
        {
            "id": "levels",
            "title": _("Distribution of levels"),
            "label": _("Users"),
            "rows": stats.levels(),
        },
        {
            "id": "blocks",
            "title": _("Score by block"),
            "label": _("Average score (%)"),
            "rows": [(block.title, block.average) for block in stats.blocks],
        },
        {
            "id": "groups",
            "title": _("Attendance by group"),
            "label": _("Users who started (%)"),
            "rows": [(row["group"], row["attendance_rate"]) for row in stats.results_by_group()],
        },
    ]


@login_required
@require_GET
def dashboard(request: HttpRequest, course_key: str) -> HttpResponse:
    try:
        key = api.parse_course_key(course_key)
        scope = ps.statistics_scope(request.user.id, key)
        group = request.GET.get("group")
        if group is not None:
            allowed = (
                scope.groups if scope.groups is not None else {c.name for c in get_backend().cohorts(key)}
            )
            if group not in allowed:
                raise NotAuthorized(_("You do not coach this group."))
            scope = ps.Scope(key, frozenset({group}))
        stats = ps.compute(scope)
        context: dict[str, Any] = {"stats": stats, "course_key": str(key), "group": group}
        if request.GET.get("present"):
            return render(request, "attendance_app/dashboard/_present.html", {"present": present_now(stats)})
        if "learner" in request.GET:
            learner = _learner(stats, request.GET["learner"])
            context["learner"] = learner
            context["learner_blocks"] = [(b, learner.block_scores.get(b.usage_key)) for b in stats.blocks]
            return render(request, "attendance_app/dashboard/learner.html", context)
        if "block" in request.GET:
            block = stats.block(request.GET["block"])
            if block is None:
                raise InvalidInput(_("This course has no such block."))
            context["item"] = block
            context["block_learners"] = [(le, le.block_scores.get(block.usage_key)) for le in stats.learners]
            return render(request, "attendance_app/dashboard/block.html", context)
    except AttendanceError as error:
        return refused(request, error)
    context.update(
        enabled=is_enabled(key),
        charts=_charts(stats),
        present=present_now(stats),
        activities=course_activities(key),
        can_see_evidence=scope.groups is None,
        can_edit_sponsor=scope.groups is None and permissions.can_author_course(request.user.id, key),
        heartbeat_ms=conf.heartbeat_seconds() * 1000,
        statistics_kind=statistics_kind(),
    )
    return render(request, "attendance_app/dashboard/course.html", context)


def _learner(stats: ps.ProgramStatistics, value: str) -> ps.Learner:
    user_id = parse_id(value)
    learner = stats.learner(user_id) if user_id is not None else None
    if learner is None:
        raise InvalidInput(_("This learner is not among the learners you can see."))
    return learner


@login_required
@require_GET
def groups(request: HttpRequest) -> HttpResponse:
    """The group dashboard: every course run the user coaches or teaches, with charts and a table."""
    try:
        context = group_dashboard(request.user.id)
    except AttendanceError as error:
        return refused(request, error)
    return render(request, "attendance_app/dashboard/groups.html", context)
