"""The plugin's version is the version of the app it installs by default."""

from __future__ import annotations

import re
from pathlib import Path

from tutorattendance.__about__ import __version__

SETUP_PY = Path(__file__).resolve().parents[2] / "setup.py"


def test_plugin_and_app_versions_are_equal():
    (app_version,) = re.findall(r'^VERSION = "([^"]+)"$', SETUP_PY.read_text(encoding="utf-8"), flags=re.M)
    assert __version__ == app_version
