"""Every REST operation, page and XBlock handler as each of eleven roles: the status it gets (issue #20).

The expected statuses are the table of :mod:`tests.attendance_app.permission_matrix_rows`; a route
or handler without a row, or a row without its route, fails :func:`test_every_operation_has_a_row`.
See docs/quality.md, "Permission matrix".
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from attendance_app import urls as plugin_urls
from attendance_app.platform.standalone.models import Enrollment
from tests.attendance_app.permission_matrix_rows import EXPECTED, expected_statuses
from tests.attendance_app.permission_matrix_world import (
    PREFIXES,
    ROLES,
    build_world,
    observed_row,
    operations,
    send,
)

OPERATIONS = operations()
BY_KEY = {operation.key: operation for operation in OPERATIONS}


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction rolled back at its end; each test runs in a
    savepoint of it (``django_db``), so one test's write never reaches the next. SQLite and MariaDB
    both keep savepoints inside an open transaction, so the same world serves both runs."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def world(matrix_world):
    """The module's world; fails the test that lost its transaction, instead of every test after it.

    A closed connection ends the transaction: on MariaDB the server rolls the world back, and Django
    refuses every later query of the block. ``close_old_connections`` on ``request_finished`` (a
    response closed outside the test client) is the usual way in.
    """
    yield matrix_world
    if connection.closed_in_transaction:
        pytest.fail("the database connection was closed inside the matrix's world transaction")


@pytest.mark.django_db
def test_every_operation_has_a_row(world):
    missing = sorted(set(BY_KEY) - set(EXPECTED))
    stale = sorted(set(EXPECTED) - set(BY_KEY))

    # The message shows what each role gets today: review each status before pasting a line.
    problems = []
    if missing:
        rows = "\n".join(observed_row(BY_KEY[key], world) for key in missing)
        problems.append(f"No row in permission_matrix_rows.TABLE for these; as they answer now:\n{rows}")
    if stale:
        problems.append("These rows name no route or handler any more: " + ", ".join(stale))
    assert not problems, "\n".join(problems)


def test_every_row_names_a_status_per_role():
    wrong = [key for key in EXPECTED if len(expected_statuses(key)) != len(ROLES)]

    assert wrong == []


def test_the_plugin_has_no_urls_outside_the_walked_prefixes():
    mounted = {str(pattern.pattern) for pattern in plugin_urls.urlpatterns}

    assert mounted == set(PREFIXES.values()), "A new prefix: add it to permission_matrix_world.PREFIXES"


def test_the_matrix_covers_each_kind():
    kinds = {operation.kind for operation in OPERATIONS}

    assert kinds == {"api", "page", "handler"}
    assert len(OPERATIONS) >= 120


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", sorted(BY_KEY))
def test_each_role_gets_its_status(world, key, role):
    if key not in EXPECTED:
        pytest.skip("no row yet (test_every_operation_has_a_row fails)")
    expected = expected_statuses(key)[ROLES.index(role)]

    status = send(BY_KEY[key], world["people"][role], world["arguments"])

    assert status < 500, f"{key} as {role}: a server error"
    assert status == expected, f"{key} as {role}: {status}, the matrix says {expected}"


@pytest.mark.django_db
def test_a_learner_unenrolled_since_still_gets_their_own_certificate(world):
    """Unenrolling ends the course's pages, not what the learner earned while enrolled."""
    people = world["people"]
    Enrollment.objects.filter(user_id=people["learner"]).update(is_active=False)

    pdf = send(BY_KEY["api GET api-certificate-pdf"], people["learner"], world["arguments"])
    page = send(BY_KEY["page GET certificate-download"], people["learner"], world["arguments"])

    assert (pdf, page) == (200, 200)
