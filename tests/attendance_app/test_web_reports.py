"""``/attendance/courses/<course_key>/reports/<kind>.<csv|xlsx>``: the "Now" download page."""

from __future__ import annotations

import pytest
from django.test import Client

from attendance_app.reports import KINDS
from tests.attendance_app.reports.fixtures import attend
from tests.attendance_app.reports.helpers import read_csv, read_xlsx
from tests.factories import COURSE_KEY, OTHER_COURSE_KEY, EnrollmentFactory, UserFactory

MANAGERS = ("course_staff", "instructor", "org_admin", "global_staff")


def url(name: str, course_key=COURSE_KEY) -> str:
    return f"/attendance/courses/{course_key}/reports/{name}"


def browser(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def attended(live_activity, learner, other_learner):
    attend(learner, live_activity, minutes=60)
    attend(other_learner, live_activity, minutes=30)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", [*MANAGERS, "coach", "learner", "other_course_learner", "anonymous"])
def test_every_report_and_role(request, attended, kind, role):
    if role == "anonymous":
        user = None
    elif role == "other_course_learner":
        user = EnrollmentFactory(user=UserFactory(username="elsewhere"), course_key=OTHER_COURSE_KEY).user
    else:
        if role == "coach":
            request.getfixturevalue("coached_cohort")
        user = request.getfixturevalue(role)
    response = browser(user).get(url(f"{kind}.csv"))
    if role == "anonymous":
        assert response.status_code == 302
        assert "login" in response["Location"]
    elif role in MANAGERS or (role == "coach" and kind != "attendance-report"):
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        assert response["Content-Disposition"].startswith(f'attachment; filename="attendance_{kind}_')
        read_csv(b"".join(response.streaming_content))
    else:
        assert response.status_code == 403
        assert b"permission" in response.content


def test_xlsx_downloads_and_opens(attended, course_staff):
    response = browser(course_staff).get(url("all-sessions.xlsx"), {"status": "finished"})
    rows = read_xlsx(b"".join(response.streaming_content))
    assert rows[0] == ["SESSION ID", "Name", "Start", "End", "Registered", "Completion", "Instructors"]
    assert rows[1][4] == 2


@pytest.mark.parametrize(
    ("name", "query", "status", "text"),
    [
        ("grades.csv", {}, 404, "There is no report"),
        ("activity", {}, 400, "Choose a format"),
        ("activity.pdf", {}, 400, "Choose a format"),
        ("attendance-report.csv", {"start": "2025-01-01", "end": "2026-01-01"}, 400, "6 months"),
        ("activity.csv", {"start": "2026-03-05", "end": "2026-03-01"}, 400, "before the start"),
        ("activity.csv", {"colour": "blue"}, 400, "no filter"),
    ],
)
def test_bad_input_is_a_page_with_a_4xx(course_staff, name, query, status, text):
    response = browser(course_staff).get(url(name), query)
    assert response.status_code == status
    assert text in response.content.decode()


def test_a_group_the_coach_does_not_coach(coach, coached_cohort, other_cohort):
    response = browser(coach).get(url("activity.csv"), {"group": other_cohort.id})
    assert response.status_code == 403


def test_a_course_without_a_role(course_staff):
    assert browser(course_staff).get(url("activity.csv", OTHER_COURSE_KEY)).status_code == 403


def test_a_malformed_course_key(course_staff):
    response = browser(course_staff).get(url("activity.csv", "course-v1:nope"))
    assert response.status_code == 400


def test_a_download_is_logged_as_analytics_and_shows_in_the_activity_report(course, course_staff):
    browser(course_staff).get(url("all-sessions.csv"))
    rows = read_csv(b"".join(browser(course_staff).get(url("activity.csv")).streaming_content))
    assert rows[1][0] == str(course_staff.id)
    assert rows[1][5:8] == ["Analytics", "Report downloaded", "All sessions"]


def test_a_refused_download_is_not_logged(course, learner):
    from attendance_app.models import ActivityLogEntry

    browser(learner).get(url("all-sessions.csv"))
    assert not ActivityLogEntry.objects.exists()


def test_via_email_from_the_page_then_listed(
    settings, tmp_path, attended, course_staff, django_capture_on_commit_callbacks, mailoutbox
):
    settings.MEDIA_ROOT = str(tmp_path)
    client = browser(course_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("attendance-tracking.xlsx/email/") + "?grouping=user")
    assert response.status_code == 302
    assert response["Location"] == "/attendance/reports/"
    page = client.get("/attendance/reports/").content.decode()
    assert "Attendance tracking (xlsx)" in page
    assert "/attendance/reports/files/" in page
    assert len(mailoutbox) == 1


def test_via_email_from_the_page_is_refused_like_a_download(course, learner, course_staff):
    from attendance_app.models import ReportFile

    assert browser(learner).post(url("activity.csv/email/")).status_code == 403
    assert browser(course_staff).post(url("activity.csv/email/") + "?start=x").status_code == 400
    assert browser(course_staff).get(url("activity.csv/email/")).status_code == 200  # the confirmation
    assert browser(learner).get(url("activity.csv/email/")).status_code == 403
    assert browser(course_staff).put(url("activity.csv/email/")).status_code == 405
    assert not ReportFile.objects.exists()


def test_via_email_needs_the_csrf_token(course, course_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(course_staff)
    assert client.post(url("activity.csv/email/")).status_code == 403


def test_my_reports_is_empty_for_a_new_reader(course, learner):
    assert (
        "You have not asked for any report yet."
        in browser(learner).get("/attendance/reports/").content.decode()
    )
