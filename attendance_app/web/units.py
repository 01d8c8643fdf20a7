"""The units catalogue pages: list, add (from the CEU/CPE templates), edit, archive, delete, rotate secrets.

Delete asks first on a page of its own (no JavaScript needed); a unit that activities or claims
use is archived instead, as the README says.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from attendance_app import api, clock, permissions
from attendance_app.exceptions import AttendanceError, InvalidInput, NotAuthorized
from attendance_app.models import CreditIncrement, ManagedBy, Rounding
from attendance_app.models.units import POPUP_SECONDS_CHOICES

FORM_FIELDS = ("org", "template", *api.units.EDITABLE_FIELDS)


def _choices() -> dict[str, Any]:
    return {
        "managed_by_choices": ManagedBy.choices,
        "increment_choices": CreditIncrement.choices,
        "rounding_choices": Rounding.choices,
        "popup_choices": [seconds for seconds, _label in POPUP_SECONDS_CHOICES],
        "frequency_choices": list(range(1, api.units.MAX_FREQUENCY + 1)),
        "templates_json": json.dumps(api.UNIT_TEMPLATES),
        "placeholders": [f"{{{{{name}}}}}" for name in api.PLACEHOLDERS],
    }


#: The form's fields that apply to one kind of unit only; the other kind's are hidden (units.js).
INTERNAL_ONLY = ("hours", "minutes", "minimum_frequency", "popup_seconds")
EXTERNAL_ONLY = ("external_url",)


def _form_values(request: HttpRequest) -> dict[str, str]:
    """The posted fields, without those of the other kind of unit (a page without JS shows both)."""
    values = {name: request.POST.get(name, "") for name in FORM_FIELDS if name in request.POST}
    if "managed_by" in values:
        other_kind = INTERNAL_ONLY if values["managed_by"] == ManagedBy.EXTERNAL else EXTERNAL_ONLY
        for name in other_kind:
            values.pop(name, None)
    return values


def _refused(request: HttpRequest, error: AttendanceError) -> HttpResponse:
    return render(
        request, "attendance_app/units/refused.html", {"message": error.message}, status=error.status_code
    )


@login_required
@require_http_methods(["GET", "POST"])
def catalogue(request: HttpRequest) -> HttpResponse:
    """List the units of one catalogue and add new ones."""
    orgs = permissions.managed_catalogues(request.user.id)
    if not orgs:
        return _refused(
            request,
            NotAuthorized(_("Only organization administrators and global staff manage credit units.")),
        )
    default_org = next((org for org in orgs if org), "")
    org = request.GET.get("org", default_org)
    context: dict[str, Any] = {"orgs": orgs, "org": org, "values": {"org": org}, "errors": {}, **_choices()}
    status = 200
    if request.method == "POST":
        values = _form_values(request)
        try:
            unit = api.create_unit(request.user.id, values)
        except InvalidInput as error:
            context.update(values=values, errors=error.field_errors, error_message=error.message)
            status = 400
        except AttendanceError as error:
            return _refused(request, error)
        else:
            created = reverse("attendance_app:unit-detail", args=[unit.id])
            return HttpResponseRedirect(f"{created}?created=1")
    try:
        units = list(
            api.list_units(request.user.id, org=org, include_archived=request.GET.get("archived") == "1")
        )
    except AttendanceError as error:
        return _refused(request, error)
    usage = api.units.unit_usage([unit.id for unit in units])
    context["units"] = [
        {
            "unit": unit,
            "duration": api.format_duration(unit.hours, unit.minutes),
            "activities": usage[unit.id],
        }
        for unit in units
    ]
    return render(request, "attendance_app/units/catalogue.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Edit a unit; archive it, or rotate its callback secret (Delete goes to :func:`unit_delete`)."""
    try:
        unit = api.get_unit(request.user.id, unit_id)
    except AttendanceError as error:
        return _refused(request, error)
    context: dict[str, Any] = {
        "unit": unit,
        "errors": {},
        "show_secret": request.GET.get("created") == "1",
        **_choices(),
    }
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "archive":
                api.archive_unit(request.user.id, unit.id, clock.now())
            elif action == "delete":
                return HttpResponseRedirect(reverse("attendance_app:unit-delete", args=[unit.id]))
            elif action == "rotate":
                api.rotate_secret(request.user.id, unit.id)
                context["show_secret"] = True
            else:
                api.update_unit(request.user.id, unit.id, _form_values(request))
                context["saved"] = True
        except InvalidInput as error:
            context.update(
                errors=error.field_errors, error_message=error.message, values=_form_values(request)
            )
            status = 400
        except AttendanceError as error:
            context["error_message"] = error.message
            status = error.status_code
        unit.refresh_from_db()
    context.setdefault(
        "values",
        {name: getattr(unit, name) for name in api.units.EDITABLE_FIELDS}
        | {"minimum_frequency": unit.minimum_frequency or "automatic"},
    )
    context["duration"] = api.format_duration(unit.hours, unit.minutes)
    context["activities"] = api.units.unit_usage([unit.id])[unit.id]
    return render(request, "attendance_app/units/detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def unit_delete(request: HttpRequest, unit_id: int) -> HttpResponse:
    """GET: ask first, saying whether the unit will be deleted or archived. POST: do it."""
    try:
        unit = api.get_unit(request.user.id, unit_id)
    except AttendanceError as error:
        return _refused(request, error)
    if request.method == "POST":
        outcome = api.units.remove_unit(request.user.id, unit.id, clock.now())
        if outcome == "archived":
            messages.success(
                request,
                _("{acronym} is archived, not deleted: activities or claims use it.").format(
                    acronym=unit.acronym
                ),
                fail_silently=True,
            )
            return HttpResponseRedirect(reverse("attendance_app:unit-detail", args=[unit.id]))
        messages.success(request, _("{acronym} is deleted.").format(acronym=unit.acronym), fail_silently=True)
        return HttpResponseRedirect(f"{reverse('attendance_app:units')}?{urlencode({'org': unit.org})}")
    activities = api.units.unit_usage([unit.id])[unit.id]
    claimed = api.units.unit_claimed(unit.id)
    return render(
        request,
        "attendance_app/units/delete.html",
        {"unit": unit, "activities": activities, "archives": bool(activities or claimed)},
    )
