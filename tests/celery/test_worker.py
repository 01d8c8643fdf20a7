"""attendance_app.tasks on a real Celery worker: another process, a Redis broker, MariaDB.

The eager tests run the task's code; these prove the deployment shape: the task is registered
under its name, its arguments survive serialisation, the worker writes to the shared database,
and a failure comes back to the caller as the app's own error instead of being retried.

The worker is a subprocess on the suite's Celery app (``tests.celery_app``), pointed at the test
database; tests use ``transactional_db`` so that it sees committed rows. Every wait is bounded.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.db import connection

from attendance_app import api, tasks
from attendance_app.exceptions import InvalidInput
from attendance_app.models import Activity
from tests import services
from tests.celery_app import app
from tests.factories import COURSE_KEY

ROOT = Path(__file__).resolve().parents[2]
USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "webinar")
DELETED_AT = datetime(2026, 6, 1, 12, 30, tzinfo=UTC)
READY_SECONDS = 60
RESULT_SECONDS = 60
STOP_SECONDS = 15

pytestmark = pytest.mark.celery_worker


def _log_tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def _wait_until_ready(process: subprocess.Popen[bytes], nodename: str, log: Path) -> None:
    """Poll the worker with control pings until it answers, it exits, or READY_SECONDS pass."""
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the Celery worker exited with {process.returncode}:\n{_log_tail(log)}")
        if app.control.ping(destination=[nodename], timeout=1.0):
            return
    pytest.fail(f"the Celery worker did not answer within {READY_SECONDS}s:\n{_log_tail(log)}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Warm shutdown (SIGTERM), then SIGKILL if the worker hangs."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_SECONDS)


@pytest.fixture
def worker(transactional_db, tmp_path):
    """A running ``celery worker`` on the test database; stopped however the test ends."""
    broker = services.require_celery_worker_run()
    nodename = f"attendance-tests-{uuid.uuid4().hex[:8]}@localhost"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "attendance_app.settings.test",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "ATTENDANCE_TEST_DATABASE": "mysql",
        "ATTENDANCE_MYSQL_NAME": connection.settings_dict["NAME"],
        "ATTENDANCE_CELERY_BROKER_URL": broker,
    }
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tests.celery_app",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--loglevel=info",
                "--without-gossip",
                "--without-mingle",
                "--purge",
                f"--hostname={nodename}",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_ready(process, nodename, log)
        yield process
    finally:
        _stop(process)


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
