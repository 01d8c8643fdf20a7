"""Random bodies, query strings and keys: no 5xx, every refusal a JSON error, nothing changed by it.

DESIGN section 12 asks for every endpoint fuzzed with no 5xx. Hypothesis draws bodies whose keys
are mostly the documented fields (so validation is reached) with values of any JSON type, and checks
that a refusal changed no row. ``test_schemathesis`` complements it from the OpenAPI document: every
operation, each answer checked against its documented schema (``make test-schema``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attendance_app import api
from tests.attendance_app.rest_api.utils import API, call, client_for, snapshot
from tests.factories import COURSE_KEY, GradableItemFactory

pytestmark = pytest.mark.django_db

USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "webinar")
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
UNIT_FIELDS = [
    "template",
    "org",
    "managed_by",
    "acronym",
    "name",
    "hours",
    "minutes",
    "minimum_frequency",
    "popup_seconds",
    "external_url",
    "increment",
    "minimum_credit",
    "rounding",
    "field_of_study",
]
RULE_FIELDS = ["unit_id", "quiz_usage_key", "min_grade"]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(
        ["", "automatic", "cpe", "ceu", "external", "internal", "DemoX", "https://x.example/{{personID}}"]
    )
    # Digits str.isdigit() takes but int() refuses or reads, and ids past 64 bits.
    | st.sampled_from(["²", "٣", "１", str(2**64), "9" * 5000])
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


def bodies(fields: list[str]) -> st.SearchStrategy[Any]:
    """Mostly objects with documented keys; sometimes any JSON value at all."""
    objects = st.dictionaries(
        st.sampled_from(fields) | st.text(max_size=8), json_values, max_size=len(fields)
    )
    return st.one_of(objects, objects, objects, json_values)


def check(response: Any, before: dict[str, Any]) -> None:
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        body = response.json()
        assert body["error"]
        assert body["message"]
        assert snapshot() == before


@pytest.fixture
def setup(org_admin, course_staff, course):
    unit = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.configure_activity(course_staff.id, USAGE_KEY, {"display_name": "Webinar", "mode": "classroom"})
    GradableItemFactory()
    rule = api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": unit.id})
    return {"unit": unit, "rule": rule}


@FUZZ
@given(body=bodies(UNIT_FIELDS))
def test_creating_units(org_admin, body):
    client = client_for(org_admin)
    before = snapshot()

    check(call(client, "post", f"{API}/units/", body), before)


@FUZZ
@given(body=bodies(UNIT_FIELDS))
def test_changing_a_unit(org_admin, setup, body):
    client = client_for(org_admin)
    before = snapshot()

    check(call(client, "patch", f"{API}/units/{setup['unit'].id}/", body), before)


@FUZZ
@given(
    query=st.dictionaries(
        st.sampled_from(
            ["org", "course_key", "managed_by", "search", "include_archived", "page", "page_size"]
        ),
        st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=20),
    )
)
def test_listing_units(global_staff, setup, query):
    before = snapshot()

    check(call(client_for(global_staff), "get", f"{API}/units/", query), before)


@FUZZ
@given(body=bodies(RULE_FIELDS))
def test_adding_rules(course_staff, setup, body):
    client = client_for(course_staff)
    before = snapshot()

    check(call(client, "post", f"{API}/activities/{USAGE_KEY}/rules/", body), before)


@FUZZ
@given(body=bodies(RULE_FIELDS))
def test_changing_a_rule(course_staff, setup, body):
    client = client_for(course_staff)
    before = snapshot()

    check(call(client, "patch", f"{API}/activities/{USAGE_KEY}/rules/{setup['rule'].id}/", body), before)


@FUZZ
@given(
    url=st.sampled_from(["switches/site/", "switches/orgs/DemoX/", f"switches/courses/{COURSE_KEY}/"]),
    body=bodies(["enabled"]),
)
def test_switching(global_staff, url, body):
    before = snapshot()

    check(call(client_for(global_staff), "put", f"{API}/{url}", body), before)


@FUZZ
@given(
    key=st.text(
        alphabet=st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="/"), min_size=1
    ),
    suffix=st.sampled_from(["", "rules/", "quizzes/", "rules/1/"]),
    method=st.sampled_from(["get", "post", "put", "patch", "delete"]),
)
def test_any_activity_key(course_staff, setup, key, suffix, method):
    before = snapshot()

    response = call(client_for(course_staff), method, f"{API}/activities/{quote(key, safe='')}/{suffix}", {})

    assert response.status_code < 500, response.content
    if response.status_code >= 400 and response.headers["Content-Type"] == "application/json":
        assert snapshot() == before


@FUZZ
@given(key=st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1))
def test_any_org_or_course_key(global_staff, key):
    client = client_for(global_staff)
    before = snapshot()

    for url in (
        f"{API}/switches/orgs/{quote(key, safe='')}/",
        f"{API}/switches/courses/{quote(key, safe='')}/",
    ):
        response = call(client, "get", url)
        assert response.status_code < 500, response.content
    assert snapshot() == before
