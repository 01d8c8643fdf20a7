"""The one place domain exceptions become HTTP answers."""

from __future__ import annotations

from typing import Any

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from attendance_app.exceptions import AttendanceError


def attendance_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Answer an :class:`AttendanceError` with its status and message; leave the rest to DRF."""
    if isinstance(exc, AttendanceError):
        return Response(exc.as_dict(), status=exc.status_code)
    return drf_exception_handler(exc, context)
