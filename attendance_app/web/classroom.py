"""The instructor's classroom page, usable on a phone in the room: slots, register, marking, code.

Marking posts a plain form (CSRF as Django does it) carrying the mark's version; the rotating code
and the check-in list refresh through the REST API (``static/attendance/js/classroom_instructor.js``).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from opaque_keys.edx.keys import UsageKey

from attendance_app import api, clock
from attendance_app.api import classroom
from attendance_app.api.classroom import access
from attendance_app.api.classroom.statuses import course_statuses
from attendance_app.api.validation import parse_integer
from attendance_app.exceptions import AttendanceError, InvalidInput
from attendance_app.render_memo import view_reads
from attendance_app.web.course import refused

MAX_DIGITS = 9


@login_required
@require_http_methods(["GET"])
def slots(request: HttpRequest, usage_key: str) -> HttpResponse:
    """The activity's slots the user teaches (all of them for the course team)."""
    with view_reads():  # a page that writes nothing: the role checks once (ADR 0027)
        try:
            key = api.parse_usage_key(usage_key, in_course=True)
            activity = access.activity_for(key)
            views = classroom.list_slots(request.user.id, key)
        except AttendanceError as error:
            return refused(request, error)
        manager = access.can_manage(request.user.id, activity)
    mine = [view for view in views if manager or access.is_slot_instructor(request.user.id, view.slot)]
    return render(
        request,
        "attendance_app/classroom/slots.html",
        {"activity": activity, "slots": mine, "usage_key": str(key)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def slot(request: HttpRequest, usage_key: str, slot_id: int) -> HttpResponse:
    """One slot's register: marks with remarks, walk-ins, mark all unmarked, the code and the roster."""
    if request.method == "GET":
        # Reading the register writes no fact the memo keeps: the role checks once (ADR 0027).
        with view_reads():
            return _register(request, usage_key, slot_id)
    return _register(request, usage_key, slot_id)


def _register(request: HttpRequest, usage_key: str, slot_id: int) -> HttpResponse:
    try:
        key = api.parse_usage_key(usage_key, in_course=True)
        rows = classroom.list_marks(request.user.id, key, slot_id)
    except AttendanceError as error:
        return refused(request, error)
    error_message, status = "", 200
    if request.method == "POST":
        try:
            _post(request, key, slot_id)
        except AttendanceError as error:
            error_message, status = error.message, error.status_code
            rows = classroom.list_marks(request.user.id, key, slot_id)
        else:
            return redirect(f"{request.path}?saved=1")
    view = classroom.get_slot(request.user.id, key, slot_id)
    now = clock.now()
    page = {
        "usage_key": str(key),
        "slot": view.slot,
        "view": view.as_json(),
        "rows": rows,
        "audit": classroom.list_audit(request.user.id, key, slot_id),
        "statuses": course_statuses(access.course_of(view.slot.activity)),
        "started": now >= view.slot.start,
        "running": view.slot.start <= now < view.slot.end,
        "saved": request.GET.get("saved") == "1" and not error_message,
        "error_message": error_message,
    }
    return render(request, "attendance_app/classroom/slot.html", page, status=status)


def _number(raw: str) -> int:
    value = parse_integer(raw) if len(raw) <= MAX_DIGITS else None
    return value if value is not None and value >= 0 else -1


def _post(request: HttpRequest, key: UsageKey, slot_id: int) -> None:
    data = request.POST
    now = clock.now()
    if data.get("action") == "mark_unmarked":
        classroom.mark_unmarked(request.user.id, key, slot_id, {"status": data.get("status", "")}, now)
        return
    body = {
        "status": data.get("status", ""),
        "remark": data.get("remark", ""),
        "version": _number(data.get("version", "0")),
    }
    if data.get("action") == "walk_in":
        username = data.get("username", "").strip()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise InvalidInput(_("No user “{name}”.").format(name=username))
        classroom.set_mark(request.user.id, key, slot_id, user.id, {**body, "walk_in": True}, now)
        return
    classroom.set_mark(request.user.id, key, slot_id, _number(data.get("user_id", "")), body, now)
