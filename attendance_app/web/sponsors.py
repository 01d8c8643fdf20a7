"""The sponsor settings page (``/attendance/sponsors/``): the site's and organizations' sponsor, a preview.

Organization admins edit their organizations', global staff the site's and any organization's (they
may type one). ``?course=<course key>`` edits a course run's override: its course team (authors),
its org admins and global staff. Each field shows what it inherits from the wider scope.
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from attendance_app.api import sponsors
from attendance_app.api.accrediting import BODIES
from attendance_app.api.activities import parse_course_key
from attendance_app.api.certificate_content import sample_certificate_pdf
from attendance_app.exceptions import AttendanceError, InvalidInput, NotAuthorized


def _refused(request: HttpRequest, error: AttendanceError) -> HttpResponse:
    return render(
        request, "attendance_app/sponsors/refused.html", {"message": error.message}, status=error.status_code
    )


def _scope(request: HttpRequest) -> sponsors.Scope:
    if "course" in request.GET:
        return sponsors.Scope.of_course(parse_course_key(request.GET["course"]))
    org = request.GET.get("org", "")
    return sponsors.parse_org_scope(org) if org else sponsors.Scope()


def _wider(scope: sponsors.Scope) -> sponsors.Sponsor | None:
    """What ``scope`` inherits (a course its organization's and the site's; an organization the site's)."""
    if scope.level == "course":
        return sponsors.resolved_sponsor(sponsors.Scope(org=scope.org))
    if scope.level == "org":
        return sponsors.resolved_sponsor(sponsors.Scope())
    return None


def _form_data(request: HttpRequest) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The posted fields as :func:`sponsors.save_sponsor` takes them, and the uploads refused unread."""
    data: dict[str, Any] = {name: request.POST.get(name, "") for name in sponsors.TEXT_LIMITS}
    data["provider_ids"] = {body: request.POST.get(f"provider_{body}", "") for body in BODIES}
    too_large: dict[str, list[str]] = {}
    for name in sponsors.IMAGE_FIELDS:
        upload = request.FILES.get(name)
        if request.POST.get(f"remove_{name}") == "1":
            data[name] = None
        elif upload is not None:
            if (upload.size or 0) > sponsors.MAX_IMAGE_BYTES:  # refused before reading it
                too_large[name] = [
                    _("Use an image of at most {size} KB.").format(size=sponsors.MAX_IMAGE_BYTES // 1024)
                ]
            else:
                data[name] = upload.read()
    return data, too_large


def _data_url(content: bytes) -> str:
    """A saved image as a data URL (base64 only: nothing in it can end the attribute)."""
    if not content:
        return ""
    kind = "image/png" if content.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{kind};base64,{base64.b64encode(content).decode('ascii')}"


def _fields(
    values: dict[str, Any],
    errors: dict[str, list[str]],
    sponsor: sponsors.Sponsor,
    inherited: sponsors.Sponsor | None,
) -> dict[str, Any]:
    """The form's fields with their labels, values and errors."""
    labels = {
        "name": _("Sponsor name"),
        "address": _("Address"),
        "contact": _("Contact (email, phone or web address)"),
        "sponsor_id": _("Sponsor id (printed when a body has no id of its own)"),
        "responsible_name": _("Responsible person's name"),
        "responsible_title": _("Responsible person's title"),
    }
    image_labels = {"signature_image": _("Signature of the responsible person"), "logo_image": _("Logo")}
    ids = values.get("provider_ids") or {}
    wider = inherited or sponsors.Sponsor()
    return {
        "text_fields": [
            {
                "name": name,
                "label": labels[name],
                "limit": limit,
                "value": values.get(name, ""),
                "inherited": getattr(wider, name),
                "errors": errors.get(name, []),
            }
            for name, limit in sponsors.TEXT_LIMITS.items()
        ],
        "provider_fields": [
            {
                "key": body,
                "name": body_name,
                "value": ids.get(body, ""),
                "inherited": wider.provider_ids.get(body, ""),
            }
            for body, body_name in BODIES.items()
        ],
        "image_fields": [
            {
                "name": name,
                "label": label,
                "image": _data_url(getattr(sponsor, name)),
                "inherited": bool(getattr(wider, name)),
                "errors": errors.get(name, []),
            }
            for name, label in image_labels.items()
        ],
    }


@login_required
@require_http_methods(["GET", "POST"])
def sponsor_settings(request: HttpRequest) -> HttpResponse:
    """List the scopes the user edits; edit the one chosen (``?org=``, ``?course=``; none: the first)."""
    scopes = sponsors.editable_scopes(request.user.id)
    if not scopes and "course" not in request.GET:
        return _refused(
            request,
            NotAuthorized(_("Only organization administrators and global staff manage sponsor settings.")),
        )
    try:
        scope = _scope(request) if {"org", "course"} & set(request.GET) else scopes[0]
        sponsor = sponsors.get_sponsor(request.user.id, scope)
    except AttendanceError as error:
        return _refused(request, error)
    context: dict[str, Any] = {
        "scopes": scopes,
        "scope": scope,
        "errors": {},
        "saved": False,
    }
    status = 200
    values = sponsors.sponsor_json(sponsor)
    if request.method == "POST":
        data, too_large = _form_data(request)
        try:
            if too_large:
                sponsors.validate_sponsor_fields({k: v for k, v in data.items() if k not in too_large})
                raise InvalidInput(field_errors=too_large)
            sponsor = sponsors.save_sponsor(request.user.id, scope, data)
            values = sponsors.sponsor_json(sponsor)
            context["saved"] = True
        except InvalidInput as error:
            errors = dict(error.field_errors)
            if too_large:
                errors.update(too_large)
            context.update(errors=errors, error_message=_("Some values are not valid; nothing was saved."))
            values = {**values, **{k: v for k, v in data.items() if k not in sponsors.IMAGE_FIELDS}}
            status = 400
        except AttendanceError as error:
            return _refused(request, error)
    context.update(_fields(values, context["errors"], sponsor, _wider(scope)))
    context["preview_query"] = (
        f"course={quote(scope.course_id)}" if scope.course_id else f"org={quote(scope.org)}"
    )
    context["missing"] = sponsors.missing_for_bodies(sponsors.resolved_sponsor(scope))
    return render(request, "attendance_app/sponsors/settings.html", context, status=status)


@login_required
@require_GET
def sponsor_preview(request: HttpRequest) -> HttpResponse:
    """A sample certificate PDF printed with the scope's saved settings (and what it inherits)."""
    try:
        pdf = sample_certificate_pdf(request.user.id, _scope(request))
    except AttendanceError as error:
        return _refused(request, error)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="sample-certificate.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
