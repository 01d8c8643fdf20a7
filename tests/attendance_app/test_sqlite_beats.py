"""The demo's SQLite holds a class's heartbeats: concurrent beats, no "database is locked", no 5xx.

Real threads with their own connections beat on a SQLite file opened as ``demo/settings.py`` opens
it (immediate transactions, a write-ahead log, a 20 s lock timeout): every learner has two tabs, so
first beats insert concurrently, steady beats race for the same rows and fall back to the locked
path, and every beat is answered 200 with exactly the wall-clock time credited.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCENARIO = r"""
import json, sys, threading
from datetime import timedelta

import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)

from django.db import connection
from opaque_keys.edx.django.models import CourseKeyField
from attendance_app import api, clock
from attendance_app.models import Attendance
from tests.attendance_app.rest_api.utils import API, call, client_for
from tests.factories import COURSE_KEY, AccessRoleFactory, CourseFactory, EnrollmentFactory, UserFactory

learners, tabs, rounds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
CourseFactory()
staff = AccessRoleFactory(user=UserFactory(username="course_staff"), role="staff").user
admin = AccessRoleFactory(
    user=UserFactory(username="org_admin"), course_key=CourseKeyField.Empty, org="DemoX", role="org_admin"
).user
usage_key = COURSE_KEY.make_usage_key("attendance", "replay")
settings = {"display_name": "Replay", "mode": "recorded", "live_start": "2026-01-01T00:00Z"}
api.configure_activity(staff.id, usage_key, settings)
unit = api.create_unit(admin.id, {"org": "DemoX", "template": "cpe"})
api.add_rule(staff.id, usage_key, {"unit_id": unit.id})
api.set_course_switch(staff.id, COURSE_KEY, True)
people = [
    EnrollmentFactory(user=UserFactory(username=f"l{n}"), course_key=COURSE_KEY).user for n in range(learners)
]
start = clock.now()
moment = [start]
clock.now = lambda: moment[0]
tokens = {person.id: api.start_presence(person.id, usage_key, start)["token"] for person in people}
journal = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
connection.close()

barrier = threading.Barrier(learners * tabs + 1)
answers = []


def tab(person):
    from django.db import connection as own

    client = client_for(person)
    try:
        for _ in range(rounds):
            barrier.wait()
            response = call(client, "post", f"{API}/presence/beat/", {"token": tokens[person.id]})
            answers.append((response.status_code, response.content.decode()[:200]))
            barrier.wait()
    finally:
        own.close()


threads = [threading.Thread(target=tab, args=(person,)) for person in people for _ in range(tabs)]
for thread in threads:
    thread.start()
for number in range(rounds):
    moment[0] = start + timedelta(seconds=15 * number)
    barrier.wait()
    barrier.wait()
for thread in threads:
    thread.join()

print(json.dumps({
    "journal": journal,
    "statuses": sorted({status for status, _body in answers}),
    "failures": [body for status, body in answers if status != 200][:5],
    "count": len(answers),
    "credited": sorted({row.credited_us for row in Attendance.objects.all()}),
    "rows": Attendance.objects.count(),
}))
"""


def test_two_tabs_of_every_learner_beat_at_once_and_every_beat_is_answered(tmp_path):
    learners, tabs, rounds = 6, 2, 6
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.sqlite_file_settings",
        "ATTENDANCE_SQLITE_FILE": str(tmp_path / "demo.sqlite3"),
        "PYTHONPATH": str(ROOT),
        "TMPDIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCENARIO, str(learners), str(tabs), str(rounds)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])

    assert result["journal"] == "wal"
    # Immediate transactions serialize even the two tabs' first beats: no insert race, no 409.
    assert result["statuses"] == [200], result["failures"]
    assert "locked" not in json.dumps(result["failures"])
    assert result["count"] == learners * tabs * rounds
    assert result["rows"] == learners
    assert result["credited"] == [15 * (rounds - 1) * 1_000_000]  # the wall clock, counted once
