"""The Django admin of credit requirements saves through the API's rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import path

from attendance_app.api import cycles
from attendance_app.models import CreditRequirement
from tests.attendance_app.cycles_helpers import cpe_unit
from tests.factories import UserFactory

urlpatterns = [path("admin/", admin.site.urls)]
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

REQUIREMENTS = "/admin/attendance_app/creditrequirement/"
FORM = {
    "org": "DemoX",
    "acronym": "CPE",
    "required_credits": "40",
    "period_kind": "calendar_year",
    "window_months": "",
    "start": "",
}


@pytest.fixture
def client(db):
    cpe_unit()
    client = Client()
    client.force_login(UserFactory(username="operator", is_staff=True, is_superuser=True))
    return client


def test_a_valid_requirement_is_saved_and_listed(client):
    response = client.post(f"{REQUIREMENTS}add/", FORM)
    assert response.status_code == 302, response.content
    requirement = CreditRequirement.objects.get()
    assert (requirement.org, requirement.required_credits, requirement.window_months) == ("DemoX", 40, None)
    listing = client.get(REQUIREMENTS)
    assert listing.status_code == 200
    assert "DemoX" in listing.content.decode()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"acronym": "NOPE"}, "acronym"),
        ({"required_credits": "-2"}, "required_credits"),
        ({"period_kind": "rolling_months"}, "window_months"),
        ({"period_kind": "rolling_months", "window_months": "61"}, "window_months"),
        ({"window_months": "12"}, "window_months"),
    ],
)
def test_an_invalid_requirement_is_refused_next_to_its_field(client, changes, field):
    response = client.post(f"{REQUIREMENTS}add/", {**FORM, **changes})
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not CreditRequirement.objects.exists()


def test_a_change_keeps_the_organization(client):
    requirement = cycles.create_requirement(
        UserFactory(username="root", is_staff=True).id,
        {"org": "DemoX", "acronym": "CPE", "required_credits": "4"},
    )
    response = client.post(
        f"{REQUIREMENTS}{requirement.id}/change/", {**FORM, "org": "OtherX", "required_credits": "8"}
    )
    assert response.status_code == 302, response.content
    requirement.refresh_from_db()
    assert (requirement.org, requirement.required_credits) == ("DemoX", Decimal(8))
