"""Schemathesis over the whole OpenAPI document: no 5xx and every answer as documented (issue #20).

Every operation is called with generated input (positive and negative cases) as anonymous, an
enrolled learner, the learner's coach, a course instructor and global staff (who may do
everything), people of the permission matrix's world, through the WSGI app inside the test's
database transaction; each case is rolled back, so every one sees the same world. Path parameters
point at real rows about half the time, so the happy paths are reached too. Checks: no server
error, the response's body and status as the schema declares. Bounded (a fixed seed, a case budget
per operation and role) and marked ``schemathesis``: ``make test-schema`` runs it on MariaDB; the
default run leaves it out (tests/conftest.py). See docs/quality.md, "Fuzzing".
"""

from __future__ import annotations

import os
import zlib
from collections import Counter
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings

from attendance_app import api
from attendance_app.reports import KINDS
from tests.attendance_app.permission_matrix_world import RECORDED, T0, build_world
from tests.attendance_app.rest_api.utils import API, CSRF_SECRET
from tests.factories import COURSE_KEY

# The test extra has schemathesis; edx-platform's pinned set (make test-pinned) does not.
schemathesis = pytest.importorskip("schemathesis", reason="in the test extra: make test-schema")
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance  # noqa: E402

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
# Cases per operation and role; ATTENDANCE_SCHEMATHESIS_EXAMPLES=100 digs deeper (same seed).
EXAMPLES = int(os.environ.get("ATTENDANCE_SCHEMATHESIS_EXAMPLES", "30"))
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


#: The five roles of issue 20: nobody, an enrolled learner (cohort A), the coach of cohort A, a course
#: instructor and global staff (who may do everything). They are people of the permission matrix's world.
ROLES = ("anonymous", "learner", "coach", "instructor", "global_staff")


@pytest.fixture
def world() -> dict[str, Any]:
    """The permission matrix's world (a classroom slot, a claim, its certificate, a preset, a report
    file, a unit and a requirement of DemoX), a presence token of the learner, and its people."""
    built = build_world()
    people = {role: built["people"][role] for role in ROLES}
    arguments = built["arguments"]
    api.set_course_switch(people["global_staff"], COURSE_KEY, True)
    token = api.start_presence(people["learner"], RECORDED, T0)["token"]
    values: dict[str, Any] = {
        "usage_key": str(arguments["usage_key"]),
        "course_key": str(arguments["course_key"]),
        "org": "DemoX",
        "username": "learner",
        "token": [token],
        "kind": list(KINDS),
        # ``{code}`` is a certificate's code or a status's: either, or a generated one.
        "code": [arguments["code"], "present"],
    }
    for name in ("unit_id", "rule_id", "requirement_id", "claim_id", "user_id", "slot_id", "preset_id"):
        values[name] = [arguments[name]]
    return {"people": people, "values": values}


@pytest.fixture
def keep_connection():
    """The WSGI handler closes the database connection around each request (``close_old_connections``);
    inside the test's transaction that drops MariaDB's connection, so, as Django's test client does,
    the signals are disconnected for the run."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def session_of(user: Any) -> dict[str, str]:
    cookies = {"csrftoken": CSRF_SECRET}
    if user is not None:
        client = Client()
        client.force_login(user)
        cookies["sessionid"] = client.cookies["sessionid"].value
    return cookies


def aim(case: Any, world: dict[str, Any]) -> None:
    """Point the case at real rows about half the time (keys always: random keys are 400s).

    Path parameters and a body's ``token`` are replaced; the choice depends only on the generated
    value, so the fixed seed gives the same run every time.
    """
    for values in (case.path_parameters, case.body):
        if not isinstance(values, dict):
            continue
        for name, value in values.items():
            real = world.get(name)
            if isinstance(real, str):
                values[name] = real
            elif isinstance(real, list) and (pick := zlib.crc32(str(value).encode())) % 2 == 0:
                values[name] = real[pick // 2 % len(real)]


def run_operation(operation: Any, world: dict[str, Any], user: Any, statuses: Counter[str]) -> None:
    """The bounded run of one operation: positive and negative cases, each checked; ``statuses``
    counts the answers by class (``2xx``, ``4xx``)."""
    cookies = session_of(user)
    strategy = operation.as_strategy(GenerationMode.POSITIVE) | operation.as_strategy(GenerationMode.NEGATIVE)

    @BOUNDED
    @given(case=strategy)
    def run(case: Any) -> None:
        aim(case, world)
        cache.clear()  # no case is throttled by the ones before it
        with transaction.atomic():  # each case sees the world as built, whatever the ones before wrote
            try:
                response = case.call_and_validate(
                    checks=CHECKS, cookies=cookies, headers={"X-CSRFToken": CSRF_SECRET}
                )
                statuses[f"{response.status_code // 100}xx"] += 1
            finally:
                transaction.set_rollback(True)

    run()


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_as_documented(world, role, keep_connection):
    user_id = world["people"][role]
    user = None if user_id is None else get_user_model().objects.get(pk=user_id)
    schema = schemathesis.openapi.from_wsgi(f"{API}/schema/?format=json", get_wsgi_application())
    failures = []
    operations = 0
    statuses: Counter[str] = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        try:
            run_operation(operation, world["values"], user, statuses)
        except (Exception, BaseExceptionGroup) as error:  # every operation's failures are reported together
            failures.append(f"{operation.label}: {error}")

    print(f"{role}: {operations} operations, {statuses.total()} cases, {dict(sorted(statuses.items()))}")
    assert operations >= 85  # docs/quality.md, "Fuzzing": every operation of the schema
    assert not failures, "\n\n".join(failures)
    if role == "anonymous":
        assert set(statuses) == {
            "4xx"
        }  # every operation of the API needs a signed-in caller (or a signature)
    else:
        assert statuses["2xx"] > 20  # the happy paths are reached
