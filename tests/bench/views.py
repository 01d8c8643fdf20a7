"""The baselines the heartbeat is compared with; they exist only in the bench URLconf.

* ``insert``: a plain Django view that writes one row (no authentication);
* ``drf-insert``: a DRF view with the API's own authentication that writes one row;
* ``bare``: a logged-in view that answers a small JSON object and writes nothing;
* ``floor``: the least a beat signed in by its token can do (ADR 0036): Django's CSRF check, the
  JSON body, the token's signature checked and a new token signed with the presence salt, one
  ``UPDATE`` of the learner's row by its key, a JSON answer. No crediting, no meter: what the beat
  does beyond this is the plugin's own work, what this does beyond ``insert`` is the least any
  signed beat pays.

The rows go into ``bench_hit`` and ``bench_floor``, tables the bench creates itself (no migration of
the app).
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from rest_framework.request import Request
from rest_framework.response import Response

from attendance_app import conf
from attendance_app.api.presence_tokens import TOKEN_SALT
from attendance_app.rest_api.v1.views import AttendanceAPIView

HIT_TABLE = "bench_hit"
FLOOR_TABLE = "bench_floor"


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
        cursor.execute(f"DROP TABLE IF EXISTS {FLOOR_TABLE}")
        cursor.execute(
            f"CREATE TABLE {FLOOR_TABLE} "
            "(user_id INTEGER PRIMARY KEY, beats INTEGER NOT NULL, at DATETIME NULL)"
        )


def add_floor_rows(user_ids: list[int]) -> None:
    """One ``bench_floor`` row per learner, for the floor view to update."""
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {FLOOR_TABLE} (user_id, beats) VALUES (%s, 0)",  # noqa: S608
            [(user_id,) for user_id in user_ids],
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


def floor(request: HttpRequest) -> HttpResponse:
    """CSRF-checked by the middleware (not exempt), signed in by the presence token alone."""
    try:
        token = json.loads(request.body)["token"]
        claims = signing.loads(token, salt=TOKEN_SALT, max_age=conf.token_max_age_seconds())
        user_id = claims["u"]
    except (ValueError, KeyError, TypeError, signing.BadSignature):
        return JsonResponse({"error": "bad token"}, status=403)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {FLOOR_TABLE} SET beats = beats + 1, at = %s WHERE user_id = %s",  # noqa: S608
            [timezone.now(), user_id],
        )
    text = json.dumps({"token": signing.dumps(claims, salt=TOKEN_SALT)}, separators=(",", ":"))
    return HttpResponse(text, content_type="application/json")


@login_required
def bare(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"user": request.user.pk})
