"""``activities/{usage_key}/audit-pack/`` and ``courses/{course_key}/audit-pack/``: Via email, per role."""

from __future__ import annotations

from datetime import timedelta

import pytest

from attendance_app import clock
from attendance_app.models import ReportFile, ReportStatus
from tests.attendance_app.audit_pack.helpers import T0, USAGE_KEY, Pack, attended, audited_activity
from tests.attendance_app.rest_api.utils import API, assert_anonymous, assert_error, call, client_for
from tests.factories import COURSE_KEY

TEAM = ("course_staff", "instructor", "org_admin", "global_staff")
ACTIVITY_URL = f"{API}/activities/{USAGE_KEY}/audit-pack/"
COURSE_URL = f"{API}/courses/{COURSE_KEY}/audit-pack/"


@pytest.fixture(autouse=True)
def media(monkeypatch, settings, tmp_path):
    monkeypatch.setattr(clock, "now", lambda: T0 + timedelta(days=3))
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def activity(course_staff, org_admin):
    activity = audited_activity(course_staff, org_admin)
    attended(activity, "ada")
    return activity


def person(request, role):
    if role == "anonymous":
        return None
    if role == "coach":
        request.getfixturevalue("coached_cohort")
    return request.getfixturevalue(role)


@pytest.mark.parametrize("url", [ACTIVITY_URL, f"{COURSE_URL}?start=2026-11-01&end=2026-11-30"])
@pytest.mark.parametrize("role", [*TEAM, "coach", "learner", "outsider", "anonymous"])
def test_only_the_course_team_and_global_staff_get_a_pack(
    request, activity, role, url, django_capture_on_commit_callbacks
):
    user = person(request, role)
    with django_capture_on_commit_callbacks(execute=True):
        response = call(client_for(user), "post", url)
    if role == "anonymous":
        assert_anonymous(response)
    elif role not in TEAM:
        assert_error(response, 403)
    else:
        assert response.status_code == 202, response.content
        body = response.json()
        assert (body["kind"], body["file_format"], body["course_key"]) == (
            "audit-pack",
            "zip",
            str(COURSE_KEY),
        )
        stored = ReportFile.objects.get(id=body["id"])
        assert stored.status == ReportStatus.DONE
        assert len(Pack.read(stored.file.read()).csv("prompts.csv")) == 2
        listed = call(client_for(user), "get", f"{API}/me/reports/").json()
        assert [(item["id"], item["status"]) for item in listed] == [(stored.id, "done")]
        return
    assert not ReportFile.objects.exists()


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        (f"{COURSE_URL}?start=2026-01-01&end=2026-11-30", {"end"}),
        (f"{COURSE_URL}?start=2026-11-30&end=2026-11-01", {"end"}),
        (f"{COURSE_URL}?start=tomorrow", {"start"}),
        (f"{COURSE_URL}?group=1", {"group"}),
        (f"{API}/courses/nonsense/audit-pack/", {"course_key"}),
        (f"{API}/activities/nonsense/audit-pack/", {"usage_key"}),
        (f"{ACTIVITY_URL}?end=2026-11-30", {"end"}),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_stores_nothing(activity, course_staff, url, fields):
    response = call(client_for(course_staff), "post", url)
    assert_error(response, 400, *fields)
    assert not ReportFile.objects.exists()


def test_an_unknown_activity_is_a_404(activity, course_staff):
    response = call(
        client_for(course_staff), "post", f"{API}/activities/{USAGE_KEY.replace(block_id='gone')}/audit-pack/"
    )
    assert_error(response, 404)


def test_the_triggers_are_in_the_openapi_document(db):
    response = call(client_for(None), "get", f"{API}/schema/", {"format": "json"})
    paths = response.json()["paths"]
    assert "post" in paths["/api/attendance/v1/activities/{usage_key}/audit-pack/"]
    course = paths["/api/attendance/v1/courses/{course_key}/audit-pack/"]["post"]
    assert {parameter["name"] for parameter in course["parameters"]} >= {"course_key", "start", "end"}
    assert "202" in course["responses"]
