"""/api/attendance/v1/switches/…: site, organization and course switches for every role."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from attendance_app import api
from attendance_app.models import FeatureSwitch
from tests.attendance_app.rest_api.utils import (
    API,
    CATALOGUE_MANAGERS,
    COURSE_TEAM,
    assert_error,
    call,
    client_for,
    others,
    refused_status,
    snapshot,
    user_for,
)
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

SITE = f"{API}/switches/site/"
ORG = f"{API}/switches/orgs/DemoX/"
COURSE = f"{API}/switches/courses/{COURSE_KEY}/"


def test_urls_are_the_documented_ones():
    assert reverse("attendance_app:switch-site") == SITE
    assert reverse("attendance_app:switch-org", args=["DemoX"]) == ORG
    assert reverse("attendance_app:switch-course", args=[str(COURSE_KEY)]) == COURSE


# Site ------------------------------------------------------------------------------------------


def test_global_staff_read_the_site_switch(global_staff):
    response = call(client_for(global_staff), "get", SITE)

    assert response.status_code == 200
    assert response.json() == {"enabled": True}


@override_settings(ATTENDANCE_SITE_ENABLED_BY_DEFAULT=False)
def test_the_site_switch_follows_its_setting_until_set(global_staff):
    assert call(client_for(global_staff), "get", SITE).json() == {"enabled": False}


def test_global_staff_turn_the_site_off(global_staff):
    response = call(client_for(global_staff), "put", SITE, {"enabled": False})

    assert response.json() == {"enabled": False}
    assert FeatureSwitch.objects.get(scope="site").enabled is False
    assert call(client_for(global_staff), "get", SITE).json() == {"enabled": False}


@pytest.mark.parametrize("role", others("global_staff"))
def test_only_global_staff_read_the_site_switch(request, role):
    assert_error(call(client_for(user_for(request, role)), "get", SITE), refused_status(role))


@pytest.mark.parametrize("role", others("global_staff"))
def test_only_global_staff_switch_the_site(request, role):
    client = client_for(user_for(request, role))
    before = snapshot()

    response = call(client, "put", SITE, {"enabled": False})

    assert_error(response, refused_status(role))
    assert snapshot() == before


# Organization ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", CATALOGUE_MANAGERS)
def test_org_admins_and_global_staff_switch_the_org(request, role):
    client = client_for(user_for(request, role))

    response = call(client, "put", ORG, {"enabled": False})

    assert response.json() == {"enabled": False}
    assert call(client, "get", ORG).json() == {"enabled": False}
    assert FeatureSwitch.objects.get(scope="org").key == "demox"  # org switches ignore case


@pytest.mark.parametrize("role", others(*CATALOGUE_MANAGERS))
def test_others_may_not_read_the_org_switch(request, role):
    assert_error(call(client_for(user_for(request, role)), "get", ORG), refused_status(role))


@pytest.mark.parametrize("role", others(*CATALOGUE_MANAGERS))
def test_others_may_not_switch_the_org(request, role):
    client = client_for(user_for(request, role))
    before = snapshot()

    response = call(client, "put", ORG, {"enabled": False})

    assert_error(response, refused_status(role))
    assert snapshot() == before


def test_an_org_cannot_enable_what_the_site_keeps_off(global_staff, org_admin):
    api.set_site_switch(global_staff.id, False)
    before = snapshot()

    response = call(client_for(org_admin), "put", ORG, {"enabled": True})

    assert "off for the whole site" in assert_error(response, 409)["message"]
    assert snapshot() == before


def test_a_malformed_org_is_a_clear_400(global_staff):
    before = snapshot()

    response = call(client_for(global_staff), "put", f"{API}/switches/orgs/Demo%20X!/", {"enabled": True})

    assert_error(response, 400, "org")
    assert snapshot() == before


def test_an_overlong_org_is_a_clear_400(global_staff):
    assert_error(call(client_for(global_staff), "get", f"{API}/switches/orgs/{'X' * 65}/"), 400, "org")


# Course ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", COURSE_TEAM)
def test_course_team_reads_every_level(request, role):
    response = call(client_for(user_for(request, role)), "get", COURSE)

    assert response.status_code == 200
    assert response.json() == {"site": True, "org": True, "course": False, "effective": False}


@pytest.mark.parametrize("role", COURSE_TEAM)
def test_course_team_turns_the_course_on(request, role):
    response = call(client_for(user_for(request, role)), "put", COURSE, {"enabled": True})

    assert response.status_code == 200, response.content
    assert response.json() == {"site": True, "org": True, "course": True, "effective": True}
    assert api.is_enabled(COURSE_KEY)


@pytest.mark.parametrize("role", others(*COURSE_TEAM))
def test_others_may_not_read_the_course_switch(request, role):
    assert_error(call(client_for(user_for(request, role)), "get", COURSE), refused_status(role))


@pytest.mark.parametrize("role", others(*COURSE_TEAM))
def test_others_may_not_switch_the_course(request, role):
    client = client_for(user_for(request, role))
    before = snapshot()

    response = call(client, "put", COURSE, {"enabled": True})

    assert_error(response, refused_status(role))
    assert snapshot() == before


def test_a_course_cannot_enable_what_its_org_keeps_off(org_admin, course_staff):
    api.set_org_switch(org_admin.id, "DemoX", False)
    before = snapshot()

    response = call(client_for(course_staff), "put", COURSE, {"enabled": True})

    assert "organization “DemoX”" in assert_error(response, 409)["message"]
    assert snapshot() == before


def test_the_course_state_shows_which_level_is_off(org_admin, course_staff):
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    api.set_org_switch(org_admin.id, "DemoX", False)

    response = call(client_for(course_staff), "get", COURSE)

    assert response.json() == {"site": True, "org": False, "course": True, "effective": False}


def test_an_old_style_course_key_is_understood(global_staff):
    response = call(
        client_for(global_staff), "put", f"{API}/switches/courses/DemoX/CE101/2026/", {"enabled": True}
    )

    assert response.status_code == 200, response.content
    assert FeatureSwitch.objects.get(scope="course").key == "DemoX/CE101/2026"


@pytest.mark.parametrize("key", ["not-a-course", "course-v1:DemoX", "a/b"])
def test_a_malformed_course_key_is_a_clear_400(course_staff, key):
    before = snapshot()

    response = call(client_for(course_staff), "put", f"{API}/switches/courses/{key}/", {"enabled": True})

    assert "is not a valid course key" in assert_error(response, 400, "course_key")["message"]
    assert snapshot() == before


# Bad bodies ------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [SITE, ORG, COURSE])
@pytest.mark.parametrize(
    "body", [{}, {"enabled": "yes"}, {"enabled": 1}, {"enabled": None}, {"enabled": [True]}]
)
def test_enabled_must_be_true_or_false(global_staff, url, body):
    before = snapshot()

    response = call(client_for(global_staff), "put", url, body)

    assert_error(response, 400, "enabled")
    assert snapshot() == before


@pytest.mark.parametrize("url", [SITE, ORG, COURSE])
@pytest.mark.parametrize("body", [[{"enabled": True}], True, "on"])
def test_a_body_that_is_not_an_object_is_refused(global_staff, url, body):
    before = snapshot()

    response = call(client_for(global_staff), "put", url, body)

    assert assert_error(response, 400)["message"] == "Send a JSON object."
    assert snapshot() == before


@pytest.mark.parametrize("url", [SITE, ORG, COURSE])
def test_switches_cannot_be_posted_or_deleted(global_staff, url):
    client = client_for(global_staff)

    assert assert_error(call(client, "post", url, {"enabled": True}), 405)["error"] == "method_not_allowed"
    assert_error(call(client, "delete", url), 405)
    assert not FeatureSwitch.objects.exists()
