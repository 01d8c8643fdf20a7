"""Fixtures of the app's tests that stand in for edx-platform at its import boundary."""

from __future__ import annotations

import pytest

from tests.attendance_app import fake_derived


@pytest.fixture
def derived_module(monkeypatch):
    """``openedx.core.lib.derived`` as edx-platform ships it, faked at the import boundary."""
    return fake_derived.install(monkeypatch)
