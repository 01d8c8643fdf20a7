"""/api/attendance/v1/credit-requirements/…: credit requirements over REST, for every role and bad input."""

from __future__ import annotations

import pytest

from attendance_app.models import CreditRequirement
from tests.attendance_app.cycles_helpers import cpe_unit
from tests.attendance_app.rest_api.utils import (
    API,
    CATALOGUE_MANAGERS,
    assert_anonymous,
    assert_error,
    call,
    client_for,
    others,
    refused,
    user_for,
)

pytestmark = pytest.mark.django_db

REQUIREMENTS = f"{API}/credit-requirements/"
YEARLY = {"org": "DemoX", "acronym": "CPE", "required_credits": "40"}


@pytest.fixture
def cpe(db):
    return cpe_unit()


@pytest.fixture
def requirement(cpe, org_admin):
    response = call(client_for(org_admin), "post", REQUIREMENTS, YEARLY)
    assert response.status_code == 201, response.content
    return CreditRequirement.objects.get(id=response.json()["id"])


def detail(requirement_id) -> str:
    return f"{REQUIREMENTS}{requirement_id}/"


@pytest.mark.parametrize("role", CATALOGUE_MANAGERS)
def test_managers_create_read_change_and_delete(cpe, request, role):
    client = client_for(user_for(request, role))
    created = call(
        client, "post", REQUIREMENTS, {**YEARLY, "period_kind": "rolling_months", "window_months": 12}
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert {
        key: body[key] for key in ("org", "acronym", "required_credits", "period_kind", "window_months")
    } == {
        "org": "DemoX",
        "acronym": "CPE",
        "required_credits": "40.00",
        "period_kind": "rolling_months",
        "window_months": 12,
    }
    assert [row["id"] for row in call(client, "get", REQUIREMENTS).json()] == [body["id"]]
    assert call(client, "get", detail(body["id"])).json()["start"] is None
    changed = call(client, "patch", detail(body["id"]), {"required_credits": "20.5", "start": "2026-01-01"})
    assert changed.json()["required_credits"] == "20.50"
    assert changed.json()["start"] == "2026-01-01"
    assert call(client, "delete", detail(body["id"])).status_code == 204
    assert not CreditRequirement.objects.exists()


@pytest.mark.parametrize("role", others(*CATALOGUE_MANAGERS, "other_org_admin"))
def test_everyone_else_is_refused_and_nothing_changes(requirement, request, role):
    client = client_for(user_for(request, role))
    for method, url, body in (
        ("get", REQUIREMENTS, None),
        ("post", REQUIREMENTS, {**YEARLY, "acronym": "CPE"}),
    ):
        response = call(client, method, url, body)
        if role == "anonymous":
            assert_anonymous(response)
        else:
            assert_error(response, refused(role))
    for method in ("get", "patch", "delete"):
        response = call(client, method, detail(requirement.id), {"required_credits": "1"})
        if role == "anonymous":
            assert_anonymous(response)
        else:
            assert_error(response, refused(role))
    assert CreditRequirement.objects.get().required_credits == 40


def test_another_org_s_admin_gets_404_for_a_requirement_they_do_not_manage(requirement, request):
    client = client_for(user_for(request, "other_org_admin"))
    assert_error(call(client, "get", detail(requirement.id)), 404)
    assert_error(call(client, "delete", detail(requirement.id)), 404)
    assert_error(call(client, "patch", detail(requirement.id), {"required_credits": "1"}), 404)
    assert_error(call(client, "post", REQUIREMENTS, YEARLY), 403)
    assert call(client, "get", REQUIREMENTS).json() == []
    assert CreditRequirement.objects.get().required_credits == 40


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({**YEARLY, "required_credits": "-3"}, {"required_credits"}),
        ({**YEARLY, "acronym": "XYZ"}, {"acronym"}),
        ({**YEARLY, "period_kind": "rolling_months", "window_months": 0}, {"window_months"}),
        ({**YEARLY, "period_kind": "rolling_months", "window_months": 61}, {"window_months"}),
        ({**YEARLY, "org": "bad org!"}, {"org"}),
        ({**YEARLY, "org": ""}, {"org"}),
    ],
)
def test_bad_input_is_a_400_naming_the_field(cpe, global_staff, body, fields):
    assert_error(call(client_for(global_staff), "post", REQUIREMENTS, body), 400, *fields)
    assert not CreditRequirement.objects.exists()


def test_a_body_that_is_not_an_object_and_a_bad_id_are_4xx(requirement, org_admin):
    client = client_for(org_admin)
    assert_error(call(client, "post", REQUIREMENTS, raw="[1, 2]"), 400)
    assert_error(call(client, "post", REQUIREMENTS, raw="{"), 400)
    assert call(client, "get", f"{REQUIREMENTS}²/").status_code == 404
    assert_error(call(client, "get", REQUIREMENTS, {"org": "bad org!"}), 400, "org")


def test_a_second_requirement_of_the_same_acronym_is_a_409(requirement, org_admin):
    assert_error(call(client_for(org_admin), "post", REQUIREMENTS, YEARLY), 409)
    assert CreditRequirement.objects.count() == 1
