"""Extend list settings that edx-platform may not have computed yet.

``lms/envs/common.py`` and ``cms/envs/common.py`` run the plugins' ``common`` settings before
``derive_settings``: at that point ``LOCALE_PATHS`` (and possibly other list settings) is an
``openedx.core.lib.derived.Derived`` whose value is calculated later from the final settings.
Iterating it raises ``TypeError``; replacing it with a list would throw away what the platform
and the operator put in it. So an item is added by wrapping the calculation in another one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

DERIVED_MODULE = "openedx.core.lib.derived"


def append_to_setting(settings: Any, name: str, item: str) -> None:
    """Add ``item`` at the end of the list setting ``name`` once, without evaluating it early."""
    extend_setting(settings, name, [item])


def extend_setting(settings: Any, name: str, items: Iterable[str], *, in_place: bool = False) -> None:
    """Add each of ``items`` missing from the list setting ``name``, at its end, without evaluating it.

    * A ``Derived`` value (edx-platform since 2024) becomes a ``Derived`` that calculates the
      original value and then appends the items.
    * A plain callable (the older ``derived("NAME")`` registration, which calls the setting with
      the settings module) becomes a callable doing the same.
    * A list is extended in place with ``in_place`` (for a list another app already holds on to);
      anything else (a list or tuple, or nothing yet) becomes a new list with the items at the end.
    """
    items = tuple(items)
    current = getattr(settings, name, None)
    derived_class = _derived_class()
    if derived_class is not None and isinstance(current, derived_class):
        setattr(settings, name, derived_class(_appending(current.calculate_value, items)))
    elif callable(current):
        setattr(settings, name, _appending(current, items))
    elif in_place and isinstance(current, list):
        current[:] = _with_items(current, items)
    else:
        setattr(settings, name, _with_items(current, items))


def _appending(calculate: Callable[[Any], Any], items: tuple[str, ...]) -> Callable[[Any], list[Any]]:
    def calculate_and_append(settings: Any) -> list[Any]:
        return _with_items(calculate(settings), items)

    return calculate_and_append


def _with_items(values: Any, items: tuple[str, ...]) -> list[Any]:
    values = list(values or [])
    present = {str(value) for value in values}
    return values + [item for item in dict.fromkeys(items) if item not in present]


def _derived_class() -> type[Any] | None:
    """edx-platform's ``Derived`` class, or None outside an Open edX that has one."""
    try:
        module = importlib.import_module(DERIVED_MODULE)
    except ImportError:
        return None
    derived = getattr(module, "Derived", None)
    return derived if isinstance(derived, type) else None
