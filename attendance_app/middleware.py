"""``BusyDatabaseMiddleware``: SQLite's "database is locked" anywhere becomes a 503 with Retry-After.

Only a SQLite site needs it (the demo): there one writer at a time holds the whole database, and a
request that waited past the busy timeout would otherwise be a 500. The REST API and the XBlock
handlers map the error themselves; this catches the rest, such as the pages and the workbench
saving a block's fields after its handler. The LMS does not install it: there the REST API and the
handlers map MySQL's deadlocks and lost connections the same way (ADR 0028).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from attendance_app.exceptions import busy_database


class BusyDatabaseMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        busy = busy_database(exception)
        if busy is None:
            return None
        wants_json = request.content_type == "application/json" or "json" in request.headers.get("Accept", "")
        response: HttpResponse
        if wants_json or "/handler" in request.path:
            response = JsonResponse(busy.as_dict(), status=busy.status_code)
        else:
            response = HttpResponse(
                busy.message, status=busy.status_code, content_type="text/plain; charset=utf-8"
            )
        response["Retry-After"] = str(busy.retry_after)
        return response
