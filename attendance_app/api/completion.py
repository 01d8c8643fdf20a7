"""Block completion (the completion API of Open edX): reported once the activity's credit rule is met.

The rule: a learner completes an attendance activity when their confirmed presence earns one whole
unit of one of the activity's internal credit units, rounded as that unit rounds (DESIGN section 6).
An activity without internal units is never completed by attendance. The block declares
``has_custom_completion``, so the LMS no longer marks it complete after five seconds on the page.

Completion is reported from the server only: by the beat and answer paths when the ledger crosses
the threshold (through the platform seam, outside the XBlock runtime), and by the block's view
through ``runtime.publish`` when a learner who met the rule comes back and the LMS has no record.
"""

from __future__ import annotations

from opaque_keys.edx.keys import UsageKey

from attendance_app.api.presence_config import PresenceConfig, presence_config
from attendance_app.api.view_reads import attendance_row, current_activity
from attendance_app.credit.units import computed_units_us
from attendance_app.models import Activity, Attendance
from attendance_app.platform import get_backend

COMPLETE = 1.0


def completion_met(confirmed_us: int, config: PresenceConfig) -> bool:
    """Whether ``confirmed_us`` (microseconds) earn one whole unit of one of the activity's internal units."""
    return any(
        computed_units_us(
            confirmed_us, unit.duration_seconds, unit.increment, unit.rounding, unit.minimum_credit
        )
        >= 1
        for unit in config.units
        if unit.duration_seconds > 0
    )


def report_completion_if_met(
    attendance: Attendance, config: PresenceConfig, confirmed_before: int | None = None
) -> bool:
    """Submit completion 1.0 for the learner when their confirmed time meets the credit rule.

    With ``confirmed_before`` (the confirmed microseconds before this change) it reports only on the
    crossing, so later beats cost no completion write. Returns whether it reported.
    """
    if not completion_met(attendance.confirmed_us, config):
        return False
    if confirmed_before is not None and completion_met(confirmed_before, config):
        return False
    get_backend().set_completion(attendance.user_id, UsageKey.from_string(config.usage_key), COMPLETE)
    return True


def completion_due(user_id: int | None, usage_key: UsageKey) -> bool:
    """Whether the learner has met the credit rule of the activity at ``usage_key``."""
    if user_id is None:
        return False
    # Called by the block's view: the activity and the attendance row are the view's (ADR 0027).
    activity = current_activity(usage_key)
    activity_id = (
        activity.id
        if activity is not None
        else Activity.objects.filter(usage_key=usage_key).values_list("id", flat=True).first()
    )
    if activity_id is None:
        return False
    attendance = attendance_row(user_id, activity_id)
    config = presence_config(activity_id, loaded=activity)
    return attendance is not None and config is not None and completion_met(attendance.confirmed_us, config)
