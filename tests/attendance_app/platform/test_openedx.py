"""What only the openedx backend does: openedx-authz org grants, and grade reads per course run."""

from __future__ import annotations

import pytest
from opaque_keys.edx.keys import CourseKey

from tests.attendance_app.platform import edx_fakes
from tests.attendance_app.platform.worlds import OpenEdxWorld
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

COURSE = CourseKey.from_string("course-v1:DemoX+CE101+2026")


@pytest.fixture
def world(monkeypatch, db):
    return OpenEdxWorld(monkeypatch)


def test_an_openedx_authz_course_admin_over_an_org_glob_administers_that_org(world):
    admin = UserFactory(username="authz_admin")
    world.platform.authz_assignments["authz_admin"] = [
        edx_fakes.authz_org_assignment("AuthzX", "course_admin"),
        edx_fakes.authz_org_assignment("StaffOnlyX", "course_staff"),
    ]
    world.org_admin(admin, "DemoX")

    assert world.backend.orgs_administered(admin.id) == ["AuthzX", "DemoX"]
    assert world.backend.is_org_admin(admin.id, "authzx")
    assert not world.backend.is_org_admin(admin.id, "StaffOnlyX")


def test_a_course_level_authz_assignment_administers_no_org(world):
    user = UserFactory(username="course_admin_only")
    assignment = edx_fakes.authz_org_assignment("DemoX", "course_admin")
    assignment.scope.IS_ORG_GLOB = False  # a CourseOverviewData scope: one course run
    world.platform.authz_assignments["course_admin_only"] = [assignment]

    assert world.backend.orgs_administered(user.id) == []


def test_an_inactive_user_administers_nothing(world):
    gone = UserFactory(username="gone", is_active=False)
    world.org_admin(gone, "DemoX")

    assert world.backend.orgs_administered(gone.id) == []


def test_unknown_users_get_empty_answers_rather_than_errors(world):
    quiz = world.graded_subsection(COURSE, "Quiz 1", ["Q1"])

    assert world.backend.grade_percents(424242, [quiz]) == {quiz: None}
    assert world.backend.enrolled_course_keys(424242) == []
    assert world.backend.sso_identity(424242) == ("", "")
    assert not world.backend.is_enrolled(424242, COURSE)


def test_a_grade_of_an_item_outside_the_course_structure_is_none(world):
    ada = UserFactory(username="ada")
    world.graded_subsection(COURSE, "Quiz 1", ["Q1"])

    assert world.backend.grade_percent(ada.id, COURSE.make_usage_key("sequential", "deleted")) is None


def test_published_block_records_leave_out_blocks_never_published(world):
    """Studio's modulestore prefers drafts; the backfill reads the published branch only."""
    published = world.published_block(COURSE, "attendance", "live")
    world.published_block(COURSE, "attendance", "draft_only", published=False)

    assert [record.usage_key for record in world.backend.published_block_records(COURSE, "attendance")] == [
        published
    ]


def test_the_tracking_context_is_the_lms_own(world):
    """common/djangoapps/track/contexts.py adds what only the LMS knows (the enterprise uuid)."""
    assert world.backend.tracking_context(str(COURSE)) == {
        "course_id": str(COURSE),
        "org_id": "DemoX",
        "enterprise_uuid": "",
    }
