"""Migration 0006 turns stored float seconds into whole microseconds, repairing float drift, and back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("attendance_app", "0005_external_callbacks")]
AFTER = [("attendance_app", "0006_integer_time")]
T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest_schema_after():
    """Whatever the test does, the database ends at the latest migrations, as the next tests expect."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_float_seconds_become_exact_microseconds_and_go_back(course_staff, learner, latest_schema_after):
    old = migrate(BEFORE)
    activity = old.get_model("attendance_app", "Activity").objects.create(
        usage_key="block-v1:DemoX+CE101+2026+type@attendance+block@m",
        course_key="course-v1:DemoX+CE101+2026",
        display_name="M",
        mode="recorded",
    )
    attendance = old.get_model("attendance_app", "Attendance").objects.create(
        user_id=learner.id,
        activity_id=activity.id,
        first_join_at=T0,
        last_beat_at=T0,
        segment_started_at=T0,
        credited_seconds=3015.25,
        confirmed_seconds=2999.9999999999986,
        pending_seconds=15.250001,
        flagged_seconds=0.1,
        video_seconds=12.5,
        next_prompt_mark=3333.333333,
    )
    old.get_model("attendance_app", "PromptEvidence").objects.create(
        attendance_id=attendance.id,
        nonce_digest="a" * 64,
        shown_at=T0,
        deadline=T0,
        discarded_seconds=600.0000001,
    )

    new = migrate(AFTER)
    row = new.get_model("attendance_app", "Attendance").objects.get()
    assert (row.credited_us, row.confirmed_us, row.pending_us) == (3_015_250_000, 3_000_000_000, 15_250_001)
    assert (row.flagged_us, row.video_us, row.next_prompt_mark_us) == (100_000, 12_500_000, 3_333_333_333)
    assert new.get_model("attendance_app", "PromptEvidence").objects.get().discarded_us == 600_000_000

    back = migrate(BEFORE)
    row = back.get_model("attendance_app", "Attendance").objects.get()
    assert (row.confirmed_seconds, row.pending_seconds, row.next_prompt_mark) == (
        3000.0,
        15.250001,
        3333.333333,
    )
