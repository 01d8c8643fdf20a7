"""The steady beat's two statements, written once as SQL instead of compiled by the ORM per beat.

``make bench`` measured the ORM building the steady beat's narrow ``SELECT`` and conditional ``UPDATE``
(filters, lookups, column lists, converters) at several times the cost of the database round trips
themselves (ADR 0033). The two statements never change, so they are built once per database vendor from
the model's own table and column names, and run on Django's connection (the caller's transaction,
query log and ``assertNumQueries`` see them as any other query). What they read and write is exactly what
the ORM statements of ADR 0026 read and wrote; the row comes back as an ``Attendance`` through
``Model.from_db``, as a queryset would build it.

The same columns travel in the renewed token of a beat's reply (:func:`state_of`,
:func:`from_state`, ADR 0034): the next steady beat starts from them instead of the ``SELECT``, and
the ``UPDATE`` matches its row only if the row still holds every one of them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Field

from attendance_app.credit.ledger import LedgerState
from attendance_app.models import Attendance

# What a steady beat decides on and what its reply shows; nothing else of the row is read.
STEADY_FIELDS = (
    "id",
    "user_id",
    "activity_id",
    "last_beat_at",
    "credited_us",
    "confirmed_us",
    "pending_us",
    "hits",
    "misses",
    "rejoins",
    "next_prompt_mark_us",
    "open_prompt_id",
    "viewed_to_end",
    "access_revision",  # moved by an enrollment or role change: the token's copy then misses (ADR 0035)
)


# The token's copy of the row, in this order (user and activity are the token's own claims).
STATE_FIELDS = tuple(name for name in STEADY_FIELDS if name not in ("user_id", "activity_id"))
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NULLABLE = ("next_prompt_mark_us", "open_prompt_id")
# What the conditional UPDATE holds equal to the copy (the open prompt and the next mark: below).
_HELD = tuple(name for name in STATE_FIELDS if name not in _NULLABLE)


@cache
def _loaded() -> tuple[str, ...]:
    """:data:`STEADY_FIELDS` in the model's field order, the order ``Model.from_db`` reads values in."""
    fields = Attendance._meta.concrete_fields
    return tuple(field.attname for field in fields if field.attname in STEADY_FIELDS)


def _column(name: str) -> str:
    field = Attendance._meta.get_field(name)
    if not isinstance(field, Field) or not field.column:
        raise LookupError(f"Attendance.{name} is not a column")
    return connection.ops.quote_name(field.column)


@cache
def _select(vendor: str) -> str:
    columns = ", ".join(_column(name) for name in _loaded())
    table = connection.ops.quote_name(Attendance._meta.db_table)
    return f"SELECT {columns} FROM {table} WHERE {_column('user')} = %s AND {_column('activity')} = %s"  # noqa: S608


@cache
def _update(vendor: str, mark_is_null: bool) -> str:
    table = connection.ops.quote_name(Attendance._meta.db_table)
    written = ", ".join(f"{_column(name)} = %s" for name in ("credited_us", "confirmed_us", "pending_us"))
    held = " AND ".join(f"{_column(name)} = %s" for name in _HELD)
    mark = _column("next_prompt_mark_us") + (" IS NULL" if mark_is_null else " = %s")
    return (
        f"UPDATE {table} SET {written}, {_column('last_beat_at')} = %s "  # noqa: S608
        f"WHERE {held} AND {_column('open_prompt')} IS NULL AND {mark}"
    )


def _moment(value: Any) -> datetime:
    """A stored ``DateTimeField`` value as the ORM returns it: an aware UTC datetime."""
    if isinstance(value, str):  # SQLite without the ORM's converters
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _db_moment(value: datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def read(user_id: int, activity_id: int) -> Attendance | None:
    """The learner's ledger row with only :data:`STEADY_FIELDS` loaded, or None when it has none."""
    with connection.cursor() as cursor:
        cursor.execute(_select(connection.vendor), [user_id, activity_id])
        row = cursor.fetchone()
    if row is None:
        return None
    names = _loaded()
    values = dict(zip(names, row, strict=True))
    values["last_beat_at"] = _moment(values["last_beat_at"])
    values["viewed_to_end"] = bool(values["viewed_to_end"])
    return Attendance.from_db(connection.alias, list(names), [values[name] for name in names])


def write(attendance: Attendance, since: datetime, before: LedgerState) -> int:
    """Write the new totals and beat time if the row still holds what was read (1), else nothing (0)."""
    mark = attendance.next_prompt_mark_us
    read = {
        "id": attendance.pk,
        "last_beat_at": _db_moment(since),
        "credited_us": before.credited_us,
        "confirmed_us": before.confirmed_us,
        "pending_us": before.pending_us,
    }  # the rest of what the UPDATE holds, a steady beat does not change
    params: list[Any] = [
        attendance.credited_us,
        attendance.confirmed_us,
        attendance.pending_us,
        _db_moment(attendance.last_beat_at),
        *(read[name] if name in read else getattr(attendance, name) for name in _HELD),
    ]
    if mark is not None:
        params.append(mark)
    with connection.cursor() as cursor:
        cursor.execute(_update(connection.vendor, mark is None), params)
        return cursor.rowcount


def state_of(attendance: Attendance) -> tuple[Any, ...]:
    """The row's :data:`STATE_FIELDS` as the token carries them (time in whole microseconds)."""
    values: list[Any] = []
    for name in STATE_FIELDS:
        value = getattr(attendance, name)
        if name == "last_beat_at":
            value = (value - _EPOCH) // timedelta(microseconds=1)
        elif name == "viewed_to_end":
            value = int(bool(value))
        values.append(value)
    return tuple(values)


def _whole(value: Any, nullable: bool) -> bool:
    return (value is None and nullable) or (isinstance(value, int) and not isinstance(value, bool))


def from_state(user_id: int, activity_id: int, state: tuple[Any, ...] | None) -> Attendance | None:
    """The row as a token's state says it was, built as :func:`read` builds it; None if malformed."""
    if state is None or len(state) != len(STATE_FIELDS):
        return None
    values = dict(zip(STATE_FIELDS, state, strict=True))
    if not all(_whole(value, name in _NULLABLE) for name, value in values.items()):
        return None
    if values["viewed_to_end"] not in (0, 1) or values["id"] <= 0:
        return None
    try:
        last_beat_at = _EPOCH + timedelta(microseconds=values["last_beat_at"])
    except OverflowError:
        return None
    values.update(
        user_id=user_id,
        activity_id=activity_id,
        last_beat_at=last_beat_at,
        viewed_to_end=bool(values["viewed_to_end"]),
    )
    names = _loaded()
    return Attendance.from_db(connection.alias, list(names), [values[name] for name in names])
