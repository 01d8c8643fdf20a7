"""The public Python surface of the app.

The XBlock, the REST views, Celery tasks, management commands and reports call these
functions and nothing else of the app. Each documents the exceptions it raises
(subclasses of :class:`attendance_app.exceptions.AttendanceError`).
"""

from attendance_app.api.activities import (
    ActivitySettings,
    archive_activity,
    configure_activity,
    get_activity_settings,
    parse_usage_key,
)

__all__ = [
    "ActivitySettings",
    "archive_activity",
    "configure_activity",
    "get_activity_settings",
    "parse_usage_key",
]
