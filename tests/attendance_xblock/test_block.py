"""The Attendance XBlock: rendering, the editor's save handler, and its packaged resources."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from xblock.exceptions import DisallowedFileError

from attendance_app.models import Activity
from attendance_app.platform import get_backend
from attendance_xblock.block import AttendanceXBlock
from attendance_xblock.rendering import dom_id_prefix
from tests.attendance_xblock.utils import call_handler, make_block

pytestmark = pytest.mark.django_db

VALID = {
    "display_name": "Ethics webinar",
    "mode": "live",
    "live_start": "2026-05-01T14:00:00Z",
    "live_end": "2026-05-01T16:00:00Z",
    "missed_prompt_policy": "lenient",
    "external_id": "ETH-1",
}


def test_student_view_renders_the_session_with_its_assets(learner):
    block = make_block(
        "learner",
        '<attendance display_name="Ethics &lt;live&gt;" mode="live" '
        'live_start="2026-05-01T14:00:00Z" live_end="2026-05-01T16:00:00Z"/>',
    )

    fragment = block.runtime.render(block, "student_view")

    assert "Ethics &lt;live&gt;" in fragment.content  # escaped, never raw HTML
    assert "Live session" in fragment.content
    assert "Sign in" not in fragment.content
    urls = [resource.data for resource in fragment.resources]
    assert any(url.endswith("static/attendance/js/student.js") for url in urls)
    assert any(url.endswith("static/attendance/css/attendance.css") for url in urls)
    assert "data-init='AttendanceBlock'" in fragment.content


def test_student_view_tells_an_unknown_visitor_to_sign_in(db):
    fragment = make_block("nobody-with-this-name").runtime.render(
        make_block("nobody-with-this-name"), "student_view"
    )

    assert "Sign in and enroll to earn credit" in fragment.content


def test_studio_view_labels_every_field(course_staff):
    block = make_block("course_staff")

    fragment = block.runtime.render(block, "studio_view")

    ids = dom_id_prefix(get_backend().usage_key_for_block(block))
    for name in AttendanceXBlock.editable_fields:
        assert f'<label for="{ids}-{name}">' in fragment.content
        assert f'id="{ids}-{name}-error"' in fragment.content
    assert "data-init='AttendanceStudio'" in fragment.content


def test_saving_valid_settings_updates_block_and_activity(course_staff):
    block = make_block("course_staff")

    response = call_handler(block, "save_settings", VALID)

    assert response.status_code == 200
    assert block.mode == "live"
    assert block.live_end == datetime(2026, 5, 1, 16, tzinfo=UTC)
    assert block.external_id == "ETH-1"
    assert Activity.objects.get().missed_prompt_policy == "lenient"


def test_invalid_settings_answer_400_with_field_errors_and_change_nothing(course_staff):
    block = make_block("course_staff")

    response = call_handler(
        block, "save_settings", {**VALID, "live_end": "2026-04-01T00:00:00Z", "mode": "x"}
    )

    assert response.status_code == 400
    assert set(json.loads(response.body)["field_errors"]) == {"live_end", "mode"}
    assert block.mode == "recorded"
    assert block.display_name == "Ethics webinar"
    assert not Activity.objects.exists()


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b"\xff\xfe", b""])
def test_malformed_bodies_are_refused(course_staff, raw):
    response = call_handler(make_block("course_staff"), "save_settings", None, raw=raw)

    assert response.status_code == 400
    assert json.loads(response.body)["error"] == "invalid_input"


def test_learners_cannot_save_settings(learner):
    block = make_block("learner")

    response = call_handler(block, "save_settings", VALID)

    assert response.status_code == 403
    assert block.mode == "recorded"
    assert not Activity.objects.exists()


def test_packaged_resources_are_served_and_nothing_else():
    assert AttendanceXBlock.open_local_resource("static/attendance/js/student.js").read().startswith(b"/*")
    with pytest.raises(DisallowedFileError):
        AttendanceXBlock.open_local_resource("static/../setup.py")
    with pytest.raises(DisallowedFileError):
        AttendanceXBlock.open_local_resource("templates/student.html")


def test_the_video_url_is_a_block_field_kept_with_the_activity(course_staff):
    block = make_block("course_staff", '<attendance display_name="Replay" mode="recorded"/>')
    settings = {"display_name": "Replay", "mode": "recorded", "live_start": "2026-11-01T09:00:00Z"}

    response = call_handler(block, "save_settings", {**settings, "video_url": "/static/demo/recording.webm"})

    assert response.status_code == 200
    assert block.video_url == "/static/demo/recording.webm"
    assert Activity.objects.get().video_url == "/static/demo/recording.webm"
    assert "video_url" in AttendanceXBlock.fields


def test_the_delivery_method_is_a_block_field_kept_with_the_activity(course_staff):
    block = make_block("course_staff")

    response = call_handler(block, "save_settings", {**VALID, "delivery_method": "Group Live"})

    assert response.status_code == 200
    assert block.delivery_method == "Group Live"
    assert Activity.objects.get().delivery_method == "Group Live"
    fragment = block.runtime.render(block, "studio_view")
    assert '<option value="Group Live" selected>' in fragment.content


def test_an_unknown_delivery_method_is_refused_by_its_field(course_staff):
    block = make_block("course_staff")

    response = call_handler(block, "save_settings", {**VALID, "delivery_method": "Webinar"})

    assert response.status_code == 400
    assert set(json.loads(response.body)["field_errors"]) == {"delivery_method"}
    assert block.delivery_method == ""
