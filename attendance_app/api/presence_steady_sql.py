"""The steady beat's two statements, written once as SQL instead of compiled by the ORM per beat.

``make bench`` measured the ORM building the steady beat's narrow ``SELECT`` and conditional ``UPDATE``
(filters, lookups, column lists, converters) at several times the cost of the database round trips
themselves (ADR 0033). The two statements never change, so they are built once per database vendor from
the model's own table and column names, and run on Django's connection (the caller's transaction,
query log and ``assertNumQueries`` see them as any other query). What they read and write is exactly what
the ORM statements of ADR 0026 read and wrote; the row comes back as an ``Attendance`` through
``Model.from_db``, as a queryset would build it.
"""

from __future__ import annotations

from datetime import UTC, datetime
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
)


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
    held = " AND ".join(
        f"{_column(name)} = %s"
        for name in ("id", "last_beat_at", "credited_us", "confirmed_us", "pending_us", "viewed_to_end")
    )
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
    params: list[Any] = [
        attendance.credited_us,
        attendance.confirmed_us,
        attendance.pending_us,
        _db_moment(attendance.last_beat_at),
        attendance.pk,
        _db_moment(since),
        before.credited_us,
        before.confirmed_us,
        before.pending_us,
        attendance.viewed_to_end,
    ]
    if mark is not None:
        params.append(mark)
    with connection.cursor() as cursor:
        cursor.execute(_update(connection.vendor, mark is None), params)
        return cursor.rowcount
