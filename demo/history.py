"""Attendance history for the demo's past live webinar, made through the real presence API.

Learners "attended" with coarse two-minute heartbeats (so the seed stays quick), answered or
missed their prompts, one left for ten minutes, and they claimed at the end of the session.
"""

from __future__ import annotations

import contextlib
import random
from datetime import datetime, timedelta
from typing import Any

from django.test import override_settings
from opaque_keys.edx.keys import UsageKey

from attendance_app import api
from attendance_app.exceptions import AttendanceError
from attendance_app.models import Attendance

BEAT_SECONDS = 120
# (learner index, minutes attended, number of the prompt left unanswered, minute a 10-minute absence starts)
PATTERNS = [
    (0, 118, None, None),
    (1, 118, None, 40),
    (2, 60, None, None),
    (3, 118, 2, None),
    (4, 26, None, None),
    (6, 90, 1, 70),
]


def _attend(
    learner: Any, usage_key: UsageKey, start: datetime, minutes: int, unanswered: int | None, away: int | None
) -> None:
    token = api.start_presence(learner.id, usage_key, start)["token"]
    rng = random.Random(learner.id)
    prompts = 0
    for second in range(0, minutes * 60 + 1, BEAT_SECONDS):
        if away is not None and away * 60 <= second < (away + 10) * 60:
            continue
        moment = start + timedelta(seconds=second)
        reply = api.record_beat(learner.id, token, {}, moment, rng)
        if reply["prompt"]:
            prompts += 1
            if prompts != unanswered:
                api.answer_prompt(learner.id, token, reply["prompt"]["nonce"], moment + timedelta(seconds=4))
    # Some cannot claim (too little time, or the quiz gate): the demo shows those learners too.
    with contextlib.suppress(AttendanceError):
        api.claim_credits(learner.id, usage_key, start + timedelta(minutes=minutes))


def seed_history(learners: list[Any], usage_key: UsageKey, start: datetime) -> int:
    """Attend the past webinar for a few learners, once; returns how many attended."""
    if Attendance.objects.filter(activity__usage_key=usage_key).exists():
        return 0
    with override_settings(ATTENDANCE_HEARTBEAT_SECONDS=BEAT_SECONDS):
        for index, minutes, unanswered, away in PATTERNS:
            _attend(learners[index], usage_key, start, minutes, unanswered, away)
    return len(PATTERNS)
