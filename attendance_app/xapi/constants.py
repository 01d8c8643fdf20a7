"""Event names, verbs, activity types and extension IRIs of the app's xAPI statements.

Nothing here imports event-routing-backends, so settings can read :data:`XAPI_EVENT_NAMES`
in any Open edX. docs/operator.md lists the statements; ADR 0015 says why these verbs.
"""

from __future__ import annotations

from typing import NamedTuple

from attendance_app import tracking

# The tracking events of attendance_app.tracking (docs/events.md); it imports nothing of Django,
# so settings can name them before any app is loaded.
VISIT_STARTED = tracking.EVENT_VISIT_STARTED
VISIT_ENDED = tracking.EVENT_VISIT_ENDED
PROMPT_SHOWN = tracking.EVENT_PROMPT_SHOWN
PROMPT_ANSWERED = tracking.EVENT_PROMPT_ANSWERED
PROMPT_MISSED = tracking.EVENT_PROMPT_MISSED
UNITS_EARNED = tracking.EVENT_UNITS_EARNED
CREDITS_CLAIMED = tracking.EVENT_CREDITS_CLAIMED
CREDITS_REVOKED = tracking.EVENT_CREDITS_REVOKED
CERTIFICATE_ISSUED = tracking.EVENT_CERTIFICATE_ISSUED
CERTIFICATE_DOWNLOADED = tracking.EVENT_CERTIFICATE_DOWNLOADED
CERTIFICATE_REVOKED = tracking.EVENT_CERTIFICATE_REVOKED
CERTIFICATE_REISSUED = tracking.EVENT_CERTIFICATE_REISSUED
SLOT_REGISTERED = tracking.EVENT_SLOT_REGISTERED
SLOT_UNREGISTERED = tracking.EVENT_SLOT_UNREGISTERED
SLOT_PROMOTED = tracking.EVENT_SLOT_PROMOTED
SLOT_MARKED = tracking.EVENT_SLOT_MARKED
SLOT_CHECKED_IN = tracking.EVENT_SLOT_CHECKED_IN

#: Every tracking event that becomes an xAPI statement, in documentation order.
XAPI_EVENT_NAMES: tuple[str, ...] = tracking.ALL_EVENTS


class XApiVerb(NamedTuple):
    iri: str
    display: str


# Attendance verbs of their own: never the enrollment verb "registered", so that Aspects'
# enrollment charts do not count a classroom slot or a visit as an enrollment.
INITIALIZED = XApiVerb("http://adlnet.gov/expapi/verbs/initialized", "initialized")
ATTENDED = XApiVerb("http://adlnet.gov/expapi/verbs/attended", "attended")
VIEWED = XApiVerb("http://id.tincanapi.com/verb/viewed", "viewed")
RESPONDED = XApiVerb("http://adlnet.gov/expapi/verbs/responded", "responded")
SKIPPED = XApiVerb("http://id.tincanapi.com/verb/skipped", "skipped")
EARNED = XApiVerb("http://id.tincanapi.com/verb/earned", "earned")
RECEIVED = XApiVerb("http://activitystrea.ms/schema/1.0/receive", "received")
RETRACTED = XApiVerb("http://activitystrea.ms/schema/1.0/retract", "retracted")
DOWNLOADED = XApiVerb("http://id.tincanapi.com/verb/downloaded", "downloaded")
JOINED = XApiVerb("http://activitystrea.ms/schema/1.0/join", "joined")
LEFT = XApiVerb("http://activitystrea.ms/schema/1.0/leave", "left")
EVALUATED = XApiVerb("https://w3id.org/xapi/acrossx/verbs/evaluated", "evaluated")
CHECKED_IN = XApiVerb("http://activitystrea.ms/schema/1.0/checkin", "checked in")
UPDATED = XApiVerb("http://activitystrea.ms/schema/1.0/update", "updated")

#: The verb of each event's statement.
VERBS: dict[str, XApiVerb] = {
    VISIT_STARTED: INITIALIZED,
    VISIT_ENDED: ATTENDED,
    PROMPT_SHOWN: VIEWED,
    PROMPT_ANSWERED: RESPONDED,
    PROMPT_MISSED: SKIPPED,
    UNITS_EARNED: EARNED,
    CREDITS_CLAIMED: RECEIVED,
    CREDITS_REVOKED: RETRACTED,
    CERTIFICATE_ISSUED: EARNED,
    CERTIFICATE_DOWNLOADED: DOWNLOADED,
    CERTIFICATE_REVOKED: RETRACTED,
    CERTIFICATE_REISSUED: UPDATED,  # the new certificate replaces the old one (a corrected name)
    SLOT_REGISTERED: JOINED,
    SLOT_UNREGISTERED: LEFT,
    SLOT_PROMOTED: JOINED,  # off the waiting list and into the slot
    SLOT_MARKED: EVALUATED,
    SLOT_CHECKED_IN: CHECKED_IN,
}

# Activity types.
ACTIVITY_MEETING = "http://adlnet.gov/expapi/activities/meeting"
ACTIVITY_INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
ACTIVITY_CERTIFICATE = "https://www.opigno.org/en/tincan_registry/activity_type/certificate"
ACTIVITY_COURSE = "http://adlnet.gov/expapi/activities/course"

#: The base of the app's own extension IRIs (one constant: ADR 0015).
EXTENSION_BASE = "https://w3id.org/xapi/openedx-attendance/extensions/"


def extension(name: str) -> str:
    """The IRI of the app's extension ``name`` (``units``, ``unit-acronym``, ...)."""
    return f"{EXTENSION_BASE}{name}"
