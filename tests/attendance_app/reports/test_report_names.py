"""Report file names, as the instructor dashboard's report store keeps and lists them.

Upstream (edx-platform): ``lms/djangoapps/instructor_task/models.py`` ``DjangoStorageReportStore.store``
saves under ``path_to(course_id, filename)`` with the storage's ``save`` and ``links_for`` lists the
names in the course's folder, newest first; ``lms/djangoapps/instructor/views/api.py``
``_list_report_downloads`` shows every one of them (narrowed only by an exact ``report_name``). So a
name must survive the storage unchanged and be unique per request.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import UTC, datetime

import pytest
from django.core.files.storage import FileSystemStorage
from django.utils.text import get_valid_filename
from opaque_keys.edx.keys import CourseKey

from attendance_app.models import ReportFile
from attendance_app.platform.standalone.backend import StandaloneBackend
from attendance_app.reports import file_name
from attendance_app.reports.delivery import request_report_file
from tests.attendance_app.reports.fixtures import NOW, attend
from tests.factories import COURSE_KEY

SAFE = re.compile(r"attendance_[a-z_-]+_[A-Za-z0-9_.-]+_\d{4}-\d\d-\d\d-\d{4}\.(csv|xlsx)")


@pytest.mark.parametrize(
    "course_key",
    [
        "course-v1:DemoX+CE101+2026",
        "course-v1:Org.X+Intro~1+2026_T1",
        "course-v1:a:b+c+d",
        "DemoX/CE101/2026",
    ],
)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_names_survive_a_storage_unchanged(course_key, file_format):
    name = file_name("attendance-tracking", CourseKey.from_string(course_key), NOW, file_format)
    assert SAFE.fullmatch(name), name
    assert get_valid_filename(name) == name  # what Django's storages keep of a name
    assert name.endswith(f"_2026-03-20-1200.{file_format}")  # upstream's stamp, %Y-%m-%d-%H%M


def test_the_course_is_in_the_name():
    assert file_name("activity", COURSE_KEY, datetime(2026, 1, 2, 3, 4, tzinfo=UTC), "csv") == (
        "attendance_activity_DemoX-CE101-2026_2026-01-02-0304.csv"
    )


class ReportStoreBackend(StandaloneBackend):
    """The standalone backend with a report store laid out as upstream's ``DjangoStorageReportStore``."""

    location = ""

    def store_course_report(self, course_key, filename, content):
        storage = FileSystemStorage(location=self.location)
        storage.save(self._folder(course_key) + filename, content)
        return True

    def links_for(self, course_key):
        storage = FileSystemStorage(location=self.location)
        folder = self._folder(course_key)
        _dirs, names = storage.listdir(folder)
        return sorted(names, key=lambda name: storage.get_modified_time(folder + name), reverse=True)

    @staticmethod
    def _folder(course_key):
        return hashlib.sha256(str(course_key).encode()).hexdigest() + os.sep


@pytest.fixture
def report_store(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    ReportStoreBackend.location = str(tmp_path / "store")
    settings.ATTENDANCE_PLATFORM_BACKEND = f"{__name__}.ReportStoreBackend"
    return ReportStoreBackend()


def test_two_requests_in_the_same_minute_are_two_files_in_the_report_store(
    report_store, live_activity, learner, course_staff, django_capture_on_commit_callbacks
):
    attend(learner, live_activity, minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        first = request_report_file(course_staff.id, "attendance-tracking", "csv", COURSE_KEY, {}, NOW)
        second = request_report_file(
            course_staff.id, "attendance-tracking", "csv", COURSE_KEY, {"grouping": "user"}, NOW
        )
    names = [ReportFile.objects.get(id=asked.id).filename for asked in (first, second)]
    stamp = names[0].split("_")[-2]  # the minute the task ran
    assert names == [
        f"attendance_attendance-tracking_DemoX-CE101-2026_{stamp}_{first.id}.csv",
        f"attendance_attendance-tracking_DemoX-CE101-2026_{stamp}_{second.id}.csv",
    ]
    assert sorted(report_store.links_for(COURSE_KEY)) == sorted(names)  # kept under our names
