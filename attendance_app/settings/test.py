"""Settings for the test suite: SQLite by default, MariaDB with ``ATTENDANCE_TEST_DATABASE=mysql``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from attendance_app.settings.common import plugin_settings

SECRET_KEY = "attendance-tests-only"  # noqa: S105 - never used outside the test suite
DEBUG = False
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = True
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es-419", "Español (Latinoamérica)"), ("fr", "Français")]
ROOT_URLCONF = "tests.urls"
ALLOWED_HOSTS = ["*"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "djpyfs",
    "workbench",
    "attendance_app",
    "attendance_app.platform.standalone",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

STATIC_URL = "/static/"
DJFS = {"type": "osfs", "directory_root": str(Path(os.environ.get("TMPDIR", "/tmp")) / "attendance-djpyfs")}  # noqa: S108
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only


def mysql_database(name: str) -> dict[str, Any]:
    """A MariaDB database on the server the ``ATTENDANCE_MYSQL_*`` variables name, as the LMS opens it
    (utf8mb4, READ COMMITTED); shared by the suite, the bench and the soak settings."""
    return {
        "ENGINE": "django.db.backends.mysql",
        "NAME": name,
        "USER": os.environ.get("ATTENDANCE_MYSQL_USER", "root"),
        "PASSWORD": os.environ.get("ATTENDANCE_MYSQL_PASSWORD", ""),
        "HOST": os.environ.get("ATTENDANCE_MYSQL_HOST", "127.0.0.1"),
        "PORT": os.environ.get("ATTENDANCE_MYSQL_PORT", "3306"),
        "OPTIONS": {"charset": "utf8mb4", "isolation_level": "read committed"},
    }


if os.environ.get("ATTENDANCE_TEST_DATABASE") == "mysql":
    DATABASES = {
        "default": {
            **mysql_database(os.environ.get("ATTENDANCE_MYSQL_NAME", "test")),
            "TEST": {
                "NAME": os.environ.get("ATTENDANCE_MYSQL_TEST_NAME", "test_attendance"),
                "CHARSET": "utf8mb4",
            },
        }
    }
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

# Celery runs tasks in the test process (eager) unless a broker is given: then ``make test-celery``
# starts a real worker that shares the MariaDB test database and reports results through Redis.
_CELERY_BROKER_URL = os.environ.get("ATTENDANCE_CELERY_BROKER_URL")
if _CELERY_BROKER_URL:
    CELERY_BROKER_URL = _CELERY_BROKER_URL
    CELERY_RESULT_BACKEND = os.environ.get("ATTENDANCE_CELERY_RESULT_BACKEND", "redis://127.0.0.1:6379/15")
    CELERY_RESULT_EXTENDED = True  # results carry ``retries``, so tests can tell a failure from a retry
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

ATTENDANCE_PLATFORM_BACKEND = "attendance_app.platform.standalone.backend.StandaloneBackend"
ATTENDANCE_STANDALONE_COURSE_KEY = "course-v1:DemoX+CE101+2026"

plugin_settings(sys.modules[__name__])

WORKBENCH = {"reset_state_on_restart": False, "services": {}}
EXCLUDED_XBLOCKS: set[str] = set()
