"""The platform seam's contract: the standalone and the openedx backend answer every question alike.

Each test runs on both backends. For the openedx backend, edx-platform is replaced by the small
fakes of ``edx_fakes`` at its import boundary only (``sys.modules``); for the standalone backend the
same facts are rows of its own tables. Every method of ``PlatformBackend`` is covered.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from opaque_keys.edx.keys import CourseKey

from attendance_app.platform.base import (
    AccessRoleRecord,
    CertificateRecord,
    CohortInfo,
    CohortMembershipRecord,
    CourseInfo,
    CourseRole,
    EnrollmentRecord,
    GradableItem,
    GradeSummaryRecord,
    PlatformBackend,
    PublishedBlockRecord,
)
from tests.attendance_app.platform.worlds import OpenEdxWorld, StandaloneWorld, rendered_block
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

COURSE = CourseKey.from_string("course-v1:DemoX+CE101+2026")
OTHER = CourseKey.from_string("course-v1:OtherX+OT201+2026")


@pytest.fixture(params=["standalone", "openedx"])
def world(request, monkeypatch, db):
    return StandaloneWorld() if request.param == "standalone" else OpenEdxWorld(monkeypatch)


def test_every_abstract_method_of_the_seam_is_exercised_here():
    methods = set(PlatformBackend.__abstractmethods__) | {"get_users", "grade_percents", "client_ip"}
    source = Path(__file__).read_text(encoding="utf-8")
    assert {name for name in methods if f".{name}(" not in source} == set()


# Identity ---------------------------------------------------------------------------------------


def test_the_block_names_its_user_and_its_usage_key(world):
    ada = UserFactory(username="ada")
    usage_key = COURSE.make_usage_key("attendance", "session1")

    assert world.backend.user_id_for_block(rendered_block(ada, usage_key)) == ada.id
    assert world.backend.user_id_for_block(rendered_block(None, usage_key)) is None
    assert world.backend.usage_key_for_block(rendered_block(ada, usage_key)) == usage_key


def test_profiles_by_id_leave_unknown_ids_out(world):
    ada = UserFactory(username="ada", first_name="Ada", last_name="Lovelace")

    users = world.backend.get_users([ada.id, 987654])

    assert list(users) == [ada.id]
    assert users[ada.id].full_name == "Ada Lovelace"


def test_sso_identity_is_the_first_linked_account(world):
    ada, bob = UserFactory(username="ada"), UserFactory(username="bob")
    world.sso(ada, "tenant-a", "ada-at-a")
    world.sso(ada, "tenant-b", "ada-at-b")

    assert world.backend.sso_identity(ada.id) == ("ada-at-a", "tenant-a")
    assert world.backend.sso_identity(bob.id) == ("", "")


def test_language_and_time_zone_are_the_account_preferences_or_none(world):
    ada, bob = UserFactory(username="ada"), UserFactory(username="bob")
    world.preference(ada, "pref-lang", "fr")
    world.preference(ada, "time_zone", "Europe/Paris")
    world.preference(bob, "dark-mode", "true")

    assert world.backend.user_language(ada.id) == "fr"
    assert world.backend.user_time_zone(ada.id) == "Europe/Paris"
    assert world.backend.user_language(bob.id) is None
    assert world.backend.user_time_zone(bob.id) is None
    assert world.backend.user_language(987654) is None


# Courses and enrollment -------------------------------------------------------------------------


def test_a_course_run_or_none(world):
    start = datetime(2026, 1, 5, tzinfo=UTC)
    world.course(COURSE, "Continuing Education 101", start, None)

    assert world.backend.get_course(COURSE) == CourseInfo(COURSE, "Continuing Education 101", start, None)
    assert world.backend.get_course(OTHER) is None


def test_only_active_enrollments_count(world):
    ada, bob, cy = (UserFactory(username=name) for name in ("ada", "bob", "cy"))
    world.enroll(bob, COURSE)
    world.enroll(ada, COURSE)
    world.enroll(ada, OTHER)
    world.enroll(cy, COURSE, active=False)

    assert world.backend.is_enrolled(ada.id, COURSE)
    assert not world.backend.is_enrolled(cy.id, COURSE)
    assert world.backend.enrolled_user_ids(COURSE) == sorted([ada.id, bob.id])
    assert world.backend.enrolled_course_keys(ada.id) == [COURSE, OTHER]
    assert world.backend.enrolled_course_keys(cy.id) == []


# Roles ------------------------------------------------------------------------------------------


def test_global_staff_must_be_active(world):
    staff = UserFactory(username="staff", is_staff=True)
    retired = UserFactory(username="retired", is_staff=True, is_active=False)
    learner = UserFactory(username="learner")

    assert world.backend.is_global_staff(staff.id)
    assert not world.backend.is_global_staff(retired.id)
    assert not world.backend.is_global_staff(learner.id)


def test_org_admins_and_the_orgs_they_administer(world):
    admin, learner = UserFactory(username="admin"), UserFactory(username="learner")
    world.org_admin(admin, "OtherX")
    world.org_admin(admin, "DemoX")
    world.course_role(learner, COURSE, "instructor")  # a course instructor administers no org

    assert world.backend.orgs_administered(admin.id) == ["DemoX", "OtherX"]
    assert world.backend.is_org_admin(admin.id, "DemoX")
    assert world.backend.is_org_admin(admin.id, "demox")
    assert not world.backend.is_org_admin(admin.id, "ThirdX")
    assert world.backend.orgs_administered(learner.id) == []
    assert not world.backend.is_org_admin(learner.id, "DemoX")


def test_course_roles_and_org_wide_roles(world):
    staff, instructor, org_staff = (
        UserFactory(username=name) for name in ("staff", "instructor", "org_staff")
    )
    world.course_role(staff, COURSE, "staff")
    world.course_role(instructor, COURSE, "instructor")
    world.org_role(org_staff, "DemoX", "staff")
    backend = world.backend

    assert backend.has_course_role(staff.id, COURSE, [CourseRole.STAFF])
    assert not backend.has_course_role(staff.id, COURSE, [CourseRole.INSTRUCTOR])
    assert not backend.has_course_role(staff.id, OTHER, [CourseRole.STAFF])
    assert backend.has_course_role(instructor.id, COURSE, [CourseRole.STAFF, CourseRole.INSTRUCTOR])
    assert backend.has_course_role(org_staff.id, COURSE, [CourseRole.STAFF])
    assert not backend.has_course_role(org_staff.id, OTHER, [CourseRole.STAFF])


# Cohorts ----------------------------------------------------------------------------------------


def test_cohorts_by_name_and_their_members(world):
    ada, bob = UserFactory(username="ada"), UserFactory(username="bob")
    morning = world.cohort(COURSE, "Morning", [bob, ada])
    evening = world.cohort(COURSE, "Evening", [])
    elsewhere = world.cohort(OTHER, "Elsewhere", [ada])

    assert world.backend.cohorts(COURSE) == [CohortInfo(evening, "Evening"), CohortInfo(morning, "Morning")]
    assert world.backend.cohort_member_ids(COURSE, morning) == sorted([ada.id, bob.id])
    assert world.backend.cohort_member_ids(COURSE, evening) == []
    assert world.backend.cohort_member_ids(COURSE, elsewhere) == []


# Grades and completion --------------------------------------------------------------------------


def _outline(world):
    quiz1 = world.graded_subsection(COURSE, "Quiz 1", ["Q1 first", "Q1 second"])
    world.graded_subsection(COURSE, "Reading", ["Warm-up"], graded=False)
    quiz2 = world.graded_subsection(COURSE, "Quiz 2", ["Q2 only"])
    return quiz1, quiz2


def test_gradable_items_are_graded_subsections_and_their_problems_in_course_order(world):
    quiz1, quiz2 = _outline(world)
    first, second = world.outline.problems[quiz1]
    (only,) = world.outline.problems[quiz2]

    assert world.backend.gradable_items(COURSE) == [
        GradableItem(quiz1, "Quiz 1", "subsection"),
        GradableItem(first, "Q1 first", "problem"),
        GradableItem(second, "Q1 second", "problem"),
        GradableItem(quiz2, "Quiz 2", "subsection"),
        GradableItem(only, "Q2 only", "problem"),
    ]
    assert world.backend.gradable_items(OTHER) == []


def test_grades_of_problems_and_subsections_or_none_when_not_attempted(world):
    ada, bob = UserFactory(username="ada"), UserFactory(username="bob")
    quiz1, quiz2 = _outline(world)
    first, second = world.outline.problems[quiz1]
    world.score(ada, first, 3, 4)
    world.score(ada, second, 1, 4)
    world.score(bob, first, 4, 4)

    assert world.backend.grade_percent(ada.id, first) == 75.0
    assert world.backend.grade_percent(ada.id, quiz1) == 50.0
    assert world.backend.grade_percent(bob.id, quiz1) == 100.0
    assert world.backend.grade_percent(ada.id, quiz2) is None
    assert world.backend.grade_percents(ada.id, [quiz1, quiz2, second]) == {
        quiz1: 50.0,
        quiz2: None,
        second: 25.0,
    }
    assert world.backend.grade_percents(ada.id, []) == {}


def test_the_grade_table_holds_every_attempted_subsection_grade_of_the_users(world):
    ada, bob, cy = UserFactory(username="ada"), UserFactory(username="bob"), UserFactory(username="cy")
    quiz1, quiz2 = _outline(world)
    first, second = world.outline.problems[quiz1]
    world.score(ada, first, 3, 4)
    world.score(ada, second, 1, 4)
    world.score(bob, first, 4, 4)
    world.score(cy, first, 2, 4)

    assert world.backend.grade_table(COURSE, [quiz1, quiz2], [ada.id, bob.id]) == {
        (ada.id, quiz1): 50.0,
        (bob.id, quiz1): 100.0,
    }
    assert world.backend.grade_table(COURSE, [quiz2], [ada.id]) == {}


def test_completion_is_recorded_and_can_be_raised(world):
    ada = UserFactory(username="ada")
    usage_key = COURSE.make_usage_key("attendance", "session1")

    world.backend.set_completion(ada.id, usage_key, 0.5)
    world.backend.set_completion(ada.id, usage_key, 1.0)

    assert world.completion(ada, usage_key) == 1.0


# Tracking ---------------------------------------------------------------------------------------


def test_tracking_events_carry_their_name_and_data(world):
    ada = UserFactory(username="ada")

    world.backend.emit_event("edx.attendance.test", {"units": "1.5"}, user_id=ada.id)

    assert world.events() == [("edx.attendance.test", {"units": "1.5"})]


def test_the_tracking_context_names_the_course_and_its_org(world):
    context = world.backend.tracking_context(str(COURSE))

    assert (context["course_id"], context["org_id"]) == (str(COURSE), "DemoX")


# Mirror backfill --------------------------------------------------------------------------------


def test_the_mirrored_course_keys_are_every_course_run_in_key_order(world):
    world.course(OTHER, "Other", None, None)
    world.course(COURSE, "Continuing Education 101", None, None)

    assert world.backend.mirrored_course_keys() == [COURSE, OTHER]


def test_enrollment_records_are_every_enrollment_of_the_course_with_its_mode_and_state(world):
    ada, bob, cy = (UserFactory(username=name) for name in ("ada", "bob", "cy"))
    world.enroll(ada, COURSE, mode="verified")
    world.enroll(bob, OTHER, mode="verified")
    world.enroll(cy, COURSE, active=False, mode="audit")
    kept = "enrollment modes" in world.keeps

    assert list(world.backend.enrollment_records(COURSE)) == [
        EnrollmentRecord(ada.id, COURSE, "verified" if kept else "", True),
        EnrollmentRecord(cy.id, COURSE, "audit" if kept else "", False),
    ]
    assert list(world.backend.enrollment_records(CourseKey.from_string("course-v1:DemoX+NONE+1"))) == []


def test_cohort_membership_records_name_each_learners_cohort(world):
    ada, bob, cy = (UserFactory(username=name) for name in ("ada", "bob", "cy"))
    world.cohort(COURSE, "Morning", [ada])
    world.cohort(COURSE, "Evening", [bob])
    world.cohort(OTHER, "Elsewhere", [cy])

    assert list(world.backend.cohort_membership_records(COURSE)) == [
        CohortMembershipRecord(ada.id, COURSE, "Morning"),
        CohortMembershipRecord(bob.id, COURSE, "Evening"),
    ]


def test_grade_summary_records_are_the_persistent_course_grades_with_passed(world):
    ada, bob = UserFactory(username="ada"), UserFactory(username="bob")
    world.course_grade(ada, COURSE, 0.92, "Pass", passed=True)
    world.course_grade(bob, COURSE, 0.4, "", passed=False)
    world.course_grade(ada, OTHER, 0.7, "Pass", passed=True)
    expected = [
        GradeSummaryRecord(ada.id, COURSE, 0.92, "Pass", True),
        GradeSummaryRecord(bob.id, COURSE, 0.4, "", False),
    ]

    assert list(world.backend.grade_summary_records(COURSE)) == (
        expected if "course grades" in world.keeps else []
    )


def test_certificate_records_are_the_platforms_certificates_with_their_status(world):
    ada, bob = UserFactory(username="ada"), UserFactory(username="bob")
    world.certificate(ada, COURSE, "verified", "downloadable")
    world.certificate(bob, COURSE, "audit", "notpassing")
    world.certificate(bob, OTHER, "verified", "downloadable")
    expected = [
        CertificateRecord(ada.id, COURSE, "verified", "downloadable"),
        CertificateRecord(bob.id, COURSE, "audit", "notpassing"),
    ]

    assert list(world.backend.certificate_records(COURSE)) == (
        expected if "certificates" in world.keeps else []
    )


def test_access_role_records_are_the_course_roles_and_the_roles_over_its_org(world):
    staff, org_wide, elsewhere, other_org = (
        UserFactory(username=name) for name in ("staff", "org_wide", "elsewhere", "other_org")
    )
    world.course_role(staff, COURSE, "staff")
    world.org_role(org_wide, "demox", "instructor")  # organization short names match in any case
    world.course_role(elsewhere, CourseKey.from_string("course-v1:DemoX+CE102+2026"), "staff")
    world.org_role(other_org, "OtherX", "staff")

    assert list(world.backend.access_role_records(COURSE)) == [
        AccessRoleRecord(staff.id, "DemoX", COURSE, "staff"),
        AccessRoleRecord(org_wide.id, "demox", None, "instructor"),
    ]


def test_published_block_records_are_the_course_blocks_of_one_type(world):
    first = world.published_block(COURSE, "attendance", "session1")
    quiz = world.published_block(COURSE, "problem", "quiz")
    second = world.published_block(COURSE, "attendance", "session2")
    world.published_block(OTHER, "attendance", "elsewhere")

    assert list(world.backend.published_block_records(COURSE, "attendance")) == [
        PublishedBlockRecord(first, "attendance"),
        PublishedBlockRecord(second, "attendance"),
    ]
    assert list(world.backend.published_block_records(COURSE, "problem")) == [
        PublishedBlockRecord(quiz, "problem")
    ]


# Requests ---------------------------------------------------------------------------------------


def test_the_client_address_is_the_one_the_request_came_from(world, rf):
    request = rf.get("/", REMOTE_ADDR="198.51.100.7")

    assert world.backend.client_ip(request) == "198.51.100.7"
