"""Tracking events out: names, data, course context, where they go (docs/events.md).

The events go through a real eventtracking ``Tracker`` with an in-memory backend, as in the LMS
(where eventtracking's Django app registers the default tracker).
"""

from __future__ import annotations

import random
import sys
import types
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from eventtracking import tracker

from attendance_app import api, tracking
from attendance_app.models import Activity, Claim
from attendance_app.platform.standalone.models import TrackedEvent
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "replay")
RECORDED = {"display_name": "Replay", "mode": "recorded", "live_start": "2026-11-01T00:00:00Z"}


class MemoryBackend:
    """An eventtracking backend keeping what it is sent."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def send(self, event: dict[str, Any]) -> None:
        self.events.append(event)


@pytest.fixture
def sent():
    backend = MemoryBackend()
    previous = tracker.TRACKERS.get(tracker.DEFAULT_TRACKER_NAME)
    tracker.register_tracker(tracker.Tracker(backends={"memory": backend}))
    yield backend.events
    if previous is None:
        tracker.TRACKERS.pop(tracker.DEFAULT_TRACKER_NAME, None)
    else:
        tracker.register_tracker(previous)


@pytest.fixture
def cpe(course_staff, org_admin):
    api.configure_activity(course_staff.id, USAGE_KEY, RECORDED)
    unit = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": unit.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    return unit


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def names(events: list[dict[str, Any]]) -> list[str]:
    return [event["name"] for event in events]


def common(event: dict[str, Any], learner) -> tuple[str, str, int]:
    data = event["data"]
    return data["course_id"], data["activity_id"], data["user_id"]


# The names --------------------------------------------------------------------------------------


def test_the_names_are_fixed_and_in_our_own_namespace():
    assert tracking.ALL_EVENTS == (
        "attendance.visit.started",
        "attendance.visit.ended",
        "attendance.prompt.shown",
        "attendance.prompt.answered",
        "attendance.prompt.missed",
        "attendance.units.earned",
        "attendance.credits.claimed",
        "attendance.credits.revoked",
        "attendance.certificate.issued",
        "attendance.certificate.downloaded",
        "attendance.certificate.revoked",
        "attendance.certificate.reissued",
        "attendance.slot.registered",
        "attendance.slot.unregistered",
        "attendance.slot.promoted",
        "attendance.slot.marked",
        "attendance.slot.checked_in",
    )
    assert not [name for name in tracking.ALL_EVENTS if name.startswith("edx.")]


def test_an_unknown_name_or_a_missing_field_is_refused(sent):
    base = {"activity_id": str(USAGE_KEY), "user_id": 7}
    with pytest.raises(ValueError, match="Unknown"):
        tracking.emit("edx.attendance.visit.started", base, course_id=COURSE_KEY)
    with pytest.raises(ValueError, match="visit_started_at"):
        tracking.emit(tracking.EVENT_VISIT_STARTED, base, course_id=COURSE_KEY)
    with pytest.raises(ValueError, match="user_id"):
        tracking.emit(
            tracking.EVENT_VISIT_STARTED,
            {**base, "user_id": "7", "visit_started_at": ""},
            course_id=COURSE_KEY,
        )
    with pytest.raises(ValueError, match="course_id"):
        tracking.emit(
            tracking.EVENT_VISIT_STARTED,
            {**base, "course_id": "course-v1:Other+X+Y", "visit_started_at": ""},
            course_id=COURSE_KEY,
        )
    assert sent == []


# Where events go ----------------------------------------------------------------------------------


def test_outside_the_block_the_event_carries_the_course_context(sent):
    tracking.emit(
        tracking.EVENT_VISIT_STARTED,
        {"activity_id": USAGE_KEY, "user_id": 7, "visit_started_at": T0.isoformat()},
        course_id=COURSE_KEY,
    )

    (event,) = sent
    assert event["name"] == "attendance.visit.started"
    assert event["context"] == {"course_id": str(COURSE_KEY), "org_id": "DemoX"}
    assert event["data"] == {
        "course_id": str(COURSE_KEY),
        "activity_id": str(USAGE_KEY),
        "user_id": 7,
        "visit_started_at": T0.isoformat(),
    }
    assert tracker.get_tracker().resolve_context() == {}  # the context ends with the event


class PublishingRuntime:
    """The XBlock runtime boundary: what ``runtime.publish`` was given."""

    def __init__(self) -> None:
        self.published: list[tuple[Any, str, dict[str, Any]]] = []

    def publish(self, block: Any, event_type: str, event: dict[str, Any]) -> None:
        self.published.append((block, event_type, event))


class Block:
    def __init__(self, usage_key) -> None:
        self.runtime = PublishingRuntime()
        self.scope_ids = type("ScopeIds", (), {"usage_id": usage_key})()


def test_inside_the_block_runtime_events_go_through_runtime_publish(sent):
    block = Block(USAGE_KEY)
    data = {"activity_id": str(USAGE_KEY), "user_id": 7, "visit_started_at": T0.isoformat()}
    other_course = COURSE_KEY.replace(run="Other")

    with tracking.in_block_runtime(block):
        tracking.emit(tracking.EVENT_VISIT_STARTED, data, course_id=COURSE_KEY)
        tracking.emit(tracking.EVENT_VISIT_STARTED, data, course_id=other_course)

    assert [(name, event["course_id"]) for _block, name, event in block.runtime.published] == [
        ("attendance.visit.started", str(COURSE_KEY))
    ]
    assert [event["data"]["course_id"] for event in sent] == [str(other_course)]


def test_without_a_tracker_the_platform_backend_keeps_the_event():
    tracking.emit(
        tracking.EVENT_VISIT_STARTED,
        {"activity_id": str(USAGE_KEY), "user_id": 7, "visit_started_at": T0.isoformat()},
        course_id=COURSE_KEY,
    )

    event = TrackedEvent.objects.get()
    assert (event.name, event.user_id, event.data["course_id"]) == (
        "attendance.visit.started",
        7,
        str(COURSE_KEY),
    )


def rolled_back(data: dict[str, Any]) -> None:
    with transaction.atomic():
        tracking.emit_on_commit(tracking.EVENT_VISIT_STARTED, data, course_id=COURSE_KEY)
        raise RuntimeError


def test_an_event_of_a_rolled_back_change_is_never_sent(sent, django_capture_on_commit_callbacks):
    data = {"activity_id": str(USAGE_KEY), "user_id": 7, "visit_started_at": T0.isoformat()}
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            rolled_back(data)
        tracking.emit_on_commit(tracking.EVENT_VISIT_STARTED, data, course_id=COURSE_KEY)

    assert names(sent) == ["attendance.visit.started"]


# Presence: summary events only --------------------------------------------------------------------


def run_beats(learner, token, seconds, rng):
    return [api.record_beat(learner.id, token, {"token": token}, at(second), rng) for second in seconds]


def until_prompt(learner, token, rng) -> tuple[int, dict[str, Any]]:
    for second in range(0, 121, 15):
        reply = run_beats(learner, token, [second], rng)[0]
        if reply["prompt"]:
            return second, reply["prompt"]
    raise AssertionError("no prompt within two intervals")


def test_presence_emits_visits_and_prompts_never_one_event_per_beat(
    settings, learner, cpe, sent, django_capture_on_commit_callbacks
):
    settings.ATTENDANCE_PROMPT_INTERVAL_SECONDS = 60
    cache.clear()
    token = api.start_presence(learner.id, USAGE_KEY, T0)["token"]
    rng = random.Random(0)
    with django_capture_on_commit_callbacks(execute=True):
        second, shown = until_prompt(learner, token, rng)
        api.answer_prompt(learner.id, token, shown["nonce"], at(second + 3))
        run_beats(learner, token, [second + 15, second + 30], rng)
        run_beats(learner, token, [second + 600], rng)  # a long gap: the first visit ended, a second began

    assert names(sent) == [
        "attendance.visit.started",
        "attendance.prompt.shown",
        "attendance.prompt.answered",
        "attendance.visit.ended",
        "attendance.visit.started",
    ]
    for event in sent:
        assert common(event, learner) == (str(COURSE_KEY), str(USAGE_KEY), learner.id)
        assert event["context"]["course_id"] == str(COURSE_KEY)
    started, prompt, answered, ended, rejoined = (event["data"] for event in sent)
    assert started["visit_started_at"] == T0.isoformat()
    assert prompt["deadline"] == shown["deadline"]
    assert prompt["prompt_id"] == answered["prompt_id"]
    assert answered["latency_ms"] == 3000
    assert (ended["visit_started_at"], ended["visit_ended_at"], ended["seconds"]) == (
        T0.isoformat(),
        at(second + 30).isoformat(),
        second + 30.0,
    )
    assert rejoined["visit_started_at"] == at(second + 600).isoformat()


def test_a_missed_prompt_is_one_event(settings, learner, cpe, sent, django_capture_on_commit_callbacks):
    settings.ATTENDANCE_PROMPT_INTERVAL_SECONDS = 60
    cache.clear()
    token = api.start_presence(learner.id, USAGE_KEY, T0)["token"]
    rng = random.Random(0)
    with django_capture_on_commit_callbacks(execute=True):
        second, shown = until_prompt(learner, token, rng)
        run_beats(learner, token, [second + 15], rng)  # past the deadline: the prompt is missed

    assert names(sent) == ["attendance.visit.started", "attendance.prompt.shown", "attendance.prompt.missed"]
    assert sent[2]["data"]["deadline"] == shown["deadline"]
    assert sent[2]["data"]["prompt_id"] == sent[1]["data"]["prompt_id"]


# Certificates ----------------------------------------------------------------------------------------


def test_certificates_emit_issued_once_and_downloaded_each_time(
    learner, course_staff, cpe, sent, django_capture_on_commit_callbacks
):
    activity = Activity.objects.get(usage_key=USAGE_KEY)
    claim = Claim.objects.create(
        user=learner, activity=activity, unit=cpe, units=Decimal("1.2"), claimed_at=T0, updated_at=T0
    )
    with django_capture_on_commit_callbacks(execute=True):
        code = api.certificate_for(learner.id, claim.id, T0)["code"]
        api.certificate_for(learner.id, claim.id, T0)
    api.render_certificate_pdf(learner.id, code, T0)
    api.render_certificate_pdf(course_staff.id, code, T0)

    assert names(sent) == [
        "attendance.certificate.issued",
        "attendance.certificate.downloaded",
        "attendance.certificate.downloaded",
    ]
    certificate = claim.certificates.get()
    for event in sent:
        assert common(event, learner) == (str(COURSE_KEY), str(USAGE_KEY), learner.id)
        assert (event["data"]["certificate_id"], event["data"]["verification_code"]) == (certificate.id, code)
    assert [event["data"]["actor_id"] for event in sent[1:]] == [learner.id, course_staff.id]


# The LMS's course context ---------------------------------------------------------------------------


def test_in_the_lms_the_course_context_is_the_platforms_own(monkeypatch):
    """edx-platform's common/djangoapps/track/contexts.py, at the import boundary."""
    from attendance_app.platform.openedx import OpenEdxBackend

    contexts = types.ModuleType("common.djangoapps.track.contexts")
    contexts.course_context_from_course_id = lambda course_key: {
        "course_id": str(course_key),
        "org_id": course_key.org,
        "enterprise_uuid": "",
    }
    monkeypatch.setitem(sys.modules, "common.djangoapps.track.contexts", contexts)

    assert OpenEdxBackend().tracking_context(str(COURSE_KEY)) == {
        "course_id": str(COURSE_KEY),
        "org_id": "DemoX",
        "enterprise_uuid": "",
    }

    monkeypatch.setitem(sys.modules, "common.djangoapps.track.contexts", None)  # not in the LMS
    assert OpenEdxBackend().tracking_context(str(COURSE_KEY)) == {
        "course_id": str(COURSE_KEY),
        "org_id": "DemoX",
    }
