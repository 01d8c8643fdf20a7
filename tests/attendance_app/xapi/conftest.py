"""The xAPI tests that need event-routing-backends run only under its settings (``make test-xapi``).

edx-platform is absent there: the four names event-routing-backends' helpers import from it (the
user lookup, the external id model and the course overviews API) are replaced at that import
boundary by :func:`edx_platform_helpers`.
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from django.conf import settings

from tests.factories import UserFactory

NEED_EVENT_ROUTING_BACKENDS = ["test_transformers.py", "test_event_routing_settings.py", "test_pipeline.py"]

collect_ignore = [] if "event_routing_backends" in settings.INSTALLED_APPS else NEED_EVENT_ROUTING_BACKENDS


class ExternalIdType:
    XAPI = "xapi"


class ExternalId:
    """edx-platform's external_user_ids model, as event-routing-backends calls it."""

    @staticmethod
    def add_new_user_id(user, type_name):
        return SimpleNamespace(external_user_id=anonymous_id(user.pk, type_name)), True


def anonymous_id(user_id: int, type_name: str = ExternalIdType.XAPI) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{type_name}:{user_id}")


@pytest.fixture
def edx_platform_helpers(monkeypatch):
    from event_routing_backends import helpers

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
