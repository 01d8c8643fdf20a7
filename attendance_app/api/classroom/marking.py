"""Instructors mark registered learners (and walk-ins) once a slot starts; every change is audited.

Two markers saving at once never lose a change: each save sends the ``version`` it read, the mark
row is locked while it is compared, and a save based on an older version is refused (409) with the
mark as it is now, so the marker decides again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import UsageKey

from attendance_app.api.classroom import access, events
from attendance_app.api.classroom.credit import refresh_ledger
from attendance_app.api.classroom.statuses import status_by_code
from attendance_app.api.validation import FieldErrors, text
from attendance_app.exceptions import Conflict, InvalidInput, NotFound
from attendance_app.models import AttendanceStatus, Mark, MarkAudit, MarkSource, Registration, Slot
from attendance_app.models import RegistrationStatus as Seat
from attendance_app.platform import get_backend


@dataclass(frozen=True)
class Row:
    """One learner of a slot's register: their seat (None for a walk-in) and mark (None if unmarked)."""

    user_id: int
    name: str
    username: str
    registration: str | None
    mark: Mark | None

    def as_json(self) -> dict[str, Any]:
        mark = self.mark
        return {
            "user_id": self.user_id,
            "name": self.name,
            "username": self.username,
            "registration": self.registration,
            "mark": None
            if mark is None
            else {
                "status": mark.status.code,
                "remark": mark.remark,
                "source": mark.source,
                "walk_in": mark.walk_in,
                "marked_by": mark.marked_by_id,
                "marked_at": mark.marked_at,
                "version": mark.version,
            },
        }


def _marker_slot(actor_id: int | None, usage_key: UsageKey, slot_id: int) -> Slot:
    activity = access.activity_for(usage_key)
    slot = access.slot_for(activity, slot_id)
    access.require_marker(actor_id, slot)
    return slot


def list_marks(actor_id: int | None, usage_key: UsageKey, slot_id: int) -> list[Row]:
    """The slot's register: registered learners and walk-ins, each with their mark, by name.

    Raises:
        NotFound: no such activity or slot.
        NotAuthorized: the user is neither an instructor of the slot nor on the course team.
    """
    slot = _marker_slot(actor_id, usage_key, slot_id)
    return register_rows(slot)


def register_rows(slot: Slot) -> list[Row]:
    seats = dict(
        Registration.objects.filter(slot=slot, status=Seat.REGISTERED).values_list("user_id", "status")
    )
    marks = {mark.user_id: mark for mark in Mark.objects.filter(slot=slot).select_related("status")}
    users = get_backend().get_users(set(seats) | set(marks))
    rows = [
        Row(user_id, info.full_name, info.username, seats.get(user_id), marks.get(user_id))
        for user_id, info in users.items()
    ]
    return sorted(rows, key=lambda row: (row.name.lower(), row.user_id))


def list_audit(actor_id: int | None, usage_key: UsageKey, slot_id: int) -> list[MarkAudit]:
    """Every change of the slot's marks, oldest first.

    Raises:
        NotFound, NotAuthorized: as for :func:`list_marks`.
    """
    slot = _marker_slot(actor_id, usage_key, slot_id)
    return list(MarkAudit.objects.filter(slot=slot))


def _version(data: dict[str, Any], errors: FieldErrors) -> int:
    raw = data.get("version", 0)
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= access.MAX_ID:
        errors.add("version", _("Send the version of the mark you read (0 for an unmarked learner)."))
        return 0
    return raw


def set_mark(
    actor_id: int | None, usage_key: UsageKey, slot_id: int, user_id: int, data: dict[str, Any], now: datetime
) -> Row:
    """Mark a learner of the slot with a status and a remark.

    ``data``: ``status`` (a code of the course's set), ``remark``, ``version`` (the one read; 0 for
    an unmarked learner) and ``walk_in`` (true to mark a learner of the course who did not register).

    Raises:
        NotFound: no such activity or slot.
        NotAuthorized: the user is neither an instructor of the slot nor on the course team.
        InvalidInput: a field is wrong, or the learner is not registered and ``walk_in`` is not set,
            or a walk-in is not a learner of the course (and of the slot's cohort).
        Conflict: the slot has not started, or the mark changed since ``version`` was read.
    """
    slot = _marker_slot(actor_id, usage_key, slot_id)
    if not access.is_id(user_id):
        raise NotFound(_("No such learner."))
    errors = FieldErrors()
    for name in sorted(set(data) - {"status", "remark", "version", "walk_in"}):
        errors.add(name, _("Unknown field."))
    remark = text(data, "remark", errors, required=False, limit=500)
    version = _version(data, errors)
    walk_in = data.get("walk_in", False)
    if not isinstance(walk_in, bool):
        errors.add("walk_in", _("Send true or false."))
    errors.raise_if_any()
    status = status_by_code(access.course_of(slot.activity), data.get("status"))
    _require_started(slot, now)
    registered = Registration.objects.filter(slot=slot, user_id=user_id, status=Seat.REGISTERED).exists()
    if not registered and not Mark.objects.filter(slot=slot, user_id=user_id).exists():
        if not walk_in:
            message = _("This learner is not registered for the slot: add them as a walk-in.")
            raise InvalidInput(message, field_errors={"walk_in": [message]})
        if not access.may_join(user_id, slot):
            raise InvalidInput(_("Only learners of this course (and of the slot's cohort) can walk in."))
    write_mark(
        slot,
        user_id,
        status,
        remark,
        now,
        actor_id=actor_id,
        source=MarkSource.PERSON,
        expected_version=version,
        walk_in=walk_in and not registered,
    )
    return next(row for row in register_rows(slot) if row.user_id == user_id)


def _require_started(slot: Slot, now: datetime) -> None:
    if now < slot.start:
        raise Conflict(_("This slot has not started yet: learners are marked once it starts."))


def write_mark(
    slot: Slot,
    user_id: int,
    status: AttendanceStatus,
    remark: str,
    now: datetime,
    *,
    actor_id: int | None,
    source: str,
    expected_version: int | None,
    walk_in: bool = False,
) -> Mark | None:
    """Create or change a mark and audit it; ``expected_version`` None skips the version check.

    Returns the mark, or None when nothing changed.

    Raises:
        Conflict: the mark's version is not ``expected_version``.
    """
    try:
        with transaction.atomic():
            mark = Mark.objects.select_for_update().filter(slot=slot, user_id=user_id).first()
            current_version = mark.version if mark else 0
            if expected_version is not None and expected_version != current_version:
                raise _stale(mark)
            before_status, before_remark = (mark.status.code, mark.remark) if mark else ("", "")
            if mark is not None and mark.status_id == status.id and mark.remark == remark:
                return None
            if mark is None:
                mark = Mark(slot=slot, user_id=user_id, walk_in=walk_in, version=0)
            mark.status, mark.remark, mark.source = status, remark, source
            mark.marked_by_id, mark.marked_at = actor_id, now
            mark.version += 1
            mark.save()
            MarkAudit.objects.create(
                slot=slot,
                user_id=user_id,
                actor_id=actor_id,
                at=now,
                source=source,
                before_status=before_status,
                after_status=status.code,
                before_remark=before_remark,
                after_remark=remark,
                version=mark.version,
            )
            refresh_ledger(slot.activity, user_id, now)
            events.slot_event(
                events.MARKED, slot, user_id, now, status=status.code, source=source, marked_by=actor_id
            )
    except IntegrityError as error:  # another marker created the mark between our read and write
        raise _stale(Mark.objects.filter(slot=slot, user_id=user_id).first()) from error
    return mark


def _stale(mark: Mark | None) -> Conflict:
    if mark is None:
        return Conflict(_("This mark changed while you were editing it. Reload the list and mark again."))
    return Conflict(
        _(
            "Someone else changed this mark while you were editing it: it is now “{status}” "
            "(version {version}). Reload the list and mark again."
        ).format(status=mark.status.label, version=mark.version)
    )


def mark_unmarked(
    actor_id: int | None, usage_key: UsageKey, slot_id: int, data: dict[str, Any], now: datetime
) -> int:
    """Mark every registered learner without a mark with ``data["status"]``; returns how many.

    Raises:
        NotFound, NotAuthorized: as for :func:`set_mark`.
        InvalidInput: no such status, or an unknown field.
        Conflict: the slot has not started.
    """
    slot = _marker_slot(actor_id, usage_key, slot_id)
    errors = FieldErrors()
    for name in sorted(set(data) - {"status", "remark"}):
        errors.add(name, _("Unknown field."))
    remark = text(data, "remark", errors, required=False, limit=500)
    errors.raise_if_any()
    status = status_by_code(access.course_of(slot.activity), data.get("status"))
    _require_started(slot, now)
    return mark_all_unmarked(slot, status, remark, now, actor_id=actor_id, source=MarkSource.PERSON)


def mark_all_unmarked(
    slot: Slot, status: AttendanceStatus, remark: str, now: datetime, *, actor_id: int | None, source: str
) -> int:
    """Mark the slot's registered learners who have no mark yet; a mark made meanwhile is kept."""
    unmarked = (
        Registration.objects.filter(slot=slot, status=Seat.REGISTERED)
        .exclude(user_id__in=Mark.objects.filter(slot=slot).values("user_id"))
        .values_list("user_id", flat=True)
    )
    count = 0
    for user_id in list(unmarked):
        try:
            written = write_mark(
                slot, user_id, status, remark, now, actor_id=actor_id, source=source, expected_version=0
            )
        except Conflict:
            continue
        count += written is not None
    return count
