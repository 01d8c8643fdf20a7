"""The credit requirements pages (``/attendance/credit-requirements/``, issue #18 item 8, ADR 0023).

Organization admins list, add, edit and delete their organizations' requirements; global staff
any organization's (they may type one). Every rule is :mod:`attendance_app.api.cycles`'s: a
refused field is shown next to it and nothing is saved. Delete asks first on a page of its own.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from attendance_app import permissions
from attendance_app.api import cycles
from attendance_app.api.units import parse_org
from attendance_app.exceptions import AttendanceError, InvalidInput, NotAuthorized
from attendance_app.models import CreditRequirement, PeriodKind


def _not_a_manager() -> NotAuthorized:
    return NotAuthorized(_("Only organization administrators and global staff manage credit requirements."))


def _refused(request: HttpRequest, error: AttendanceError) -> HttpResponse:
    return render(
        request,
        "attendance_app/credit_requirements/refused.html",
        {"message": error.message},
        status=error.status_code,
    )


def _posted(request: HttpRequest) -> dict[str, str]:
    """The posted fields; a calendar year's window is dropped (a page without CSS shows the field)."""
    values = {name: request.POST.get(name, "") for name in cycles.EDITABLE_FIELDS if name in request.POST}
    if values.get("period_kind", PeriodKind.CALENDAR_YEAR) == PeriodKind.CALENDAR_YEAR:
        values.pop("window_months", None)
    return values


def _stored(requirement: CreditRequirement) -> dict[str, Any]:
    return {
        "acronym": requirement.acronym,
        "required_credits": requirement.required_credits,
        "period_kind": requirement.period_kind,
        "window_months": requirement.window_months or "",
        "start": requirement.start.isoformat() if requirement.start else "",
    }


def _form(org: str, values: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, Any]:
    acronyms = cycles.requirement_acronyms(org)
    current = values.get("acronym")
    if current and current not in acronyms:
        acronyms = [current, *acronyms]  # an archived unit's: shown, refused when saved
    return {
        "values": {"period_kind": PeriodKind.CALENDAR_YEAR, **values},
        "errors": errors,
        "acronyms": acronyms,
        "period_kinds": PeriodKind.choices,
        "max_window": cycles.MAX_WINDOW_MONTHS,
    }


def _chosen_org(request: HttpRequest, orgs: list[str]) -> str:
    """The organization the add form is for (``?org=``, else the first one administered)."""
    if "org" not in request.GET:
        return orgs[0] if orgs else ""
    org = parse_org(request.GET["org"])
    if org and not permissions.can_manage_catalogue(request.user.id, org):
        raise _not_a_manager()
    return org


@login_required
@require_http_methods(["GET", "POST"])
def requirements_page(request: HttpRequest) -> HttpResponse:
    """The requirements of every organization the user administers, and a form to add one."""
    managed = permissions.managed_catalogues(request.user.id)
    if not managed:
        return _refused(request, _not_a_manager())
    orgs = [org for org in managed if org]
    try:
        org = _chosen_org(request, orgs)
    except AttendanceError as error:
        return _refused(request, error)
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    context: dict[str, Any] = {
        "orgs": orgs,
        "org": org,
        "may_type_org": "" in managed,
    }
    status = 200
    if request.method == "POST":
        values = _posted(request)
        try:
            created = cycles.create_requirement(request.user.id, {**values, "org": org})
        except InvalidInput as error:
            errors = error.field_errors
            context["error_message"] = _("Some values are not valid; nothing was saved.")
            status = 400
        except AttendanceError as error:
            if error.status_code == 403:
                return _refused(request, error)
            context["error_message"] = error.message
            status = error.status_code
        else:
            messages.success(
                request,
                _("{org} now requires {credits} {acronym} credits per period.").format(
                    org=created.org, credits=created.required_credits, acronym=created.acronym
                ),
                fail_silently=True,
            )
            return HttpResponseRedirect(
                f"{reverse('attendance_app:credit-requirements')}?{urlencode({'org': org})}"
            )
    context["requirements"] = list(cycles.list_requirements(request.user.id))
    if org:
        context.update(_form(org, values, errors))
    return render(request, "attendance_app/credit_requirements/page.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def requirement_detail(request: HttpRequest, requirement_id: int) -> HttpResponse:
    """Edit one requirement (its organization never changes)."""
    try:
        requirement = cycles.get_requirement(request.user.id, requirement_id)
    except AttendanceError as error:
        return _refused(request, error)
    values: dict[str, Any] = _stored(requirement)
    errors: dict[str, list[str]] = {}
    context: dict[str, Any] = {"requirement": requirement}
    status = 200
    if request.method == "POST":
        posted = _posted(request)
        try:
            cycles.update_requirement(request.user.id, requirement.id, posted)
        except InvalidInput as error:
            values, errors = {**values, **posted}, error.field_errors
            context["error_message"] = _("Some values are not valid; nothing was saved.")
            status = 400
        except AttendanceError as error:
            values = {**values, **posted}
            context["error_message"] = error.message
            status = error.status_code
        else:
            messages.success(request, _("Saved."), fail_silently=True)
            back = f"{reverse('attendance_app:credit-requirements')}?{urlencode({'org': requirement.org})}"
            return HttpResponseRedirect(back)
    context.update(_form(requirement.org, values, errors))
    return render(request, "attendance_app/credit_requirements/detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def requirement_delete(request: HttpRequest, requirement_id: int) -> HttpResponse:
    """GET: ask first. POST: stop requiring these credits (claims are untouched)."""
    try:
        requirement = cycles.get_requirement(request.user.id, requirement_id)
    except AttendanceError as error:
        return _refused(request, error)
    if request.method == "POST":
        cycles.delete_requirement(request.user.id, requirement.id)
        messages.success(
            request,
            _("{org} no longer requires {acronym} credits.").format(
                org=requirement.org, acronym=requirement.acronym
            ),
            fail_silently=True,
        )
        return HttpResponseRedirect(
            f"{reverse('attendance_app:credit-requirements')}?{urlencode({'org': requirement.org})}"
        )
    return render(request, "attendance_app/credit_requirements/delete.html", {"requirement": requirement})
