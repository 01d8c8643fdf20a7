"""System checks: the app refuses to start with a wrong setting and says which and why."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from attendance_app import conf
from attendance_app.platform import load_backend_class


def _positive_int(name: str, errors: list[checks.CheckMessage], check_id: str) -> None:
    value = conf.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        errors.append(
            checks.Error(f"{name} must be a positive whole number of seconds, not {value!r}.", id=check_id)
        )


@checks.register()
def check_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Validate every ``ATTENDANCE_*`` setting."""
    errors: list[checks.CheckMessage] = []
    try:
        load_backend_class(conf.platform_backend_path())
    except ImproperlyConfigured as error:
        errors.append(checks.Error(str(error), id="attendance.E001"))
    _positive_int("ATTENDANCE_HEARTBEAT_SECONDS", errors, "attendance.E002")
    _positive_int("ATTENDANCE_TOKEN_MAX_AGE_SECONDS", errors, "attendance.E003")
    override = conf.get("ATTENDANCE_PROMPT_INTERVAL_SECONDS")
    if override is not None and (
        isinstance(override, bool) or not isinstance(override, int | float) or override <= 0
    ):
        errors.append(
            checks.Error(
                "ATTENDANCE_PROMPT_INTERVAL_SECONDS must be a positive number of seconds or None, "
                f"not {override!r}.",
                id="attendance.E004",
            )
        )
    grace = conf.get("ATTENDANCE_LIVE_CLAIM_GRACE_SECONDS")
    if isinstance(grace, bool) or not isinstance(grace, int) or not 0 <= grace <= 24 * 3600:
        errors.append(
            checks.Error(
                "ATTENDANCE_LIVE_CLAIM_GRACE_SECONDS must be a whole number of seconds from 0 to 86400, "
                f"not {grace!r}.",
                id="attendance.E020",
            )
        )
    fields = conf.get("ATTENDANCE_REPORT_CUSTOM_FIELDS")
    if not isinstance(fields, list | tuple) or not all(isinstance(name, str) and name for name in fields):
        errors.append(
            checks.Error(
                f"ATTENDANCE_REPORT_CUSTOM_FIELDS must be a list of profile field names, not {fields!r}.",
                id="attendance.E030",
            )
        )
    _retention(errors)
    beat = conf.get("ATTENDANCE_CELERY_BEAT_SCHEDULE")
    if not isinstance(beat, bool):
        errors.append(
            checks.Error(
                f"ATTENDANCE_CELERY_BEAT_SCHEDULE must be True or False, not {beat!r}.",
                id="attendance.E050",
            )
        )
    rows = conf.get("ATTENDANCE_AUDIT_PACK_SYNC_MAX_ROWS")
    if isinstance(rows, bool) or not isinstance(rows, int) or rows < 0:
        errors.append(
            checks.Error(
                "ATTENDANCE_AUDIT_PACK_SYNC_MAX_ROWS must be a whole number of rows (0 or more), "
                f"not {rows!r}.",
                id="attendance.E024",
            )
        )
    _certificate(errors)
    check = conf.get("ATTENDANCE_BEAT_SESSION_CHECK_SECONDS")
    if isinstance(check, bool) or not isinstance(check, int) or not 0 <= check <= 3600:
        errors.append(
            checks.Error(
                "ATTENDANCE_BEAT_SESSION_CHECK_SECONDS must be a whole number of seconds from 0 to 3600, "
                f"not {check!r}.",
                id="attendance.E070",
            )
        )
    return errors


def _certificate(errors: list[checks.CheckMessage]) -> None:
    base = conf.get("ATTENDANCE_VERIFY_BASE_URL")
    if base is not None and not _is_http_url(base):
        errors.append(
            checks.Error(
                "ATTENDANCE_VERIFY_BASE_URL must be an http:// or https:// URL such as "
                f"'https://lms.example.com', or None for LMS_ROOT_URL; not {base!r}.",
                id="attendance.E060",
            )
        )
    size = conf.get("ATTENDANCE_CERTIFICATE_PAGE_SIZE")
    if not isinstance(size, str) or size.lower() not in conf.CERTIFICATE_PAGE_SIZES:
        errors.append(
            checks.Error(
                f"ATTENDANCE_CERTIFICATE_PAGE_SIZE must be 'letter' or 'a4', not {size!r}.",
                id="attendance.E061",
            )
        )


def _is_http_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not parts.query and not parts.fragment


def _retention(errors: list[checks.CheckMessage]) -> None:
    days = conf.get("ATTENDANCE_RETENTION_DAYS")
    if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
        errors.append(
            checks.Error(
                f"ATTENDANCE_RETENTION_DAYS must be a positive whole number of days, not {days!r}.",
                id="attendance.E040",
            )
        )
    elif days < conf.DEFAULTS["ATTENDANCE_RETENTION_DAYS"]:
        errors.append(
            checks.Warning(
                f"ATTENDANCE_RETENTION_DAYS is {days}: sponsors of NASBA credit keep attendance records "
                "for at least five years (1826 days).",
                id="attendance.W040",
            )
        )
