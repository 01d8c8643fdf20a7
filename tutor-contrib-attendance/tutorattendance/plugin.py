"""Attendance & Credits for Open edX, as a Tutor plugin (``tutor plugins enable attendance``).

* installs ``ATTENDANCE_PIP_REQUIREMENT`` into the openedx image;
* writes the ``ATTENDANCE_*`` settings into the LMS and Studio settings, production and development;
* routes every Celery task of ``attendance_app`` to ``ATTENDANCE_CELERY_QUEUE``, a queue the
  LMS worker consumes (also for tasks that Studio sends);
* migrates ``attendance_app`` in its init task, so ``tutor local do init --limit=attendance``
  is enough when the plugin is enabled on a platform that is already running.
"""

from __future__ import annotations

import keyword
from importlib import resources
from typing import Any

from tutor import hooks

from .__about__ import __version__

PACKAGE = resources.files("tutorattendance")

#: Configuration defaults (``tutor config save --set NAME=value`` overrides them). The Django
#: settings keep their names: ATTENDANCE_HEARTBEAT_SECONDS here is the setting of that name.
CONFIG_DEFAULTS: list[tuple[str, Any]] = [
    ("ATTENDANCE_VERSION", __version__),
    # What pip installs in the image build: a release, a pinned Git URL or a wheel's URL.
    ("ATTENDANCE_PIP_REQUIREMENT", "openedx-attendance-credits=={{ ATTENDANCE_VERSION }}"),
    # One of the queues of the LMS worker: edx.lms.core.default, edx.lms.core.high, edx.lms.core.high_mem.
    ("ATTENDANCE_CELERY_QUEUE", "edx.lms.core.default"),
    ("ATTENDANCE_HEARTBEAT_SECONDS", 15),
    ("ATTENDANCE_SITE_ENABLED_BY_DEFAULT", True),
    ("ATTENDANCE_ORGS_ENABLED_BY_DEFAULT", True),
    ("ATTENDANCE_TOKEN_MAX_AGE_SECONDS", 6 * 3600),
    ("ATTENDANCE_LIVE_CLAIM_GRACE_SECONDS", 30 * 60),
    # Any other Django setting of the app, by name: {"ATTENDANCE_SOMETHING": value}.
    ("ATTENDANCE_EXTRA_SETTINGS", {}),
]


def python_literal(value: Any) -> str:
    """``value`` (from config.yml) as a Python literal for a settings file."""
    return repr(value)


def setting_name(name: str) -> str:
    """``name`` if it can be a Django setting's name; refuses anything else, so nothing is injected."""
    if not (name.isidentifier() and name.isupper() and not keyword.iskeyword(name)):
        raise ValueError(f"ATTENDANCE_EXTRA_SETTINGS: {name!r} is not an upper-case Python name")
    return name


hooks.Filters.CONFIG_DEFAULTS.add_items(CONFIG_DEFAULTS)
hooks.Filters.ENV_TEMPLATE_FILTERS.add_items(
    [("attendance_python", python_literal), ("attendance_setting_name", setting_name)]
)

# A checkout mounted with ``tutor mounts add .../openedx-attendance-credits`` is pip-installed
# in the image and mounted in the containers, for development.
hooks.Filters.MOUNTED_DIRECTORIES.add_item(("openedx", "openedx-attendance-credits"))

# LMS init already runs ``./manage.py lms migrate`` for every app; this task migrates ours alone,
# for ``tutor local do init --limit=attendance``. It runs after the LMS's own init task.
hooks.Filters.CLI_DO_INIT_TASKS.add_item(
    ("lms", (PACKAGE / "templates" / "attendance" / "tasks" / "lms" / "init.sh").read_text(encoding="utf-8")),
    priority=hooks.priorities.LOW,
)

for _patch in sorted((PACKAGE / "patches").iterdir(), key=lambda path: path.name):
    hooks.Filters.ENV_PATCHES.add_item((_patch.name, _patch.read_text(encoding="utf-8")))
