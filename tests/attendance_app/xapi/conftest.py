"""The xAPI tests that need event-routing-backends run only under its settings (``make test-xapi``)."""

from __future__ import annotations

from django.conf import settings

NEED_EVENT_ROUTING_BACKENDS = ["test_transformers.py", "test_event_routing_settings.py"]

collect_ignore = [] if "event_routing_backends" in settings.INSTALLED_APPS else NEED_EVENT_ROUTING_BACKENDS
