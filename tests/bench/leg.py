"""One leg of the bench in its own process: ``python -m tests.bench.leg LEG DATABASE OUTPUT``.

Legs: ``http`` (fresh database, learners, gunicorn + wrk), ``inprocess`` (statements per beat and
answer, the answer and the learner view against a bare view, bytes per prompt row; after ``http``
on the same database) and ``data`` (the dashboard at two sizes and the CSV export).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path
from statistics import median
from typing import Any

os.environ["BENCH_DB"] = sys.argv[2]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from opaque_keys.edx.keys import CourseKey  # noqa: E402

from attendance_app import clock  # noqa: E402
from attendance_app.models import Attendance, PromptEvidence, PromptKind  # noqa: E402
from tests.bench import export, load, seed  # noqa: E402
from tests.factories import COURSE_KEY  # noqa: E402

CONFIG = json.loads(os.environ.get("BENCH_CONFIG", "{}"))
VAR = Path("var/bench")
USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "bench")
BEAT_URL = "/api/attendance/v1/presence/beat/"
ANSWER_URL = "/api/attendance/v1/presence/answer/"
LAST_STATEMENTS: list[str] = []  # the statements of the last measure's first call, abridged


def learners_file(database: str) -> Path:
    return VAR / f"learners-{database}.txt"


def http(database: str) -> dict[str, Any]:
    seed.reset_database()
    seed.course(COURSE_KEY, "Continuing Education 101")
    seed.activity(USAGE_KEY, "Bench webinar")
    ids = seed.learners("bl", CONFIG["learners"], COURSE_KEY)
    path = learners_file(database)
    logged_in = seed.logged_in(ids, USAGE_KEY)
    path.write_text("".join(f"{x.session} {x.csrf} {x.token}\n" for x in logged_in))
    path.with_suffix(".tokens").unlink(missing_ok=True)  # the renewed tokens of an earlier run (rotate.lua)
    seed.first_beats(ids, [x.token for x in logged_in])
    connection.close()
    server = load.Server(load.server_env(database))
    try:
        # Warm the workers' caches (configuration, access) before the steady beats are measured.
        load.wrk(server.url, path, "beat", 3, CONFIG["connections"])
        warm = {
            target: load.wrk(server.url, path, target, 2, CONFIG["connections"]) for target in load.TARGETS
        }
        rounds = load.interleaved(server, path, CONFIG["rounds"], CONFIG["seconds"], CONFIG["connections"])
    finally:
        server.stop()
    return {"learners": len(ids), "warm_up": warm, "rounds": rounds}


def _client(session: str) -> Client:
    client = Client()
    client.cookies["sessionid"] = session
    return client


def _timed(call: Any, times: int) -> tuple[float, int]:
    """The median milliseconds of ``times`` calls, and the statements of one warm call.

    ``call(0)`` warms the caches (the presence configuration, the enrollment check) and is not
    counted; ``call(1)`` is the one whose statements are counted; ``call(2)`` on are timed.
    """
    call(0)
    with CaptureQueriesContext(connection) as queries:
        call(1)
    statements = len(queries.captured_queries)  # now: the next request clears the log
    LAST_STATEMENTS[:] = [query["sql"][:90] for query in queries.captured_queries]
    durations = []
    for n in range(2, times + 2):
        start = time.perf_counter()
        call(n)
        durations.append((time.perf_counter() - start) * 1000)
    return round(median(durations), 3), statements


def inprocess(database: str) -> dict[str, Any]:
    learners = [line.split() for line in learners_file(database).read_text().splitlines()]
    times = CONFIG["iterations"]
    first = learners[0]
    client = _client(first[0])
    bare_ms, bare_queries = _timed(lambda _n: client.get("/bench/bare/"), times)

    renewed = {"token": first[2]}

    def beat(_n: int) -> None:
        """The page's steady beat: the last reply's token signs it in and carries the row (ADR 0034)."""
        reply = client.post(BEAT_URL, {"token": renewed["token"]}, content_type="application/json")
        assert reply.status_code == 200, reply.content
        renewed["token"] = reply.json()["token"]

    def checked_beat(_n: int) -> None:
        """A beat whose session and user are checked: the block's token, as every 20th beat does."""
        reply = client.post(BEAT_URL, {"token": first[2]}, content_type="application/json")
        assert reply.status_code == 200, reply.content

    checked_ms, checked_queries = _timed(checked_beat, times)
    checked_sql = list(LAST_STATEMENTS)
    beat_ms, beat_queries = _timed(beat, times)
    beat_sql = list(LAST_STATEMENTS)
    answer_ms, answer_queries = _answers(learners[: times + 2])
    return {
        "bare": {"ms": bare_ms, "queries": bare_queries},
        "beat": {"ms": beat_ms, "queries": beat_queries, "statements": beat_sql},
        "checked_beat": {"ms": checked_ms, "queries": checked_queries, "statements": checked_sql},
        "answer": {"ms": answer_ms, "queries": answer_queries, "statements": list(LAST_STATEMENTS)},
        "learner_view": _learner_view(times),
        "prompt_row_bytes": _prompt_row_bytes(CONFIG["prompt_rows"]),
    }


def _answers(learners: list[list[str]]) -> tuple[float, int]:
    """Each learner answers one open prompt (made here, with a known nonce) through the API view."""
    now = clock.now()
    nonces = []
    for n, (session, _csrf, token) in enumerate(learners):
        client = _client(session)
        attendance = Attendance.objects.get(
            user_id=int(client.session["_auth_user_id"]), activity__usage_key=USAGE_KEY
        )
        nonce = f"bench-nonce-{n:06d}-{os.urandom(4).hex()}"
        attendance.open_prompt = PromptEvidence.objects.create(
            attendance=attendance,
            nonce_digest=hashlib.sha256(nonce.encode()).hexdigest(),
            shown_at=now,
            deadline=now.replace(year=now.year + 1),
            kind=PromptKind.REGULAR,
        )
        attendance.save(update_fields=["open_prompt"])
        nonces.append((client, token, nonce))

    def answer(n: int) -> None:
        client, token, nonce = nonces[n]
        reply = client.post(ANSWER_URL, {"token": token, "nonce": nonce}, content_type="application/json")
        assert reply.status_code == 200, reply.content

    return _timed(answer, len(nonces) - 2)


def _learner_view(times: int) -> dict[str, Any]:
    """The block's student view as a learner sees it (workbench runtime), against the bare view."""
    from workbench.runtime import WorkbenchRuntime

    from attendance_app.platform import get_backend

    runtime = WorkbenchRuntime(seed.STAFF)
    block = runtime.get_block(
        runtime.parse_xml_string(
            '<attendance display_name="Bench view" mode="recorded" live_start="2026-01-01T00:00:00Z"/>'
        )
    )
    seed.activity(get_backend().usage_key_for_block(block), "Bench view")
    learner = WorkbenchRuntime("b1").get_block(block.scope_ids.usage_id)

    def render(_n: int) -> None:
        fragment = learner.render("student_view", {})
        assert "token" in fragment.content or fragment.content

    ms, queries = _timed(render, times)
    return {"ms": ms, "queries": queries}


def table_bytes(table: str) -> int:
    """A MariaDB table's data and index length after ``ANALYZE TABLE`` (InnoDB's estimate)."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE TABLE {table}")
        cursor.fetchall()
        cursor.execute(
            "SELECT data_length + index_length FROM information_schema.tables "
            "WHERE table_schema = DATABASE() AND table_name = %s",
            [table],
        )
        return int(cursor.fetchone()[0])


def _ledger_row_bytes() -> float | None:
    """Bytes per ledger row (Attendance) once the export's rows are in (MariaDB only)."""
    count = Attendance.objects.count()
    if connection.vendor != "mysql" or not count:
        return None
    return round(table_bytes(Attendance._meta.db_table) / count, 1)


def _prompt_row_bytes(rows: int) -> float | None:
    """Bytes one more prompt row takes on disk (MariaDB: data and index length after ANALYZE)."""
    if connection.vendor != "mysql":
        return None
    table = PromptEvidence._meta.db_table
    attendance = Attendance.objects.filter(activity__usage_key=USAGE_KEY).first()
    now = clock.now()

    before = table_bytes(table)
    for start in range(0, rows, seed.BATCH):
        PromptEvidence.objects.bulk_create(
            [
                PromptEvidence(
                    attendance=attendance,
                    nonce_digest=hashlib.sha256(f"size-{n}".encode()).hexdigest(),
                    shown_at=now,
                    deadline=now,
                    kind=PromptKind.REGULAR,
                )
                for n in range(start, min(rows, start + seed.BATCH))
            ]
        )
    return round((table_bytes(table) - before) / rows, 1)


def data(database: str) -> dict[str, Any]:
    staff_client = Client()
    staff_client.force_login(seed.staff())
    sizes = {}
    pool: list[int] = []
    for size in CONFIG["dashboard_sizes"]:
        course_key = CourseKey.from_string(f"course-v1:BenchX+D{size}+2026")
        seed.course(course_key, f"Dashboard {size}")
        unit_id = None
        activity_ids = []
        for number in range(3):
            activity, unit_id = seed.activity(
                course_key.make_usage_key("attendance", f"s{number}"), f"S{number}", unit_id
            )
            activity_ids.append(activity.id)
        pool = seed.learners(f"d{size}_", size, course_key)
        seed.ledger_rows(activity_ids, pool, size * len(activity_ids))
        url = f"/attendance/courses/{course_key}/dashboard/"

        def dashboard(_n: int, url: str = url) -> None:
            reply = staff_client.get(url)
            assert reply.status_code == 200, reply.status_code

        ms, queries = _timed(dashboard, CONFIG["dashboard_iterations"])
        sizes[str(size)] = {"learners": size, "ms": ms, "queries": queries}
        print(f"  dashboard {size}: {sizes[str(size)]}", flush=True)
    exported = export.measure(CONFIG["rows"], pool)
    return {"dashboard": sizes, "export": exported, "ledger_row_bytes": _ledger_row_bytes()}


if __name__ == "__main__":
    leg, database, output = sys.argv[1:4]
    VAR.mkdir(parents=True, exist_ok=True)
    result = {"http": http, "inprocess": inprocess, "data": data}[leg](database)
    Path(output).write_text(json.dumps(result, indent=2))
