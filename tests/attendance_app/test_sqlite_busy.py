"""Concurrent writes on the demo's SQLite: wait for the other writer, else a 503 with Retry-After.

Real locks, not mocks: a child process runs the app on a SQLite file while a second connection
to the same file holds the write lock, as a concurrent request would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCENARIO = r'''
import json, sqlite3, sys, threading, time

import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)

from django.test import Client
from attendance_app.models import FeatureSwitch
from tests.factories import UserFactory
from tests.attendance_xblock.utils import make_block

staff = UserFactory(username="global_staff", is_staff=True)
client = Client()
client.force_login(staff)
usage_id = make_block("global_staff").scope_ids.usage_id
path = sys.argv[1]
hold = float(sys.argv[2])


def other_writer(seconds):
    """A second connection that takes SQLite's write lock and keeps it for ``seconds``.

    With a negative ``seconds`` it keeps it until the request under test has been answered.
    """
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE auth_user SET first_name = 'other' WHERE id = ?", (staff.id,))
    locked.set()
    if seconds < 0:
        answered.wait(60)
    else:
        time.sleep(seconds)
    other.execute("COMMIT")
    other.close()


answered = threading.Event()
locked = threading.Event()
writer = threading.Thread(target=other_writer, args=(hold,))
writer.start()
locked.wait()
rest = client.put("/api/attendance/v1/switches/site/", {"enabled": True}, content_type="application/json")
answered.set()
writer.join()

locked.clear()
answered.clear()
writer = threading.Thread(target=other_writer, args=(hold,))
writer.start()
locked.wait()
handler = f"/handler/{usage_id}/set_course_switch/?student=global_staff"
block = client.post(handler, {"enabled": True}, content_type="application/json")
answered.set()
writer.join()

print(json.dumps({
    "rest": [rest.status_code, rest.headers.get("Retry-After"), rest.json()],
    "block": [block.status_code, block.headers.get("Retry-After"), block.json()],
    "switches": [row["scope"] for row in FeatureSwitch.objects.values("scope")],
}))
'''


def run(tmp_path: Path, *, timeout: float, hold: float) -> dict:
    database = tmp_path / "demo.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.sqlite_file_settings",
        "ATTENDANCE_SQLITE_FILE": str(database),
        "ATTENDANCE_SQLITE_TIMEOUT": str(timeout),
        "PYTHONPATH": str(ROOT),
        "TMPDIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCENARIO, str(database), str(hold)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_writer_waits_for_the_other_and_both_writes_land(tmp_path):
    result = run(tmp_path, timeout=10, hold=1.0)  # the request meets the lock and waits it out

    assert result["rest"][0] == 200, result
    assert result["block"][0] == 200, result
    assert sorted(result["switches"]) == ["course", "site"]


def test_a_lock_held_past_the_timeout_is_a_503_with_retry_after_and_writes_nothing(tmp_path):
    result = run(tmp_path, timeout=0.2, hold=-1)  # the other writer lets go only after the answer

    for status, retry_after, body in (result["rest"], result["block"]):
        assert status == 503
        assert retry_after == "2"
        assert body["error"] == "busy"
        assert (
            body["message"]
            == "The server is busy with other requests; nothing was saved. Try again in a moment."
        )
    assert result["switches"] == []


@pytest.mark.parametrize("path", ["demo/settings.py", "tests/sqlite_file_settings.py"])
def test_the_demo_waits_for_the_write_lock(path):
    text = (ROOT / path).read_text()

    assert '"transaction_mode": "IMMEDIATE"' in text
    assert '"timeout"' in text
    assert '"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"' in text
    assert '"MAX_ENTRIES": 20_000' in text
