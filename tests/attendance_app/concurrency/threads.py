"""Run a function in real threads at the same moment, each thread on its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


def run_together(targets: list[Callable[[], Any]], timeout: float = 60) -> list[Any]:
    """Call each of ``targets`` in its own thread, all released at once; their results in order.

    A target that raises gives its exception as its result, for the test to assert on. Each thread
    closes its connection when it ends (Django opens one per thread).
    """
    from django.db import connections

    barrier = threading.Barrier(len(targets))
    results: list[Any] = [None] * len(targets)

    def run(index: int, target: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = target()
        except Exception as error:  # reported by the test's assertions
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, target)) for i, target in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread is still running"
    return results
