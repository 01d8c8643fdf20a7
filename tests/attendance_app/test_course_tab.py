"""The course's Credits tab: who sees it, where it leads, and the course dashboard behind it."""

from __future__ import annotations

import sys
import types
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from attendance_app import api, clock
from attendance_app.models import Activity, Attendance, CoachAssignment
from attendance_app.platform import course_tab
from tests.factories import COURSE_KEY, OTHER_COURSE_KEY, UserFactory

pytestmark = pytest.mark.django_db

USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "webinar")
ENTRY = f"/attendance/courses/{COURSE_KEY}/"
DASHBOARD = f"/attendance/courses/{COURSE_KEY}/dashboard/"


class CourseTab:
    """xmodule/tabs.py CourseTab, as much of it as a dynamic tab uses (name, tab_id, link_func)."""

    type = ""
    title = None
    priority = None
    is_dynamic = False

    def __init__(self, tab_dict):
        self.name = tab_dict.get("name", self.title)
        self.tab_id = tab_dict.get("tab_id", getattr(self, "tab_id", self.type))
        self.tab_dict = tab_dict

    @property
    def link_func(self):
        return self.tab_dict.get("link_func")


@pytest.fixture
def tab_class(monkeypatch):
    """The tab class built against a stand-in for edx-platform's ``xmodule.tabs`` (import boundary)."""
    xmodule = types.ModuleType("xmodule", "Fake package standing in for edx-platform's xmodule.")
    tabs = types.ModuleType("xmodule.tabs", "Fake of xmodule/tabs.py: CourseTab.")
    tabs.CourseTab = CourseTab
    xmodule.tabs = tabs
    monkeypatch.setitem(sys.modules, "xmodule", xmodule)
    monkeypatch.setitem(sys.modules, "xmodule.tabs", tabs)
    monkeypatch.delitem(course_tab.__dict__, "AttendanceCourseTab", raising=False)
    yield course_tab.AttendanceCourseTab
    course_tab.__dict__.pop("AttendanceCourseTab", None)


@pytest.fixture
def activity(course_staff, org_admin):
    api.configure_activity(
        course_staff.id,
        USAGE_KEY,
        {"display_name": "Ethics <webinar>", "mode": "recorded", "live_start": "2026-01-01T00:00Z"},
    )
    return Activity.objects.get(usage_key=USAGE_KEY)


@pytest.fixture
def coach(course):
    user = UserFactory(username="coach")
    CoachAssignment.objects.create(user=user, course_key=COURSE_KEY, cohort_id=1)
    return user


def lms_course():
    return types.SimpleNamespace(id=COURSE_KEY)  # what the LMS passes: a course block with an ``id``


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_module_imports_without_edx_platform_and_builds_the_tab_only_inside_it():
    course_tab.__dict__.pop("AttendanceCourseTab", None)

    with pytest.raises(ModuleNotFoundError):
        course_tab.AttendanceCourseTab  # noqa: B018 - the lazy attribute is the behaviour under test


def test_the_tab_is_a_dynamic_course_tab_linking_to_the_course_entry(tab_class):
    tab = tab_class({})

    assert issubclass(tab_class, CourseTab)
    assert (tab_class.type, tab_class.is_dynamic, tab.name) == ("attendance_credits", True, "Credits")
    assert tab.link_func(lms_course(), reverse) == ENTRY


def test_the_course_team_and_coaches_see_the_tab_even_with_tracking_off(
    tab_class, course_staff, instructor, org_admin, global_staff, coach
):
    for user in (course_staff, instructor, org_admin, global_staff, coach):
        assert tab_class.is_enabled(lms_course(), user=user), user.username


def test_enrolled_learners_see_it_once_tracking_is_on(tab_class, course_staff, learner, outsider):
    assert not tab_class.is_enabled(lms_course(), user=learner)

    api.set_course_switch(course_staff.id, COURSE_KEY, True)

    assert tab_class.is_enabled(lms_course(), user=learner)
    assert not tab_class.is_enabled(lms_course(), user=outsider)
    assert not tab_class.is_enabled(lms_course(), user=AnonymousUser())
    assert not tab_class.is_enabled(lms_course(), user=None)
    assert not tab_class.is_enabled(types.SimpleNamespace(id=OTHER_COURSE_KEY), user=learner)


def test_the_entry_sends_the_team_and_coaches_to_the_dashboard_and_learners_to_their_credits(
    course_staff, coach, learner, outsider
):
    api.set_course_switch(course_staff.id, COURSE_KEY, True)

    assert logged_in(course_staff).get(ENTRY).url == DASHBOARD
    assert logged_in(coach).get(ENTRY).url == DASHBOARD
    assert logged_in(learner).get(ENTRY).url == "/attendance/my-credits/?" + urlencode(
        {"course": str(COURSE_KEY)}
    )
    assert logged_in(outsider).get(ENTRY).status_code == 403


def test_a_malformed_course_key_answers_400(course_staff):
    response = logged_in(course_staff).get("/attendance/courses/not-a-key/")

    assert response.status_code == 400
    assert "is not a valid course key" in response.content.decode()


def test_the_dashboard_lists_the_activities_with_their_evidence_for_the_team(course_staff, activity):
    page = logged_in(course_staff).get(DASHBOARD).content.decode()

    assert "Ethics &lt;webinar&gt;" in page
    assert reverse("attendance_app:activity-evidence-page", args=[str(USAGE_KEY)]) in page
    assert "Attendance tracking is off for this course" in page


def test_coaches_see_the_activities_without_the_team_only_evidence(coach, activity):
    page = logged_in(coach).get(DASHBOARD).content.decode()

    assert "Ethics &lt;webinar&gt;" in page
    assert "/evidence/" not in page


def test_learners_and_outsiders_cannot_open_the_dashboard(learner, outsider, activity):
    assert logged_in(learner).get(DASHBOARD).status_code == 403
    assert logged_in(outsider).get(DASHBOARD).status_code == 403
    assert Client().get(DASHBOARD).status_code == 302  # to the login page


def test_my_credits_for_one_course_shows_that_course_only(course_staff, learner, activity, org_admin):
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": cpe.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    now = clock.now()
    Attendance.objects.create(
        user=learner,
        activity=activity,
        first_join_at=now,
        last_beat_at=now,
        segment_started_at=now,
        confirmed_seconds=3000,
    )
    client = logged_in(learner)

    mine = client.get("/attendance/my-credits/", {"course": str(COURSE_KEY)}).content.decode()
    elsewhere = client.get("/attendance/my-credits/", {"course": str(OTHER_COURSE_KEY)}).content.decode()

    assert "Ethics &lt;webinar&gt;" in mine
    assert "All my credits" in mine
    assert "Ethics &lt;webinar&gt;" not in elsewhere
    assert "Ethics &lt;webinar&gt;" in client.get("/attendance/my-credits/").content.decode()


def test_my_credits_refuses_a_malformed_course_filter(learner):
    response = logged_in(learner).get("/attendance/my-credits/", {"course": "nonsense"})

    assert response.status_code == 400
    assert "is not a valid course key" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("course_staff", 200),
        ("instructor", 200),
        ("org_admin", 200),
        ("global_staff", 200),
        ("coach", 200),
        ("learner", 403),
        ("outsider", 403),
    ],
)
def test_every_role_on_the_dashboard(request, activity, role, status):
    user = request.getfixturevalue(role)

    assert logged_in(user).get(DASHBOARD).status_code == status
