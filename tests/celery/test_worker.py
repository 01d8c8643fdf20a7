"""attendance_app.tasks on a real Celery worker: another process, a Redis broker, MariaDB.

The eager tests run the task's code; these prove the deployment shape: the task is registered
under its name, its arguments survive serialisation, the worker writes to the shared database,
and a failure comes back to the caller as the app's own error instead of being retried.

The worker is a subprocess on the suite's Celery app (:mod:`tests.celery.workers`), pointed at the
test database; tests use ``transactional_db`` so that it sees committed rows. Every wait is bounded.
A worker killed in the middle of a file: ``test_worker_killed.py``.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from attendance_app import api, tasks
from attendance_app.exceptions import InvalidInput
from attendance_app.models import Activity
from tests import services
from tests.celery.workers import start_worker, stop
from tests.factories import COURSE_KEY

USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "webinar")
DELETED_AT = datetime(2026, 6, 1, 12, 30, tzinfo=UTC)
RESULT_SECONDS = 60

pytestmark = pytest.mark.celery_worker


@pytest.fixture
def worker(transactional_db, tmp_path):
    """A running ``celery worker`` on the test database; stopped however the test ends."""
    process = start_worker(services.require_celery_worker_run(), tmp_path / "worker.log")
    try:
        yield process
    finally:
        stop(process)


@pytest.fixture
def activity(transactional_db, course_staff):
    api.configure_activity(course_staff.id, USAGE_KEY, {"display_name": "W", "mode": "classroom"})
    return Activity.objects.get(usage_key=USAGE_KEY)


def test_worker_archives_the_activity_in_the_shared_database(activity, worker):
    result = tasks.archive_activity.delay(str(USAGE_KEY), DELETED_AT.isoformat())

    assert result.get(timeout=RESULT_SECONDS) is True
    activity.refresh_from_db()
    assert activity.archived_at == DELETED_AT


def test_worker_reports_a_malformed_usage_key_as_invalid_input_without_retrying(activity, worker):
    result = tasks.archive_activity.delay("not-a-usage-key", DELETED_AT.isoformat())

    with pytest.raises(InvalidInput, match="not-a-usage-key"):
        result.get(timeout=RESULT_SECONDS)
    assert result.state == "FAILURE"
    assert result.retries == 0
    activity.refresh_from_db()
    assert activity.archived_at is None
