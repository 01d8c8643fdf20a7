"""Collecting field errors so one request reports every wrong field at once."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from attendance_app.exceptions import InvalidInput

# The largest id a database's BIGINT column holds; larger ids exist nowhere, and SQLite refuses them.
MAX_ID = 2**63 - 1
# ASCII digits only: ``str.isdigit`` also takes "²" and "٣", which ``int`` refuses or reads.
_ASCII_INTEGER = re.compile(r"[+-]?[0-9]{1,19}")


def parse_integer(raw: object) -> int | None:
    """``raw`` as an int when it is one (not a bool) or an ASCII decimal string of at most 19 digits.

    Surrounding spaces are allowed; anything else (Unicode digits, floats, "1e3", longer digit
    strings) is None, so callers answer a 400 instead of meeting ``int``'s surprises.
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and _ASCII_INTEGER.fullmatch(raw.strip()):
        return int(raw.strip())
    return None


def parse_id(raw: object) -> int | None:
    """A database id (1 to ``MAX_ID``) from an int or an ASCII digit string, else None."""
    value = parse_integer(raw)
    return value if value is not None and 1 <= value <= MAX_ID else None


class FieldErrors:
    """Field name → translated messages; raises :class:`InvalidInput` when any were added."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(str(message))

    def __contains__(self, field: str) -> bool:
        return field in self.errors

    def raise_if_any(self, message: str | None = None) -> None:
        if self.errors:
            raise InvalidInput(
                message or _("Some values are not valid; nothing was saved."), field_errors=self.errors
            )


def text(data: dict[str, Any], field: str, errors: FieldErrors, *, required: bool, limit: int) -> str:
    """A stripped string of at most ``limit`` characters."""
    raw = data.get(field)
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        errors.add(field, _("Enter text."))
        return ""
    value = raw.strip()
    if required and not value:
        errors.add(field, _("This field is required."))
    elif len(value) > limit:
        errors.add(field, _("Use at most {limit} characters.").format(limit=limit))
    return value


def whole_number(data: dict[str, Any], field: str, errors: FieldErrors, *, minimum: int, maximum: int) -> int:
    """An integer within [minimum, maximum]; numeric strings are accepted, booleans and floats are not."""
    value = parse_integer(data.get(field))
    if value is None:
        errors.add(field, _("Enter a whole number."))
        return minimum
    raw = value
    if not minimum <= raw <= maximum:
        errors.add(
            field, _("Enter a number from {minimum} to {maximum}.").format(minimum=minimum, maximum=maximum)
        )
        return minimum
    return raw


def decimal_number(
    data: dict[str, Any], field: str, errors: FieldErrors, *, minimum: Decimal, maximum: Decimal
) -> Decimal:
    """A finite decimal within [minimum, maximum] with at most two decimal places."""
    raw = data.get(field)
    if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
        errors.add(field, _("Enter a number."))
        return minimum
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        errors.add(field, _("Enter a number."))
        return minimum
    if not value.is_finite() or not minimum <= value <= maximum:
        errors.add(
            field, _("Enter a number from {minimum} to {maximum}.").format(minimum=minimum, maximum=maximum)
        )
        return minimum
    if value != value.quantize(Decimal("0.01")):
        errors.add(field, _("Use at most two decimal places."))
        return minimum
    return value


def choice(
    data: dict[str, Any], field: str, errors: FieldErrors, choices: list[str], default: str, message: str
) -> str:
    """One of ``choices``; ``default`` when the field is absent or empty."""
    raw = data.get(field)
    if raw in (None, ""):
        return default
    if not isinstance(raw, str) or raw not in choices:
        errors.add(field, message)
        return default
    return raw
