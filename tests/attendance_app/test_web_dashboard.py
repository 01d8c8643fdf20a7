"""The course dashboard page: who sees what, the drill-downs, "present now", bad input, the query budget."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from attendance_app import clock
from attendance_app.models import Attendance
from attendance_app.platform.standalone import models as platform
from tests.attendance_app.program_data import build, coach_of
from tests.attendance_app.reports.classroom_data import workshop
from tests.attendance_app.reports.helpers import read_csv
from tests.factories import COURSE_KEY, OTHER_COURSE_KEY, EnrollmentFactory, UserFactory

pytestmark = pytest.mark.django_db

DASHBOARD = f"/attendance/courses/{COURSE_KEY}/dashboard/"


@pytest.fixture
def data(course):
    return build(4)


@pytest.fixture
def coach(data):
    return coach_of(data["blue"])


@pytest.fixture
def other_coach(data):
    return coach_of(data["green"], "other_coach")


@pytest.fixture
def other_course_learner(db):
    return EnrollmentFactory(user=UserFactory(username="elsewhere"), course_key=OTHER_COURSE_KEY).user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def page(user, **params):
    response = logged_in(user).get(DASHBOARD, params)
    return response.status_code, response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("learner", 403),
        ("other_course_learner", 403),
        ("outsider", 403),
        ("other_coach", 200),
        ("coach", 200),
        ("instructor", 200),
        ("course_staff", 200),
        ("org_admin", 200),
        ("global_staff", 200),
    ],
)
def test_every_role(request, data, role, status):
    assert page(request.getfixturevalue(role))[0] == status


def test_anonymous_goes_to_the_login_page(data):
    response = Client().get(DASHBOARD)

    assert response.status_code == 302
    assert "login" in response.url


def test_the_team_sees_every_figure_group_learner_and_block(course_staff, data):
    status, html = page(course_staff)

    assert status == 200
    for text in ("Registrations", "Waiting list", "Median time", "01:30:00", "Distribution of levels"):
        assert text in html
    assert "?group=Blue" in html
    assert "?group=Green" in html
    assert "Last003 (unenrolled)" in html
    assert 'class="attendance-unenrolled"' in html
    assert "Quiz one" in html
    assert "Quiz two" in html
    assert "chart.umd.min.js" in html
    assert 'aria-describedby="chart-levels-table"' in html


def test_results_wait_for_a_first_attendee_or_the_end_of_the_session(course_staff, course):
    _status, html = page(course_staff)
    assert "Individual results" not in html
    assert "appear once a learner has started" in html

    platform.Course.objects.filter(course_key=COURSE_KEY).update(end=clock.now() - timedelta(days=1))
    assert "Individual results" in page(course_staff)[1]


def test_a_coach_sees_only_their_cohort_and_its_column(coach, data):
    _status, html = page(coach)

    assert "Last000" in html
    assert "Last002" in html
    assert "Last001" not in html
    assert "?group=Blue" in html
    assert "?group=Green" not in html


def test_a_coach_cannot_open_a_group_they_do_not_coach_nor_its_learners(coach, other_coach, data):
    green_learner = data["people"][1]

    assert page(coach, group="Blue")[0] == 200
    status, html = page(coach, group="Green")
    assert status == 403
    assert "You do not coach this group." in html
    assert page(coach, learner=green_learner.id)[0] == 400
    assert page(other_coach, learner=green_learner.id)[0] == 200


def test_the_learner_drill_down(course_staff, data):
    learner = data["people"][1]
    status, html = page(course_staff, learner=learner.id)

    assert status == 200
    assert "Results of First1 Last001" in html
    assert "Green" in html
    assert "51" in html  # Quiz one: 50 + 1
    assert "01:00:00" in html


def test_the_block_drill_down(course_staff, data):
    first = data["blocks"][0]
    status, html = page(course_staff, block=str(first.usage_key))

    assert status == 200
    assert "Results in Quiz one" in html
    assert "Last001" in html


@pytest.mark.parametrize(
    "params",
    [
        {"learner": "abc"},
        {"learner": "999999"},
        {"block": "nonsense"},
        {"block": "block-v1:DemoX+CE101+2026+type@sequential+block@none"},
    ],
)
def test_bad_drill_downs_answer_400(course_staff, data, params):
    status, html = page(course_staff, **params)

    assert status == 400
    assert "attendance-error" in html


def test_an_unknown_group_is_refused_to_the_team_too(course_staff, data):
    assert page(course_staff, group="Nobody")[0] == 403


def test_a_malformed_course_key_answers_400(course_staff):
    response = logged_in(course_staff).get("/attendance/courses/not-a-key/dashboard/")

    assert response.status_code == 400
    assert "is not a valid course key" in response.content.decode()


def test_present_now_lists_learners_whose_last_beat_is_within_two_heartbeats(
    course_staff, coach, data, settings
):
    settings.ATTENDANCE_HEARTBEAT_SECONDS = 15
    now = clock.now()
    p1, p2 = data["people"][1], data["people"][2]
    Attendance.objects.filter(user=p1).update(last_beat_at=now - timedelta(seconds=29))
    Attendance.objects.filter(user=p2).update(last_beat_at=now - timedelta(seconds=31))

    _status, html = page(course_staff)
    assert "First1 Last001 — Webinar" in html
    assert "First2 Last002 — Webinar" not in html
    fragment = logged_in(course_staff).get(DASHBOARD, {"present": "1"}).content.decode()
    assert fragment.strip().startswith('<ul id="attendance-present-list">')
    assert "First1 Last001" in fragment
    # p1 is in Green: the Blue coach does not see them
    assert "First1 Last001" not in page(coach, present="1")[1]
    assert "Nobody is attending a session right now." in page(coach, present="1")[1]


@pytest.mark.parametrize("size", [5, 50])
def test_the_page_runs_a_constant_number_of_queries(
    course_staff, course, size, django_assert_max_num_queries
):
    build(size)
    client = logged_in(course_staff)
    client.get(DASHBOARD)  # session and user: warmed up like any later request

    with django_assert_max_num_queries(QUERIES) as captured:
        assert client.get(DASHBOARD).status_code == 200
    assert len(captured) == QUERIES


QUERIES = 18  # + the classroom slots (none here); 2 of them: may the reader edit the course's sponsor


@pytest.mark.parametrize("raw", ["²", "-1", "99999999999999999999", "me"])
def test_a_learner_drill_down_that_is_not_an_id_is_refused(course_staff, data, raw):
    status, html = page(course_staff, learner=raw)

    assert status == 400
    assert "This learner is not among the learners you can see." in html


def test_the_general_section_downloads_the_statistics_and_shows_the_classroom_figures(course_staff, data):
    workshop(data["people"])
    client = logged_in(course_staff)
    html = client.get(DASHBOARD).content.decode()

    assert "<dt>Open registrations</dt><dd>3</dd>" in html
    assert "<dt>Waiting list</dt><dd>1</dd>" in html
    link = f"/attendance/courses/{COURSE_KEY}/reports/program-statistics.csv"
    assert f'href="{link}"' in html
    assert f'action="/attendance/courses/{COURSE_KEY}/reports/program-statistics.xlsx/email/"' in html
    rows = read_csv(b"".join(client.get(link).streaming_content))
    assert rows[1][rows[0].index("Classroom Slot Attendance 1")] == "Present"
