"""Sample attendance events as eventtracking hands them to event-routing-backends."""

from __future__ import annotations

from typing import Any

from attendance_app.xapi import constants
from tests.factories import COURSE_KEY

ACTIVITY_ID = f"block-v1:{str(COURSE_KEY).removeprefix('course-v1:')}+type@attendance+block@session1"
LMS = "https://lms.example.com"
TIMESTAMP = "2026-03-02T10:15:00.123456+00:00"

#: Each event's own fields (docs/events.md), beyond course_id, activity_id and user_id.
EVENT_DATA: dict[str, dict[str, Any]] = {
    constants.VISIT_STARTED: {"visit_started_at": "2026-03-02T09:00:00+00:00"},
    constants.VISIT_ENDED: {
        "visit_started_at": "2026-03-02T09:00:00+00:00",
        "visit_ended_at": "2026-03-02T10:15:00+00:00",
        "seconds": 4500,
    },
    constants.PROMPT_SHOWN: {"prompt_id": 41, "deadline": "2026-03-02T09:31:00+00:00"},
    constants.PROMPT_ANSWERED: {"prompt_id": 41, "deadline": "2026-03-02T09:31:00+00:00", "latency_ms": 2750},
    constants.PROMPT_MISSED: {"prompt_id": 42, "deadline": "2026-03-02T10:01:00+00:00"},
    constants.UNITS_EARNED: {"unit_acronym": "CPE", "units": "1.50", "seconds": 4500},
    constants.CREDITS_CLAIMED: {"claim_id": 7, "unit_acronym": "CPE", "units": "1.50"},
    constants.CREDITS_REVOKED: {"claim_id": 7, "unit_acronym": "CPE", "units": "1.50"},
    constants.CERTIFICATE_ISSUED: {"certificate_id": 3, "verification_code": "K7Q2-9XRT"},
    constants.CERTIFICATE_DOWNLOADED: {"certificate_id": 3, "verification_code": "K7Q2-9XRT"},
    constants.CERTIFICATE_REVOKED: {"certificate_id": 3, "verification_code": "K7Q2-9XRT"},
    constants.CERTIFICATE_REISSUED: {
        "certificate_id": 4,
        "verification_code": "M3P8-2WQZ",
        "previous_verification_code": "K7Q2-9XRT",
    },
    constants.SLOT_REGISTERED: {"slot_id": 5},
    constants.SLOT_UNREGISTERED: {"slot_id": 5},
    constants.SLOT_PROMOTED: {"slot_id": 5},
    constants.SLOT_MARKED: {"slot_id": 5, "status": "present"},
    constants.SLOT_CHECKED_IN: {"slot_id": 5},
}


def event_data(name: str, user_id: int, **data: Any) -> dict[str, Any]:
    """The ``data`` of event ``name`` for learner ``user_id``."""
    return {
        "course_id": str(COURSE_KEY),
        "activity_id": ACTIVITY_ID,
        "user_id": user_id,
        **EVENT_DATA[name],
        **data,
    }


def course_context(user_id: int) -> dict[str, Any]:
    return {"course_id": str(COURSE_KEY), "user_id": user_id, "org_id": "DemoX"}
