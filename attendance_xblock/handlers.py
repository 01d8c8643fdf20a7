"""JSON handler plumbing: parse the body, name the user and block, map domain errors once."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from webob import Response
from xblock.core import XBlock

from attendance_app import tracking
from attendance_app.api import json_input
from attendance_app.exceptions import AttendanceError, busy_database
from attendance_app.platform import get_backend

MAX_BODY_BYTES = 64 * 1024
# A CSV import of slots: csv_io's 1 000 000 characters, within Django's default 2.5 MB request body.
MAX_IMPORT_BODY_BYTES = 2 * 1024 * 1024


def json_response(body: dict[str, Any], status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json", charset="utf-8")


def _error(message: str, status: int = 400) -> Response:
    return json_response({"error": "invalid_input", "message": message}, status)


def json_api_handler(method: Callable[..., dict[str, Any]]) -> Callable[..., Response]:
    """:func:`json_api_handler_up_to` 64 KiB, the limit of every handler but the CSV import."""
    return json_api_handler_up_to(MAX_BODY_BYTES)(method)


def json_api_handler_up_to(
    max_bytes: int,
) -> Callable[[Callable[..., dict[str, Any]]], Callable[..., Response]]:
    """A decorator like :func:`json_api_handler` for bodies of at most ``max_bytes``."""
    return functools.partial(_json_api_handler, max_bytes=max_bytes)


def _json_api_handler(method: Callable[..., dict[str, Any]], max_bytes: int) -> Callable[..., Response]:
    """Wrap ``method(self, data, user_id, usage_key) -> dict`` as an XBlock handler.

    The body must be a JSON object of at most ``max_bytes``, nested at most ``json_input.MAX_DEPTH``
    levels. :class:`AttendanceError` becomes its status and JSON body, SQLite's "database is
    locked" a 503 with ``Retry-After``; the method never sees malformed input.
    """

    @XBlock.handler
    @functools.wraps(method)
    def handler(block: Any, request: Any, suffix: str = "") -> Response:
        if request.method != "POST":
            return _error(_("Use POST."), 405)
        if len(request.body) > max_bytes:
            return _error(_("The request is too large."), 413)
        try:
            data = json_input.loads(request.body)
        except json_input.InvalidJSON as error:
            return _error(error.message)
        if not isinstance(data, dict):
            return _error(_("Send a JSON object."))
        backend = get_backend()
        try:
            with tracking.in_block_runtime(block):  # events go through runtime.publish
                body = method(
                    block, data, backend.user_id_for_block(block), backend.usage_key_for_block(block)
                )
        except AttendanceError as error:
            return json_response(error.as_dict(), error.status_code)
        except Exception as error:
            busy = busy_database(error)
            if busy is None:
                raise
            response = json_response(busy.as_dict(), busy.status_code)
            response.headers["Retry-After"] = str(busy.retry_after)
            return response
        return json_response(body)

    return handler
