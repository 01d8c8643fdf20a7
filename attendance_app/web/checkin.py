"""The page a check-in QR code opens: the learner confirms with a button, then goes to the unit.

The QR code cannot open the unit itself: the Learning MFE renders a unit in an iframe of
``/xblock/<usage key>`` with its own fixed parameters, so a query string on the courseware address
never reaches the block (ADR 0020). This page lives in the LMS under ``/attendance/``; a GET only
shows the slot and the code, the check-in is a POST with Django's CSRF token.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from attendance_app import clock
from attendance_app.api.activity_log import courseware_path
from attendance_app.api.classroom import access, checkin
from attendance_app.exceptions import AttendanceError, NotFound
from attendance_app.models import Mark, Registration, RegistrationStatus, Slot
from attendance_app.platform import get_backend
from attendance_app.templatetags.attendance_pages import viewer_zone
from attendance_app.web.course import refused

MAX_CODE_LENGTH = 12


@login_required
@require_http_methods(["GET", "POST"])
def checkin_page(request: HttpRequest, slot_id: int) -> HttpResponse:
    """Show the slot and a "Check in" button (GET); check the learner in (POST)."""
    slot = (
        Slot.objects.filter(id=slot_id, activity__archived_at__isnull=True).select_related("activity").first()
    )
    if slot is None:
        return refused(request, NotFound(_("This slot does not exist.")))
    user_id = request.user.id
    assert user_id is not None  # login_required
    try:  # the slot's title, time and room are for those who may see the activity's slots
        access.require_viewer(user_id, slot.activity)
    except AttendanceError as error:
        return refused(request, error)
    source = request.POST if request.method == "POST" else request.GET
    code = source.get("code", "").strip()[:MAX_CODE_LENGTH]
    page: dict[str, Any] = {
        "slot": slot,
        "code": code,
        "unit_url": courseware_path(slot.activity),
        "viewer_zone": viewer_zone(request.user),
        "mark": Mark.objects.filter(slot=slot, user_id=user_id).select_related("status").first(),
        "registered": Registration.objects.filter(
            slot=slot, user_id=user_id, status=RegistrationStatus.REGISTERED
        ).exists(),
        "error_message": "",
    }
    if request.method == "GET":
        return render(request, "attendance_app/classroom/checkin.html", page)
    usage_key = slot.activity.usage_key
    assert usage_key is not None  # the column is NOT NULL
    try:
        page["mark"] = checkin.check_in(
            user_id,
            usage_key,
            slot.id,
            {"code": code},
            get_backend().client_ip(request),
            clock.now(),
        )
    except AttendanceError as error:
        page["error_message"] = error.message
        return render(request, "attendance_app/classroom/checkin.html", page, status=error.status_code)
    page["checked_in"] = True
    return render(request, "attendance_app/classroom/checkin.html", page)
