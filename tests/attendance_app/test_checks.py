"""The app refuses to start with a wrong setting, and says which and why."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from attendance_app.checks import check_settings
from attendance_app.platform import get_backend
from attendance_app.platform.standalone.backend import StandaloneBackend


def error_ids() -> set[str]:
    return {message.id for message in check_settings()}


def test_the_test_settings_pass():
    assert check_settings() == []


@pytest.mark.parametrize(
    "path", ["attendance_app.platform.nowhere.Backend", "attendance_app.conf.DEFAULTS", "not a path"]
)
def test_a_backend_that_is_not_a_platform_backend_is_an_error(settings, path):
    settings.ATTENDANCE_PLATFORM_BACKEND = path

    assert error_ids() == {"attendance.E001"}
    with pytest.raises(SystemCheckError, match="ATTENDANCE_PLATFORM_BACKEND"):
        call_command("check")


@pytest.mark.parametrize("value", [0, -15, "15", 1.5, True, None])
def test_heartbeat_must_be_a_positive_whole_number(settings, value):
    settings.ATTENDANCE_HEARTBEAT_SECONDS = value

    assert error_ids() == {"attendance.E002"}


def test_token_lifetime_must_be_positive(settings):
    settings.ATTENDANCE_TOKEN_MAX_AGE_SECONDS = 0

    assert error_ids() == {"attendance.E003"}


def test_changing_the_backend_setting_switches_the_backend(settings):
    assert isinstance(get_backend(), StandaloneBackend)
    settings.ATTENDANCE_PLATFORM_BACKEND = "attendance_app.platform.openedx.OpenEdxBackend"

    assert type(get_backend()).__name__ == "OpenEdxBackend"


@pytest.mark.parametrize("value", [0, -1, "20", True])
def test_prompt_interval_override_must_be_positive(settings, value):
    settings.ATTENDANCE_PROMPT_INTERVAL_SECONDS = value

    assert error_ids() == {"attendance.E004"}


@pytest.mark.parametrize("value", [-1, 86401, "900", 1.5, True, None])
def test_live_claim_grace_must_be_whole_seconds_up_to_a_day(settings, value):
    settings.ATTENDANCE_LIVE_CLAIM_GRACE_SECONDS = value

    assert error_ids() == {"attendance.E020"}
    with pytest.raises(SystemCheckError, match="ATTENDANCE_LIVE_CLAIM_GRACE_SECONDS"):
        call_command("check")


@pytest.mark.parametrize("value", [0, 60, 86400])
def test_a_live_claim_grace_from_none_to_a_day_is_accepted(settings, value):
    settings.ATTENDANCE_LIVE_CLAIM_GRACE_SECONDS = value

    assert check_settings() == []


@pytest.mark.parametrize("value", ["company", ["company", ""], [3], None])
def test_report_custom_fields_must_be_a_list_of_field_names(settings, value):
    settings.ATTENDANCE_REPORT_CUSTOM_FIELDS = value

    assert error_ids() == {"attendance.E030"}


def test_report_custom_fields_accept_a_list_of_names(settings):
    settings.ATTENDANCE_REPORT_CUSTOM_FIELDS = ["region", "company"]

    assert error_ids() == set()


@pytest.mark.parametrize("value", [0, -1, "1826", 1826.0, True, None])
def test_retention_must_be_a_positive_whole_number_of_days(settings, value):
    settings.ATTENDANCE_RETENTION_DAYS = value

    assert error_ids() == {"attendance.E040"}


def test_a_retention_shorter_than_five_years_is_a_warning(settings):
    settings.ATTENDANCE_RETENTION_DAYS = 365

    assert [(message.id, message.level) for message in check_settings()] == [("attendance.W040", 30)]
    settings.ATTENDANCE_RETENTION_DAYS = 5 * 365 + 1
    assert check_settings() == []


@pytest.mark.parametrize("value", ["false", 0, None])
def test_the_celery_beat_switch_must_be_a_boolean(settings, value):
    settings.ATTENDANCE_CELERY_BEAT_SCHEDULE = value

    assert error_ids() == {"attendance.E050"}
    with pytest.raises(SystemCheckError, match="ATTENDANCE_CELERY_BEAT_SCHEDULE"):
        call_command("check")


@pytest.mark.parametrize("value", [-1, 1.5, "100", True, None])
def test_audit_pack_sync_rows_must_be_a_whole_number(settings, value):
    settings.ATTENDANCE_AUDIT_PACK_SYNC_MAX_ROWS = value

    assert error_ids() == {"attendance.E024"}


@pytest.mark.parametrize("value", [0, 50_000])
def test_audit_pack_sync_rows_accept_zero_and_more(settings, value):
    settings.ATTENDANCE_AUDIT_PACK_SYNC_MAX_ROWS = value

    assert error_ids() == set()


@pytest.mark.parametrize("value", [-1, 3601, "300", 1.5, True, None])
def test_the_beat_session_check_must_be_whole_seconds_up_to_an_hour(settings, value):
    settings.ATTENDANCE_BEAT_SESSION_CHECK_SECONDS = value

    assert error_ids() == {"attendance.E070"}


@pytest.mark.parametrize("value", [0, 300, 3600])
def test_a_beat_session_check_from_every_beat_to_an_hour_is_accepted(settings, value):
    settings.ATTENDANCE_BEAT_SESSION_CHECK_SECONDS = value

    assert error_ids() == set()
