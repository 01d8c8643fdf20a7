"""Where the packaged ``static`` and ``locale`` folders are.

In a built distribution ``setup.py`` maps the repository's top-level ``static/`` and ``locale/``
into this package; in a source checkout they sit beside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

PACKAGE_DIR = Path(__file__).resolve().parent


def asset_dir(name: Literal["static", "locale"]) -> Path:
    """The folder holding the ``name`` assets, installed or in a checkout."""
    installed = PACKAGE_DIR / name
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / name
