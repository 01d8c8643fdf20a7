"""The LMS pages: who gets a pack, bad input refused before any byte, large packs "Via email"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client

from attendance_app import clock
from attendance_app.audit_pack import KIND
from attendance_app.models import ActivityLogEntry, ReportFile, ReportStatus
from attendance_app.platform.standalone.models import AccessRole
from tests.attendance_app.audit_pack.helpers import T0, USAGE_KEY, Pack, attended, audited_activity
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

ACTIVITY_URL = f"/attendance/activities/{USAGE_KEY}/audit-pack.zip"
COURSE_URL = f"/attendance/courses/{COURSE_KEY}/audit-pack.zip"
NOW = T0 + timedelta(days=3)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch, settings, tmp_path):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    settings.MEDIA_ROOT = str(tmp_path)
    settings.LMS_ROOT_URL = "https://lms.example.com"


@pytest.fixture
def activity(course_staff, org_admin):
    activity = audited_activity(course_staff, org_admin)
    attended(activity, "ada")
    return activity


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def zip_of(response) -> Pack:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "no-store"
    return Pack.read(b"".join(response.streaming_content))


@pytest.mark.parametrize("role", ["course_staff", "instructor", "org_admin", "global_staff"])
def test_the_course_team_and_global_staff_download_the_pack_now(request, role, activity):
    user = request.getfixturevalue(role)

    response = client_for(user).get(ACTIVITY_URL)

    pack = zip_of(response)
    assert (
        'filename="attendance_audit-pack_DemoX-CE101-2026_webinar_2026-11-05-1000.zip"'
        in (response["Content-Disposition"])
    )
    assert pack.manifest["requested_by"] == {"user_id": user.id, "username": user.username}
    assert len(pack.csv("prompts.csv")) == 2
    logged = ActivityLogEntry.objects.get(user=user)
    assert (logged.action, logged.label) == ("Report downloaded", "Audit pack")


@pytest.mark.parametrize("role", ["learner", "coach", "outsider"])
def test_learners_coaches_and_outsiders_are_refused(request, role, activity, coached_cohort):
    response = client_for(request.getfixturevalue(role)).get(ACTIVITY_URL)
    assert response.status_code == 403
    assert b"Only the course team" in response.content
    response = client_for(request.getfixturevalue(role)).get(COURSE_URL)
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(activity):
    for url in (ACTIVITY_URL, COURSE_URL):
        response = client_for(None).get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_the_course_pack_takes_a_date_range(activity, course_staff):
    pack = zip_of(client_for(course_staff).get(COURSE_URL, {"start": "2026-11-01", "end": "2026-11-30"}))
    assert pack.manifest["filters"] == {"start": "2026-11-01", "end": "2026-11-30"}
    assert len(pack.csv("roster.csv")) == 1


def test_without_a_range_the_course_pack_covers_the_six_months_to_today(activity, course_staff):
    pack = zip_of(client_for(course_staff).get(COURSE_URL))
    assert pack.manifest["filters"] == {"start": "2026-05-05", "end": "2026-11-05"}


@pytest.mark.parametrize(
    ("url", "query", "message"),
    [
        (COURSE_URL, {"start": "2026-01-01", "end": "2026-11-30"}, b"longer than 6 months"),
        (COURSE_URL, {"start": "2026-11-30", "end": "2026-11-01"}, b"before the start date"),
        (COURSE_URL, {"start": "30/11/2026"}, b"YYYY-MM-DD"),
        (COURSE_URL, {"user": "ada"}, b"no filter"),
        ("/attendance/courses/not-a-course/audit-pack.zip", {}, b"not a valid course key"),
        ("/attendance/activities/block-v1:nope/audit-pack.zip", {}, b"usage key"),
        (ACTIVITY_URL, {"start": "2026-11-01"}, b"takes no filters"),
    ],
)
def test_bad_input_is_a_clear_400_and_no_file(activity, course_staff, url, query, message):
    response = client_for(course_staff).get(url, query)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content


def test_an_unknown_activity_is_a_404(activity, course_staff):
    response = client_for(course_staff).get(
        f"/attendance/activities/{COURSE_KEY.make_usage_key('attendance', 'gone')}/audit-pack.zip"
    )
    assert response.status_code == 404


def test_a_large_pack_is_offered_via_email_and_listed_in_my_reports(
    activity, course_staff, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.ATTENDANCE_AUDIT_PACK_SYNC_MAX_ROWS = 4  # the pack has 5: 1 roster, 2 prompts, 2 visits
    client = client_for(course_staff)

    offer = client.get(COURSE_URL, {"start": "2026-11-01", "end": "2026-11-30"})
    assert offer.status_code == 200
    assert b"too large to download at once" in offer.content
    email_url = f"{COURSE_URL}/email/?start=2026-11-01&amp;end=2026-11-30"
    assert email_url.encode() in offer.content
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(email_url.replace("&amp;", "&"))
    assert asked.status_code == 302
    assert asked["Location"] == "/attendance/reports/"

    stored = ReportFile.objects.get()
    assert (stored.kind, stored.file_format, stored.status) == (KIND, "zip", ReportStatus.DONE)
    assert stored.filters == {"start": "2026-11-01", "end": "2026-11-30"}
    assert stored.rows_written == 5  # 1 roster row, 2 prompts, 2 visits
    pack = Pack.read(stored.file.read())
    assert pack.manifest["requested_by"]["username"] == "course_staff"
    (mail,) = mailoutbox
    assert "Audit pack" in mail.subject
    listed = client.get("/attendance/reports/")
    assert b"Audit pack (zip)" in listed.content
    downloaded = client.get(f"/attendance/reports/files/{stored.id}/")
    assert downloaded.status_code == 200
    assert Pack.read(b"".join(downloaded.streaming_content)).files == pack.files


def test_the_via_email_request_is_refused_to_a_learner_and_stores_nothing(activity, learner):
    response = client_for(learner).post(f"{ACTIVITY_URL}/email/")
    assert response.status_code == 403
    assert not ReportFile.objects.exists()


def test_a_pack_request_is_checked_again_when_the_task_runs(
    activity, course_staff, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client_for(course_staff).post(f"{ACTIVITY_URL}/email/")
    AccessRole.objects.filter(user=course_staff).delete()
    cache.clear()

    (run,) = callbacks
    run()

    stored = ReportFile.objects.get()
    assert stored.status == ReportStatus.FAILED
    assert stored.error == "Only the course team can download an audit pack."
    assert not stored.file
    assert not mailoutbox


def test_the_team_finds_the_packs_on_the_dashboard_and_the_evidence_page(activity, course_staff):
    client = client_for(course_staff)
    dashboard = client.get(f"/attendance/courses/{COURSE_KEY}/dashboard/").content.decode()
    assert f'href="{ACTIVITY_URL}"' in dashboard
    assert f'action="{COURSE_URL}"' in dashboard
    evidence = client.get(f"/attendance/activities/{USAGE_KEY}/evidence/").content.decode()
    assert f'href="{ACTIVITY_URL}"' in evidence


def test_a_coach_sees_no_pack_on_the_dashboard(activity, coach, coached_cohort):
    dashboard = client_for(coach).get(f"/attendance/courses/{COURSE_KEY}/dashboard/")
    assert dashboard.status_code == 200
    assert b"audit-pack.zip" not in dashboard.content


def test_a_pack_of_zero_rows_allowed_now_is_offered_via_email(activity, course_staff, settings):
    settings.ATTENDANCE_AUDIT_PACK_SYNC_MAX_ROWS = 0
    response = client_for(course_staff).get(ACTIVITY_URL)
    assert response.status_code == 200
    assert f'action="{ACTIVITY_URL}/email/"'.encode() in response.content
