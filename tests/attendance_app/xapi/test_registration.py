"""Without event-routing-backends the app registers nothing and never imports it."""

from __future__ import annotations

import sys

import pytest
from django.apps import apps

from attendance_app.xapi.registration import ERB_APP, register_transformers


@pytest.mark.skipif(apps.is_installed(ERB_APP), reason="test_transformers covers the installed case")
def test_nothing_is_registered_or_imported_without_event_routing_backends():
    assert register_transformers() is False
    assert "attendance_app.xapi.transformers" not in sys.modules
    assert "event_routing_backends" not in sys.modules
