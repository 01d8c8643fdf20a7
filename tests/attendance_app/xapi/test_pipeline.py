"""An event emitted through eventtracking with event-routing-backends' backends becomes an xAPI statement.

The tracker is built from the ``EVENT_TRACKING_BACKENDS`` that event-routing-backends' and our
plugin settings made (tests.attendance_app.xapi.settings), as in an LMS with Aspects; Celery runs
eagerly. event-routing-backends logs each statement it makes on its ``xapi_tracking`` logger.
"""

from __future__ import annotations

import json
import logging

import pytest
from eventtracking import tracker as eventtracking
from eventtracking.django.django_tracker import DjangoTracker

from attendance_app.xapi import constants
from tests.attendance_app.xapi.samples import ACTIVITY_ID, course_context, event_data

pytestmark = [pytest.mark.xapi, pytest.mark.django_db, pytest.mark.usefixtures("edx_platform_helpers")]


@pytest.fixture
def lms_tracker(monkeypatch):
    tracker = DjangoTracker()
    monkeypatch.setitem(eventtracking.TRACKERS, eventtracking.DEFAULT_TRACKER_NAME, tracker)
    return tracker


def _emit(tracker, name, user_id, data):
    with tracker.context("edx.course.server", course_context(user_id)):
        tracker.emit(name, data)


def _statements(caplog):
    return [json.loads(record.getMessage()) for record in caplog.records if record.name == "xapi_tracking"]


@pytest.mark.parametrize("name", constants.XAPI_EVENT_NAMES)
def test_every_attendance_event_comes_out_as_a_statement(name, lms_tracker, learner_id, caplog):
    with caplog.at_level(logging.INFO, logger="xapi_tracking"):
        _emit(lms_tracker, name, learner_id, event_data(name, learner_id))
    (statement,) = _statements(caplog)
    assert statement["verb"]["id"] == constants.VERBS[name].iri
    assert statement["context"]["contextActivities"]


def test_an_event_not_allowed_makes_no_statement(lms_tracker, learner_id, caplog):
    with caplog.at_level(logging.INFO, logger="xapi_tracking"):
        _emit(
            lms_tracker,
            "attendance.heartbeat",
            learner_id,
            {"user_id": learner_id, "activity_id": ACTIVITY_ID},
        )
    assert _statements(caplog) == []
