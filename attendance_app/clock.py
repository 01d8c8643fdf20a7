"""The one place the app asks what time it is.

Domain functions take ``now`` as a parameter; edges call :func:`now` once per request so a
request sees a single instant, and tests pass their own instants instead of sleeping.
"""

from datetime import UTC, datetime


def now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(tz=UTC)
