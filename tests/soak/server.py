"""The soak's server: ``gunicorn -w 2`` serving the project on a free local port, logging at info.

Like the bench's (:class:`tests.bench.load.Server`), but gunicorn's info lines (workers booted,
signals received, a worker restarted) reach the soak's output, and :meth:`exit_code` says whether
the server is still up: a soak must know when its server went away.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time

from tests.bench.load import free_port


class Server:
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
                "info",
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

    def exit_code(self) -> int | None:
        return self.process.poll()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
