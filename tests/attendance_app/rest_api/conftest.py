"""Fixtures shared by the REST API tests."""

from __future__ import annotations

from datetime import timedelta

import pytest

from attendance_app import clock


@pytest.fixture
def at(monkeypatch):
    """Set the server's clock: ``at(seconds)`` is that many seconds after the test started."""
    start = clock.now()

    def move(seconds: float) -> None:
        monkeypatch.setattr(clock, "now", lambda: start + timedelta(seconds=seconds))

    move(0)
    return move
