"""Where the packaged ``static`` and ``locale`` folders are, and which package ships which asset.

The repository keeps one top-level ``static/`` and ``locale/``; ``setup.py`` maps them into the
packages when it builds a distribution:

* the block's JavaScript, CSS and JavaScript catalogs go to ``attendance_xblock/static``, because
  the LMS collects an XBlock's resources from the block's own package (edx-platform's XBlock
  pipeline static finder) and XBlock's ``open_local_resource`` reads them from there;
* the files the app's own pages load with ``{% static %}`` (``APP_PAGE_ASSETS``) go to
  ``attendance_app/static``, where Django's app directories finder looks;
* ``locale/`` goes to ``attendance_app/locale``.

In a source checkout the folders sit beside the packages (``attendance_xblock/static`` is a link
to the top-level folder), so the demo and the tests read the same files without a build.
This module imports nothing but the standard library: ``setup.py`` reads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

PACKAGE_DIR = Path(__file__).resolve().parent

# Paths under static/ that only the app's own pages load; every other file there is the block's.
APP_PAGE_ASSETS = frozenset(
    {
        "attendance/css/pages.css",
        "attendance/js/units.js",
        "attendance/js/local-time.js",
        "attendance/js/classroom_instructor.js",
        "attendance/js/dashboard.js",
        "attendance/vendor/chart.umd.min.js",
    }
)


def asset_dir(name: Literal["static", "locale"]) -> Path:
    """The app's folder holding the ``name`` assets, installed or in a checkout."""
    installed = PACKAGE_DIR / name
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / name
