"""Fixtures shared by the whole suite: people in the demo course, in every role."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation
from opaque_keys.edx.django.models import CourseKeyField

from attendance_app.api.presence_config import forget_recent_configs
from tests.factories import COURSE_KEY, AccessRoleFactory, CourseFactory, EnrollmentFactory, UserFactory

# The report tests' rows (activities, visits, coaches), shared with the web and REST tests.
pytest_plugins = ["tests.attendance_app.reports.fixtures"]


@pytest.fixture
def course(db):
    return CourseFactory()


@pytest.fixture
def learner(course):
    return EnrollmentFactory(user=UserFactory(username="learner"), course_key=COURSE_KEY).user


@pytest.fixture
def other_learner(course):
    return EnrollmentFactory(user=UserFactory(username="other_learner"), course_key=COURSE_KEY).user


@pytest.fixture
def outsider(db):
    """A logged-in user with no enrollment and no role."""
    return UserFactory(username="outsider")


@pytest.fixture
def course_staff(course):
    return AccessRoleFactory(user=UserFactory(username="course_staff"), role="staff").user


@pytest.fixture
def instructor(course):
    return AccessRoleFactory(user=UserFactory(username="instructor"), role="instructor").user


@pytest.fixture
def org_admin(db):
    return AccessRoleFactory(
        user=UserFactory(username="org_admin"), course_key=CourseKeyField.Empty, org="DemoX", role="org_admin"
    ).user


@pytest.fixture
def global_staff(db):
    return UserFactory(username="global_staff", is_staff=True)


# Shared Celery tasks bind to the current app: make it the suite's, configured from the test settings.
import tests.celery_app  # noqa: E402, F401
from tests import services  # noqa: E402


def pytest_collection_modifyitems(config, items):
    """Leave the schemathesis run out unless ``-m`` names it (``make test-schema`` does)."""
    if "schemathesis" in (config.getoption("markexpr") or ""):
        return
    kept = [item for item in items if item.get_closest_marker("schemathesis") is None]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


def pytest_runtest_setup(item):
    """Skip, or fail under ATTENDANCE_REQUIRE_SERVICES=1, tests whose marked services are missing."""
    services.apply_markers(item)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: the database rolls back between tests and reuses ids,
    so presence configurations and access answers cached by an earlier test would be wrong (the
    configurations a process keeps for vouched beats, ADR 0035, too)."""
    cache.clear()
    forget_recent_configs()
    yield
    cache.clear()
    forget_recent_configs()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: LocaleMiddleware activates a request's language and
    leaves it active in the thread, so a French request would translate a later test's messages
    (seen when pytest-randomly, in edx-platform's pinned set, runs the tests in another order)."""
    translation.deactivate()
    yield
    translation.deactivate()
