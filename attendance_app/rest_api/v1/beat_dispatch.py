"""The heartbeat's own dispatch: ``presence/beat/`` without DRF's per-request machinery (ADR 0033).

A beat comes every 15 seconds from every open page, the hottest request of the plugin. Measured by
``make bench`` (MariaDB, gunicorn), DRF's dispatch — the request wrapper, content negotiation, the
authenticator chain, permission classes and the renderer — cost more application CPU than the beat's
own work. :func:`fast_beat` answers the common request itself: a POST of a JSON object, signed in by
the session (no ``Authorization`` header), with a valid CSRF token. It makes the same checks DRF makes
for that request (an active user, DRF's own CSRF check, the body's size, media type and nesting) and
maps errors with the same exception handler, so the answers are the same. A beat whose renewed token
signs it in alone skips the session and the user too (ADR 0034). Any other request — JWT,
anonymous, another method, a body DRF would refuse, a failed CSRF check — returns ``None`` before
anything is written, and :class:`~attendance_app.rest_api.v1.presence.BeatView` hands it to DRF,
which answers it exactly as before.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from rest_framework.authentication import CSRFCheck
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

from attendance_app import api, clock
from attendance_app.api import json_input
from attendance_app.exceptions import AttendanceError, busy_database
from attendance_app.rest_api.v1.exception_handler import attendance_exception_handler

JSON_TYPE = "application/json"


def _no_response(request: HttpRequest) -> HttpResponse:  # pragma: no cover - never called
    return HttpResponse()


def _csrf_passes(request: HttpRequest) -> bool:
    """DRF's ``SessionAuthentication.enforce_csrf`` check, as a yes or no."""
    check = CSRFCheck(_no_response)
    check.process_request(request)
    return not check.process_view(request, _no_response, (), {})


def _json_body(request: HttpRequest, max_bytes: int) -> dict[str, Any] | None:
    """The body as a JSON object, or None when DRF's parser would refuse it (DRF then says why)."""
    media_type = request.content_type or ""
    raw_length = request.META.get("CONTENT_LENGTH") or ""
    if media_type != JSON_TYPE or not raw_length.isdigit() or int(raw_length) > max_bytes:
        return None
    try:
        body = json_input.loads(request.body)
    except (json_input.InvalidJSON, ValueError):
        return None
    return body if isinstance(body, dict) else None


def _json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> HttpResponse:
    """The answer as DRF's ``JSONRenderer`` writes it (compact, UTF-8, the same encoder)."""
    text = json.dumps(data, cls=JSONEncoder, ensure_ascii=False, separators=(",", ":"))
    response = HttpResponse(text.encode("utf-8"), status=status, content_type=JSON_TYPE, headers=headers)
    response["Vary"] = "Accept"
    return response


def _error_response(error: Exception) -> HttpResponse:
    """An error mapped by the API's exception handler, rendered as DRF would render it."""
    mapped = attendance_exception_handler(error, {})
    if mapped is None:  # pragma: no cover - the handler maps every AttendanceError
        raise error
    mapped.accepted_renderer = JSONRenderer()
    mapped.accepted_media_type = JSON_TYPE
    mapped.renderer_context = {}  # type: ignore[attr-defined]  # read by render()
    mapped.render()
    return mapped


def _answer(call: Callable[[], dict[str, Any] | None]) -> HttpResponse | None:
    """Run the beat and render its reply or its error; None when ``call`` declined the beat."""
    try:
        reply = call()
    except AttendanceError as error:
        return _error_response(error)
    except Exception as error:
        if busy_database(error) is None:
            raise
        return _error_response(error)
    return None if reply is None else _json_response(reply)


def fast_beat(request: HttpRequest, max_bytes: int) -> HttpResponse | None:
    """Answer a session-signed JSON beat, or None (nothing read or written) for DRF to answer.

    A beat whose renewed token is bound to this session cookie and was checked recently is signed
    in by the token alone (ADR 0034): neither the session nor the user row is read. Any other beat
    checks the session's user as DRF's ``SessionAuthentication`` would.
    """
    if request.method != "POST" or "HTTP_AUTHORIZATION" in request.META:
        return None
    body = _json_body(request, max_bytes)
    if body is None or not _csrf_passes(request):
        return None
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    now = clock.now()
    token = body.get("token")
    signed = _answer(lambda: api.record_signed_beat(token, body, now, session_key))
    if signed is not None:
        return signed
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return _answer(lambda: api.record_beat(user.id, token, body, now, session_key=session_key))
