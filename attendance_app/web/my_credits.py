"""The learner's My credits page: credit earned and claimed across courses, with a Claim button per activity.

Works without JavaScript: the Claim credits button posts a form (with the CSRF token) and comes
back here with a status message.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from attendance_app import api, clock, permissions
from attendance_app.api.cycle_progress import my_progress
from attendance_app.exceptions import AttendanceError
from attendance_app.render_memo import view_reads


def _amount(text: str | None) -> Decimal | None:
    # Decimals, not strings, so that the template writes them in the reader's language.
    return Decimal(text) if text is not None else None


def _row(activity: dict[str, Any], acronyms: list[str]) -> dict[str, Any]:
    by_acronym: dict[str, dict[str, Decimal | None]] = {}
    for unit in activity["units"]:
        cell = by_acronym.setdefault(unit["acronym"], {"earned": Decimal(0), "claimed": None})
        cell["earned"] = (cell["earned"] or Decimal(0)) + Decimal(unit["earned"])
        if unit["claimed"] is not None:
            cell["claimed"] = (cell["claimed"] or Decimal(0)) + Decimal(unit["claimed"])
    return {
        "name": activity["activity_name"],
        "usage_key": activity["usage_key"],
        "url": activity["courseware_path"],
        "archived": activity["archived"],
        "claimable": activity["claimable"],
        "reason": activity["reason"],
        "cells": [by_acronym.get(acronym) for acronym in acronyms],
    }


def _table(course: dict[str, Any]) -> dict[str, Any]:
    acronyms = [total["acronym"] for total in course["totals"]]
    return {
        "name": course["course_name"],
        "enrolled": course["enrolled"],
        "acronyms": acronyms,
        "rows": [_row(activity, acronyms) for activity in course["activities"]],
        "totals": [
            {"earned": _amount(total["earned"]), "claimed": _amount(total["claimed"])}
            for total in course["totals"]
        ],
    }


def _requirements(user_id: int | None, now: datetime) -> list[dict[str, Any]]:
    """Progress toward each credit requirement of the learner's organizations (ADR 0023)."""
    return [
        {
            "org": progress.requirement.org,
            "acronym": progress.requirement.acronym,
            "required": progress.requirement.required_credits,
            "earned": progress.earned,
            "missing": progress.missing,
            "percent": progress.percent,
            "first": progress.period.first,
            "last": progress.period.last,
        }
        for progress in my_progress(user_id, now)
    ]


def _with_certificates(user_id: int | None, tables: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give each activity row its claims' Download certificate buttons."""
    certificates = api.claimed_certificates(user_id)
    for table in tables:
        for row in table["rows"]:
            row["certificates"] = certificates.get(row["usage_key"], [])
    return tables


@login_required
@require_GET
def my_credits(request: HttpRequest) -> HttpResponse:
    """A table per course: activities, units earned and claimed per acronym, and totals.

    ``?course=<course key>`` (the course's Credits tab) shows that course only.
    """
    only_course = request.GET.get("course")
    try:
        course_key = str(api.parse_course_key(only_course)) if only_course is not None else None
    except AttendanceError as error:
        return render(
            request,
            "attendance_app/course/refused.html",
            {"message": error.message},
            status=error.status_code,
        )
    now = clock.now()
    with view_reads():  # a page that writes nothing: the enrollments read once (ADR 0027)
        return _my_credits_page(request, course_key, now)


def _my_credits_page(request: HttpRequest, course_key: str | None, now: datetime) -> HttpResponse:
    courses = api.my_credits(request.user.id, now)
    if course_key is not None:
        courses = [course for course in courses if course["course_key"] == course_key]
    totals = [
        {
            "acronym": total["acronym"],
            "earned": _amount(total["earned"]),
            "claimed": _amount(total["claimed"]),
        }
        for total in api.credit_totals(courses)
    ]
    return render(
        request,
        "attendance_app/my_credits/page.html",
        {
            "courses": _with_certificates(request.user.id, [_table(course) for course in courses]),
            "totals": totals,
            "only_course": course_key,
            "requirements": _requirements(request.user.id, now) if course_key is None else [],
            "manages_requirements": course_key is None
            and bool(permissions.managed_catalogues(request.user.id)),
        },
    )


@login_required
@require_POST
def claim(request: HttpRequest) -> HttpResponse:
    """The Claim credits button of one activity; comes back to the page with what happened."""
    try:
        usage_key = api.parse_usage_key(request.POST.get("usage_key", ""), in_course=True)
        result = api.claim_credits(request.user.id, usage_key, clock.now())
    except AttendanceError as error:
        messages.error(request, error.message, fail_silently=True)
    else:
        if result["claimed_now"]:
            claimed = ", ".join(f"{unit['units']} {unit['acronym']}" for unit in result["claimed_now"])
            messages.success(
                request,
                _("You claimed {units} in “{activity}”.").format(
                    units=claimed, activity=result["activity_name"]
                ),
                fail_silently=True,
            )
        else:
            messages.info(
                request,
                _("Nothing new to claim in “{activity}”: you have claimed it all so far.").format(
                    activity=result["activity_name"]
                ),
                fail_silently=True,
            )
    return HttpResponseRedirect(reverse("attendance_app:my-credits"))
