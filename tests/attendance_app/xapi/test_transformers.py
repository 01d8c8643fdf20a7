"""Every attendance event becomes a valid xAPI statement through event-routing-backends' XApiProcessor."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import isodate
import pytest
from event_routing_backends.processors.xapi import constants as erb_constants
from event_routing_backends.processors.xapi.registry import XApiTransformersRegistry
from event_routing_backends.processors.xapi.transformer_processor import XApiProcessor
from tincan import Statement

from attendance_app.xapi import constants
from attendance_app.xapi.transformers import TRANSFORMERS
from tests.attendance_app.xapi.conftest import anonymous_id
from tests.attendance_app.xapi.samples import (
    ACTIVITY_ID,
    EVENT_DATA,
    LMS,
    TIMESTAMP,
    course_context,
    event_data,
)
from tests.factories import COURSE_KEY

pytestmark = [pytest.mark.xapi, pytest.mark.django_db, pytest.mark.usefixtures("edx_platform_helpers")]


def _event(name, user_id, timestamp=TIMESTAMP, **data):
    return {
        "name": name,
        "timestamp": timestamp,
        "context": course_context(user_id),
        "data": event_data(name, user_id, **data),
    }


def _statement(event):
    statements = XApiProcessor().transform_event(event)
    assert len(statements) == 1
    return statements[0]


def _extension(name):
    return constants.extension(name)


def test_every_event_has_a_registered_transformer():
    assert set(TRANSFORMERS) == set(constants.XAPI_EVENT_NAMES) == set(EVENT_DATA)
    for name, transformer in TRANSFORMERS.items():
        assert XApiTransformersRegistry.mapping[name] is transformer


@pytest.mark.parametrize("name", constants.XAPI_EVENT_NAMES)
def test_each_event_becomes_a_valid_statement(name, learner_id):
    statement = _statement(_event(name, learner_id))
    # tincan validates every property it parses: a malformed statement raises here.
    parsed = Statement.from_json(json.dumps(statement))
    assert parsed.version == erb_constants.XAPI_SPECIFICATION_VERSION
    assert uuid.UUID(statement["id"])
    verb = constants.VERBS[name]
    assert statement["verb"] == {"id": verb.iri, "display": {"en": verb.display}}
    assert statement["verb"]["id"] != erb_constants.XAPI_VERB_REGISTERED
    assert statement["actor"]["objectType"] == "Agent"
    assert statement["actor"]["account"]["homePage"] == LMS
    assert statement["actor"]["account"]["name"] == str(anonymous_id(learner_id))
    assert statement["object"]["id"].startswith(f"{LMS}/")
    assert statement["timestamp"].startswith("2026-03-02T10:15:00")
    activities = statement["context"]["contextActivities"]
    course = [*activities.get("parent", []), *activities.get("grouping", [])]
    assert {"id": f"{LMS}/course/{COURSE_KEY}", "objectType": "Activity"}.items() <= course[-1].items()
    assert course[-1]["definition"]["name"] == {"en-US": "CE 101"}


def test_visit_ended_reports_its_duration_and_instants(learner_id):
    statement = _statement(_event(constants.VISIT_ENDED, learner_id))
    assert statement["object"] == {
        "id": f"{LMS}/xblock/{ACTIVITY_ID}",
        "objectType": "Activity",
        "definition": {"type": constants.ACTIVITY_MEETING},
    }
    assert isodate.parse_duration(statement["result"]["duration"]) == timedelta(seconds=4500)
    assert statement["result"]["extensions"] == {_extension("seconds"): 4500}
    extensions = statement["context"]["extensions"]
    assert extensions[_extension("visit-started-at")] == "2026-03-02T09:00:00+00:00"
    assert extensions[_extension("visit-ended-at")] == "2026-03-02T10:15:00+00:00"


def test_an_answered_prompt_succeeds_with_its_latency_and_a_missed_one_fails(learner_id):
    answered = _statement(_event(constants.PROMPT_ANSWERED, learner_id))
    missed = _statement(_event(constants.PROMPT_MISSED, learner_id))
    assert answered["object"]["id"] == f"{LMS}/xblock/{ACTIVITY_ID}/prompt/41"
    assert answered["object"]["definition"]["type"] == constants.ACTIVITY_INTERACTION
    assert answered["result"]["success"] is True
    assert isodate.parse_duration(answered["result"]["duration"]) == timedelta(milliseconds=2750)
    assert answered["context"]["contextActivities"]["parent"][0]["id"] == f"{LMS}/xblock/{ACTIVITY_ID}"
    assert missed["result"] == {"success": False}
    assert missed["context"]["extensions"][_extension("deadline")] == "2026-03-02T10:01:00+00:00"


def test_units_keep_their_exact_decimal(learner_id):
    statement = _statement(_event(constants.UNITS_EARNED, learner_id))
    assert statement["result"]["extensions"] == {
        _extension("unit-acronym"): "CPE",
        _extension("units"): "1.50",
        _extension("seconds"): 4500,
    }


def test_a_certificate_statement_is_about_the_certificate(learner_id):
    statement = _statement(_event(constants.CERTIFICATE_ISSUED, learner_id))
    assert statement["object"]["id"] == f"{LMS}/attendance/certificate/3"
    assert statement["object"]["definition"]["type"] == constants.ACTIVITY_CERTIFICATE
    assert statement["context"]["extensions"][_extension("verification-code")] == "K7Q2-9XRT"


def test_a_reissue_statement_is_about_the_new_certificate_and_names_the_old_one(learner_id):
    statement = _statement(_event(constants.CERTIFICATE_REISSUED, learner_id))
    assert statement["verb"]["id"] == "http://activitystrea.ms/schema/1.0/update"
    assert statement["object"]["id"] == f"{LMS}/attendance/certificate/4"
    extensions = statement["context"]["extensions"]
    assert extensions[_extension("verification-code")] == "M3P8-2WQZ"
    assert extensions[_extension("previous-verification-code")] == "K7Q2-9XRT"


def test_the_same_event_twice_has_the_same_id(learner_id):
    first = _statement(_event(constants.UNITS_EARNED, learner_id))
    again = _statement(_event(constants.UNITS_EARNED, learner_id))
    assert first["id"] == again["id"]


def test_two_units_or_claims_at_one_instant_are_two_statements(learner_id):
    cpe = _statement(_event(constants.UNITS_EARNED, learner_id))
    ceu = _statement(_event(constants.UNITS_EARNED, learner_id, unit_acronym="CEU", units="0.15"))
    claim = _statement(_event(constants.CREDITS_CLAIMED, learner_id))
    other_claim = _statement(_event(constants.CREDITS_CLAIMED, learner_id, claim_id=8))
    assert cpe["id"] != ceu["id"]
    assert claim["id"] != other_claim["id"]


def test_the_course_comes_from_the_data_when_the_context_has_none(learner_id):
    event = _event(constants.VISIT_STARTED, learner_id)
    event["context"] = {"user_id": learner_id}
    statement = _statement(event)
    assert statement["context"]["contextActivities"]["parent"][0]["id"] == f"{LMS}/course/{COURSE_KEY}"
