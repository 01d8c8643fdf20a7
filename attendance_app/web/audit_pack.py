"""Audit packs from the LMS: ``/attendance/activities/<usage key>/audit-pack.zip`` and
``/attendance/courses/<course key>/audit-pack.zip?start=&end=``.

A small pack downloads at once; a larger one gets a page offering to write it "Via email" (a POST to
``…/audit-pack.zip/email/``), which lists it in My reports. Every check comes before the first byte.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from attendance_app import clock
from attendance_app.audit_pack import KIND
from attendance_app.audit_pack.delivery import fits_now, pack_filename, pack_now, request_pack_file
from attendance_app.audit_pack.scope import PackScope, activity_scope, course_scope
from attendance_app.exceptions import AttendanceError
from attendance_app.reports import log_download
from attendance_app.web.course import refused


def _refused(request: HttpRequest, error: AttendanceError) -> HttpResponseBase:
    if error.field_errors:
        details = " ".join(message for messages in error.field_errors.values() for message in messages)
        error.message = f"{error.message} {details}"
    return refused(request, error)


def _scope(request: HttpRequest, usage_key: str | None, course_key: str | None) -> PackScope:
    raw = request.GET.dict()
    if usage_key is not None:
        return activity_scope(request.user.id, usage_key, raw)
    return course_scope(request.user.id, course_key, raw, clock.now().date())


def _download(
    request: HttpRequest, usage_key: str | None = None, course_key: str | None = None
) -> HttpResponseBase:
    now = clock.now()
    try:
        scope = _scope(request, usage_key, course_key)
    except AttendanceError as error:
        return _refused(request, error)
    if not fits_now(scope):
        email_url = f"{request.path}/email/"
        if request.GET:
            email_url = f"{email_url}?{urlencode(request.GET.dict())}"
        return render(
            request, "attendance_app/audit_pack/large.html", {"email_url": email_url, "scope": scope}
        )
    spool = pack_now(scope, request.user, now)
    log_download(request.user.id, KIND, scope.course_key, now)
    response = FileResponse(
        spool, as_attachment=True, filename=pack_filename(scope, now), content_type="application/zip"
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _email(
    request: HttpRequest, usage_key: str | None = None, course_key: str | None = None
) -> HttpResponseBase:
    now = clock.now()
    assert request.user.id is not None  # login_required
    try:
        request_pack_file(request.user.id, _scope(request, usage_key, course_key), now)
    except AttendanceError as error:  # QueueUnavailable included: the broker did not answer
        return _refused(request, error)
    messages.success(
        request, _("Your audit pack is being written; you will receive an email when it is ready.")
    )
    return redirect("attendance_app:my-reports")


@login_required
@require_GET
def activity_pack(request: HttpRequest, usage_key: str) -> HttpResponseBase:
    """All the evidence of one activity as a ZIP (course team only)."""
    return _download(request, usage_key=usage_key)


@login_required
@require_GET
def course_pack(request: HttpRequest, course_key: str) -> HttpResponseBase:
    """The evidence of a course run over a date range of at most six months (course team only)."""
    return _download(request, course_key=course_key)


@transaction.non_atomic_requests  # the broker's refusal is answered here (ADR 0028)
@login_required
@require_POST
def activity_pack_email(request: HttpRequest, usage_key: str) -> HttpResponseBase:
    return _email(request, usage_key=usage_key)


@transaction.non_atomic_requests  # the broker's refusal is answered here (ADR 0028)
@login_required
@require_POST
def course_pack_email(request: HttpRequest, course_key: str) -> HttpResponseBase:
    return _email(request, course_key=course_key)
