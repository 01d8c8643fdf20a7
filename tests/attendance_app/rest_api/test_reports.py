"""``courses/{course_key}/reports/{kind}/``: every report and role, and bad input."""

from __future__ import annotations

import pytest

from attendance_app.reports import KINDS
from tests.attendance_app.reports.fixtures import attend
from tests.attendance_app.reports.helpers import read_csv, read_xlsx
from tests.attendance_app.rest_api.utils import API, assert_anonymous, assert_error, call, client_for
from tests.factories import COURSE_KEY, OTHER_COURSE_KEY, EnrollmentFactory, UserFactory

MANAGERS = ("course_staff", "instructor", "org_admin", "global_staff")


def url(kind: str, course_key=COURSE_KEY) -> str:
    return f"{API}/courses/{course_key}/reports/{kind}/"


def person(request, role):
    if role == "anonymous":
        return None
    if role == "other_course_learner":
        return EnrollmentFactory(user=UserFactory(username="elsewhere"), course_key=OTHER_COURSE_KEY).user
    if role == "coach":
        request.getfixturevalue("coached_cohort")
    return request.getfixturevalue(role)


@pytest.fixture
def attended(live_activity, learner, other_learner):
    attend(learner, live_activity, minutes=60)
    attend(other_learner, live_activity, minutes=30)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", [*MANAGERS, "coach", "learner", "other_course_learner", "anonymous"])
def test_every_report_and_role(request, attended, kind, role):
    user = person(request, role)
    response = call(client_for(user), "get", url(kind))
    if role == "anonymous":
        assert_anonymous(response)
    elif role in MANAGERS or (role == "coach" and kind != "attendance-report"):
        assert response.status_code == 200, response.content
        assert response.streaming
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert f"attendance_{kind}_DemoX-CE101-2026_" in response["Content-Disposition"]
        read_csv(b"".join(response.streaming_content))
    else:
        assert_error(response, 403)


def test_a_coach_reads_only_the_learners_of_their_cohorts(request, attended, coach, coached_cohort, learner):
    response = call(client_for(coach), "get", url("attendance-tracking"), {"grouping": "user"})
    rows = read_csv(b"".join(response.streaming_content))
    assert [row[0] for row in rows[1:]] == [str(learner.id)]


def test_xlsx(attended, course_staff):
    response = call(client_for(course_staff), "get", url("attendance-tracking"), {"file_format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_xlsx(b"".join(response.streaming_content))
    assert rows[0] == ["ID", "Person", "Activity", "Hits", "Time", "Computed units", "Date"]
    assert len(rows) == 3


def test_an_unknown_kind_is_404(course_staff):
    assert_error(call(client_for(course_staff), "get", url("grades")), 404)


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ({"file_format": "pdf"}, ("format",)),
        ({"start": "2025-01-01", "end": "2026-01-01"}, ("end",)),
        ({"start": "2026-03-05", "end": "2026-03-01"}, ("end",)),
        ({"start": "yesterday"}, ("start",)),
        ({"grouping": "x"}, ("grouping",)),
    ],
)
def test_bad_filters_are_400(course_staff, query, fields):
    kind = "attendance-report" if "end" in query else "attendance-tracking"
    assert_error(call(client_for(course_staff), "get", url(kind), query), 400, *fields)


def test_a_group_the_coach_does_not_coach_is_403(coach, coached_cohort, other_cohort):
    assert_error(call(client_for(coach), "get", url("activity"), {"group": other_cohort.id}), 403)
    assert call(client_for(coach), "get", url("activity"), {"group": coached_cohort.id}).status_code == 200


def test_staff_filter_on_any_group_of_the_course(attended, course_staff, other_cohort, other_learner):
    response = call(client_for(course_staff), "get", url("attendance-tracking"), {"group": other_cohort.id})
    assert [row[0] for row in read_csv(b"".join(response.streaming_content))[1:]] == [str(other_learner.id)]


def test_a_course_without_a_role_is_403(course_staff):
    assert_error(call(client_for(course_staff), "get", url("activity", OTHER_COURSE_KEY)), 403)


@pytest.mark.parametrize("course_key", ["not-a-key", "course-v1:Demo", "course-v1:a+b+c+d+e"])
def test_malformed_course_keys_are_400(course_staff, course_key):
    assert_error(call(client_for(course_staff), "get", url("activity", course_key)), 400, "course_key")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_via_email_is_202_then_listed_with_progress(
    media, attended, course_staff, django_capture_on_commit_callbacks, mailoutbox
):
    client = client_for(course_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = call(client, "post", url("activity") + "email/?file_format=xlsx")
    assert response.status_code == 202, response.content
    asked = response.json()
    assert asked["status"] == "pending"
    (listed,) = call(client, "get", f"{API}/me/reports/").json()
    assert listed["id"] == asked["id"]
    assert listed["status"] == "done"
    assert listed["download_url"] == f"/attendance/reports/files/{asked['id']}/"
    assert len(mailoutbox) == 1
    assert call(client_for(None), "get", f"{API}/me/reports/").status_code == 401


@pytest.mark.parametrize(
    ("role", "query", "status"),
    [
        ("learner", "", 403),
        ("course_staff", "?start=nope", 400),
        ("coach", "", 403),
        ("course_staff", "", 404),
    ],
)
def test_via_email_refusals_store_nothing(request, media, attended, role, query, status):
    from attendance_app.models import ReportFile

    user = person(request, role)
    kind = "grades" if status == 404 else "attendance-report"
    assert_error(call(client_for(user), "post", url(kind) + "email/" + query), status)
    assert not ReportFile.objects.exists()


def test_a_rest_download_is_logged(attended, course_staff):
    from attendance_app.models import ActivityLogEntry

    call(client_for(course_staff), "get", url("attendance-tracking"))
    entry = ActivityLogEntry.objects.get()
    assert (entry.user_id, entry.category, entry.action, entry.label) == (
        course_staff.id,
        "Analytics",
        "Report downloaded",
        "Attendance tracking",
    )
