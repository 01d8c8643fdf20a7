"""Settings of the soak server and of the soak's own seeding and checks.

MariaDB database ``SOAK_MYSQL_NAME`` (default ``attendance_soak``, recreated on every run), the cache
in Redis (``SOAK_REDIS_URL``, default database 12; empty: each worker's memory), ``DEBUG`` off.
"""

import os

from attendance_app.settings.test import *  # noqa: F403
from attendance_app.settings.test import mysql_database

DEBUG = False
# Real database sessions, as the bench uses: the soak's learners are signed in through them.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CELERY_TASK_ALWAYS_EAGER = True
# Promotion emails of the waiting list: built and sent nowhere (no SMTP server on the machine).
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

DATABASES = {
    "default": {**mysql_database(os.environ.get("SOAK_MYSQL_NAME", "attendance_soak")), "CONN_MAX_AGE": 60}
}

# Two gunicorn workers share one cache, as the LMS's workers share memcached or Redis.
_REDIS_URL = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/12")
if _REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _REDIS_URL,
            "KEY_PREFIX": "soak",
        }
    }

# A server error's traceback goes to the server's stderr (Django prints it only with DEBUG on).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False}},
}
