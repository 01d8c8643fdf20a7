"""The Reports page of a course run: ``/attendance/courses/<course_key>/reports/``.

Every report the reader may run here (the permission :func:`attendance_app.reports.prepare_report` asks), each
with a form of the filters it takes, "Download CSV/XLSX" ("Now", a GET to the download address) and
"Send by email" (a confirmation page, then a POST with its CSRF token); and "Create report": chosen
columns, filters and a name kept as a preset, listed with its downloads and a delete button.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from opaque_keys.edx.keys import CourseKey

from attendance_app import api, clock
from attendance_app.api.course_pages import course_activities
from attendance_app.exceptions import AttendanceError, InvalidInput, NotAuthorized
from attendance_app.platform import get_backend
from attendance_app.reports import REPORTS, prepare_report
from attendance_app.reports.filters import GROUPINGS, STATUSES, ReportFilters
from attendance_app.reports.presets import delete_preset, my_presets_by_kind, save_preset
from attendance_app.reports.program_export import ProgramStatisticsReport
from attendance_app.reports.registry import get_report
from attendance_app.reports.scope import Audience, learner_scope
from attendance_app.web.course import refused


def statistics_kind() -> str:
    """The kind of the program statistics export (the dashboard's download buttons)."""
    return ProgramStatisticsReport.kind


def readable_kinds(user_id: int | None, course_key: CourseKey) -> list[str]:
    """The kinds ``user_id`` may run in this course: those whose audience takes the reader here.

    The same permission :func:`prepare_report` asks before a download (:func:`learner_scope`, no
    group), asked once per audience rather than once per report.

    Raises:
        NotAuthorized: the reader may run none of them here.
    """
    allowed: dict[str, bool] = {}
    refusal: AttendanceError = NotAuthorized(_("You do not have permission to read reports in this course."))
    for kind in REPORTS:
        audience = get_report(kind).audience
        if audience not in allowed:
            try:
                learner_scope(user_id, course_key, audience, None)
            except NotAuthorized as error:
                refusal = error
                allowed[audience] = False
            else:
                allowed[audience] = True
    kinds = [kind for kind in REPORTS if allowed[get_report(kind).audience]]
    if not kinds:
        raise refusal
    return kinds


def filter_fields(
    report_filters: tuple[str, ...], choices: Mapping[str, list[tuple[str, str]]]
) -> list[dict]:
    """The form fields of a report's filters, in its order: name, label, input type and choices."""
    labels = {
        "grouping": _("Grouping"),
        "status": _("Status"),
        "activity": _("Activity"),
        "user": _("Learner (username or id)"),
        "group": _("Group"),
        "start": _("From (UTC)"),
        "end": _("To, included (UTC)"),
    }
    fields = []
    for name in report_filters:
        kind = "date" if name in ("start", "end") else "select" if name in choices else "text"
        fields.append(
            {"name": name, "label": labels.get(name, name), "type": kind, "choices": choices.get(name)}
        )
    return fields


def _choices(course_key: CourseKey, cohort_ids: frozenset[int]) -> dict[str, list[tuple[str, str]]]:
    every = [("", _("All"))]
    GROUPING_LABELS = {"session": _("By session"), "user": _("By user"), "none": _("Ungrouped")}
    STATUS_LABELS = {"in_progress": _("In progress"), "finished": _("Finished"), "all": _("All")}
    return {
        "grouping": [(value, GROUPING_LABELS[value]) for value in GROUPINGS],
        "status": [(value, STATUS_LABELS[value]) for value in sorted(STATUSES, key=lambda v: v != "all")],
        "activity": every + [(a["usage_key"], a["display_name"]) for a in course_activities(course_key)],
        "group": every
        + [
            (str(cohort.cohort_id), cohort.name)
            for cohort in get_backend().cohorts(course_key)
            if cohort.cohort_id in cohort_ids
        ],
    }


def page_context(
    user_id: int | None,
    course_key: CourseKey,
    now: datetime,
    *,
    failed_kind: str | None = None,
    error: AttendanceError | None = None,
    values: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the page shows; ``failed_kind``'s "Create report" form keeps ``values`` and errors.

    Raises:
        NotAuthorized: as :func:`readable_kinds`.
    """
    kinds = readable_kinds(user_id, course_key)
    scope = learner_scope(user_id, course_key, Audience.COACHES, None)
    choices = _choices(course_key, scope.cohort_ids)
    presets = my_presets_by_kind(user_id, course_key, kinds)
    reports = []
    for kind in kinds:
        report = get_report(kind)
        failed = kind == failed_kind
        reports.append(
            {
                "kind": kind,
                "title": report.title,
                "fields": filter_fields(report.filter_names, choices),
                "columns": list(report.columns(ReportFilters())),
                "presets": presets[kind],
                "errors": (error.field_errors or {}) if failed and error else {},
                "values": values if failed and values is not None else {},
                "chosen": (values or {}).get("columns", []) if failed else [],
            }
        )
    course = get_backend().get_course(course_key)
    return {
        "course_key": str(course_key),
        "course_name": course.display_name if course else str(course_key),
        "reports": reports,
        "error": error,
    }


@login_required
@require_http_methods(["GET", "POST"])
def reports_page(request: HttpRequest, course_key: str) -> HttpResponseBase:
    now = clock.now()
    try:
        key = api.parse_course_key(course_key)
        context = page_context(request.user.id, key, now)
    except AttendanceError as error:
        return refused(request, error)
    if request.method == "GET":
        return render(request, "attendance_app/reports/page.html", context)
    kind = request.POST.get("kind", "")
    values = _posted_values(request.POST)
    try:
        get_report(kind)
        if kind not in {report["kind"] for report in context["reports"]}:
            raise NotAuthorized(_("You do not have permission to read this report in this course."))
        action = request.POST.get("action")
        if action == "save-preset":
            query = {
                name: value for name, value in values.items() if name not in ("name", "columns") and value
            }
            if values["columns"]:
                query["columns"] = ",".join(values["columns"])
            preset = save_preset(request.user.id, key, kind, {"name": values["name"], "query": query}, now)
            messages.success(request, _("The report “{name}” is saved.").format(name=preset.name))
        elif action == "delete-preset":
            name = delete_preset(request.user.id, key, kind, request.POST.get("preset", ""))
            messages.success(request, _("The report “{name}” is deleted.").format(name=name))
        else:
            raise InvalidInput(_("Choose an action: save or delete a report."))
    except AttendanceError as error:
        failed = page_context(request.user.id, key, now, failed_kind=kind, error=error, values=values)
        return render(request, "attendance_app/reports/page.html", failed, status=error.status_code)
    url = reverse("attendance_app:course-reports", kwargs={"course_key": str(key)})
    return redirect(f"{url}#report-{kind}")


def _posted_values(post: QueryDict) -> dict[str, Any]:
    """The "Create report" form as posted: its name, chosen columns (in order) and filter texts."""
    values: dict[str, Any] = {
        name: post.get(name, "").strip() for name in ("grouping", "status", "activity", "user", "group")
    }
    values.update(
        start=post.get("start", "").strip(),
        end=post.get("end", "").strip(),
        name=post.get("name", "").strip(),
        columns=[column for column in post.getlist("columns") if column],
    )
    return values


def confirm_email(request: HttpRequest, course_key: str, filename: str) -> HttpResponse:
    """The "Send by email" step before the POST: what will be written, with the reader's address."""
    kind, _dot, file_format = filename.rpartition(".")
    try:
        key = api.parse_course_key(course_key)
        prepared = prepare_report(
            kind or filename, file_format, key, request.user.id, request.GET.dict(), clock.now()
        )
    except AttendanceError as error:
        if error.field_errors:
            details = " ".join(message for found in error.field_errors.values() for message in found)
            error.message = f"{error.message} {details}"
        return refused(request, error)
    prepared.chunks.close()  # type: ignore[attr-defined]  # checked only
    query = request.GET.urlencode()
    return render(
        request,
        "attendance_app/reports/confirm_email.html",
        {
            "title": get_report(kind).title,
            "course_key": str(key),
            "kind": kind,
            "query": query,
            "filters": [(name, value) for name, value in request.GET.items() if value],
            "email": getattr(request.user, "email", ""),
        },
    )
