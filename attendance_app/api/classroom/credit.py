"""Classroom credit: a learner's marks become the time ledger their claims are computed from.

Claims and certificates read a learner's :class:`~attendance_app.models.Attendance` row of an
activity (confirmed seconds and hits). Classroom activities have no heartbeats (presence refuses
them), so the row of a classroom activity is written here only, after every change of a mark:
confirmed seconds = the sum over the learner's marks of the slot's reported duration times the
status's credit value; hits = the marks that credit anything. Registration alone credits nothing.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from attendance_app.credit.classroom import credited_seconds
from attendance_app.models import Activity, Attendance, Mark


def classroom_seconds(activity: Activity, user_id: int) -> tuple[float, int]:
    """The learner's credited seconds and crediting marks over the activity's slots."""
    marks = Mark.objects.filter(slot__activity=activity, user_id=user_id).values_list(
        "slot__duration_hours", "status__credit_percent"
    )
    seconds, hits = 0.0, 0
    for duration_hours, credit_percent in marks:
        if Decimal(credit_percent) > 0:
            seconds += credited_seconds(Decimal(duration_hours), Decimal(credit_percent))
            hits += 1
    return seconds, hits


def refresh_ledger(activity: Activity, user_id: int, now: datetime) -> Attendance | None:
    """Write the learner's classroom credit into their ledger row; None while nothing was credited.

    Call inside the transaction that changed the mark. A lowered mark lowers the ledger, but never
    a claim already made (claims are only raised).
    """
    seconds, hits = classroom_seconds(activity, user_id)
    attendance = Attendance.objects.select_for_update().filter(activity=activity, user_id=user_id).first()
    if attendance is None:
        if seconds <= 0:
            return None
        attendance = Attendance(
            activity=activity, user_id=user_id, first_join_at=now, last_beat_at=now, segment_started_at=now
        )
    attendance.credited_seconds = attendance.confirmed_seconds = seconds
    attendance.hits = hits
    attendance.last_beat_at = now
    attendance.save()
    return attendance
