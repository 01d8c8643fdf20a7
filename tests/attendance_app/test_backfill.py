"""``backfill_attendance_mirrors``: the mirrors filled from the platform (standalone backend), one
course or all, with a progress bar (tqdm) or progress lines, never undoing a newer event."""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command

from attendance_app import api
from attendance_app.api import mirrors
from attendance_app.models import (
    CohortMembershipMirror,
    CourseAccessRoleMirror,
    EnrollmentMirror,
    PublishedBlockMirror,
)
from tests.factories import COURSE_KEY, CohortFactory, CourseFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db

OTHER_KEY = COURSE_KEY.replace(run="2027")
USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "replay")


@pytest.fixture
def platform_state(course, learner, other_learner, course_staff, org_admin):
    CourseFactory(course_key=OTHER_KEY, display_name="CE 101 (2027)")
    EnrollmentFactory(user=learner, course_key=OTHER_KEY, is_active=False)
    cohort = CohortFactory(course_key=COURSE_KEY, name="Blue")
    cohort.members.add(learner)
    api.configure_activity(
        course_staff.id,
        USAGE_KEY,
        {"display_name": "Replay", "mode": "recorded", "live_start": "2026-11-01T00:00:00Z"},
    )


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("backfill_attendance_mirrors", *args, stdout=out)
    return out.getvalue()


def test_one_course(platform_state, learner, other_learner, course_staff, org_admin):
    output = run("--course", str(COURSE_KEY), "--no-progress")

    enrollments = EnrollmentMirror.objects.filter(course_key=COURSE_KEY)
    assert sorted(enrollments.values_list("user_id", "is_active")) == [
        (learner.id, True),
        (other_learner.id, True),
    ]
    assert not EnrollmentMirror.objects.filter(course_key=OTHER_KEY).exists()
    assert CohortMembershipMirror.objects.get().cohort_name == "Blue"
    roles = CourseAccessRoleMirror.objects.values_list("user_id", "role", "course_key")
    assert sorted((user_id, role, str(key or "")) for user_id, role, key in roles) == [
        (course_staff.id, "staff", str(COURSE_KEY)),
        (org_admin.id, "org_admin", ""),
    ]
    assert PublishedBlockMirror.objects.get().usage_key == USAGE_KEY
    assert output.strip() == "Mirrored 1 course runs: blocks 1, cohorts 1, enrollments 2, roles 2."


def test_all_courses_with_a_tqdm_progress_bar(platform_state, learner):
    output = run()

    assert EnrollmentMirror.objects.get(course_key=OTHER_KEY, user=learner).is_active is False
    assert "Mirroring: 100%" in output
    assert "2/2" in output
    assert "Mirrored 2 course runs" in output


def test_progress_lines_without_tqdm(platform_state, monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)  # tqdm not installed

    output = run()

    assert output.splitlines()[:2] == [f"[1/2] {COURSE_KEY}", f"[2/2] {OTHER_KEY}"]


def test_a_newer_event_survives_the_backfill_and_a_rerun_changes_nothing(platform_state, learner):
    future = datetime.now(UTC) + timedelta(days=1)
    mirrors.record_enrollment(learner.id, COURSE_KEY, "verified", False, future)  # an event "after" the read

    run("--course", str(COURSE_KEY), "--no-progress")
    run("--course", str(COURSE_KEY), "--no-progress")

    row = EnrollmentMirror.objects.get(user=learner, course_key=COURSE_KEY)
    assert (row.mode, row.is_active, row.changed_at) == ("verified", False, future)
    assert EnrollmentMirror.objects.filter(course_key=COURSE_KEY).count() == 2


def test_a_malformed_course_key_is_refused_before_anything_is_written(platform_state):
    with pytest.raises(CommandError, match="not a course run key"):
        call_command("backfill_attendance_mirrors", "--course", str(COURSE_KEY), "--course", "nonsense")
    assert not EnrollmentMirror.objects.exists()
