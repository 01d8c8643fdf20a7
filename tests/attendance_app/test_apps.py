"""The plugin registers itself with Open edX the way edx-platform discovers plugins."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest
from edx_django_utils.plugins import get_plugin_apps, get_plugin_url_patterns
from edx_django_utils.plugins.plugin_settings import add_plugins
from openedx_events.content_authoring.data import XBlockData
from openedx_events.content_authoring.signals import XBLOCK_DELETED

from attendance_app import api
from attendance_app.models import Activity
from tests.factories import COURSE_KEY


@pytest.mark.parametrize("project", ["lms.djangoapp", "cms.djangoapp"])
def test_app_is_an_lms_and_studio_plugin(project):
    assert "attendance_app.apps.AttendanceAppConfig" in get_plugin_apps(project)


def test_block_entry_point_loads_the_block():
    (entry_point,) = [ep for ep in entry_points(group="xblock.v1") if ep.name == "attendance"]

    assert entry_point.load().__name__ == "AttendanceXBlock"


@pytest.mark.parametrize("project", ["lms.djangoapp", "cms.djangoapp"])
def test_plugin_urls_mount_the_api(project):
    patterns = get_plugin_url_patterns(project)

    assert any(pattern.namespace == "attendance_app" for pattern in patterns)


def test_plugin_settings_add_defaults_without_overriding_the_operator(monkeypatch):
    import sys
    from types import ModuleType

    host = ModuleType("fake_lms_settings")
    host.ATTENDANCE_HEARTBEAT_SECONDS = 30  # type: ignore[attr-defined]
    host.LOCALE_PATHS = []  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_lms_settings", host)

    add_plugins("fake_lms_settings", "lms.djangoapp", "common")

    assert host.ATTENDANCE_HEARTBEAT_SECONDS == 30  # type: ignore[attr-defined]
    assert host.ATTENDANCE_TOKEN_MAX_AGE_SECONDS == 6 * 3600  # type: ignore[attr-defined]
    assert host.LOCALE_PATHS[-1].endswith("locale")  # type: ignore[attr-defined]


def test_production_settings_read_the_operators_yaml(monkeypatch):
    import sys
    from types import ModuleType

    host = ModuleType("fake_lms_production")
    host.ENV_TOKENS = {"ATTENDANCE_HEARTBEAT_SECONDS": 20}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_lms_production", host)

    add_plugins("fake_lms_production", "lms.djangoapp", "production")

    assert host.ATTENDANCE_HEARTBEAT_SECONDS == 20  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_deleting_the_block_in_studio_archives_its_activity(course_staff, django_capture_on_commit_callbacks):
    usage_key = COURSE_KEY.make_usage_key("attendance", "webinar")
    api.configure_activity(course_staff.id, usage_key, {"display_name": "W", "mode": "classroom"})

    with django_capture_on_commit_callbacks(execute=True):
        XBLOCK_DELETED.send_event(xblock_info=XBlockData(usage_key=usage_key, block_type="attendance"))

    assert Activity.objects.get(usage_key=usage_key).archived_at is not None


@pytest.mark.django_db
def test_deleting_another_block_type_changes_nothing(course_staff, django_capture_on_commit_callbacks):
    usage_key = COURSE_KEY.make_usage_key("attendance", "webinar")
    api.configure_activity(course_staff.id, usage_key, {"display_name": "W", "mode": "classroom"})

    with django_capture_on_commit_callbacks(execute=True):
        XBLOCK_DELETED.send_event(
            xblock_info=XBlockData(
                usage_key=COURSE_KEY.make_usage_key("problem", "webinar"), block_type="problem"
            )
        )

    assert Activity.objects.get(usage_key=usage_key).archived_at is None
