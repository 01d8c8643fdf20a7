"""Retry a write that MySQL/MariaDB chose as a deadlock victim or let wait past its lock timeout.

InnoDB resolves a deadlock by rolling back one of the transactions (error 1213) and asks the client
to run it again; a lock wait past ``innodb_lock_wait_timeout`` (error 1205) is answered the same
way. :func:`retry_on_deadlock` runs the whole call again, up to :data:`ATTEMPTS` times with a
random pause, so such a collision never reaches the user. It never retries inside an outer
transaction: only the outermost block can be run again (ADR 0028); there the error goes up and
becomes a 503 with ``Retry-After`` (:func:`attendance_app.exceptions.busy_database`).
"""

from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Callable

from django.db import OperationalError, transaction

log = logging.getLogger(__name__)

DEADLOCK = 1213
LOCK_WAIT_TIMEOUT = 1205
RETRIED_CODES = frozenset({DEADLOCK, LOCK_WAIT_TIMEOUT})
# Calls in all, the first included.
ATTEMPTS = 3
# The pause before the n-th retry is random in [0, BASE_PAUSE_SECONDS * 2**n).
BASE_PAUSE_SECONDS = 0.05

_random = random.SystemRandom()


def mysql_error_code(error: BaseException) -> int | None:
    """The MySQL error number of a database error (``args[0]`` of the driver's error), or None."""
    args = getattr(error, "args", ())
    if args and isinstance(args[0], int):
        return args[0]
    return None


def is_retryable(error: BaseException) -> bool:
    """Whether MySQL asks for ``error``'s transaction to be run again."""
    return isinstance(error, OperationalError) and mysql_error_code(error) in RETRIED_CODES


def retry_on_deadlock[**P, R](function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` again, whole, when MySQL rolled its transaction back as a deadlock victim.

    ``function`` must own its transaction (each call one ``transaction.atomic``) and have no side
    effect outside it but on-commit callbacks, which a rolled-back attempt discards.
    """

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if transaction.get_connection().in_atomic_block:
            return function(*args, **kwargs)  # the outermost block alone can be run again
        attempt = 1
        while True:
            try:
                return function(*args, **kwargs)
            except OperationalError as error:
                if not is_retryable(error) or attempt >= ATTEMPTS:
                    raise
                log.info(
                    "%s: MySQL error %s, running it again (attempt %d of %d)",
                    function.__qualname__,
                    mysql_error_code(error),
                    attempt + 1,
                    ATTEMPTS,
                )
                time.sleep(_random.uniform(0, BASE_PAUSE_SECONDS * 2**attempt))
                attempt += 1

    return wrapper
