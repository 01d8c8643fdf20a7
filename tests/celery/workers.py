"""Real Celery workers for the tests: started as subprocesses on the suite's app, stopped or killed.

A worker runs ``celery -A tests.celery_app worker`` with the solo pool by default (one process, so
SIGKILL kills the whole worker, as a lost machine or an out-of-memory kill would), pointed at the
test database. Every wait is bounded.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from django.db import connection

from tests.celery_app import app

ROOT = Path(__file__).resolve().parents[2]
READY_SECONDS = 60
STOP_SECONDS = 15


def log_tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def start_worker(
    broker: str,
    log: Path,
    *,
    settings: str = "attendance_app.settings.test",
    extra_env: Mapping[str, str] | None = None,
    purge: bool = True,
    pool: str = "solo",
) -> subprocess.Popen[bytes]:
    """A worker answering control pings, on the test database, with the Django ``settings`` module.

    ``purge`` empties the queue first (a stale message of an earlier run must not be taken); a
    worker that is to take over a lost worker's message starts without it. ``pool="prefork"``
    runs the task in a child process, which a test may kill under its living worker.
    """
    nodename = f"attendance-tests-{uuid.uuid4().hex[:8]}@localhost"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "ATTENDANCE_TEST_DATABASE": "mysql",
        "ATTENDANCE_MYSQL_NAME": connection.settings_dict["NAME"],
        "ATTENDANCE_CELERY_BROKER_URL": broker,
        **(extra_env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "tests.celery_app",
        "worker",
        f"--pool={pool}",
        "--concurrency=1",
        "--loglevel=info",
        "--without-gossip",
        "--without-mingle",
        f"--hostname={nodename}",
    ]
    with log.open("ab") as out:
        process = subprocess.Popen(
            command + (["--purge"] if purge else []), cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_ready(process, nodename, log)
    except BaseException:
        stop(process)
        raise
    return process


def _wait_until_ready(process: subprocess.Popen[bytes], nodename: str, log: Path) -> None:
    """Poll the worker with control pings until it answers, it exits, or READY_SECONDS pass."""
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the Celery worker exited with {process.returncode}:\n{log_tail(log)}")
        if app.control.ping(destination=[nodename], timeout=1.0):
            return
    pytest.fail(f"the Celery worker did not answer within {READY_SECONDS}s:\n{log_tail(log)}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Warm shutdown (SIGTERM), then SIGKILL if the worker hangs."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        kill(process)


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL: no warm shutdown, no message given back to the broker."""
    process.kill()
    process.wait(timeout=STOP_SECONDS)


def wait_for(condition: Callable[[], object], seconds: float, what: str, log: Path) -> None:
    """Poll ``condition`` every tenth of a second until it holds; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {seconds}s\n{log_tail(log)}")
        time.sleep(0.1)
