"""Every attendance event becomes a valid xAPI statement through event-routing-backends' real pipeline.

edx-platform is absent: the four names event-routing-backends' helpers import from it (the user
lookup, the external id model and the course overviews API) are replaced at that import boundary.
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from types import SimpleNamespace

import isodate
import pytest
from event_routing_backends import helpers
from event_routing_backends.processors.xapi import constants as erb_constants
from event_routing_backends.processors.xapi.registry import XApiTransformersRegistry
from event_routing_backends.processors.xapi.transformer_processor import XApiProcessor
from tincan import Statement

from attendance_app.xapi import constants
from attendance_app.xapi.transformers import TRANSFORMERS
from tests.factories import COURSE_KEY, UserFactory

pytestmark = [pytest.mark.xapi, pytest.mark.django_db]

ACTIVITY_ID = f"block-v1:{str(COURSE_KEY).removeprefix('course-v1:')}+type@attendance+block@session1"
LMS = "https://lms.example.com"
TIMESTAMP = "2026-03-02T10:15:00.123456+00:00"

EVENT_DATA = {
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
    constants.SLOT_REGISTERED: {"slot_id": 5},
    constants.SLOT_UNREGISTERED: {"slot_id": 5},
    constants.SLOT_MARKED: {"slot_id": 5, "status": "present"},
    constants.SLOT_CHECKED_IN: {"slot_id": 5},
}


class ExternalIdType:
    XAPI = "xapi"


class ExternalId:
    """edx-platform's external_user_ids model, as event-routing-backends calls it."""

    @staticmethod
    def add_new_user_id(user, type_name):
        return SimpleNamespace(
            external_user_id=uuid.uuid5(uuid.NAMESPACE_URL, f"{type_name}:{user.pk}")
        ), True


@pytest.fixture(autouse=True)
def edx_platform_helpers(monkeypatch):
    monkeypatch.setattr(helpers, "ExternalId", ExternalId)
    monkeypatch.setattr(helpers, "ExternalIdType", ExternalIdType)
    monkeypatch.setattr(helpers, "get_potentially_retired_user_by_username", lambda username: None)
    monkeypatch.setattr(
        helpers, "get_course_overviews", lambda keys: [{"id": key, "display_name": "CE 101"} for key in keys]
    )
    helpers.get_anonymous_user_id.cache_clear()
    helpers.get_course_from_id.cache_clear()
    yield
    helpers.get_anonymous_user_id.cache_clear()
    helpers.get_course_from_id.cache_clear()


@pytest.fixture
def learner_id(db):
    return UserFactory(username="xapi_learner").pk


def _event(name, user_id, timestamp=TIMESTAMP, **data):
    return {
        "name": name,
        "timestamp": timestamp,
        "context": {"course_id": str(COURSE_KEY), "user_id": user_id, "org_id": "DemoX"},
        "data": {
            "course_id": str(COURSE_KEY),
            "activity_id": ACTIVITY_ID,
            "user_id": user_id,
            **EVENT_DATA[name],
            **data,
        },
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
    assert statement["actor"]["account"]["name"] == str(uuid.uuid5(uuid.NAMESPACE_URL, f"xapi:{learner_id}"))
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
