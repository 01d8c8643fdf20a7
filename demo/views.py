"""The demo's home page: who to sign in as and where to go."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
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
