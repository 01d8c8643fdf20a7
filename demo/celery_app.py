"""The demo's Celery app, standing in for the LMS's: configured from Django settings, so that the
plugin's ``shared_task`` tasks (reports "Via email", low-attendance emails) run eagerly in the demo
process (``CELERY_TASK_ALWAYS_EAGER``) instead of waiting for a broker the demo does not have."""

from __future__ import annotations

from celery import Celery

app = Celery("attendance_demo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["attendance_app"])
