"""A report with the columns a reader chose ("Create report"): some of the report's, in their order."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _

from attendance_app.exceptions import InvalidInput


def choose_columns(available: Sequence[str], raw: str | None) -> list[int] | None:
    """The positions of the comma-separated column names ``raw`` (None: every column).

    Raises:
        InvalidInput: a name that is not a column of the report, an empty name, or a name twice.
    """
    if raw is None or not raw.strip():
        return None
    names = [name.strip() for name in raw.split(",")]
    errors = []
    for name in names:
        if name not in available:
            errors.append(
                _("“{name}” is not a column of this report; its columns are: {columns}.").format(
                    name=name, columns=", ".join(available)
                )
            )
    if len(set(names)) != len(names):
        errors.append(_("Name each column once."))
    if errors:
        raise InvalidInput(_("Some columns are not valid."), field_errors={"columns": errors})
    return [list(available).index(name) for name in names]


def project(rows: Iterator[Sequence[Any]], positions: list[int]) -> Iterator[Sequence[Any]]:
    for row in rows:
        yield [row[position] for position in positions]
