"""``retry_on_deadlock``: a write MySQL chose as a deadlock victim is run again, whole, and only
outside an outer transaction; when the attempts run out the edge answers 503 with Retry-After."""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError, transaction

from attendance_app import db_retry
from attendance_app.db_retry import retry_on_deadlock
from attendance_app.exceptions import DatabaseUnavailable, ServiceBusy, busy_database
from attendance_app.models import FeatureSwitch
from tests.attendance_app.concurrency.threads import run_together

DEADLOCK = OperationalError(1213, "Deadlock found when trying to get lock; try restarting transaction")


def failing(times: int, error: Exception = DEADLOCK):
    """A write that raises ``error`` its first ``times`` calls, then returns how many calls it took."""
    calls: list[int] = []

    def write() -> int:
        calls.append(1)
        if len(calls) <= times:
            raise error
        return len(calls)

    return write, calls


@pytest.mark.django_db(transaction=True)
def test_a_deadlock_victim_is_run_again_until_it_succeeds():
    write, _calls = failing(2)

    assert retry_on_deadlock(write)() == db_retry.ATTEMPTS


@pytest.mark.django_db(transaction=True)
def test_a_lock_wait_timeout_is_run_again():
    timeout = OperationalError(1205, "Lock wait timeout exceeded; try restarting transaction")
    write, _calls = failing(1, timeout)

    assert retry_on_deadlock(write)() == 2


@pytest.mark.django_db(transaction=True)
def test_when_the_attempts_run_out_the_error_becomes_a_503():
    write, calls = failing(10)

    with pytest.raises(OperationalError) as raised:
        retry_on_deadlock(write)()

    assert len(calls) == db_retry.ATTEMPTS
    busy = busy_database(raised.value)
    assert isinstance(busy, ServiceBusy)
    assert (busy.status_code, busy.code, busy.retry_after) == (503, "busy", 2)


@pytest.mark.django_db(transaction=True)
def test_other_database_errors_are_not_retried():
    write, calls = failing(1, OperationalError(1054, "Unknown column"))

    with pytest.raises(OperationalError):
        retry_on_deadlock(write)()

    assert len(calls) == 1


@pytest.mark.django_db(transaction=True)
def test_inside_an_outer_transaction_nothing_is_retried():
    write, calls = failing(1)

    with pytest.raises(OperationalError), transaction.atomic():
        retry_on_deadlock(write)()

    assert len(calls) == 1  # only the outermost block can be run again


def test_busy_and_lost_databases_map_to_503s():
    assert isinstance(busy_database(OperationalError("database is locked")), ServiceBusy)
    lost = busy_database(OperationalError(2013, "Lost connection to server during query"))
    assert isinstance(lost, DatabaseUnavailable)
    assert (lost.status_code, lost.code) == (503, "database_unavailable")
    assert busy_database(OperationalError(1054, "Unknown column")) is None
    assert busy_database(ValueError("locked")) is None


# A real deadlock on MariaDB ---------------------------------------------------------------------


def _opposite_orders(retried: bool) -> tuple[list[object], list[int]]:
    """Two threads lock two rows in opposite orders, both holding their first lock: a deadlock."""
    first = FeatureSwitch.objects.create(scope="site", enabled=False)
    second = FeatureSwitch.objects.create(scope="org", key="DemoX", enabled=False)
    both_hold_one = threading.Barrier(2)
    attempts = [0, 0]

    def locker(index: int, ids: tuple[int, int]):
        def lock_both() -> str:
            attempts[index] += 1
            with transaction.atomic():
                FeatureSwitch.objects.select_for_update().get(id=ids[0])
                if attempts[index] == 1:
                    both_hold_one.wait(10)
                FeatureSwitch.objects.select_for_update().get(id=ids[1])
                FeatureSwitch.objects.filter(id=ids[1]).update(enabled=True)
            return "done"

        return retry_on_deadlock(lock_both) if retried else lock_both

    results = run_together([locker(0, (first.id, second.id)), locker(1, (second.id, first.id))])
    return results, attempts


@pytest.mark.mysql
@pytest.mark.django_db(transaction=True)
def test_a_real_deadlock_reaches_the_caller_without_the_decorator():
    results, _attempts = _opposite_orders(retried=False)

    errors = [result for result in results if isinstance(result, OperationalError)]
    assert len(errors) == 1, results
    assert db_retry.mysql_error_code(errors[0]) == db_retry.DEADLOCK
    assert "done" in results


@pytest.mark.mysql
@pytest.mark.django_db(transaction=True)
def test_a_real_deadlock_is_retried_and_both_writes_succeed():
    results, attempts = _opposite_orders(retried=True)

    assert results == ["done", "done"]
    assert sorted(attempts) == [1, 2]  # the victim ran once more
    assert FeatureSwitch.objects.filter(enabled=True).count() == 2
