"""Classroom slots (DESIGN section 8): slots, registration, status sets and marking.

Each module is small and documents what it raises; the pure rules live in
:mod:`attendance_app.credit.classroom`.
"""

from attendance_app.api.classroom.marking import Row, list_audit, list_marks, mark_unmarked, set_mark
from attendance_app.api.classroom.registration import register, unregister
from attendance_app.api.classroom.slots import (
    SlotView,
    create_slots,
    delete_slot,
    get_slot,
    list_slots,
    update_slot,
)
from attendance_app.api.classroom.statuses import add_status, list_statuses, update_status

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
