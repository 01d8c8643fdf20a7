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
from attendance_app.exceptions import AttendanceError
from attendance_app.platform import get_backend

MAX_BODY_BYTES = 64 * 1024


def json_response(body: dict[str, Any], status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json", charset="utf-8")


def _error(message: str, status: int = 400) -> Response:
    return json_response({"error": "invalid_input", "message": message}, status)


def json_api_handler(method: Callable[..., dict[str, Any]]) -> Callable[..., Response]:
    """Wrap ``method(self, data, user_id, usage_key) -> dict`` as an XBlock handler.

    The body must be a JSON object of at most 64 KiB. :class:`AttendanceError` becomes its
    status and JSON body; the method never sees malformed input.
    """

    @XBlock.handler
    @functools.wraps(method)
    def handler(block: Any, request: Any, suffix: str = "") -> Response:
        if request.method != "POST":
            return _error(_("Use POST."), 405)
        if len(request.body) > MAX_BODY_BYTES:
            return _error(_("The request is too large."), 413)
        try:
            data = json.loads(request.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            data = None
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
        return json_response(body)

    return handler
