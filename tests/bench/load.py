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

from tests.bench.summary import round_figures

HERE = Path(__file__).parent
TARGETS = ("beat", "insert", "drf", "bare")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """``gunicorn -w 2`` serving tests.bench.wsgi on a free local port."""

    def __init__(self, env: dict[str, str], workers: int = 2) -> None:
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
                "warning",
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

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wrk(url: str, learners_file: Path, target: str, seconds: int, connections: int) -> dict[str, Any]:
    """One wrk run of ``target``; its figures (req/s served, p50/p99, errors)."""
    command = [
        "wrk",
        "-t2",
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
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    return round_figures(json.loads(line.removeprefix("BENCH ")))


def interleaved(
    url: str, learners_file: Path, rounds: int, seconds: int, connections: int
) -> list[dict[str, dict[str, Any]]]:
    """``rounds`` rounds, each running every target once in turn (A B C D, A B C D, ...)."""
    result = []
    for number in range(rounds):
        one = {}
        for target in TARGETS:
            one[target] = wrk(url, learners_file, target, seconds, connections)
            print(f"  round {number + 1} {target:6} {one[target]}", flush=True)
        result.append(one)
    return result


def server_env(database: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(DJANGO_SETTINGS_MODULE="tests.bench.settings", BENCH_DB=database)
    return env
