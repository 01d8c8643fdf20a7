"""Enable switches: the org ("Company tools") gates the course ("Event") switch."""

from __future__ import annotations

import pytest

from attendance_app import api
from attendance_app.exceptions import Conflict, InvalidInput, NotAuthorized
from attendance_app.models import FeatureSwitch
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db


def test_a_course_is_off_until_its_team_turns_it_on(course_staff):
    assert api.is_enabled(COURSE_KEY) is False

    api.set_course_switch(course_staff.id, COURSE_KEY, True)

    assert api.is_enabled(COURSE_KEY) is True
    assert FeatureSwitch.objects.get(scope="course").changed_by == course_staff


def test_a_course_cannot_enable_what_its_org_keeps_off(course_staff, org_admin):
    api.set_org_switch(org_admin.id, "DemoX", False)

    with pytest.raises(Conflict, match="organization “DemoX”"):
        api.set_course_switch(course_staff.id, COURSE_KEY, True)
    assert not FeatureSwitch.objects.filter(scope="course").exists()


def test_turning_the_org_off_turns_its_courses_off_and_back(course_staff, org_admin):
    api.set_course_switch(course_staff.id, COURSE_KEY, True)

    api.set_org_switch(org_admin.id, "DemoX", False)
    assert api.switch_state(COURSE_KEY) == api.SwitchState(site=True, org=False, course=True)
    assert api.is_enabled(COURSE_KEY) is False
    api.set_org_switch(org_admin.id, "DemoX", True)
    assert api.is_enabled(COURSE_KEY) is True


def test_the_site_switch_gates_organizations(global_staff, org_admin):
    api.set_site_switch(global_staff.id, False)

    with pytest.raises(Conflict, match="whole site"):
        api.set_org_switch(org_admin.id, "DemoX", True)
    assert api.set_org_switch(org_admin.id, "DemoX", False) is False


def test_defaults_come_from_settings(settings):
    settings.ATTENDANCE_ORGS_ENABLED_BY_DEFAULT = False

    assert api.switch_state(COURSE_KEY).org is False


@pytest.mark.parametrize("value", ["true", 1, None, [True]])
def test_only_booleans_switch(course_staff, value):
    with pytest.raises(InvalidInput):
        api.set_course_switch(course_staff.id, COURSE_KEY, value)
    assert not FeatureSwitch.objects.exists()


@pytest.mark.parametrize("who", ["learner", "outsider", "course_staff"])
def test_only_org_admins_switch_the_org(request, who):
    with pytest.raises(NotAuthorized):
        api.set_org_switch(request.getfixturevalue(who).id, "DemoX", False)


@pytest.mark.parametrize("who", ["learner", "outsider", "org_admin", "course_staff"])
def test_only_global_staff_switch_the_site(request, who):
    with pytest.raises(NotAuthorized):
        api.set_site_switch(request.getfixturevalue(who).id, False)


@pytest.mark.parametrize("who", ["learner", "outsider"])
def test_learners_cannot_switch_a_course(request, who):
    with pytest.raises(NotAuthorized):
        api.set_course_switch(request.getfixturevalue(who).id, COURSE_KEY, True)


def test_switch_state_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        api.switch_state(COURSE_KEY)


def test_org_switches_ignore_case_like_org_roles(course_staff, org_admin):
    api.set_course_switch(course_staff.id, COURSE_KEY, True)

    api.set_org_switch(org_admin.id, "demox", False)

    assert api.is_enabled(COURSE_KEY) is False
