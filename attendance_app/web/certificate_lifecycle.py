"""The course team's certificates page: every certificate of a course, with Revoke and Reissue forms.

Plain HTML forms (POST, CSRF); a change redirects back with a message, a refused one shows the
page again with the error and its status (400, 403, 404, 409), nothing changed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from attendance_app import api, clock, permissions
from attendance_app.api.certificate_lifecycle import MAX_NAME_LENGTH
from attendance_app.api.revocation import MAX_REASON_LENGTH
from attendance_app.exceptions import AttendanceError, NotAuthorized, NotFound
from attendance_app.platform import get_backend
from attendance_app.web.course import refused

TEMPLATE = "attendance_app/certificates/course.html"


def _error_message(error: AttendanceError) -> str:
    details = [message for messages_ in error.field_errors.values() for message in messages_]
    return " ".join([error.message, *details]) if details else error.message


def _page(request: HttpRequest, course_key: Any, status: int = 200, **context: Any) -> HttpResponse:
    course = get_backend().get_course(course_key)
    context.update(
        course_key=str(course_key),
        course_name=course.display_name if course else str(course_key),
        certificates=api.course_certificates(request.user.id, course_key),
        max_reason=MAX_REASON_LENGTH,
        max_name=MAX_NAME_LENGTH,
    )
    return render(request, TEMPLATE, context, status=status)


@login_required
@require_GET
def course_certificates(request: HttpRequest, course_key: str) -> HttpResponse:
    """The course's certificates, newest first, for the course team."""
    try:
        key = api.parse_course_key(course_key)
        return _page(request, key)
    except AttendanceError as error:
        return refused(request, error)


ACTIONS = {"revoke": api.revoke_certificate, "reissue": api.reissue_certificate}


@login_required
@require_POST
def change_certificate(request: HttpRequest, course_key: str, code: str, action: str) -> HttpResponse:
    """Revoke (``reason``) or reissue (``learner_name``) a certificate (the API checks its own course)."""
    try:
        key = api.parse_course_key(course_key)
        change = ACTIONS.get(action)
        if change is None:
            raise NotFound(_("No such page."))
        if not permissions.can_author_course(request.user.id, key):
            raise NotAuthorized(_("Only the course team revokes or reissues certificates."))
    except AttendanceError as error:
        return refused(request, error)
    data = {name: request.POST.get(name, "") for name in ("reason", "learner_name")}
    try:
        result = change(request.user.id, code, data, clock.now())
    except AttendanceError as error:
        return _page(request, key, error.status_code, error=_error_message(error), failed_code=code[:64])
    if action == "revoke":
        messages.success(request, _("Certificate {code} was revoked.").format(code=code), fail_silently=True)
    else:
        message = _("Certificate {old} was reissued as {new}.").format(old=code, new=result["code"])
        messages.success(request, message, fail_silently=True)
    return HttpResponseRedirect(reverse("attendance_app:course-certificates", args=[str(key)]))
