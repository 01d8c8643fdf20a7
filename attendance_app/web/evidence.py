"""The course team's evidence page of an activity: every learner's visits and prompts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from attendance_app import api
from attendance_app.exceptions import AttendanceError
from attendance_app.platform import get_backend
from attendance_app.templatetags.attendance_pages import viewer_zone


@login_required
@require_GET
def activity_evidence(request: HttpRequest, usage_key: str) -> HttpResponse:
    """Totals per learner, with their visits and every prompt (shown, answered or missed)."""
    try:
        key = api.parse_usage_key(usage_key, in_course=True)
        learners = api.activity_evidence(request.user.id, key)
        settings = api.get_activity_settings(request.user.id, key)
    except AttendanceError as error:
        return render(
            request, "attendance_app/units/refused.html", {"message": error.message}, status=error.status_code
        )
    return render(
        request,
        "attendance_app/evidence/activity.html",
        {
            "learners": learners,
            "activity": settings,
            "usage_key": str(key),
            "activity_url": get_backend().courseware_url(key),
            "viewer_zone": viewer_zone(request.user),
        },
    )
