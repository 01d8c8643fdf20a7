"""Tracking events the app emits: their names, their data, and one function that emits them.

Every event lives in the ``attendance.`` namespace (never ``edx.``) and is a summary: a visit
starting or ending, a prompt shown, answered or missed, units earned, a claim, a certificate, a
classroom slot; never one event per heartbeat. Each event's data carries ``course_id`` (str),
``activity_id`` (the block's usage key, str) and ``user_id`` (int), plus the fields listed in
:data:`EVENT_FIELDS`; docs/events.md documents them for analysts.

Where the event goes:

* inside an XBlock handler or view wrapped in :func:`in_block_runtime`, through the block's
  ``runtime.publish`` (the LMS adds the course and block context itself);
* otherwise through the eventtracking default tracker, inside
  ``tracker.get_tracker().context(name, course_context)`` so the event carries the course context
  as every LMS event does;
* when eventtracking is absent or no tracker is registered (the demo, most tests), through the
  platform backend's ``emit_event`` (the standalone backend keeps the events in a table).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Iterator, Mapping
from typing import Any

from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

log = logging.getLogger(__name__)

NAMESPACE = "attendance"

EVENT_VISIT_STARTED = "attendance.visit.started"
EVENT_VISIT_ENDED = "attendance.visit.ended"
EVENT_PROMPT_SHOWN = "attendance.prompt.shown"
EVENT_PROMPT_ANSWERED = "attendance.prompt.answered"
EVENT_PROMPT_MISSED = "attendance.prompt.missed"
EVENT_UNITS_EARNED = "attendance.units.earned"
EVENT_CREDITS_CLAIMED = "attendance.credits.claimed"
EVENT_CREDITS_REVOKED = "attendance.credits.revoked"
EVENT_CERTIFICATE_ISSUED = "attendance.certificate.issued"
EVENT_CERTIFICATE_DOWNLOADED = "attendance.certificate.downloaded"
EVENT_CERTIFICATE_REVOKED = "attendance.certificate.revoked"
EVENT_CERTIFICATE_REISSUED = "attendance.certificate.reissued"
EVENT_SLOT_REGISTERED = "attendance.slot.registered"
EVENT_SLOT_UNREGISTERED = "attendance.slot.unregistered"
EVENT_SLOT_PROMOTED = "attendance.slot.promoted"
EVENT_SLOT_MARKED = "attendance.slot.marked"
EVENT_SLOT_CHECKED_IN = "attendance.slot.checked_in"

#: The fields every event's data carries.
COMMON_FIELDS: tuple[str, ...] = ("course_id", "activity_id", "user_id")

_VISIT = ("visit_started_at",)
_PROMPT = ("prompt_id", "deadline")
_CREDITS = ("claim_id", "unit_acronym", "units")
_CERTIFICATE = ("certificate_id", "verification_code")
# The classroom issue adds the slot events' own fields; their names are fixed here already.
_SLOT: tuple[str, ...] = ("slot_id",)

#: Each event's own required fields, beyond :data:`COMMON_FIELDS` (more fields are allowed).
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    EVENT_VISIT_STARTED: _VISIT,
    EVENT_VISIT_ENDED: (*_VISIT, "visit_ended_at", "seconds"),
    EVENT_PROMPT_SHOWN: _PROMPT,
    EVENT_PROMPT_ANSWERED: (*_PROMPT, "latency_ms"),
    EVENT_PROMPT_MISSED: _PROMPT,
    EVENT_UNITS_EARNED: ("unit_acronym", "units", "seconds"),
    EVENT_CREDITS_CLAIMED: _CREDITS,
    EVENT_CREDITS_REVOKED: _CREDITS,
    EVENT_CERTIFICATE_ISSUED: _CERTIFICATE,
    EVENT_CERTIFICATE_DOWNLOADED: _CERTIFICATE,
    EVENT_CERTIFICATE_REVOKED: _CERTIFICATE,
    EVENT_CERTIFICATE_REISSUED: (*_CERTIFICATE, "previous_verification_code"),
    EVENT_SLOT_REGISTERED: _SLOT,
    EVENT_SLOT_UNREGISTERED: _SLOT,
    EVENT_SLOT_PROMOTED: _SLOT,
    EVENT_SLOT_MARKED: _SLOT,
    EVENT_SLOT_CHECKED_IN: _SLOT,
}

#: Every event name the app emits, in documentation order.
ALL_EVENTS: tuple[str, ...] = tuple(EVENT_FIELDS)

_block: contextvars.ContextVar[Any] = contextvars.ContextVar("attendance_tracking_block", default=None)


@contextlib.contextmanager
def in_block_runtime(block: Any) -> Iterator[None]:
    """Within this block, events of the block's course go through ``block.runtime.publish``."""
    token = _block.set(block)
    try:
        yield
    finally:
        _block.reset(token)


def course_context(course_id: CourseKey | str) -> dict[str, str]:
    """The course context of an event: what the LMS's course context holds that we can know."""
    course = str(course_id)
    try:
        org = CourseKey.from_string(course).org or ""
    except InvalidKeyError:
        org = ""
    return {"course_id": course, "org_id": org}


def _checked(name: str, data: Mapping[str, Any], course_id: str) -> dict[str, Any]:
    if name not in EVENT_FIELDS:
        raise ValueError(f"Unknown tracking event {name!r}; add it to attendance_app.tracking first.")
    payload = {"course_id": course_id, **data}
    if payload["course_id"] != course_id:
        raise ValueError(f"{name}: data course_id {payload['course_id']!r} is not {course_id!r}.")
    missing = [field for field in (*COMMON_FIELDS, *EVENT_FIELDS[name]) if field not in payload]
    if missing:
        raise ValueError(f"{name}: data lacks {', '.join(missing)}.")
    if not isinstance(payload["user_id"], int) or isinstance(payload["user_id"], bool):
        raise ValueError(f"{name}: user_id must be an int.")
    payload["activity_id"] = str(payload["activity_id"])
    return payload


def _default_tracker() -> Any:
    """eventtracking's default tracker, or None when the package or a registered tracker is absent."""
    try:
        from eventtracking import tracker
    except ImportError:
        return None
    try:
        return tracker.get_tracker()
    except KeyError:
        return None


def _block_of_course(course_id: str) -> Any:
    block = _block.get()
    if block is None:
        return None
    usage_id = getattr(getattr(block, "scope_ids", None), "usage_id", None)
    block_course = getattr(usage_id, "course_key", None)
    return block if block_course is not None and str(block_course) == course_id else None


def emit(name: str, data: Mapping[str, Any], *, course_id: CourseKey | str) -> dict[str, Any]:
    """Emit the event ``name`` of the course ``course_id`` and return the data sent.

    ``data`` must hold :data:`COMMON_FIELDS` and the event's :data:`EVENT_FIELDS` (``course_id`` is
    added when absent). An unknown name or a missing field is a programming error (ValueError).
    """
    course = str(course_id)
    payload = _checked(name, data, course)
    block = _block_of_course(course)
    if block is not None:
        block.runtime.publish(block, name, payload)
        return payload
    tracker = _default_tracker()
    if tracker is not None:
        from attendance_app.platform import get_backend

        with tracker.context(name, get_backend().tracking_context(course)):
            tracker.emit(name, payload)
        return payload
    from attendance_app.platform import get_backend

    get_backend().emit_event(name, payload, payload["user_id"])
    return payload


def emit_on_commit(name: str, data: Mapping[str, Any], *, course_id: CourseKey | str) -> None:
    """:func:`emit` once the current transaction commits: a rolled-back change emits nothing.

    The data is checked now, so a programming error shows where the event is made.
    """
    from django.db import transaction

    course = str(course_id)
    payload = _checked(name, data, course)
    block = _block.get()
    transaction.on_commit(lambda: _emit_in(block, name, payload, course))


def _emit_in(block: Any, name: str, payload: dict[str, Any], course: str) -> None:
    token = _block.set(block)
    try:
        emit(name, payload, course_id=course)
    finally:
        _block.reset(token)
