"""Test settings with event-routing-backends installed, as in an Open edX with Aspects (``make test-xapi``).

event-routing-backends' own ``plugin_settings`` runs here after ours (the test settings already
applied ours), one of the two orders the LMS may pick.
"""

from __future__ import annotations

import sys

from event_routing_backends.settings.common import plugin_settings as event_routing_plugin_settings

from attendance_app.settings.test import *  # noqa: F403
from attendance_app.settings.test import INSTALLED_APPS

# edx-platform installs celery_utils too; event-routing-backends' dispatch tasks use its model.
INSTALLED_APPS = [*INSTALLED_APPS, "celery_utils", "event_routing_backends"]
LMS_ROOT_URL = "https://lms.example.com"
# event-routing-backends then reports a fixed transformer version.
RUNNING_WITH_TEST_SETTINGS = True

event_routing_plugin_settings(sys.modules[__name__])
