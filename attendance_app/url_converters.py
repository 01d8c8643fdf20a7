"""``<id:…>`` in the app's URL patterns: a database id, never past what a BIGINT column holds.

Django's ``<int:…>`` takes any run of ASCII digits, and a 20-digit id then reaches the database,
where SQLite raises ``OverflowError`` (a 500). Here such a path matches nothing: a 404.
"""

from __future__ import annotations

from django.urls import register_converter
from django.urls.converters import get_converters

from attendance_app.api.validation import MAX_ID


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(value)  # Django then tries the next pattern, and ends with a 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)


if "attendance_id" not in get_converters():
    register_converter(IdConverter, "attendance_id")
