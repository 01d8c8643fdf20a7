"""Learners register for slots and unregister; a freed seat goes to the first learner waiting.

Every change of a slot's seats runs with the slot row locked (``select_for_update``), so two learners
asking for the last seat at once get one seat and one place on the waiting list, never two seats.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import UsageKey

from attendance_app.api.classroom import access, events
from attendance_app.api.classroom.notifications import send_promotion_email
from attendance_app.credit.classroom import overlaps
from attendance_app.exceptions import Conflict, NotAuthorized
from attendance_app.models import ClassroomSettings, Registration, RegistrationStatus, Slot


def classroom_settings(slot: Slot) -> ClassroomSettings:
    """The slot's activity's classroom settings (the defaults when none were saved)."""
    return ClassroomSettings.objects.filter(activity=slot.activity).first() or ClassroomSettings(
        activity=slot.activity
    )


def registration_closes_at(slot: Slot) -> datetime:
    return slot.start - timedelta(minutes=classroom_settings(slot).registration_closes_minutes)


def register(actor_id: int | None, usage_key: UsageKey, slot_id: int, now: datetime) -> Registration:
    """Register the learner for the slot: a seat, or a place on the waiting list when it is full.

    Registering again returns the existing registration.

    Raises:
        NotFound: no such activity or slot.
        NotAuthorized: the user is not enrolled, or not in the slot's cohort.
        Conflict: registration has closed, or the learner is registered for an overlapping slot.
    """
    activity = access.activity_for(usage_key)
    if actor_id is None:
        raise NotAuthorized(_("Sign in to register."))
    with transaction.atomic():
        slot = access.slot_for(activity, slot_id, lock=True)
        if not access.may_join(actor_id, slot):
            raise NotAuthorized(_("Only learners of this course (and of the slot's cohort) can register."))
        existing = Registration.objects.filter(slot=slot, user_id=actor_id).first()
        if existing is not None:
            return existing
        closes_at = registration_closes_at(slot)
        if now >= closes_at:
            raise Conflict(
                _("Registration for this slot closed on {when} (UTC).").format(
                    when=date_format(closes_at, "DATETIME_FORMAT", use_l10n=True)
                )
            )
        _refuse_overlap(actor_id, slot)
        taken = slot.registrations.filter(status=RegistrationStatus.REGISTERED).count()
        status = RegistrationStatus.REGISTERED if taken < slot.capacity else RegistrationStatus.WAITING
        registration = Registration.objects.create(slot=slot, user_id=actor_id, status=status, created=now)
        events.slot_event(
            events.REGISTERED, slot, actor_id, now, waiting=status == RegistrationStatus.WAITING
        )
    return registration


def _refuse_overlap(user_id: int, slot: Slot) -> None:
    others = Registration.objects.filter(
        user_id=user_id, slot__start__lt=slot.end, slot__end__gt=slot.start
    ).select_related("slot")
    for other in others:
        if overlaps(slot.start, slot.end, other.slot.start, other.slot.end):
            raise Conflict(
                _("You are already registered for “{title}” at the same time.").format(title=other.slot.title)
            )


def unregister(actor_id: int | None, usage_key: UsageKey, slot_id: int, now: datetime) -> bool:
    """Give up the learner's seat or waiting place; the first learner waiting takes a freed seat.

    Returns whether the learner was registered or waiting.

    Raises:
        NotFound: no such activity or slot.
        NotAuthorized: anonymous.
        Conflict: the slot has started (attendance is then marked, not cancelled).
    """
    activity = access.activity_for(usage_key)
    if actor_id is None:
        raise NotAuthorized(_("Sign in to register."))
    with transaction.atomic():
        slot = access.slot_for(activity, slot_id, lock=True)
        registration = Registration.objects.filter(slot=slot, user_id=actor_id).first()
        if registration is None:
            return False
        if now >= slot.start:
            raise Conflict(_("This slot has started: ask its instructor to mark you instead."))
        registration.delete()
        events.slot_event(events.UNREGISTERED, slot, actor_id, now)
        promote_waiting(slot, slot.registrations.filter(status=RegistrationStatus.REGISTERED).count(), now)
    return True


def promote_waiting(slot: Slot, registered: int, now: datetime) -> list[Registration]:
    """Give free seats to the learners waiting longest; call with the slot row locked."""
    free = slot.capacity - registered
    if free <= 0:
        return []
    promoted = list(
        slot.registrations.filter(status=RegistrationStatus.WAITING).order_by("created", "id")[:free]
    )
    for registration in promoted:
        registration.status = RegistrationStatus.REGISTERED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        events.slot_event(events.PROMOTED, slot, registration.user_id, now)
        user_id = registration.user_id
        transaction.on_commit(lambda user_id=user_id: send_promotion_email(slot, user_id))  # type: ignore[misc]
    return promoted
