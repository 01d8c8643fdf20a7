"""Oversized and deeply nested bodies on every JSON endpoint: a 4xx, never a 500 (issue #20, point 5).

Every REST write (the URL resolver walked as the permission matrix does) and every XBlock handler
gets, as global staff and as a course instructor (who pass the permission checks, so the body is
read): a body nested far past the limit, a body larger than Django's upload limit, and an object
whose every usual field is a 10 000-character string. Each must be refused (or, for the long
strings, accepted only where the field allows it) and nothing may be half-written.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import webob
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from attendance_app.models import Attendance, Claim, ReportPreset, Slot
from attendance_xblock.block import AttendanceXBlock
from tests.attendance_app.permission_matrix_world import (
    CLASSROOM,
    CSRF_SECRET,
    HANDLER_BODIES,
    build_world,
    operations,
    url_of,
)
from tests.attendance_app.platform.worlds import rendered_block
from tests.attendance_app.rest_api.utils import snapshot

pytestmark = pytest.mark.django_db

WRITES = [operation for operation in operations() if operation.kind == "api" and operation.method != "get"]
HANDLERS = [operation for operation in operations() if operation.kind == "handler"]
ROLES = ("global_staff", "instructor")
DEEP = "[" * 5_000 + "]" * 5_000
LONG = "x" * 10_000
#: The field names the app's bodies use, each a 10 000-character string.
FIELD_NAMES = (
    "name",
    "acronym",
    "field_of_study",
    "display_name",
    "title",
    "location",
    "url",
    "label",
    "code",
    "remark",
    "address",
    "token",
    "org",
    "unit_id",
    "slot_id",
    "status",
    "start",
    "end",
)
LONG_FIELDS = dict.fromkeys(FIELD_NAMES, LONG)


def oversized() -> str:
    """A JSON object one byte past ``DATA_UPLOAD_MAX_MEMORY_SIZE``."""
    frame = '{"name": ""}'
    return '{"name": "' + "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1 - len(frame) + 2) + '"}'


BODIES = {"deep": lambda: DEEP, "oversized": oversized, "long strings": lambda: json.dumps(LONG_FIELDS)}


def everything() -> dict[str, Any]:
    rows: dict[str, Any] = snapshot()
    for model in (Attendance, Claim, Slot, ReportPreset):
        rows[model.__name__] = [str(row) for row in model.objects.order_by("pk").values()]
    return rows


@pytest.fixture
def world() -> dict[str, Any]:
    return build_world()


def client_of(user_id: int) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = CSRF_SECRET
    client.force_login(get_user_model().objects.get(id=user_id))
    return client


@pytest.mark.parametrize("body", list(BODIES))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", WRITES, ids=lambda operation: operation.key)
def test_every_rest_write_refuses_hostile_bodies(world, operation, role, body):
    client = client_of(world["people"][role])
    before = everything()

    response = getattr(client, operation.method)(
        url_of(operation, world["arguments"]),
        data=BODIES[body](),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=CSRF_SECRET,
    )

    assert response.status_code < 500, response.content[:500]
    if response.status_code >= 400:
        assert everything() == before
    elif body != "long strings":  # a DELETE reads no body; every other write refuses one like these
        assert operation.method == "delete", response.content[:500]


@pytest.mark.parametrize("body", list(BODIES))
@pytest.mark.parametrize("operation", HANDLERS, ids=lambda operation: operation.name)
def test_every_xblock_handler_refuses_hostile_bodies(world, operation, body):
    user = get_user_model().objects.get(id=world["people"]["staff"])
    block = rendered_block(user, CLASSROOM)
    block.runtime.publish = lambda *_args: None
    raw = BODIES[body]()
    if body == "long strings":  # keep the ids a handler reads first, so the strings are reached
        fields = {**LONG_FIELDS, **HANDLER_BODIES.get(operation.name, {})}
        fields = {key: world["arguments"].get(value, value) for key, value in fields.items()}
        raw = json.dumps(fields, default=str)
    before = everything()

    response = getattr(AttendanceXBlock, operation.name)(
        block, webob.Request.blank("/", method="POST", body=raw.encode())
    )

    assert response.status_code < 500, response.body[:500]
    if body != "long strings":
        assert 400 <= response.status_code < 500, response.body[:500]
        assert everything() == before
