"""The plugin's settings hooks schedule the classroom tasks with Celery beat unless turned off."""

from __future__ import annotations

import sys
from datetime import timedelta
from types import ModuleType

import pytest
from celery import Celery
from django.core.management import call_command

from attendance_app import tasks
from attendance_app.settings import common, production

AUTOMARK = "attendance-automark-classroom-slots"
WARNINGS = "attendance-send-low-attendance-warnings"


@pytest.fixture
def lms_settings(monkeypatch):
    module = ModuleType("fake_lms_beat_settings")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    return module


def _celery_schedule(settings, namespace=None):
    """What a Celery app configured from ``settings`` as edx-platform does (no namespace) would beat."""
    app = Celery("fake-lms", set_as_current=False)
    app.config_from_object(settings, namespace=namespace)
    return app.conf.beat_schedule


def test_the_common_hook_schedules_both_tasks_where_the_lms_celery_app_reads_them(lms_settings):
    lms_settings.CELERY_ROUTES = []  # edx-platform's old-style names
    lms_settings.CELERYBEAT_SCHEDULE = {"platform-task": {"task": "lms.x", "schedule": 60}}

    common.plugin_settings(lms_settings)

    schedule = _celery_schedule(lms_settings)
    assert schedule["platform-task"] == {"task": "lms.x", "schedule": 60}
    assert schedule[AUTOMARK]["task"] == tasks.automark_classroom_slots.name
    assert schedule[AUTOMARK]["schedule"] == timedelta(minutes=5)
    assert schedule[WARNINGS]["task"] == tasks.send_low_attendance_warnings.name
    # A host that reads the CELERY_ namespace gets them too.
    assert set(_celery_schedule(lms_settings, "CELERY")) == {AUTOMARK, WARNINGS}


def test_the_operators_own_entry_of_the_same_name_wins(lms_settings):
    mine = {"task": tasks.automark_classroom_slots.name, "schedule": timedelta(minutes=1)}
    lms_settings.CELERYBEAT_SCHEDULE = {AUTOMARK: mine}

    common.plugin_settings(lms_settings)
    production.plugin_settings(lms_settings)

    assert lms_settings.CELERYBEAT_SCHEDULE[AUTOMARK] is mine
    assert WARNINGS in lms_settings.CELERYBEAT_SCHEDULE


def test_the_off_switch_in_the_common_settings_adds_nothing(lms_settings):
    lms_settings.ATTENDANCE_CELERY_BEAT_SCHEDULE = False

    common.plugin_settings(lms_settings)

    assert lms_settings.CELERYBEAT_SCHEDULE == {}
    assert lms_settings.CELERY_BEAT_SCHEDULE == {}


def test_the_off_switch_in_the_yaml_takes_out_what_the_common_hook_added(lms_settings):
    common.plugin_settings(lms_settings)
    # lms/envs/production.py loads the YAML after the common settings, then runs the plugins.
    mine = {"task": tasks.automark_classroom_slots.name, "schedule": 30}
    vars(lms_settings).update({"ATTENDANCE_CELERY_BEAT_SCHEDULE": False})
    lms_settings.CELERY_BEAT_SCHEDULE[AUTOMARK] = mine

    production.plugin_settings(lms_settings)

    assert _celery_schedule(lms_settings) == {}
    assert list(lms_settings.CELERY_BEAT_SCHEDULE) == [AUTOMARK]  # the operator's own entry stays
    assert lms_settings.CELERY_BEAT_SCHEDULE[AUTOMARK] is mine


def test_a_yaml_that_replaces_the_schedule_gets_the_entries_again(lms_settings):
    common.plugin_settings(lms_settings)
    vars(lms_settings).update({"CELERYBEAT_SCHEDULE": {"yaml-task": {"task": "y", "schedule": 10}}})

    production.plugin_settings(lms_settings)

    assert set(lms_settings.CELERYBEAT_SCHEDULE) == {"yaml-task", AUTOMARK, WARNINGS}


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["automark_classroom_slots", "send_low_attendance_warnings"])
def test_each_scheduled_task_has_a_management_command_for_cron(command, capsys):
    call_command(command)

    assert capsys.readouterr().out.strip().startswith("0 ")
