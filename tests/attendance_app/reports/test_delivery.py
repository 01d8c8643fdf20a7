"""Reports "Via email": asked for, built by the Celery task (eager), stored, listed, emailed, downloaded."""

from __future__ import annotations

import sys
import types

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from attendance_app import tasks
from attendance_app.exceptions import InvalidInput, NotAuthorized
from attendance_app.models import ReportFile, ReportStatus
from attendance_app.platform.openedx import OpenEdxBackend
from attendance_app.reports import delivery
from tests.attendance_app.reports.fixtures import NOW, attend, many_learners
from tests.attendance_app.reports.helpers import read_csv, read_xlsx
from tests.factories import COURSE_KEY


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.LMS_ROOT_URL = "https://lms.example.com"


def ask(user, kind="attendance-tracking", file_format="csv", **filters):
    return delivery.request_report_file(user.id, kind, file_format, COURSE_KEY, filters, NOW)


def test_a_report_is_built_stored_and_emailed(
    live_activity, learner, course_staff, django_capture_on_commit_callbacks, mailoutbox
):
    attend(learner, live_activity, minutes=60)
    with django_capture_on_commit_callbacks(execute=True):
        asked = ask(course_staff, grouping="user")
    stored = ReportFile.objects.get(id=asked.id)
    assert stored.status == ReportStatus.DONE
    assert stored.rows_written == 1
    assert stored.filename.startswith("attendance_attendance-tracking_DemoX-CE101-2026_")
    assert read_csv(stored.file.read())[0] == ["ID", "Person", "Hits", "Time", "Computed units"]
    (mail,) = mailoutbox
    assert mail.to == [course_staff.email]
    assert f"https://lms.example.com/attendance/reports/files/{stored.id}/" in mail.body


def test_progress_is_saved_while_writing(
    live_activity, course_staff, monkeypatch, django_capture_on_commit_callbacks
):
    many_learners(live_activity, 5)
    monkeypatch.setattr(delivery, "PROGRESS_EVERY", 2)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        asked = ask(course_staff, grouping="none")
    assert ReportFile.objects.get(id=asked.id).status == ReportStatus.PENDING
    assert len(callbacks) == 1
    with CaptureQueriesContext(connection) as queries:
        assert tasks.build_report_file(asked.id) == ReportStatus.DONE
    progress = [
        query["sql"]
        for query in queries
        if query["sql"].startswith("UPDATE") and "rows_written" in query["sql"]
    ]
    assert len(progress) == 4  # running (0), 2, 4, and the end (5)
    assert ReportFile.objects.get(id=asked.id).rows_written == 5


def test_a_finished_report_is_not_built_twice(
    live_activity, course_staff, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        asked = ask(course_staff, "all-sessions", "xlsx")
    assert tasks.build_report_file(asked.id) == ReportStatus.DONE
    assert len(mailoutbox) == 1
    rows = read_xlsx(ReportFile.objects.get(id=asked.id).file.read())
    assert rows[0][0] == "SESSION ID"


def test_refused_requests_store_nothing(live_activity, learner, course_staff):
    with pytest.raises(NotAuthorized):
        ask(learner)
    with pytest.raises(InvalidInput):
        ask(course_staff, "attendance-report", start="2025-01-01", end="2026-03-01")
    assert not ReportFile.objects.exists()


def test_a_reader_who_lost_the_role_gets_a_failed_report(
    live_activity, coach, coached_cohort, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False):
        asked = ask(coach, "activity")
    coached_cohort.delete()
    from attendance_app.models import CoachAssignment

    CoachAssignment.objects.all().delete()
    assert tasks.build_report_file(asked.id) == ReportStatus.FAILED
    assert ReportFile.objects.get(id=asked.id).error
    assert mailoutbox == []


def test_only_the_requester_downloads_the_file(
    live_activity, course_staff, instructor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        asked = ask(course_staff, "all-sessions")
    url = f"/attendance/reports/files/{asked.id}/"
    mine = Client()
    mine.force_login(course_staff)
    response = mine.get(url)
    assert response.status_code == 200
    assert read_csv(b"".join(response.streaming_content))[0][0] == "SESSION ID"
    theirs = Client()
    theirs.force_login(instructor)
    assert theirs.get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert [report.id for report in delivery.my_report_files(course_staff.id)] == [asked.id]


def test_the_lms_backend_writes_to_the_instructor_report_store(monkeypatch):
    stored = []

    class ReportStore:
        @classmethod
        def from_config(cls, config_name):
            assert config_name == "GRADES_DOWNLOAD"
            return cls()

        def store(self, course_id, filename, buff):
            stored.append((course_id, filename, buff.read()))

    module = types.ModuleType("lms.djangoapps.instructor_task.models")
    module.ReportStore = ReportStore
    monkeypatch.setitem(sys.modules, "lms.djangoapps.instructor_task.models", module)
    import io

    assert OpenEdxBackend().store_course_report(COURSE_KEY, "attendance_activity_x.csv", io.BytesIO(b"a,b"))
    assert stored == [(COURSE_KEY, "attendance_activity_x.csv", b"a,b")]


def test_operators_list_and_delete_report_files_with_their_file(
    live_activity, course_staff, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    with django_capture_on_commit_callbacks(execute=True):
        asked = ask(course_staff, "all-sessions")
    stored = ReportFile.objects.get(id=asked.id)
    path = stored.file.path
    operator = Client()
    operator.force_login(UserFactory(username="operator", is_staff=True, is_superuser=True))
    listing = operator.get("/admin/attendance_app/reportfile/").content.decode()
    assert "all-sessions" in listing
    response = operator.post(f"/admin/attendance_app/reportfile/{stored.id}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not ReportFile.objects.exists()
    import os

    assert not os.path.exists(path)
