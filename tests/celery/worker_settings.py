"""Django settings of the workers of ``test_worker_killed.py``: the test settings, and three more.

* ``MEDIA_ROOT`` from ``ATTENDANCE_TEST_MEDIA_ROOT``: report files go to the test's own directory.
* The default storage is :class:`tests.celery.holding_storage.HoldingStorage`; with
  ``ATTENDANCE_TEST_HOLD_DIR`` set, a save waits there until the test kills the worker.
* The Redis transport's ``visibility_timeout`` from ``ATTENDANCE_TEST_VISIBILITY_TIMEOUT`` seconds.
  A message taken by a worker that dies without a word stays "unacknowledged" in Redis until that
  timeout passes; then the next worker to look (at its start, or every sweep) puts it back in the
  queue. The default is one hour (edx-platform sets none of its own, ``lms/envs/production.py``
  ``BROKER_TRANSPORT_OPTIONS``); the test cannot wait an hour. See docs/quality.md.
"""

from __future__ import annotations

import os

from attendance_app.settings.test import *  # noqa: F403

MEDIA_ROOT = os.environ["ATTENDANCE_TEST_MEDIA_ROOT"]
STORAGES = {
    "default": {"BACKEND": "tests.celery.holding_storage.HoldingStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ATTENDANCE_TEST_HOLD_DIR = os.environ.get("ATTENDANCE_TEST_HOLD_DIR", "")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ["ATTENDANCE_TEST_VISIBILITY_TIMEOUT"]),
    # kombu 5.7's periodic sweep (kombu 5.6 ignores these and sweeps every 100 s); the worker's
    # start-up sweep is what the test relies on, in both.
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
