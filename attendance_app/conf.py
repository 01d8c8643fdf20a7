"""Typed access to the app's settings, with their defaults in one place.

Operators set ``ATTENDANCE_*`` names in Django settings; ``settings/common.py`` fills in the
defaults for Open edX, and :mod:`attendance_app.checks` refuses to start with a wrong value.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Dotted path of the PlatformBackend subclass (attendance_app.platform.base).
    "ATTENDANCE_PLATFORM_BACKEND": "attendance_app.platform.openedx.OpenEdxBackend",
    # Seconds between two heartbeats of the learner's browser (DESIGN section 6).
    "ATTENDANCE_HEARTBEAT_SECONDS": 15,
    # Whether attendance tracking is on for the site and for organizations without their own switch.
    # Course runs are always off until their course team turns them on (seed 000, "Enabling").
    "ATTENDANCE_SITE_ENABLED_BY_DEFAULT": True,
    "ATTENDANCE_ORGS_ENABLED_BY_DEFAULT": True,
    # Seconds between presence prompts instead of the units' own interval. For demos and browser
    # tests only; None (the default) uses the units' durations and minimum frequencies.
    "ATTENDANCE_PROMPT_INTERVAL_SECONDS": None,
    # Seconds a live activity's Claim credits button stays after the live end, so that the last
    # confirmation (the prompt at the end of the window, ADR 0008) is answered and claimed in time.
    # At least the longest prompt (pop-up times 10, plus 2 s) plus a heartbeat; 0 closes claims at the end.
    "ATTENDANCE_LIVE_CLAIM_GRACE_SECONDS": 30 * 60,
    # Lifetime of the signed token the block hands its JavaScript, in seconds.
    "ATTENDANCE_TOKEN_MAX_AGE_SECONDS": 6 * 3600,
    # Seconds a beat may be signed in by its renewed token alone, without reading the session and
    # the user (ADR 0034): a deactivation or a password change elsewhere stops the credit within
    # this interval (a logout at once). 0 checks the session on every beat.
    "ATTENDANCE_BEAT_SESSION_CHECK_SECONDS": 300,
    # The custom profile fields the program statistics export shows, one column each in
    # alphabetical order (seed 003, "User Custom Field"); names of the platform's extended profile.
    "ATTENDANCE_REPORT_CUSTOM_FIELDS": [],
    # Days evidence is kept whole before ``attendance_retention --apply`` anonymises it: five years
    # (NASBA's minimum record keeping) with one leap day. Credits and certificates are never removed.
    "ATTENDANCE_RETENTION_DAYS": 5 * 365 + 1,
    # Whether the plugin schedules the classroom's auto-mark and low-attendance warnings with
    # Celery beat (settings/beat.py); False for sites that run the management commands from cron.
    "ATTENDANCE_CELERY_BEAT_SCHEDULE": True,
    # Audit packs with at most this many rows (attendances, prompts, visits and claims) download at
    # once ("Now"); larger ones are written by a Celery task and listed in My reports ("Via email").
    "ATTENDANCE_AUDIT_PACK_SYNC_MAX_ROWS": 20_000,
    # Where the certificate's QR code and printed verify link point: an http(s) root URL such as
    # "https://lms.example.com". None uses the platform's LMS_ROOT_URL (ADR 0029).
    "ATTENDANCE_VERIFY_BASE_URL": None,
    # The certificate's paper, printed landscape: "letter" (US, NASBA's sponsors) or "a4".
    "ATTENDANCE_CERTIFICATE_PAGE_SIZE": "letter",
}

#: The page sizes ATTENDANCE_CERTIFICATE_PAGE_SIZE accepts.
CERTIFICATE_PAGE_SIZES = ("letter", "a4")


def get(name: str) -> Any:
    """The value of setting ``name``, or its default."""
    return getattr(settings, name, DEFAULTS[name])


def heartbeat_seconds() -> int:
    return int(get("ATTENDANCE_HEARTBEAT_SECONDS"))


def live_claim_grace_seconds() -> int:
    return int(get("ATTENDANCE_LIVE_CLAIM_GRACE_SECONDS"))


def token_max_age_seconds() -> int:
    return int(get("ATTENDANCE_TOKEN_MAX_AGE_SECONDS"))


def beat_session_check_seconds() -> int:
    return int(get("ATTENDANCE_BEAT_SESSION_CHECK_SECONDS"))


def report_custom_fields() -> list[str]:
    return sorted(str(name) for name in get("ATTENDANCE_REPORT_CUSTOM_FIELDS"))


def retention_days() -> int:
    return int(get("ATTENDANCE_RETENTION_DAYS"))


def audit_pack_sync_max_rows() -> int:
    return int(get("ATTENDANCE_AUDIT_PACK_SYNC_MAX_ROWS"))


def verify_base_url() -> str:
    """The root URL verify links start with (no trailing slash); "" when neither setting is set."""
    base = get("ATTENDANCE_VERIFY_BASE_URL") or getattr(settings, "LMS_ROOT_URL", "") or ""
    return str(base).rstrip("/")


def certificate_page_size() -> str:
    """ "letter" or "a4" (the system check refuses anything else)."""
    return str(get("ATTENDANCE_CERTIFICATE_PAGE_SIZE")).lower()


def platform_backend_path() -> str:
    return str(get("ATTENDANCE_PLATFORM_BACKEND"))
