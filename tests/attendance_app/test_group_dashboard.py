"""The group dashboard: the runs a coach or team member follows, charts beside their tables, permissions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from attendance_app import clock
from attendance_app.api import mirrors
from attendance_app.platform.standalone import models as platform
from attendance_app.reports.group_dashboard import group_dashboard
from tests.attendance_app.program_data import T0, build, coach_of
from tests.factories import COURSE_KEY, UserFactory

pytestmark = pytest.mark.django_db

URL = "/attendance/dashboard/"


@pytest.fixture
def data(course):
    data = build(4)
    platform.Course.objects.filter(course_key=COURSE_KEY).update(
        start=clock.now() - timedelta(days=40), end=clock.now() + timedelta(days=40)
    )
    return data


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def charts(context):
    return {chart["id"]: dict(chart["rows"]) for chart in context["charts"]}


def test_the_team_sees_the_course_with_its_rates(course_staff, data):
    mirrors.record_role(course_staff.id, "DemoX", COURSE_KEY, "staff", True, T0)
    context = group_dashboard(course_staff.id)

    [session] = context["sessions"]
    assert (session.name, session.learners, session.attendance) == ("Continuing Education 101", 3, 3)
    data_ = charts(context)
    assert sum(data_["ongoing"].values()) in (2, 3)  # 80 days span two or three calendar months
    assert list(data_["ongoing"])[-1] == clock.now().strftime("%Y-%m")
    assert data_["blended"] == {"100 % online": 1, "With classroom": 0}
    # 3 enrolled learners: all started, p0 completed (both blocks), nobody passed and completed
    assert data_["rates"] == {"Attendance rate": 100.0, "Completion rate": 33.3, "Success rate": 0.0}


def test_a_coach_counts_only_their_cohort(data):
    coach = coach_of(data["blue"])

    [session] = group_dashboard(coach.id)["sessions"]
    assert (session.learners, session.attendance, session.completed) == (2, 2, 1)


def test_a_finished_course_is_not_ongoing_this_month(data):
    coach = coach_of(data["blue"])
    platform.Course.objects.filter(course_key=COURSE_KEY).update(
        start=clock.now() - timedelta(days=800), end=clock.now() - timedelta(days=700)
    )

    context = group_dashboard(coach.id)
    assert sum(charts(context)["ongoing"].values()) == 0
    assert charts(context)["rates"]["Attendance rate"] is None


@pytest.mark.parametrize(("role", "status"), [("learner", 403), ("outsider", 403), ("global_staff", 200)])
def test_roles(request, data, role, status):
    assert logged_in(request.getfixturevalue(role)).get(URL).status_code == status


def test_anonymous_goes_to_the_login_page(data):
    assert Client().get(URL).status_code == 302


def test_the_page_draws_each_chart_beside_its_table_and_links_each_session(data):
    coach = coach_of(data["blue"])
    html = logged_in(coach).get(URL).content.decode()

    for chart in ("ongoing", "blended", "rates"):
        assert f'aria-describedby="chart-{chart}-table"' in html
        assert f'<table class="attendance-table" id="chart-{chart}-table"' in html
    assert f'href="/attendance/courses/{COURSE_KEY}/dashboard/"' in html
    assert "Success rate" in html


def test_a_user_who_coaches_nothing_and_teaches_nothing_is_refused(data):
    other = UserFactory(username="nobody_special")
    assert logged_in(other).get(URL).status_code == 403
