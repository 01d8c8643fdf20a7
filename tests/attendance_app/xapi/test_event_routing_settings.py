"""With event-routing-backends' real plugin_settings, in either order, our events pass its whitelists."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from event_routing_backends.settings.common import plugin_settings as event_routing_plugin_settings
from eventtracking.processors.exceptions import EventEmissionExit
from eventtracking.processors.whitelist import NameWhitelistProcessor

from attendance_app.settings.common import plugin_settings
from attendance_app.settings.xapi import WHITELIST_PROCESSOR
from attendance_app.xapi.constants import XAPI_EVENT_NAMES

pytestmark = pytest.mark.xapi


def _lms_settings():
    return SimpleNamespace(LMS_ROOT_URL="https://lms.example.com", LOCALE_PATHS=[])


def _whitelist_processors(settings):
    options = settings.EVENT_TRACKING_BACKENDS["event_transformer"]["OPTIONS"]
    processors = [*options["processors"], *options["backends"]["xapi"]["OPTIONS"]["processors"]]
    return [NameWhitelistProcessor(**p["OPTIONS"]) for p in processors if p["ENGINE"] == WHITELIST_PROCESSOR]


@pytest.mark.parametrize("ours_first", [True, False], ids=["ours-first", "event-routing-first"])
def test_every_whitelist_lets_our_events_through(ours_first):
    settings = _lms_settings()
    apply = [plugin_settings, event_routing_plugin_settings]
    for settings_function in apply if ours_first else reversed(apply):
        settings_function(settings)
    processors = _whitelist_processors(settings)
    assert len(processors) == 2
    for processor in processors:
        for name in XAPI_EVENT_NAMES:
            assert processor({"name": name}) == {"name": name}
        with pytest.raises(EventEmissionExit):
            processor({"name": "attendance.heartbeat"})
    assert set(XAPI_EVENT_NAMES) <= settings.EVENT_BUS_TRACKING_LOGS
    # event-routing-backends' own events are still allowed.
    assert "edx.course.enrollment.activated" in settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS
