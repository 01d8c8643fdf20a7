"""Settings of the standalone demo.

The plugin is installed the way the LMS installs it: edx-django-utils discovers the
``lms.djangoapp`` entry point, adds the app and applies its ``plugin_settings``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from edx_django_utils.plugins import get_plugin_apps

from attendance_app.settings.common import plugin_settings

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

SECRET_KEY = os.environ.get("DEMO_SECRET_KEY", "attendance-demo-only-not-for-production")
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = True
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es-419", "Español (Latinoamérica)"), ("fr", "Français")]
ROOT_URLCONF = "demo.urls"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

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
    "attendance_app.platform.standalone",
    "demo",
    # This project's plugin, found through its lms.djangoapp entry point as the LMS finds it, and no
    # other: with edx-platform's libraries installed, other plugins need the platform's settings.
    *(app for app in get_plugin_apps("lms.djangoapp") if app.startswith("attendance_app.")),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "demo.middleware.WorkbenchLearnerMiddleware",
    "attendance_app.middleware.BusyDatabaseMiddleware",
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
                "django.template.context_processors.debug",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("DEMO_DATABASE", str(VAR_DIR / "demo.sqlite3")),
        # Concurrent requests (heartbeats of many tabs) write in turn: each transaction takes the
        # write lock when it begins and waits up to 20 s for it; past that the answer is a 503
        # with Retry-After (docs/decisions/0009-bad-input-and-api-docs.md). The write-ahead log
        # lets pages read while a beat writes, and commits without waiting for the disk each time
        # (ADR 0026).
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        },
    }
}

# One process (runserver): its memory is the cache. Room for every learner's few entries (access,
# switches, presence configuration), so that a busy demo does not evict them on every request.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}

STATIC_URL = "/static/"
# Uploaded and generated files (reports made "Via email") stay under var/, never in the checkout.
MEDIA_ROOT = str(VAR_DIR / "media")
DJFS = {"type": "osfs", "directory_root": str(VAR_DIR / "djpyfs"), "url_root": "/static/djpyfs"}
WORKBENCH = {"reset_state_on_restart": False, "services": {}}
EXCLUDED_XBLOCKS: set[str] = set()

CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
# The demo sends no email: the messages (e.g. "Your report is ready") are printed by the server.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
ATTENDANCE_PLATFORM_BACKEND = "attendance_app.platform.standalone.backend.StandaloneBackend"
ATTENDANCE_STANDALONE_COURSE_KEY = "course-v1:DemoX+CE101+2026"

# The LMS root URL the certificates' QR codes and verify links start with (ADR 0029); the browser
# tests set DEMO_LMS_ROOT_URL to the port they serve on.
LMS_ROOT_URL = os.environ.get("DEMO_LMS_ROOT_URL", "http://127.0.0.1:8000")

# Short intervals for trying prompts out (and for the browser tests): e.g.
# ATTENDANCE_HEARTBEAT_SECONDS=2 ATTENDANCE_PROMPT_INTERVAL_SECONDS=20 make demo
if os.environ.get("ATTENDANCE_HEARTBEAT_SECONDS"):
    ATTENDANCE_HEARTBEAT_SECONDS = int(os.environ["ATTENDANCE_HEARTBEAT_SECONDS"])
if os.environ.get("ATTENDANCE_PROMPT_INTERVAL_SECONDS"):
    ATTENDANCE_PROMPT_INTERVAL_SECONDS = float(os.environ["ATTENDANCE_PROMPT_INTERVAL_SECONDS"])

plugin_settings(sys.modules[__name__])  # what edx-platform's add_plugins runs for this plugin
