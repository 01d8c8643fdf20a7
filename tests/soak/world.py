"""The soak's data: a fresh MariaDB database, a short credit unit, two recorded sessions (strict
and lenient), a classroom workshop with slots, and signed-in learners with presence tokens.

Everything goes through the project's API except users, enrollments and sessions (the bench's
:mod:`tests.bench.seed` helpers, in bulk). The unit lasts two minutes with two prompts per unit,
so that ten minutes of beats see about a dozen prompts per learner and earn claimable credit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from opaque_keys.edx.keys import CourseKey, UsageKey

from attendance_app import api, clock
from attendance_app.api import classroom
from attendance_app.api.presence import PROMPT_GRACE_SECONDS
from tests.bench import seed

COURSE = CourseKey.from_string("course-v1:SoakX+Soak101+2026")
STRICT_KEY = COURSE.make_usage_key("attendance", "soak-strict")
LENIENT_KEY = COURSE.make_usage_key("attendance", "soak-lenient")
CLASSROOM_KEY = COURSE.make_usage_key("attendance", "soak-classroom")
UNIT = {
    "org": COURSE.org,
    "acronym": "SOAK",
    "name": "Soak credit",
    "hours": 0,
    "minutes": 2,
    "minimum_frequency": 2,
    "popup_seconds": 10,
    "increment": "tenth",
    "rounding": "down",
    "minimum_credit": "0.5",
}


@dataclass(frozen=True)
class Account:
    """One learner as the load generator uses it."""

    user_id: int
    session: str
    csrf: str
    token: str
    usage_key: str
    policy: str


@dataclass(frozen=True)
class World:
    accounts: list[Account]
    slot_ids: list[int]  # the regular slots, then the contested one
    contested_capacity: int
    unit: dict[str, Any]
    allowed_us: int  # pop-up seconds + grace: how long after it is shown a prompt may be answered


def _recorded(actor: int, usage_key: UsageKey, name: str, policy: str, unit_id: int) -> None:
    api.configure_activity(
        actor,
        usage_key,
        {
            "display_name": name,
            "mode": "recorded",
            "live_start": "2026-01-01T00:00:00Z",
            "missed_prompt_policy": policy,
        },
    )
    api.add_rule(actor, usage_key, {"unit_id": unit_id})


def _slots(actor: int, regular: int, capacity: int, contested_capacity: int) -> list[int]:
    """``regular`` slots a week ahead, a day apart, then the contested one (never overlapping)."""
    api.configure_activity(actor, CLASSROOM_KEY, {"display_name": "Soak workshop", "mode": "classroom"})
    first = (clock.now() + timedelta(days=7)).replace(minute=0, second=0, microsecond=0)
    ids = []
    for number in range(regular + 1):
        start = first + timedelta(days=number)
        contested = number == regular
        created = classroom.create_slots(
            actor,
            CLASSROOM_KEY,
            {
                "title": "Last seat" if contested else f"Workshop {number + 1}",
                "start": start.isoformat(),
                "end": (start + timedelta(hours=2)).isoformat(),
                "duration_hours": "2",
                "capacity": contested_capacity if contested else capacity,
                "location": "Room 1",
            },
        )
        ids.append(created[0].slot.id)
    return ids


def build(
    learners: int, lenient: set[int], regular_slots: int, capacity: int, contested_capacity: int
) -> World:
    """Recreate the database and everything the load needs; ``lenient``: learner numbers on that session."""
    seed.reset_database()
    seed.course(COURSE, "Soak 101")
    actor = seed.staff().id
    unit = api.create_unit(actor, UNIT)
    _recorded(actor, STRICT_KEY, "Soak webinar (strict)", "strict", unit.id)
    _recorded(actor, LENIENT_KEY, "Soak webinar (lenient)", "lenient", unit.id)
    api.set_course_switch(actor, COURSE, True)
    slot_ids = _slots(actor, regular_slots, capacity, contested_capacity)
    ids = seed.learners("soak", learners, COURSE)
    numbers = {user_id: number for number, user_id in enumerate(ids)}
    accounts: dict[int, Account] = {}
    for usage_key, policy in ((STRICT_KEY, "strict"), (LENIENT_KEY, "lenient")):
        group = [user_id for user_id in ids if (numbers[user_id] in lenient) == (policy == "lenient")]
        for user_id, learner in zip(group, seed.logged_in(group, usage_key), strict=True):
            accounts[user_id] = Account(
                user_id, learner.session, learner.csrf, learner.token, str(usage_key), policy
            )
    return World(
        accounts=[accounts[user_id] for user_id in ids],
        slot_ids=slot_ids,
        contested_capacity=contested_capacity,
        unit={
            "acronym": UNIT["acronym"],
            "duration_seconds": UNIT["minutes"] * 60,
            "increment": UNIT["increment"],
            "minimum_credit": Decimal(UNIT["minimum_credit"]),
        },
        allowed_us=(UNIT["popup_seconds"] + PROMPT_GRACE_SECONDS) * 1_000_000,
    )
