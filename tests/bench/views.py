"""The baselines the heartbeat is compared with; they exist only in the bench URLconf.

* ``insert``: a plain Django view that writes one row (no authentication);
* ``drf-insert``: a DRF view with the API's own authentication that writes one row;
* ``bare``: a logged-in view that answers a small JSON object and writes nothing.

The row goes into ``bench_hit``, a table the bench creates itself (no migration of the app).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from rest_framework.request import Request
from rest_framework.response import Response

from attendance_app.rest_api.v1.views import AttendanceAPIView

HIT_TABLE = "bench_hit"


def create_hit_table() -> None:
    """(Re)create the baselines' table: an id, a user id and a time, like the smallest ledger row."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {HIT_TABLE}")
        auto = (
            "INTEGER PRIMARY KEY AUTOINCREMENT"
            if connection.vendor == "sqlite"
            else "BIGINT AUTO_INCREMENT PRIMARY KEY"
        )
        cursor.execute(
            f"CREATE TABLE {HIT_TABLE} (id {auto}, user_id INTEGER NOT NULL, at DATETIME NOT NULL)"
        )


def _insert(user_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {HIT_TABLE} (user_id, at) VALUES (%s, %s)", [user_id, timezone.now()])  # noqa: S608


@csrf_exempt
def insert(request: HttpRequest) -> JsonResponse:
    _insert(0)
    return JsonResponse({"ok": True})


class DrfInsert(AttendanceAPIView):
    """Same authentication, CSRF check and JSON parsing as the presence views, then one INSERT."""

    def post(self, request: Request) -> Response:
        self.json_object(request)
        _insert(request.user.id)
        return Response({"ok": True})


@login_required
def bare(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"user": request.user.pk})
