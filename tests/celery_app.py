"""The Celery app of the test suite, standing in for the LMS's: configured from Django settings.

The suite imports it (``tests/conftest.py``) so that ``shared_task`` tasks bind to it and run
eagerly; ``make test-celery`` starts a real worker on it with ``celery -A tests.celery_app worker``.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attendance_app.settings.test")

app = Celery("attendance_tests")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["attendance_app"])
