"""Settings of the bench server and the bench's in-process measures.

``BENCH_DB`` is ``mysql`` (MariaDB database ``BENCH_MYSQL_NAME``, default ``attendance_bench``) or
``sqlite`` (the file ``BENCH_SQLITE_FILE``, opened as the demo opens it).
"""

import os

from attendance_app.settings.test import *  # noqa: F403
from attendance_app.settings.test import MIDDLEWARE

ROOT_URLCONF = "tests.bench.urls"
DEBUG = False
# The bench seeds and answers through real sessions; the cached backend would hide their queries.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CELERY_TASK_ALWAYS_EAGER = True

if os.environ.get("BENCH_DB", "sqlite") == "mysql":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.mysql",
            "NAME": os.environ.get("BENCH_MYSQL_NAME", "attendance_bench"),
            "USER": os.environ.get("ATTENDANCE_MYSQL_USER", "root"),
            "PASSWORD": os.environ.get("ATTENDANCE_MYSQL_PASSWORD", ""),
            "HOST": os.environ.get("ATTENDANCE_MYSQL_HOST", "127.0.0.1"),
            "PORT": os.environ.get("ATTENDANCE_MYSQL_PORT", "3306"),
            "OPTIONS": {"charset": "utf8mb4", "isolation_level": "read committed"},
            "CONN_MAX_AGE": 60,
        }
    }
else:
    MIDDLEWARE = [*MIDDLEWARE, "attendance_app.middleware.BusyDatabaseMiddleware"]  # as demo/settings.py
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("BENCH_SQLITE_FILE", "var/bench/bench.sqlite3"),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},  # as demo/settings.py
        }
    }
