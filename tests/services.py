"""Which external services a test run has, and what a test does when one it needs is missing.

A developer's machine may lack MariaDB or Redis: tests that need them skip, with the reason.
CI sets ``ATTENDANCE_REQUIRE_SERVICES=1``: there a missing service is a failure, so a broken CI
machine can never turn the MariaDB or Celery legs into a green run of skips.

Two kinds of "not here" are kept apart. A leg that was not *asked for* (the suite runs on SQLite,
or no broker was given) always skips, because another ``make`` target runs those tests. A service
that was asked for but does not answer skips or fails as above.
"""

from __future__ import annotations

import os
import socket
from typing import NoReturn
from urllib.parse import urlsplit

import pytest

CONNECT_TIMEOUT_SECONDS = 1.0
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


def services_required() -> bool:
    """Whether a missing service fails the test instead of skipping it (CI)."""
    return os.environ.get("ATTENDANCE_REQUIRE_SERVICES") == "1"


def mysql_run() -> bool:
    """Whether this run's database is MariaDB/MySQL (``ATTENDANCE_TEST_DATABASE=mysql``)."""
    return os.environ.get("ATTENDANCE_TEST_DATABASE") == "mysql"


def broker_url() -> str | None:
    """The broker a real worker listens on, when this run was given one (``make test-celery``)."""
    return os.environ.get("ATTENDANCE_CELERY_BROKER_URL") or None


def mysql_address() -> tuple[str, int]:
    """Host and port of MariaDB, read from the same variables as ``attendance_app.settings.test``."""
    return (
        os.environ.get("ATTENDANCE_MYSQL_HOST", "127.0.0.1"),
        int(os.environ.get("ATTENDANCE_MYSQL_PORT", "3306")),
    )


def redis_address(url: str | None = None) -> tuple[str, int]:
    """Host and port of the Redis in ``url`` (by default the run's broker, else the local one)."""
    parts = urlsplit(url or broker_url() or DEFAULT_REDIS_URL)
    return parts.hostname or "127.0.0.1", parts.port or 6379


def reachable(host: str, port: int, timeout: float = CONNECT_TIMEOUT_SECONDS) -> bool:
    """Whether something accepts TCP connections at ``host:port`` within ``timeout`` seconds."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def missing(reason: str) -> NoReturn:
    """Skip the test for ``reason``, or fail it when services are required."""
    if services_required():
        pytest.fail(f"{reason} (ATTENDANCE_REQUIRE_SERVICES=1: services must be up)", pytrace=False)
    pytest.skip(reason)


def require_mysql() -> None:
    """Skip or fail unless MariaDB answers."""
    host, port = mysql_address()
    if not reachable(host, port):
        missing(f"MariaDB is not reachable at {host}:{port}")


def require_redis(url: str | None = None) -> None:
    """Skip or fail unless Redis answers at ``url`` (by default the run's broker)."""
    host, port = redis_address(url)
    if not reachable(host, port):
        missing(f"Redis is not reachable at {host}:{port}")


def require_mysql_run() -> None:
    """Skip unless this run is on MariaDB; then require the server."""
    if not mysql_run():
        pytest.skip("runs on MariaDB only: ATTENDANCE_TEST_DATABASE=mysql (make test-mysql)")
    require_mysql()


def require_celery_worker_run() -> str:
    """Skip unless this run is on MariaDB with a broker; then require both servers.

    A real worker is another process: it sees only committed rows of a database both processes
    can open, which the in-memory SQLite of the default run is not. Returns the broker URL.
    """
    if not mysql_run():
        pytest.skip(
            "a real Celery worker shares the test database, so it runs on MariaDB only: "
            "ATTENDANCE_TEST_DATABASE=mysql (make test-celery)"
        )
    url = broker_url()
    if url is None:
        pytest.skip("no broker for a real worker: set ATTENDANCE_CELERY_BROKER_URL (make test-celery)")
    require_mysql()
    require_redis(url)
    return url


def apply_markers(item: pytest.Item) -> None:
    """Enforce the services a test's markers declare (``mysql``, ``celery_worker``)."""
    if item.get_closest_marker("celery_worker"):
        require_celery_worker_run()
    elif item.get_closest_marker("mysql"):
        require_mysql_run()
