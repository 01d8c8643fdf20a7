"""The permission matrix's world, its operations and the request each (operation, role) sends.

One course (DemoX) with cohorts A and B, a live, a recorded and a classroom activity (a slot with its
instructor), a claim and a certificate of the learner, a report preset and a report file of the
staff member, a unit and a credit requirement of DemoX. The eleven roles are people of that world.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import webob
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from opaque_keys.edx.django.models import CourseKeyField

from attendance_app import api
from attendance_app.api import classroom
from attendance_app.models import (
    Activity,
    ActivityMode,
    ActivityUnitRule,
    Claim,
    CoachAssignment,
    CreditRequirement,
    CreditUnit,
    ReportFile,
    ReportPreset,
)
from attendance_app.rest_api.v1 import docs
from attendance_xblock.block import AttendanceXBlock
from tests.attendance_app.platform.worlds import rendered_block
from tests.factories import (
    COURSE_KEY,
    OTHER_COURSE_KEY,
    AccessRoleFactory,
    CohortFactory,
    CourseFactory,
    EnrollmentFactory,
    UserFactory,
)

ROLES = (
    "anonymous",
    "learner",
    "other_course_learner",
    "unenrolled_learner",
    "other_cohort_coach",
    "coach",
    "slot_instructor",
    "instructor",
    "staff",
    "global_staff",
    "org_admin",
)
T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
CLASSROOM = COURSE_KEY.make_usage_key("attendance", "workshop")
LIVE = COURSE_KEY.make_usage_key("attendance", "webinar")
RECORDED = COURSE_KEY.make_usage_key("attendance", "replay")
#: Where the plugin's URLs live (``attendance_app.urls``), by the kind of their rows.
PREFIXES = {"api": "api/attendance/v1/", "page": "attendance/"}
HTTP_METHODS = ("get", "post", "put", "patch", "delete")
CSRF_SECRET = "attendancecsrfsecretattendance32"


@dataclass(frozen=True)
class Operation:
    """A route (``api``/``page`` with its URL name) or an XBlock handler, and one method it accepts."""

    kind: str
    name: str
    method: str
    route: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind} {self.method.upper()} {self.name}"


# Routes --------------------------------------------------------------------------------------------


def _patterns(prefix: str) -> list[tuple[str, URLPattern]]:
    """Every pattern of the site under ``prefix``, with its full route (unnamed ones too)."""
    found: list[tuple[str, URLPattern]] = []

    def walk(patterns: list[Any], route: str) -> None:
        for pattern in patterns:
            here = route + str(pattern.pattern).lstrip("^")
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, here)
            elif here.startswith(prefix):
                found.append((here, pattern))

    walk(get_resolver().url_patterns, "")
    return found


def _page_methods(view: Any) -> list[str]:
    """The methods of ``require_http_methods`` (or ``require_GET``/``_POST``) around a page's view."""
    while view is not None:
        for cell in view.__closure__ or ():
            value = cell.cell_contents
            if isinstance(value, list | tuple) and value and all(item in ("GET", "POST") for item in value):
                return [method.lower() for method in value]
        view = getattr(view, "__wrapped__", None)
    return ["get", "post"]  # no restriction: both, so a refusal of either is pinned


def operations() -> list[Operation]:
    """Every REST operation, every page (per accepted method) and every XBlock handler (POST)."""
    found = []
    for route, pattern in _patterns(PREFIXES["api"]):
        if pattern.callback is docs.not_found:  # the catch-all JSON 404
            continue
        view_class = getattr(pattern.callback, "view_class", None)
        methods = [m for m in HTTP_METHODS if hasattr(view_class, m)] if view_class else ["get"]
        found += [Operation("api", pattern.name or route, method, route) for method in methods]
    for route, pattern in _patterns(PREFIXES["page"]):
        methods = _page_methods(pattern.callback)
        found += [Operation("page", pattern.name or route, method, route) for method in methods]
    handlers = sorted(
        name
        for name in dir(AttendanceXBlock)
        if getattr(getattr(AttendanceXBlock, name), "_is_xblock_handler", 0)
    )
    found += [Operation("handler", name, "post") for name in handlers]
    return found


# The world -----------------------------------------------------------------------------------------


def build_world() -> dict[str, Any]:
    """The people of :data:`ROLES` (None for anonymous) and the ids the routes name."""
    CourseFactory()
    CourseFactory(course_key=OTHER_COURSE_KEY, display_name="Other course")
    people: dict[str, Any] = {"anonymous": None}
    for role in ROLES[1:]:
        people[role] = UserFactory(username=role, is_staff=role == "global_staff")
    EnrollmentFactory(user=people["learner"])
    EnrollmentFactory(user=people["other_course_learner"], course_key=OTHER_COURSE_KEY)
    EnrollmentFactory(user=people["unenrolled_learner"], is_active=False)
    AccessRoleFactory(user=people["instructor"], role="instructor")
    AccessRoleFactory(user=people["staff"], role="staff")
    AccessRoleFactory(
        user=people["org_admin"], course_key=CourseKeyField.Empty, org="DemoX", role="org_admin"
    )
    cohort_a, cohort_b = CohortFactory(name="Cohort A"), CohortFactory(name="Cohort B")
    cohort_a.members.add(people["learner"])
    CoachAssignment.objects.create(user=people["coach"], course_key=COURSE_KEY, cohort_id=cohort_a.id)
    CoachAssignment.objects.create(
        user=people["other_cohort_coach"], course_key=COURSE_KEY, cohort_id=cohort_b.id
    )

    staff_id = people["staff"].id
    unit = CreditUnit.objects.create(
        org="DemoX", acronym="CPE", name="Continuing Professional Education", hours=1
    )
    activities = {
        LIVE: {"mode": ActivityMode.LIVE, "live_start": T0, "live_end": T0 + timedelta(hours=2)},
        RECORDED: {"mode": ActivityMode.RECORDED, "live_start": T0 - timedelta(days=1)},
        CLASSROOM: {"mode": ActivityMode.CLASSROOM},
    }
    for usage_key, fields in activities.items():
        Activity.objects.create(
            usage_key=usage_key, course_key=COURSE_KEY, display_name=usage_key.block_id, **fields
        )
    recorded = Activity.objects.get(usage_key=RECORDED)
    rule = ActivityUnitRule.objects.create(activity=Activity.objects.get(usage_key=CLASSROOM), unit=unit)
    ActivityUnitRule.objects.create(activity=recorded, unit=unit)
    slot = classroom.create_slots(
        staff_id,
        CLASSROOM,
        {
            "title": "Session",
            "start": T0.isoformat(),
            "end": (T0 + timedelta(hours=2)).isoformat(),
            "duration_hours": 2,
            "location": "Room 101",
            "capacity": 5,
        },
    )[0].slot
    slot.instructors.add(people["slot_instructor"])
    claim = Claim.objects.create(
        user=people["learner"],
        activity=recorded,
        unit=unit,
        units=Decimal("1.2"),
        claimed_at=T0,
        updated_at=T0,
    )
    code = api.certificate_for(people["learner"].id, claim.id, T0)["code"]
    requirement = CreditRequirement.objects.create(org="DemoX", acronym="CPE", required_credits=Decimal(40))
    preset = ReportPreset.objects.create(
        user=people["staff"], course_key=COURSE_KEY, kind="activity", name="Mine", modified=timezone.now()
    )
    report = ReportFile.objects.create(
        user=people["staff"], course_key=COURSE_KEY, kind="activity", file_format="csv", requested_at=T0
    )
    arguments = {
        "unit_id": unit.id,
        "rule_id": rule.id,
        "requirement_id": requirement.id,
        "claim_id": claim.id,
        "user_id": people["learner"].id,
        "usage_key": CLASSROOM,
        "course_key": COURSE_KEY,
        "org": "DemoX",
        "code": code,
        "username": "learner",
        "slot_id": slot.id,
        "kind": "activity",
        "preset_id": preset.id,
        "report_id": report.id,
        "filename": "activity.csv",
        "action": "revoke",
        "name": "",
    }
    return {"people": {role: user and user.id for role, user in people.items()}, "arguments": arguments}


# Requests ------------------------------------------------------------------------------------------

#: Arguments of a route other than the world's defaults (by URL name).
ROUTE_ARGUMENTS: dict[str, dict[str, str]] = {
    "api-docs-asset": {"name": "swagger-ui.css"},
    "activity-status": {"code": "present"},
    "course-certificate-change": {"action": "revoke"},
}


#: JSON bodies of the writes that check their input before who asks (the others get ``{}``): with these
#: the refused roles get the permission's answer, not the input's.
API_BODIES: dict[str, dict[str, str]] = {
    "api-unit-list": {"org": "DemoX"},
    "api-requirement-list": {"org": "DemoX"},
    "api-course-report-presets": {"name": "Mine too"},
}


def url_of(operation: Operation, arguments: dict[str, Any]) -> str:
    values = {**{k: str(v) for k, v in arguments.items()}, **ROUTE_ARGUMENTS.get(operation.name, {})}
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: values[match.group(1)], operation.route)


def send(operation: Operation, user_id: int | None, arguments: dict[str, Any]) -> int:
    """The status ``user_id`` gets for ``operation`` with an empty JSON object (a form for pages)."""
    if operation.kind == "handler":
        return _call_handler(operation.name, user_id, arguments)
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = CSRF_SECRET
    if user_id is not None:
        client.force_login(get_user_model().objects.get(id=user_id))
    kwargs: dict[str, Any] = {"HTTP_X_CSRFTOKEN": CSRF_SECRET}
    if operation.method != "get":
        if operation.kind == "api":
            kwargs.update(
                content_type="application/json", data=json.dumps(API_BODIES.get(operation.name, {}))
            )
        else:
            kwargs["data"] = {"csrfmiddlewaretoken": CSRF_SECRET}
    response = getattr(client, operation.method)(url_of(operation, arguments), **kwargs)
    if response.streaming:
        # Read to its end, a file response is closed by the client's own wrapper, which keeps
        # ``close_old_connections`` off ``request_finished``. Calling ``close()`` here would fire it:
        # inside the matrix's world transaction that closes MariaDB's connection (SQLite's in-memory
        # database ignores the close), and every later test would lose the world.
        for _chunk in response.streaming_content:
            pass
    return response.status_code


#: Bodies of the handlers that read an id before asking who may (the others get ``{}``); a value that
#: names one of the world's arguments is sent as that argument.
HANDLER_BODIES: dict[str, dict[str, str]] = {
    "remove_rule": {"rule_id": "rule_id"},
    "remove_slot": {"slot_id": "slot_id"},
    "update_slot": {"slot_id": "slot_id"},
    "update_status": {"code": "present"},
}


def observed_row(operation: Operation, world: dict[str, Any]) -> str:
    """A line of the table for ``operation`` with the statuses it gets now (each call rolled back)."""
    statuses = []
    for role in ROLES:
        cache.clear()
        with transaction.atomic():
            statuses.append(send(operation, world["people"][role], world["arguments"]))
            transaction.set_rollback(True)
    return f"{operation.kind:<8}{operation.method.upper():<7}{operation.name:<32}" + " ".join(
        f"{status:>4}" for status in statuses
    )


def _call_handler(name: str, user_id: int | None, arguments: dict[str, Any]) -> int:
    user = get_user_model().objects.filter(id=user_id).first() if user_id is not None else None
    block = rendered_block(user, CLASSROOM)
    block.runtime.publish = lambda *_args: None
    handler = getattr(AttendanceXBlock, name)
    assert getattr(handler, "_is_xblock_handler", False), name
    body = {field: arguments.get(value, value) for field, value in HANDLER_BODIES.get(name, {}).items()}
    request = webob.Request.blank("/", method="POST", body=json.dumps(body).encode())
    return int(handler(block, request).status_code)
