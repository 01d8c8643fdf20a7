"""Extend list settings that edx-platform may not have computed yet.

``lms/envs/common.py`` and ``cms/envs/common.py`` run the plugins' ``common`` settings before
``derive_settings``: at that point ``LOCALE_PATHS`` (and possibly other list settings) is an
``openedx.core.lib.derived.Derived`` whose value is calculated later from the final settings.
Iterating it raises ``TypeError``; replacing it with a list would throw away what the platform
and the operator put in it. So an item is added by wrapping the calculation in another one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

DERIVED_MODULE = "openedx.core.lib.derived"


def append_to_setting(settings: Any, name: str, item: str) -> None:
    """Add ``item`` at the end of the list setting ``name`` once, without evaluating it early.

    * A ``Derived`` value (edx-platform since 2024) becomes a ``Derived`` that calculates the
      original value and then appends ``item``.
    * A plain callable (the older ``derived("NAME")`` registration, which calls the setting with
      the settings module) becomes a callable doing the same.
    * Anything else (a list or tuple, or nothing yet) becomes a list with ``item`` at the end.
    """
    current = getattr(settings, name, [])
    derived_class = _derived_class()
    if derived_class is not None and isinstance(current, derived_class):
        setattr(settings, name, derived_class(_appending(current.calculate_value, item)))
    elif callable(current):
        setattr(settings, name, _appending(current, item))
    else:
        setattr(settings, name, _with_item(current, item))


def _appending(calculate: Callable[[Any], Any], item: str) -> Callable[[Any], list[Any]]:
    def calculate_and_append(settings: Any) -> list[Any]:
        return _with_item(calculate(settings), item)

    return calculate_and_append


def _with_item(values: Any, item: str) -> list[Any]:
    values = list(values or [])
    if item in (str(value) for value in values):
        return values
    return [*values, item]


def _derived_class() -> type[Any] | None:
    """edx-platform's ``Derived`` class, or None outside an Open edX that has one."""
    try:
        module = importlib.import_module(DERIVED_MODULE)
    except ImportError:
        return None
    derived = getattr(module, "Derived", None)
    return derived if isinstance(derived, type) else None
