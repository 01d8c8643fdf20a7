"""Settings the plugin adds to the LMS and Studio (edx-django-utils ``plugin_settings``)."""

from __future__ import annotations

from typing import Any

from attendance_app.assets import PACKAGE_DIR, asset_dir
from attendance_app.conf import DEFAULTS
from attendance_app.settings.xapi import add_xapi_events


def plugin_settings(settings: Any) -> None:
    """Add the app's defaults and asset folders to ``settings`` without overriding the operator's."""
    for name, default in DEFAULTS.items():
        if not hasattr(settings, name):
            setattr(settings, name, default)
    add_xapi_events(settings)
    static_dir = asset_dir("static")
    if not static_dir.is_relative_to(PACKAGE_DIR):
        # A source checkout: Django's app finder looks only inside the package, so name the folder.
        static_dirs = list(getattr(settings, "STATICFILES_DIRS", []))
        if str(static_dir) not in map(str, static_dirs):
            settings.STATICFILES_DIRS = [*static_dirs, str(static_dir)]
    locale_dir = str(asset_dir("locale"))
    locale_paths = list(getattr(settings, "LOCALE_PATHS", []))
    if locale_dir not in locale_paths:
        settings.LOCALE_PATHS = [*locale_paths, locale_dir]
