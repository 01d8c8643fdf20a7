"""The HTTP leg: the project under gunicorn, driven by wrk, A B A B on the same server and database."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from attendance_app import conf
from tests.bench.summary import round_figures

HERE = Path(__file__).parent
TARGETS = ("beat", "insert", "drf", "bare", "floor")
# One beat in this many checks the session and the user, as with the defaults (300 s, a 15 s beat).
CHECK_EVERY = (
    conf.DEFAULTS["ATTENDANCE_BEAT_SESSION_CHECK_SECONDS"] // conf.DEFAULTS["ATTENDANCE_HEARTBEAT_SECONDS"]
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """``gunicorn -w 2`` serving tests.bench.wsgi on a free local port.

    The soak logs at ``info`` (workers booted, signals received, a worker restarted reach its output)
    and asks :meth:`exit_code` whether the server is still up.
    """

    def __init__(self, env: dict[str, str], workers: int = 2, log_level: str = "warning") -> None:
        self.database = env.get("BENCH_DB", "sqlite")
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "tests.bench.wsgi:application",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--log-level",
                log_level,
            ],
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def exit_code(self) -> int | None:
        """None while gunicorn runs, its exit status once it is gone."""
        return self.process.poll()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes used so far (``/proc/PID/stat``); 0 for a gone one."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return total / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def database_pids() -> list[int]:
    """The MariaDB/MySQL server's process on this machine, if it runs here and is readable."""
    found = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() in ("mariadbd", "mysqld"):
                found.append(int(comm.parent.name))
        except OSError:
            continue
    return found


def wrk(
    url: str, learners_file: Path, target: str, seconds: int, connections: int, server: Server | None = None
) -> dict[str, Any]:
    """One wrk run of ``target``; its figures (req/s served, p50/p99, errors).

    With ``server``, also the CPU milliseconds per request of its workers and of the local
    database server (``app_cpu_ms``, ``db_cpu_ms``): the capacity plan's costs, less noisy than
    req/s on a shared machine.
    """
    app = [*children(server.process.pid), server.process.pid] if server else []
    database = database_pids() if server and server.database == "mysql" else []
    app_before, db_before = cpu_seconds(app), cpu_seconds(database)
    command = [
        "wrk",
        f"-t{connections}",  # one connection per thread: each learner's beats in order (rotate.lua)
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(HERE / "rotate.lua"),
        url,
        "--",
        str(learners_file),
        target,
        str(connections),
        str(CHECK_EVERY),
        str(learners_file.with_suffix(".tokens")),
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    raw = json.loads(line.removeprefix("BENCH "))
    figures = round_figures(raw)
    if server and raw["requests"]:
        figures["app_cpu_ms"] = round((cpu_seconds(app) - app_before) * 1000 / raw["requests"], 3)
        if database:
            figures["db_cpu_ms"] = round((cpu_seconds(database) - db_before) * 1000 / raw["requests"], 3)
    return figures


def interleaved(
    server: Server, learners_file: Path, rounds: int, seconds: int, connections: int
) -> list[dict[str, dict[str, Any]]]:
    """``rounds`` rounds, each running every target once in turn (A B C D, A B C D, ...)."""
    result = []
    for number in range(rounds):
        one = {}
        for target in TARGETS:
            one[target] = wrk(server.url, learners_file, target, seconds, connections, server)
            print(f"  round {number + 1} {target:6} {one[target]}", flush=True)
        result.append(one)
    return result


def server_env(database: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(DJANGO_SETTINGS_MODULE="tests.bench.settings", BENCH_DB=database)
    return env
