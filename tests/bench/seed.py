"""Bench data: a fresh database, learners with sessions and presence tokens, ledger rows in bulk.

Everything goes through the project's API (activities, rules, switches, tokens) except the bulk
rows (users, enrollments, ledger rows), which are ``bulk_create`` for speed.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection
from opaque_keys.edx.django.models import CourseKeyField
from opaque_keys.edx.keys import CourseKey, UsageKey

from attendance_app import api, clock
from attendance_app.exceptions import Conflict
from attendance_app.models import Activity, Attendance, CreditUnit
from attendance_app.platform.standalone.models import AccessRole, Course, Enrollment
from tests.bench.views import add_floor_rows, create_hit_table

User = get_user_model()
STAFF = "bench_staff"
BATCH = 5000


@dataclass(frozen=True)
class Learner:
    session: str
    csrf: str
    token: str


def reset_database() -> None:
    """Migrate a fresh bench database (the SQLite file or the MariaDB database is recreated)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        connection.close()
        path = Path(database["NAME"])
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        import MySQLdb

        connection.close()
        server = MySQLdb.connect(
            host=database["HOST"],
            port=int(database["PORT"]),
            user=database["USER"],
            password=database["PASSWORD"],
        )
        try:
            cursor = server.cursor()
            cursor.execute(f"DROP DATABASE IF EXISTS `{database['NAME']}`")
            cursor.execute(f"CREATE DATABASE `{database['NAME']}` CHARACTER SET utf8mb4")
        finally:
            server.close()
    call_command("migrate", verbosity=0, interactive=False)
    create_hit_table()


def staff() -> User:
    user, _created = User.objects.get_or_create(username=STAFF, defaults={"email": "staff@example.com"})
    return user


def course(course_key: CourseKey, name: str) -> None:
    """A course run with the bench's staff member and the organization administrator on it."""
    Course.objects.get_or_create(course_key=course_key, defaults={"display_name": name})
    AccessRole.objects.get_or_create(user=staff(), course_key=course_key, org=course_key.org, role="staff")
    AccessRole.objects.get_or_create(
        user=staff(), course_key=CourseKeyField.Empty, org=course_key.org, role="org_admin"
    )


def activity(usage_key: UsageKey, name: str, unit_id: int | None = None) -> tuple[Activity, int]:
    """A recorded session with a CPE rule, tracking switched on for its course run."""
    actor = staff().id
    api.configure_activity(
        actor, usage_key, {"display_name": name, "mode": "recorded", "live_start": "2026-01-01T00:00:00Z"}
    )
    if unit_id is None:
        unit_id = (
            CreditUnit.objects.filter(org=usage_key.course_key.org, acronym="CPE")
            .values_list("id", flat=True)
            .first()
        )
    if unit_id is None:
        unit_id = api.create_unit(actor, {"org": usage_key.course_key.org, "template": "cpe"}).id
    with contextlib.suppress(Conflict):  # a second run of a leg on the same database: the rule is there
        api.add_rule(actor, usage_key, {"unit_id": unit_id})
    api.set_course_switch(actor, usage_key.course_key, True)
    return Activity.objects.get(usage_key=usage_key), unit_id


def learners(prefix: str, count: int, course_key: CourseKey) -> list[int]:
    """``count`` users enrolled in ``course_key`` (one password hash for all: hashing is slow)."""
    password = make_password("bench")
    for start in range(0, count, BATCH):
        User.objects.bulk_create(
            [
                User(username=f"{prefix}{n}", email=f"{prefix}{n}@example.com", password=password)
                for n in range(start, min(count, start + BATCH))
            ],
            batch_size=BATCH,
        )
    ids = list(User.objects.filter(username__startswith=prefix).order_by("id").values_list("id", flat=True))
    enroll(ids, course_key)
    return ids


def enroll(user_ids: list[int], course_key: CourseKey) -> None:
    for start in range(0, len(user_ids), BATCH):
        Enrollment.objects.bulk_create(
            [Enrollment(user_id=uid, course_key=course_key) for uid in user_ids[start : start + BATCH]],
            batch_size=BATCH,
        )


def logged_in(user_ids: list[int], usage_key: UsageKey) -> list[Learner]:
    """A database session, a CSRF secret and a presence token (the project's API) per learner."""
    now = clock.now()
    result = []
    for user in User.objects.filter(id__in=user_ids).order_by("id"):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        presence = api.start_presence(user.pk, usage_key, now)
        assert presence is not None, "the bench activity must track presence"
        result.append(Learner(session.session_key or "", secrets.token_hex(16), presence["token"]))
    return result


def first_beats(user_ids: list[int], tokens: list[str]) -> None:
    """Each learner's first beat through the API (it writes the ledger row), and its row of the floor
    baseline: the load sends steady beats."""
    now = clock.now() - timedelta(seconds=5)
    for user_id, token in zip(user_ids, tokens, strict=True):
        api.record_beat(user_id, token, {"token": token}, now)
    add_floor_rows(user_ids)


def ledger_rows(activity_ids: list[int], user_ids: list[int], rows: int) -> int:
    """``rows`` ledger rows (Attendance), learner by learner across the activities, in bulk."""

    def generate() -> Iterator[Attendance]:
        now = clock.now()
        made = 0
        for activity_id in activity_ids:
            for n, user_id in enumerate(user_ids):
                if made == rows:
                    return
                joined = now - timedelta(days=1 + n % 20, minutes=n % 600)
                yield Attendance(
                    user_id=user_id,
                    activity_id=activity_id,
                    first_join_at=joined,
                    last_beat_at=joined + timedelta(minutes=45),
                    segment_started_at=joined + timedelta(minutes=5),
                    rejoins=n % 3,
                    credited_us=2_700_000_000,
                    confirmed_us=2_400_000_000,
                    pending_us=300_000_000,
                    hits=3,
                    misses=n % 2,
                )
                made += 1

    batch: list[Attendance] = []
    total = 0
    for row in generate():
        batch.append(row)
        if len(batch) == BATCH:
            Attendance.objects.bulk_create(batch, batch_size=BATCH)
            total += len(batch)
            batch = []
    if batch:
        Attendance.objects.bulk_create(batch, batch_size=BATCH)
        total += len(batch)
    return total
