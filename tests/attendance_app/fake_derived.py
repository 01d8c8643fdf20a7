"""``openedx.core.lib.derived`` faked at the import boundary (edx-platform is not installed here).

The same contract as upstream's module: ``Derived(calculate_value)`` holds a function of the
settings module, and ``derive_settings(module_name)`` replaces every ``Derived`` among the module's
setting names (and inside their lists and dicts) with its calculated value.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

import pytest


class FakeDerived:
    def __init__(self, calculate_value):
        self.calculate_value = calculate_value


def _derive(settings: Any, value: Any) -> Any:
    if isinstance(value, FakeDerived):
        return value.calculate_value(settings)
    if isinstance(value, list):
        return [_derive(settings, item) for item in value]
    if isinstance(value, dict):
        return {key: _derive(settings, item) for key, item in value.items()}
    return value


def fake_derive_settings(module_name: str) -> None:
    module = sys.modules[module_name]
    for name, value in list(vars(module).items()):
        if name.isupper() and not name.startswith("_"):
            setattr(module, name, _derive(module, value))


def install(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """Put the fake module in ``sys.modules`` for one test (the ``derived_module`` fixture)."""
    module = ModuleType("openedx.core.lib.derived")
    module.Derived = FakeDerived  # type: ignore[attr-defined]
    module.derive_settings = fake_derive_settings  # type: ignore[attr-defined]
    for name in ("openedx", "openedx.core", "openedx.core.lib"):
        monkeypatch.setitem(sys.modules, name, ModuleType(name))
    monkeypatch.setitem(sys.modules, "openedx.core.lib.derived", module)
    return module
