"""The fields an external unit does not have (DESIGN section 5: its External URL replaces them).

An external unit's system awards the credit, so the unit has no duration (hours, minutes) and
shows no presence prompts (minimum frequency, pop-up duration). A client that sends one of them
with a real value is refused by name rather than having it silently dropped; the values that say
"none" (empty, 0, Automatic, the default 10 s), as forms and read-modify-write clients send them,
are accepted.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from attendance_app.api.validation import FieldErrors
from attendance_app.models import AUTOMATIC_FREQUENCY

# Per field, the values that say "none".
_NOT_EXTERNAL: dict[str, tuple[Any, ...]] = {
    "hours": (0, "0"),
    "minutes": (0, "0"),
    "minimum_frequency": (AUTOMATIC_FREQUENCY, "0", "automatic"),
    "popup_seconds": (10, "10"),
}


def refuse_duration_and_prompts(sent: dict[str, Any], errors: FieldErrors) -> None:
    """Name each duration or prompt field a client sent for an external unit with a real value."""
    messages = {
        "hours": _(
            "External units have no duration: their external system awards the credit. Leave it empty."
        ),
        "minutes": _(
            "External units have no duration: their external system awards the credit. Leave it empty."
        ),
        "minimum_frequency": _("External units show no presence prompts. Leave the frequency empty."),
        "popup_seconds": _("External units show no presence prompts. Leave the pop-up duration empty."),
    }
    for name, empty in _NOT_EXTERNAL.items():
        value = sent.get(name)
        if isinstance(value, str):
            value = value.strip().lower()
        if value is None or value == "" or (not isinstance(value, bool) and value in empty):
            continue
        errors.add(name, messages[name])
