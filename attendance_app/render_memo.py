"""A memo of reads for one rendering of the learner's view (ADR 0027).

Inside ``with view_reads():`` the first answer to each keyed question is kept and later ones reuse
it. The memo lives exactly as long as that ``with`` block, on the current context (thread or
task); outside one, :func:`remembered` reads every time. It sits below ``attendance_app.api`` so
that :mod:`attendance_app.permissions` can use it too.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("attendance_view_reads", default=None)


@contextmanager
def view_reads() -> Iterator[None]:
    """Within the block, repeated reads of the same fact answer from the first one."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def remembered[T](key: Hashable, read: Callable[[], T]) -> T:
    """``read()``, once per ``key`` inside :func:`view_reads`; every time outside it."""
    memo = _memo.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]
