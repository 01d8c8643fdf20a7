"""The test settings on a SQLite *file* opened as the demo opens it, for the concurrent-write test.

``ATTENDANCE_SQLITE_FILE`` names the file; ``ATTENDANCE_SQLITE_TIMEOUT`` how long a writer waits
for another's lock (the demo waits 20 seconds; the test shortens it).
"""

import os

from attendance_app.settings.test import *  # noqa: F403
from attendance_app.settings.test import MIDDLEWARE

MIDDLEWARE = [*MIDDLEWARE, "attendance_app.middleware.BusyDatabaseMiddleware"]  # as in demo/settings.py
CACHES = {  # as in demo/settings.py
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["ATTENDANCE_SQLITE_FILE"],
        # As in demo/settings.py: take the write lock when a transaction begins, and wait for it;
        # a write-ahead log.
        "OPTIONS": {
            "timeout": float(os.environ.get("ATTENDANCE_SQLITE_TIMEOUT", "20")),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        },
    }
}
