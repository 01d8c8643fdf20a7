"""Let the app's tracking events through event-routing-backends' xAPI pipeline (Open edX Aspects).

event-routing-backends transforms only the events named in
``EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS``, and when its own ``plugin_settings`` runs it copies
that list into the whitelists of the ``event_transformer`` tracking backend and into
``EVENT_BUS_TRACKING_LOGS``. Plugin settings run in an order nobody promises, so
:func:`add_xapi_events` adds our names to the list and, when the backend exists already, to those
copies too. A value that is still a derived setting (a callable, edx-platform's ``Derived``) is
wrapped, never evaluated: edx-platform derives it after every plugin's settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from attendance_app.settings.derived import extend_setting
from attendance_app.xapi.constants import XAPI_EVENT_NAMES

ALLOWED_XAPI_EVENTS = "EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS"
WHITELIST_PROCESSOR = "eventtracking.processors.whitelist.NameWhitelistProcessor"


def add_xapi_events(settings: Any, names: Iterable[str] = XAPI_EVENT_NAMES) -> None:
    """Add ``names`` to the allowed xAPI events of ``settings`` (a settings module or object)."""
    names = tuple(names)
    # In place: event-routing-backends' xAPI backend holds this very list as its whitelist.
    extend_setting(settings, ALLOWED_XAPI_EVENTS, names, in_place=True)
    _add_to_transformer_backend(settings, names)
    bus_logs = getattr(settings, "EVENT_BUS_TRACKING_LOGS", None)
    if isinstance(bus_logs, set):
        bus_logs.update(names)


def _add_to_transformer_backend(settings: Any, names: tuple[str, ...]) -> None:
    """Add ``names`` to the whitelists event-routing-backends copied into its tracking backend."""
    backends = getattr(settings, "EVENT_TRACKING_BACKENDS", None)
    if not isinstance(backends, dict):
        return
    options = backends.get("event_transformer", {}).get("OPTIONS", {})
    processor_lists = [options.get("processors", [])]
    xapi = options.get("backends", {}).get("xapi", {})
    processor_lists.append(xapi.get("OPTIONS", {}).get("processors", []))
    for processors in processor_lists:
        for processor in processors:
            if processor.get("ENGINE") != WHITELIST_PROCESSOR:
                continue
            whitelist = processor.setdefault("OPTIONS", {}).setdefault("whitelist", [])
            if isinstance(whitelist, set):
                whitelist.update(names)
            elif isinstance(whitelist, list):
                whitelist.extend(name for name in names if name not in whitelist)
