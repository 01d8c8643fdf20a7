"""Kept report choices ("Create report"): a reader names a set of columns and filters and uses it again
with ``preset=<id>``. A preset is checked like a download when it is saved and again when it is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from attendance_app.api.validation import parse_integer
from attendance_app.exceptions import InvalidInput, NotFound
from attendance_app.models import ReportPreset

MAX_NAME_LENGTH = 100


def preset_query(user_id: int | None, course_key: CourseKey, kind: str, raw: object) -> dict[str, str]:
    """The columns and filters kept in the reader's preset ``raw`` (an id) for this report.

    Raises:
        InvalidInput: ``raw`` is not an id.
        NotFound: no such preset of this reader, course and report.
    """
    preset_id = parse_integer(raw)
    if preset_id is None or preset_id <= 0:
        raise InvalidInput(_("Enter the preset's number."), field_errors={"preset": [_("Not a number.")]})
    mine = ReportPreset.objects.filter(id=preset_id, course_key=course_key, kind=kind)
    preset = mine.filter(user_id=user_id).first() if user_id is not None else None
    if preset is None:
        raise NotFound(_("You have no such preset for this report."))
    return {str(name): str(value) for name, value in preset.query.items()}


def save_preset(
    user_id: int | None, course_key: CourseKey, kind: str, body: Mapping[str, Any], now: datetime
) -> ReportPreset:
    """Keep ``body["query"]`` (columns and filters) as the reader's preset ``body["name"]``, replacing one
    of that name.

    Raises:
        InvalidInput: no name, a name too long, a query that is not an object of texts, or a query the
            report refuses.
        NotFound, NotAuthorized: as a download of the report.
    """
    from attendance_app.reports import prepare_report

    name = body.get("name")
    query = body.get("query", {})
    errors: dict[str, list[str]] = {}
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > MAX_NAME_LENGTH:
        errors["name"] = [_("Name the preset (at most {count} characters).").format(count=MAX_NAME_LENGTH)]
    if not isinstance(query, dict) or not all(isinstance(value, str) for value in query.values()):
        errors["query"] = [_("Send the columns and filters as an object of texts.")]
    elif "preset" in query:
        errors["query"] = [_("A preset cannot name another preset.")]
    if errors:
        raise InvalidInput(_("The preset is not valid."), field_errors=errors)
    assert isinstance(name, str)
    assert isinstance(query, dict)
    prepared = prepare_report(kind, "csv", course_key, user_id, query, now)  # checks, writes nothing
    prepared.chunks.close()  # type: ignore[attr-defined]
    assert user_id is not None  # prepare_report refuses anonymous readers
    preset, _created = ReportPreset.objects.update_or_create(
        user_id=user_id,
        course_key=course_key,
        kind=kind,
        name=name.strip(),
        defaults={"query": query, "modified": now},
    )
    return preset


def my_presets(user_id: int | None, course_key: CourseKey, kind: str) -> list[ReportPreset]:
    if user_id is None:
        return []
    return list(ReportPreset.objects.filter(user_id=user_id, course_key=course_key, kind=kind))


def delete_preset(user_id: int | None, course_key: CourseKey, kind: str, raw: object) -> str:
    """Delete the reader's own preset ``raw`` (an id) of this report; returns its name.

    Raises:
        InvalidInput: ``raw`` is not an id.
        NotFound: no such preset of this reader, course and report (another reader's included).
    """
    preset_id = parse_integer(raw)
    if preset_id is None or preset_id <= 0:
        raise InvalidInput(_("Enter the preset's number."), field_errors={"preset": [_("Not a number.")]})
    mine = ReportPreset.objects.filter(id=preset_id, course_key=course_key, kind=kind)
    preset = mine.filter(user_id=user_id).first() if user_id is not None else None
    if preset is None:
        raise NotFound(_("You have no such preset for this report."))
    preset.delete()
    return preset.name


def my_presets_by_kind(
    user_id: int | None, course_key: CourseKey, kinds: list[str]
) -> dict[str, list[ReportPreset]]:
    """The reader's presets of each of ``kinds`` in the course, in one query."""
    by_kind: dict[str, list[ReportPreset]] = {kind: [] for kind in kinds}
    if user_id is None:
        return by_kind
    for preset in ReportPreset.objects.filter(user_id=user_id, course_key=course_key, kind__in=kinds):
        by_kind[preset.kind].append(preset)
    return by_kind
