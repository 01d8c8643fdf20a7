"""A Celery worker SIGKILLed in the middle of a "Via email" report or audit pack (issue #20).

A real worker (a subprocess, Redis broker, MariaDB) takes the task, writes the file and is killed
while it saves it (``tests.celery.holding_storage`` holds that save). The task is ``acks_late``: the
message stays unacknowledged in Redis, and once the broker's visibility timeout has passed a new
worker takes it and writes the file from the start. The test then finds one file in storage,
named by the report, and the request listed once, "Ready".

Redis keeps an unacknowledged message for ``visibility_timeout`` seconds (an hour by default)
before any worker may take it again; these workers use a few seconds (``worker_settings``).
``reject_on_worker_lost`` covers the other case, a pool process killed under a living worker
(prefork): the worker puts the message back at once instead of acknowledging it, and runs it again.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from attendance_app.audit_pack.delivery import request_pack_file
from attendance_app.audit_pack.scope import activity_scope
from attendance_app.models import ReportFile, ReportStatus
from attendance_app.reports import delivery
from tests import services
from tests.attendance_app.reports.fixtures import NOW, attend
from tests.celery.holding_storage import MARKER
from tests.celery.workers import kill, start_worker, stop, wait_for
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.celery_worker

#: Seconds Redis keeps the killed worker's message before another worker may take it.
VISIBILITY_TIMEOUT = 3
HOLD_SECONDS = 60
DONE_SECONDS = 90
SETTINGS = "tests.celery.worker_settings"


def ask(kind: str, user_id: int, activity) -> ReportFile:
    """Ask for the file "Via email"; the request is committed and its task sent at once."""
    if kind == "report":
        return delivery.request_report_file(user_id, "activity", "csv", COURSE_KEY, {}, NOW)
    return request_pack_file(user_id, activity_scope(user_id, str(activity.usage_key), {}), NOW)


def stored_files(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.mark.parametrize("kind", ["report", "audit-pack"])
def test_a_worker_killed_mid_file_leaves_one_file_listed_once(
    kind, transactional_db, tmp_path, live_activity, learner, course_staff
):
    broker = services.require_celery_worker_run()
    media, hold, log = tmp_path / "media", tmp_path / "hold", tmp_path / "workers.log"
    media.mkdir()
    hold.mkdir()
    env = {
        "ATTENDANCE_TEST_MEDIA_ROOT": str(media),
        "ATTENDANCE_TEST_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
    }
    attend(learner, live_activity, minutes=60)

    first = start_worker(
        broker, log, settings=SETTINGS, extra_env={**env, "ATTENDANCE_TEST_HOLD_DIR": str(hold)}
    )
    try:
        asked = ask(kind, course_staff.id, live_activity)
        wait_for((hold / MARKER).exists, HOLD_SECONDS, "the first worker saving the file", log)
        held_at = time.time()
        running = ReportFile.objects.get(id=asked.id)
        kill(first)
    finally:
        stop(first)
    assert running.status == ReportStatus.RUNNING
    assert stored_files(media) == []  # killed before the file reached storage
    # The message was delivered before the save began: past the timeout, the next worker may take it.
    time.sleep(max(0.0, held_at + VISIBILITY_TIMEOUT + 1 - time.time()))

    second = start_worker(broker, log, settings=SETTINGS, extra_env=env, purge=False)
    try:
        wait_for(
            lambda: ReportFile.objects.get(id=asked.id).status != ReportStatus.RUNNING,
            DONE_SECONDS,
            "the second worker writing the file again",
            log,
        )
    finally:
        stop(second)

    done = ReportFile.objects.get(id=asked.id)
    assert done.status == ReportStatus.DONE, done.error
    assert stored_files(media) == [done.file.name]
    assert done.file.name.endswith(f"_{asked.id}.{done.file_format}")
    assert [report.id for report in delivery.my_report_files(course_staff.id)] == [asked.id]
    assert ReportFile.objects.count() == 1


def test_a_pool_process_killed_mid_file_is_written_again_by_its_worker(
    transactional_db, tmp_path, live_activity, learner, course_staff
):
    broker = services.require_celery_worker_run()
    media, hold, log = tmp_path / "media", tmp_path / "hold", tmp_path / "worker.log"
    media.mkdir()
    hold.mkdir()
    env = {
        "ATTENDANCE_TEST_MEDIA_ROOT": str(media),
        # An hour, as in production: the message must come back through reject_on_worker_lost.
        "ATTENDANCE_TEST_VISIBILITY_TIMEOUT": "3600",
        "ATTENDANCE_TEST_HOLD_DIR": str(hold),
    }
    attend(learner, live_activity, minutes=60)

    worker = start_worker(broker, log, settings=SETTINGS, extra_env=env, pool="prefork")
    try:
        asked = ask("report", course_staff.id, live_activity)
        wait_for((hold / MARKER).exists, HOLD_SECONDS, "the pool process saving the file", log)
        pool_process = int((hold / MARKER).read_text().split()[0])
        assert pool_process != worker.pid
        os.kill(pool_process, signal.SIGKILL)
        wait_for(
            lambda: ReportFile.objects.get(id=asked.id).status != ReportStatus.RUNNING,
            DONE_SECONDS,
            "the worker writing the file again",
            log,
        )
    finally:
        stop(worker)

    done = ReportFile.objects.get(id=asked.id)
    assert done.status == ReportStatus.DONE, done.error
    assert stored_files(media) == [done.file.name]
    assert [report.id for report in delivery.my_report_files(course_staff.id)] == [asked.id]
