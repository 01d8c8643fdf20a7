"""Production settings: nothing to copy, because the operator's YAML already set them.

edx-platform's ``lms/envs/production.py`` (and ``cms/envs/production.py``) loads the YAML file
named by ``LMS_CFG``/``CMS_CFG`` into the settings module (``vars().update(...)``) before it
calls the plugins' ``production`` settings, so an ``ATTENDANCE_*`` key there is already a
setting, and ``common.plugin_settings`` only fills in the names nobody set. ``ENV_TOKENS`` is
kept upstream for old plugins only ("please do not add new references to them").

The YAML may also have turned the Celery beat entries off, or replaced the beat schedule: the
entries are added again, or taken out, from the final values.
"""

from __future__ import annotations

from typing import Any

from attendance_app.settings.beat import schedule_periodic_tasks


def plugin_settings(settings: Any) -> None:
    """Leave the operator's values as the YAML set them; read no ``ENV_TOKENS``."""
    schedule_periodic_tasks(settings)
