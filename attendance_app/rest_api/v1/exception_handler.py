"""The one place errors become HTTP answers, all in the shape of ``ErrorSerializer``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from attendance_app.exceptions import AttendanceError, ServiceBusy, busy_database


def attendance_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Answer an :class:`AttendanceError` with its status and message.

    DRF's own errors (not logged in, CSRF, a body that is not JSON, a method the endpoint does
    not have) keep DRF's status and headers but get the same ``{error, message}`` body, so
    clients read every 4xx the same way. SQLite's "database is locked" (the demo, under
    concurrent writes) is a 503 with ``Retry-After``; the transaction that met it rolled back.
    """
    busy = busy_database(exc)
    if busy is not None:
        exc = busy
    if isinstance(exc, ServiceBusy):
        return Response(exc.as_dict(), status=exc.status_code, headers={"Retry-After": str(exc.retry_after)})
    if isinstance(exc, AttendanceError):
        return Response(exc.as_dict(), status=exc.status_code)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    if isinstance(exc, exceptions.APIException):
        response.data = _error_body(exc)
    return response


def _error_body(exc: exceptions.APIException) -> dict[str, Any]:
    detail = exc.detail
    body: dict[str, Any] = {"error": str(exc.default_code)}
    if isinstance(detail, dict):
        body["message"] = str(exc.default_detail)
        body["field_errors"] = {
            str(name): [str(error) for error in (errors if isinstance(errors, list) else [errors])]
            for name, errors in detail.items()
        }
    elif isinstance(detail, list):
        body["message"] = " ".join(str(error) for error in detail)
    else:
        body["message"] = str(detail)
    return body
