"""attendance_app.tasks run eagerly, in the test process, on the run's database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from openedx_events.content_authoring.data import XBlockData
from openedx_events.content_authoring.signals import XBLOCK_DELETED

from attendance_app import api, tasks
from attendance_app.exceptions import InvalidInput
from attendance_app.models import Activity
from tests.factories import COURSE_KEY

USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "webinar")
DELETED_AT = datetime(2026, 6, 1, 12, 30, tzinfo=UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(course_staff):
    api.configure_activity(course_staff.id, USAGE_KEY, {"display_name": "W", "mode": "classroom"})
    return Activity.objects.get(usage_key=USAGE_KEY)


def test_task_archives_the_activity_at_the_given_instant(activity):
    archived = tasks.archive_activity.delay(str(USAGE_KEY), DELETED_AT.isoformat()).get()

    activity.refresh_from_db()
    assert archived is True
    assert activity.archived_at == DELETED_AT


def test_task_for_an_already_archived_activity_changes_nothing(activity):
    tasks.archive_activity.delay(str(USAGE_KEY), DELETED_AT.isoformat())

    archived = tasks.archive_activity.delay(
        str(USAGE_KEY), datetime(2027, 1, 1, tzinfo=UTC).isoformat()
    ).get()

    activity.refresh_from_db()
    assert archived is False
    assert activity.archived_at == DELETED_AT


def test_task_for_a_malformed_usage_key_raises_invalid_input(activity):
    with pytest.raises(InvalidInput):
        tasks.archive_activity.delay("not-a-usage-key", DELETED_AT.isoformat())


def test_deleted_block_is_archived_only_when_studio_commits(activity, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        XBLOCK_DELETED.send_event(xblock_info=XBlockData(usage_key=USAGE_KEY, block_type="attendance"))

    activity.refresh_from_db()
    assert activity.archived_at is None
    assert len(callbacks) == 1
