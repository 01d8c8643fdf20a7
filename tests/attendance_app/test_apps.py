"""The plugin registers itself with Open edX the way edx-platform discovers plugins."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest
from django.urls import include, re_path
from edx_django_utils.plugins import PluginURLs, get_plugin_app_configs, get_plugin_apps
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
    # get_plugin_url_patterns(project) imports every plugin's URL module, and some (edx-completion's,
    # under edx-platform's pins) import edx-platform: read this plugin's registration only.
    (app_config,) = [config for config in get_plugin_app_configs(project) if config.name == "attendance_app"]
    url_config = app_config.plugin_app[PluginURLs.CONFIG][project]
    module_path = f"{app_config.name}.{url_config[PluginURLs.RELATIVE_PATH]}"
    pattern = re_path(
        url_config[PluginURLs.REGEX],
        include((module_path, app_config.name), url_config[PluginURLs.NAMESPACE]),
    )

    assert pattern.namespace == "attendance_app"
    assert pattern.resolve("api/attendance/v1/me/credits/").namespace == "attendance_app"


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
