"""Settings the plugin adds to the LMS and Studio (edx-django-utils ``plugin_settings``).

edx-platform calls this from ``lms/envs/common.py`` and ``cms/envs/common.py`` *before* it
derives its settings, so list settings such as ``LOCALE_PATHS`` may still be ``Derived``
values there: they are extended with :func:`append_to_setting`, never iterated.
"""

from __future__ import annotations

from typing import Any

from attendance_app.assets import PACKAGE_DIR, asset_dir
from attendance_app.conf import DEFAULTS
from attendance_app.settings.beat import schedule_periodic_tasks
from attendance_app.settings.derived import append_to_setting
from attendance_app.settings.xapi import add_xapi_events


def plugin_settings(settings: Any) -> None:
    """Add the app's defaults and asset folders to ``settings`` without overriding the operator's."""
    for name, default in DEFAULTS.items():
        if not hasattr(settings, name):
            setattr(settings, name, default)
    add_xapi_events(settings)
    schedule_periodic_tasks(settings)
    static_dir = asset_dir("static")
    if not static_dir.is_relative_to(PACKAGE_DIR):
        # A source checkout: Django's app finder looks only inside the package, so name the folder.
        append_to_setting(settings, "STATICFILES_DIRS", str(static_dir))
    append_to_setting(settings, "LOCALE_PATHS", str(asset_dir("locale")))
