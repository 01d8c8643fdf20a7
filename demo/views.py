"""The demo's home page (who to sign in as and where to go) and a guard for the workbench's tools."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.translation import gettext as _
from workbench.scenarios import get_scenarios

from demo.people import DEMO_PASSWORD, LEARNERS, ROLES


def home(request: HttpRequest) -> HttpResponse:
    scenarios = sorted(
        (scenario_id, scenario.description)
        for scenario_id, scenario in get_scenarios().items()
        if scenario_id.startswith("attendance.")
    )
    usernames = [person[0] for person, _ in ROLES] + [learner[0] for learner in LEARNERS]
    seeded = get_user_model().objects.filter(username__in=usernames).count() == len(usernames)
    return render(
        request,
        "demo/home.html",
        {
            "scenarios": scenarios,
            "roles": ROLES,
            "learners": LEARNERS,
            "password": DEMO_PASSWORD,
            "seeded": seeded,
        },
    )


def staff_only(view: Callable[..., HttpResponse], *, post: bool = False) -> Callable[..., HttpResponse]:
    """``view`` for signed-in staff only (and only by POST when ``post``): the workbench's reset
    of all state and its list of everyone who has some are no anonymous visitor's business.
    """

    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if post and request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (request.user.is_authenticated and request.user.is_staff):
            return HttpResponseForbidden(_("Only staff may do this in the demo."))
        return view(request, *args, **kwargs)

    return guarded
