"""Classroom slots (DESIGN section 8): slots, registration, status sets and marking.

Each module is small and documents what it raises; the pure rules live in
:mod:`attendance_app.credit.classroom`. Registering and marking, the writes that race, are run
again when MySQL chose them as a deadlock victim (ADR 0028).
"""

from attendance_app.api.classroom import marking as _marking
from attendance_app.api.classroom import registration as _registration
from attendance_app.api.classroom.marking import Row, list_audit, list_marks
from attendance_app.api.classroom.slots import (
    SlotView,
    create_slots,
    delete_slot,
    get_slot,
    list_slots,
    update_slot,
)
from attendance_app.api.classroom.statuses import add_status, list_statuses, update_status
from attendance_app.db_retry import retry_on_deadlock

register = retry_on_deadlock(_registration.register)
unregister = retry_on_deadlock(_registration.unregister)
set_mark = retry_on_deadlock(_marking.set_mark)
mark_unmarked = retry_on_deadlock(_marking.mark_unmarked)

__all__ = [
    "Row",
    "SlotView",
    "add_status",
    "create_slots",
    "delete_slot",
    "get_slot",
    "list_audit",
    "list_marks",
    "list_slots",
    "list_statuses",
    "mark_unmarked",
    "register",
    "set_mark",
    "unregister",
    "update_slot",
    "update_status",
]
