"""Settings of the bench server and the bench's in-process measures.

``BENCH_DB`` is ``mysql`` (MariaDB database ``BENCH_MYSQL_NAME``, default ``attendance_bench``) or
``sqlite`` (the file ``BENCH_SQLITE_FILE``, opened as the demo opens it).
"""

import os

from attendance_app.settings.test import *  # noqa: F403
from attendance_app.settings.test import MIDDLEWARE, mysql_database

ROOT_URLCONF = "tests.bench.urls"
DEBUG = False
# The bench seeds and answers through real sessions; the cached backend would hide their queries.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CELERY_TASK_ALWAYS_EAGER = True
# The rounds interleave the targets, so a learner's beats pause for up to four other targets' runs
# (80 s at most). With a 60 s heartbeat such a pause stays within one visit (a rejoin starts after
# two heartbeats without a beat), so the rounds measure steady beats, not 500 rejoins per run. The
# capacity plan's mix (docs/scale.md) keeps the production 15 s beat.
ATTENDANCE_HEARTBEAT_SECONDS = 60

if os.environ.get("BENCH_DB", "sqlite") == "mysql":
    DATABASES = {
        "default": {
            **mysql_database(os.environ.get("BENCH_MYSQL_NAME", "attendance_bench")),
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

# A cache sized for the learners, as every real deployment has one: on MariaDB, Redis shared by the
# workers (``BENCH_REDIS_URL``, default database 13; empty: each worker's memory), as the LMS's
# workers share Redis or memcached; on SQLite, each worker's memory with room for 20,000 entries, as
# demo/settings.py. Django's default (local memory, 300 entries) would drop the learners' enrollment
# checks of a 500-learner run before their next beat.
_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
if os.environ.get("BENCH_DB", "sqlite") == "mysql" and _REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",  # Tutor's cache backend for the LMS
            "LOCATION": _REDIS_URL,
            "KEY_PREFIX": "bench",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
