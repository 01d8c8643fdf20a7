"""The block in the LMS and Studio: completable by its credit rule, an author preview, the CSRF cookie."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from xblock.completable import XBlockCompletionMode

from attendance_app import api
from attendance_app.models import Activity, Attendance
from attendance_app.platform import get_backend
from attendance_xblock.block import AttendanceXBlock
from tests.attendance_xblock.utils import make_block, view_as
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
XML = '<attendance display_name="Ethics webinar" mode="recorded" live_start="2026-11-01T00:00:00Z"/>'


class CompletionService:
    """The LMS's completion service (openedx/completion completion/services.py), for one learner."""

    def __init__(self, completions=None, enabled=True):
        self.completions = completions or {}
        self.enabled = enabled

    def completion_tracking_enabled(self):
        return self.enabled

    def get_completions(self, candidates):
        return {key: self.completions.get(key, 0.0) for key in candidates}


@pytest.fixture
def block(course_staff, org_admin):
    block = make_block("course_staff", XML)
    usage_key = get_backend().usage_key_for_block(block)
    api.configure_activity(
        course_staff.id,
        usage_key,
        {"display_name": "Ethics webinar", "mode": "recorded", "live_start": "2026-11-01T00:00:00Z"},
    )
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.add_rule(course_staff.id, usage_key, {"unit_id": cpe.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    return block


def published(monkeypatch, block):
    events = []
    monkeypatch.setattr(block.runtime, "publish", lambda _block, name, data: events.append((name, data)))
    return events


def confirmed(user, block, seconds):
    activity = Activity.objects.get(usage_key=get_backend().usage_key_for_block(block))
    Attendance.objects.create(
        user=user,
        activity=activity,
        first_join_at=T0,
        last_beat_at=T0,
        segment_started_at=T0,
        confirmed_us=seconds * 1_000_000,
    )


def test_the_lms_never_marks_the_block_complete_on_view():
    # completion/services.py can_mark_block_complete_on_view: completable, no custom completion, no score.
    assert XBlockCompletionMode.get_mode(AttendanceXBlock) == XBlockCompletionMode.COMPLETABLE
    assert AttendanceXBlock.has_custom_completion is True
    assert not getattr(AttendanceXBlock, "has_score", False)


def test_studio_previews_the_author_view_which_starts_no_presence(block, monkeypatch):
    events = published(monkeypatch, block)

    fragment = block.runtime.render(block, "author_view")

    assert AttendanceXBlock.has_author_view is True  # contentstore preview: AUTHOR_VIEW if has_author_view
    assert "Author preview: no attendance is recorded here" in fragment.content
    assert "CPE" in fragment.content
    assert "one credit per" in fragment.content
    assert "/evidence/" in fragment.content
    assert "data-init" not in fragment.content  # no JavaScript: nothing beats, nothing prompts
    assert not [resource for resource in fragment.resources if "attendance/js/" in resource.data]
    assert "token" not in fragment.content
    assert events == []


def test_the_author_view_of_a_classroom_session_shows_the_slots_placeholder(course_staff):
    block = make_block("course_staff", '<attendance display_name="Workshop" mode="classroom"/>')

    fragment = block.runtime.render(block, "author_view")

    assert "Classroom slots" in fragment.content
    assert "No credit units yet" in fragment.content


def test_a_learner_who_met_the_rule_gets_completion_published_when_the_lms_has_none(
    block, learner, monkeypatch
):
    learner_block = view_as(block, "learner")
    confirmed(learner, learner_block, 50 * 60)
    learner_block.runtime._services["completion"] = CompletionService()
    events = published(monkeypatch, learner_block)

    learner_block.runtime.render(learner_block, "student_view")

    assert events == [("completion", {"completion": 1.0})]


def test_no_completion_is_published_when_recorded_unmet_or_tracking_is_off(block, learner, monkeypatch):
    learner_block = view_as(block, "learner")
    usage_key = get_backend().usage_key_for_block(learner_block)
    confirmed(learner, learner_block, 50 * 60 - 1)
    events = published(monkeypatch, learner_block)

    for service in (
        CompletionService(),
        CompletionService({usage_key: 1.0}),
        CompletionService(enabled=False),
    ):
        learner_block.runtime._services["completion"] = service
        learner_block.runtime.render(learner_block, "student_view")
    Attendance.objects.update(confirmed_us=50 * 60 * 1_000_000)
    learner_block.runtime._services["completion"] = CompletionService({usage_key: 1.0})
    learner_block.runtime.render(learner_block, "student_view")

    assert events == []


@pytest.mark.parametrize("view", ["student_view", "studio_view"])
def test_the_csrf_cookie_name_comes_from_settings(course_staff, settings, view):
    settings.CSRF_COOKIE_NAME = "lms_csrf"
    block = make_block("course_staff", XML)

    fragment = block.runtime.render(block, view)

    args = re.search(
        r'<script type="application/json" class="attendance-init-args">\s*(.*?)\s*</script>',
        fragment.content,
        re.S,
    )
    assert args is not None
    assert json.loads(args.group(1))["csrf_cookie_name"] == "lms_csrf"
