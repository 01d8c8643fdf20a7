"""Register the app's xAPI transformers with event-routing-backends when it is installed."""

from __future__ import annotations

from django.apps import apps

ERB_APP = "event_routing_backends"


def register_transformers() -> bool:
    """Register the transformers if event-routing-backends is an installed app; return whether it is.

    Called from ``AttendanceAppConfig.ready``. Without event-routing-backends (the demo, an Open
    edX without Aspects) nothing is imported and the events stay plain tracking events.
    """
    if not apps.is_installed(ERB_APP):
        return False
    # Imported here: this module imports event-routing-backends.
    from attendance_app.xapi import transformers

    transformers.register()
    return True
