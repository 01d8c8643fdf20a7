"""Production settings: the operator's ``ATTENDANCE_*`` values from the environment's YAML win."""

from __future__ import annotations

from typing import Any

from attendance_app.conf import DEFAULTS


def plugin_settings(settings: Any) -> None:
    """Read ``ATTENDANCE_*`` overrides from ``ENV_TOKENS`` (edx-platform's YAML) when present."""
    env_tokens = getattr(settings, "ENV_TOKENS", {}) or {}
    for name in DEFAULTS:
        if name in env_tokens:
            setattr(settings, name, env_tokens[name])
