"""Settings the plugin adds to the LMS and Studio (edx-django-utils ``plugin_settings``)."""

from __future__ import annotations

from typing import Any

from attendance_app.assets import asset_dir
from attendance_app.conf import DEFAULTS


def plugin_settings(settings: Any) -> None:
    """Add the app's defaults and asset folders to ``settings`` without overriding the operator's."""
    for name, default in DEFAULTS.items():
        if not hasattr(settings, name):
            setattr(settings, name, default)
    locale_dir = str(asset_dir("locale"))
    locale_paths = list(getattr(settings, "LOCALE_PATHS", []))
    if locale_dir not in locale_paths:
        settings.LOCALE_PATHS = [*locale_paths, locale_dir]
