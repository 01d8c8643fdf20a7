"""A learner's attendance % over their slots held so far, and the best still reachable.

A learner's slots are those they hold a seat in or were marked in (a walk-in). A slot is *held*
once it has ended or has a mark; a held slot without a mark counts as 0 % (the auto-mark at close
makes it Absent). The *remaining* slots are the learner's others: the best reachable % assumes
Present at each of them (Moodle's long-asked "best still reachable", tracker issues 251 and 718).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from opaque_keys.edx.keys import UsageKey

from attendance_app.api.classroom import access
from attendance_app.credit.classroom import HeldMark, attendance_percent, best_reachable_percent
from attendance_app.exceptions import NotAuthorized
from attendance_app.models import Activity, Mark, Registration, RegistrationStatus, Slot


@dataclass(frozen=True)
class AttendanceFigures:
    held_slots: int
    remaining_slots: int
    percent: Decimal | None
    best_reachable_percent: Decimal | None

    def as_json(self) -> dict[str, Any]:
        return {
            "held_slots": self.held_slots,
            "remaining_slots": self.remaining_slots,
            "percent": None if self.percent is None else str(self.percent),
            "best_reachable_percent": None
            if self.best_reachable_percent is None
            else str(self.best_reachable_percent),
        }


def figures(activity: Activity, user_id: int, now: datetime) -> AttendanceFigures:
    """The learner's attendance figures in the activity (two queries)."""
    marks = {
        mark.slot_id: mark
        for mark in Mark.objects.filter(slot__activity=activity, user_id=user_id).select_related("status")
    }
    seated = set(
        Registration.objects.filter(
            slot__activity=activity, user_id=user_id, status=RegistrationStatus.REGISTERED
        ).values_list("slot_id", flat=True)
    )
    slots = Slot.objects.filter(id__in=seated | set(marks)).only("id", "end")
    held: list[HeldMark] = []
    remaining = 0
    for slot in slots:
        mark = marks.get(slot.id)
        if mark is not None:
            held.append(HeldMark(mark.status.credit_percent, mark.status.counts_in_denominator))
        elif slot.end <= now:
            held.append(HeldMark(Decimal(0)))
        else:
            remaining += 1
    return AttendanceFigures(
        held_slots=len(held),
        remaining_slots=remaining,
        percent=attendance_percent(held),
        best_reachable_percent=best_reachable_percent(held, remaining),
    )


def learner_attendance(
    actor_id: int | None, usage_key: UsageKey, user_id: int | None, now: datetime
) -> AttendanceFigures:
    """The figures of ``user_id`` (the asking learner when None).

    Another learner's figures are for the course team and for the coaches of a cohort the learner
    is in (``CoachAssignment``), as the coaches' dashboard and reports are.

    Raises:
        NotFound: no such activity.
        NotAuthorized: anonymous, or asking about someone else without being on the course team or
            coaching them.
    """
    activity = access.activity_for(usage_key)
    if actor_id is None:
        raise NotAuthorized(_no_access())
    target = actor_id if user_id is None else user_id
    if target != actor_id and not (
        access.can_manage(actor_id, activity) or access.coaches_learner(actor_id, activity, target)
    ):
        raise NotAuthorized(_no_access())
    if target == actor_id:
        access.require_viewer(actor_id, activity)
    return figures(activity, target, now)


def _no_access() -> str:
    return _("Only the course team and the learner's coaches see another learner's attendance.")
