"""The Studio editor's classroom handlers: slots, CSV import, the status set, classroom settings.

Each calls :mod:`attendance_app.api` only; the api checks that the user is on the course team.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from opaque_keys.edx.keys import UsageKey

from attendance_app import clock
from attendance_app.api import classroom
from attendance_app.api.classroom import authoring, csv_io, options
from attendance_app.exceptions import InvalidInput
from attendance_xblock.editor import classroom_options_state, slots_state
from attendance_xblock.handlers import MAX_IMPORT_BODY_BYTES, json_api_handler, json_api_handler_up_to


def _slot_id(data: dict[str, Any]) -> int:
    slot_id = data.get("slot_id")
    if isinstance(slot_id, bool) or not isinstance(slot_id, int):
        raise InvalidInput(_("Choose the slot to change."))
    return slot_id


def _status_code(data: dict[str, Any]) -> str:
    code = data.get("code")
    if not isinstance(code, str) or not code:
        raise InvalidInput(_("Choose the status to change."))
    return code


class ClassroomEditorHandlers:
    """Mixed into the block: the JSON handlers of the editor's classroom sections."""

    @json_api_handler
    def load_slots(self, data: dict[str, Any], user_id: int | None, usage_key: UsageKey) -> dict[str, Any]:
        """The classroom slots and the course's cohorts, for the editor."""
        return slots_state(user_id, usage_key)

    @json_api_handler
    def add_slots(self, data: dict[str, Any], user_id: int | None, usage_key: UsageKey) -> dict[str, Any]:
        """Add a slot, or a weekly series (``repeat_weeks``, ``time_zone``); instructors by username."""
        authoring.create_slots_by_username(user_id, usage_key, data)
        return slots_state(user_id, usage_key)

    @json_api_handler
    def update_slot(self, data: dict[str, Any], user_id: int | None, usage_key: UsageKey) -> dict[str, Any]:
        """Change a slot (``slot_id`` and the fields to change); instructors by username."""
        fields = {name: value for name, value in data.items() if name != "slot_id"}
        authoring.update_slot_by_username(user_id, usage_key, _slot_id(data), fields, clock.now())
        return slots_state(user_id, usage_key)

    @json_api_handler
    def remove_slot(self, data: dict[str, Any], user_id: int | None, usage_key: UsageKey) -> dict[str, Any]:
        """Remove a slot without marks."""
        slot_id = data.get("slot_id")
        if isinstance(slot_id, bool) or not isinstance(slot_id, int):
            raise InvalidInput(_("Choose the slot to remove."))
        classroom.delete_slot(user_id, usage_key, slot_id)
        return slots_state(user_id, usage_key)

    @json_api_handler_up_to(MAX_IMPORT_BODY_BYTES)
    def import_slots(self, data: dict[str, Any], user_id: int | None, usage_key: UsageKey) -> dict[str, Any]:
        """Create the slots of a CSV (``csv``), all or nothing; the errors name their lines."""
        imported = csv_io.import_slots(user_id, usage_key, data)
        return {"imported": imported, **slots_state(user_id, usage_key)}

    @json_api_handler
    def load_classroom_options(
        self, data: dict[str, Any], user_id: int | None, usage_key: UsageKey
    ) -> dict[str, Any]:
        """The course's status set and this activity's classroom settings."""
        return classroom_options_state(user_id, usage_key)

    @json_api_handler
    def add_status(self, data: dict[str, Any], user_id: int | None, usage_key: UsageKey) -> dict[str, Any]:
        """Add a status to the course's set (label, credit_percent, counts_in_denominator)."""
        classroom.add_status(user_id, usage_key, data)
        return classroom_options_state(user_id, usage_key)

    @json_api_handler
    def update_status(self, data: dict[str, Any], user_id: int | None, usage_key: UsageKey) -> dict[str, Any]:
        """Change a status (``code`` and the fields to change)."""
        fields = {name: value for name, value in data.items() if name != "code"}
        classroom.update_status(user_id, usage_key, _status_code(data), fields)
        return classroom_options_state(user_id, usage_key)

    @json_api_handler
    def save_classroom_settings(
        self, data: dict[str, Any], user_id: int | None, usage_key: UsageKey
    ) -> dict[str, Any]:
        """Change this activity's classroom settings (fields not sent keep their value)."""
        options.set_classroom_settings(user_id, usage_key, data)
        return classroom_options_state(user_id, usage_key)
