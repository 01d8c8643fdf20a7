"""A course's Credits tab target: the team and coaches go to the dashboard (:mod:`.dashboard`)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from attendance_app import api
from attendance_app.api.course_pages import Audience, course_audience
from attendance_app.exceptions import AttendanceError, NotAuthorized


def refused(request: HttpRequest, error: AttendanceError) -> HttpResponse:
    return render(
        request, "attendance_app/course/refused.html", {"message": error.message}, status=error.status_code
    )


@login_required
@require_GET
def course_entry(request: HttpRequest, course_key: str) -> HttpResponse:
    """The Credits tab's link: the team and coaches to the dashboard, learners to their credits."""
    try:
        key = api.parse_course_key(course_key)
    except AttendanceError as error:
        return refused(request, error)
    audience = course_audience(request.user.id, key)
    if audience in (Audience.TEAM, Audience.COACH):
        return redirect("attendance_app:course-dashboard", course_key=str(key))
    if audience == Audience.LEARNER:
        return redirect(f"{reverse('attendance_app:my-credits')}?{urlencode({'course': str(key)})}")
    return refused(request, NotAuthorized(_("Attendance credits are not available to you in this course.")))
