"""Random bodies on every classroom endpoint that reads one: never a 5xx, every refusal a JSON error."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.attendance_app.classroom_helpers import USAGE_KEY
from tests.attendance_app.rest_api.test_classroom import SLOTS, STATUSES, World, slot_url
from tests.attendance_app.rest_api.utils import API, call, client_for

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FIELDS = [
    "title",
    "start",
    "end",
    "duration_hours",
    "location",
    "online_url",
    "capacity",
    "instructor_ids",
    "cohort_id",
    "repeat_weeks",
    "time_zone",
    "status",
    "remark",
    "version",
    "walk_in",
    "code",
    "csv",
    "label",
    "credit_percent",
    "counts_in_denominator",
    "present_within_minutes",
    "checkin_subnets",
    "warn_below_percent",
    "automark_status",
    "checkin_one_per_ip",
]
values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(["2027-01-04T09:00:00Z", "2027-02-30T09:00:00Z", "present", "::1/200", "Europe/Paris"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=5,
)
bodies = st.dictionaries(st.sampled_from(FIELDS), values, max_size=6) | values


def targets(world: World) -> list[tuple[str, str]]:
    return [
        ("post", SLOTS),
        ("patch", slot_url(world.future)),
        ("put", slot_url(world.started, f"marks/{world.learner.id}/")),
        ("post", slot_url(world.started, "mark-unmarked/")),
        ("post", slot_url(world.started, "checkin/")),
        ("post", slot_url(world.started, "marks/import/")),
        ("post", f"{SLOTS}import/"),
        ("post", STATUSES),
        ("patch", f"{STATUSES}late/"),
        ("put", f"{API}/activities/{USAGE_KEY}/classroom-settings/"),
    ]


@pytest.mark.parametrize("target", range(10))
def test_random_bodies_never_crash(request, target):
    world = World(request)
    method, url = targets(world)[target]
    staff = client_for(world.staff)
    learner = client_for(world.learner)

    @FUZZ
    @given(body=bodies)
    def attempt(body: Any) -> None:
        for client in (staff, learner):
            response = call(client, method, url, body)
            assert response.status_code < 500, (body, response.content)
            if response.status_code >= 400:
                assert set(response.json()) >= {"error", "message"}

    attempt()
