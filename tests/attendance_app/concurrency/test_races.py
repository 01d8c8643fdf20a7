"""Races on MariaDB with real threads, each on its own connection, through the public api and HTTP.

The claims double click, the last seat and two first beats are raced in test_api_claims.py,
test_api_classroom.py and rest_api/test_presence.py; here: a flood of beats and answers for one
learner, and two markers changing one learner's mark.
"""

from __future__ import annotations

import itertools
import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from attendance_app import api, clock
from attendance_app.api import classroom
from attendance_app.exceptions import Conflict
from attendance_app.models import Attendance, MarkAudit, PromptEvidence, PromptOutcome, Segment
from tests.attendance_app.classroom_helpers import T0, USAGE_KEY, classroom_activity, make_slot
from tests.attendance_app.concurrency.threads import run_together
from tests.attendance_app.rest_api.utils import API, call, client_for
from tests.factories import COURSE_KEY

pytestmark = [pytest.mark.mysql, pytest.mark.django_db(transaction=True)]

REPLAY = COURSE_KEY.make_usage_key("attendance", "replay")
BEAT = f"{API}/presence/beat/"
ANSWER = f"{API}/presence/answer/"
BEATS = 40
ANSWERS = 10


@pytest.fixture
def token(course_staff, org_admin, learner):
    api.configure_activity(
        course_staff.id,
        REPLAY,
        {"display_name": "Replay", "mode": "recorded", "live_start": "2026-01-01T00:00Z"},
    )
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.add_rule(course_staff.id, REPLAY, {"unit_id": cpe.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    return api.start_presence(learner.id, REPLAY, clock.now())["token"]


def test_fifty_concurrent_beats_and_answers_never_credit_more_than_the_wall_clock(learner, token):
    started = timezone.now()
    first = call(client_for(learner), "post", BEAT, {"token": token, "visible": True})
    assert first.status_code == 200, first.content
    Attendance.objects.filter(user=learner).update(next_prompt_mark_us=0)  # the next beat asks
    clients = [client_for(learner) for _ in range(BEATS + ANSWERS)]
    shown = threading.Event()
    nonces: list[str] = []

    def beat(client):
        def send():
            response = call(client, "post", BEAT, {"token": token, "visible": True})
            prompt = response.json().get("prompt") if response.status_code == 200 else None
            if prompt:
                nonces.append(prompt["nonce"])
                shown.set()
            return response.status_code

        return send

    def answer(client):
        def send():
            assert shown.wait(30), "no beat opened a prompt"
            return call(client, "post", ANSWER, {"token": token, "nonce": nonces[0]}).status_code

        return send

    statuses = run_together([beat(c) for c in clients[:BEATS]] + [answer(c) for c in clients[BEATS:]])
    wall_us = (timezone.now() - started) // timedelta(microseconds=1)

    beat_statuses, answer_statuses = statuses[:BEATS], statuses[BEATS:]
    assert set(beat_statuses) == {200}, statuses
    assert sorted(answer_statuses) == [200] + [409] * (ANSWERS - 1), statuses  # answered once
    attendance = Attendance.objects.get(user=learner)
    assert attendance.credited_us <= wall_us
    assert attendance.credited_us <= (attendance.last_beat_at - attendance.first_join_at) // timedelta(
        microseconds=1
    )
    segments = list(Segment.objects.filter(attendance=attendance).order_by("started_at"))
    for earlier, later in itertools.pairwise(segments):
        assert earlier.ended_at <= later.started_at  # no second counted twice
    assert sum((s.ended_at - s.started_at) // timedelta(microseconds=1) for s in segments) <= wall_us
    assert PromptEvidence.objects.filter(attendance=attendance, outcome=PromptOutcome.ANSWERED).count() == 1


def test_forty_beats_at_once_with_one_renewed_token_never_credit_more_than_the_wall_clock(learner, token):
    """One page's renewed token, sent by forty requests of its session at once (ADR 0034)."""
    started = timezone.now()
    owner = client_for(learner)
    renewed = call(owner, "post", BEAT, {"token": token}).json()["token"]
    carrying = call(owner, "post", BEAT, {"token": renewed}).json()["token"]  # carries the row
    clients = []
    for _ in range(BEATS):
        client = client_for(None)
        client.cookies["sessionid"] = owner.cookies["sessionid"].value
        clients.append(client)

    def beat(client):
        return lambda: call(client, "post", BEAT, {"token": carrying}).status_code

    statuses = run_together([beat(client) for client in clients])
    wall_us = (timezone.now() - started) // timedelta(microseconds=1)

    assert set(statuses) == {200}, statuses
    attendance = Attendance.objects.get(user=learner)
    assert attendance.credited_us <= wall_us
    assert attendance.credited_us == (attendance.last_beat_at - attendance.first_join_at) // timedelta(
        microseconds=1
    )


def test_two_markers_of_one_learner_keep_both_changes_in_the_audit(course_staff, instructor, learner):
    classroom_activity(course_staff.id)
    slot = make_slot(course_staff.id, capacity=5)
    classroom.register(learner.id, USAGE_KEY, slot.id, T0 - timedelta(days=1))
    during = T0 + timedelta(minutes=30)
    marked = classroom.set_mark(instructor.id, USAGE_KEY, slot.id, learner.id, {"status": "absent"}, during)
    version = marked.mark.version

    def mark(actor_id: int, status: str):
        def send():
            data = {"status": status, "version": version}
            return classroom.set_mark(actor_id, USAGE_KEY, slot.id, learner.id, data, during).mark.version

        return send

    results = run_together([mark(instructor.id, "late"), mark(course_staff.id, "present")])

    assert sorted(type(r).__name__ for r in results) == ["Conflict", "int"], results
    loser = 0 if isinstance(results[0], Conflict) else 1
    retry_as, retry_status = [(instructor.id, "late"), (course_staff.id, "present")][loser]
    data = {"status": retry_status, "version": version + 1}  # the loser reads the mark again
    classroom.set_mark(retry_as, USAGE_KEY, slot.id, learner.id, data, during)

    audit = list(MarkAudit.objects.filter(slot=slot, user=learner).order_by("version"))
    assert [entry.version for entry in audit] == [1, 2, 3]
    assert {entry.after_status for entry in audit[1:]} == {"late", "present"}
    assert audit[1].after_status == audit[2].before_status  # each change saw the one before it
