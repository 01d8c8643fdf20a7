"""The standalone platform backend answers the seam's questions from its plain tables."""

from __future__ import annotations

import pytest
from opaque_keys.edx.django.models import CourseKeyField
from opaque_keys.edx.keys import UsageKey

from attendance_app.platform import get_backend
from attendance_app.platform.base import CourseRole
from attendance_app.platform.standalone import models
from attendance_app.platform.standalone.backend import usage_key_for_id
from tests.factories import (
    COURSE_KEY,
    OTHER_COURSE_KEY,
    AccessRoleFactory,
    CohortFactory,
    EnrollmentFactory,
    GradableItemFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_users_come_back_by_id_and_unknown_ids_are_left_out():
    user = UserFactory(username="ada", first_name="Ada", last_name="Lovelace")

    infos = get_backend().get_users([user.id, 999999])

    assert list(infos) == [user.id]
    assert infos[user.id].full_name == "Ada Lovelace"


def test_only_active_enrollments_count(course):
    active = EnrollmentFactory().user
    EnrollmentFactory(is_active=False)
    EnrollmentFactory(course_key=OTHER_COURSE_KEY)

    assert get_backend().enrolled_user_ids(COURSE_KEY) == [active.id]
    assert get_backend().is_enrolled(active.id, COURSE_KEY)
    assert not get_backend().is_enrolled(active.id, OTHER_COURSE_KEY)


def test_course_roles_and_org_wide_roles(course):
    staff = AccessRoleFactory(role="staff").user
    org_instructor = AccessRoleFactory(course_key=CourseKeyField.Empty, org="demox", role="instructor").user

    backend = get_backend()
    assert backend.has_course_role(staff.id, COURSE_KEY, [CourseRole.STAFF])
    assert not backend.has_course_role(staff.id, COURSE_KEY, [CourseRole.INSTRUCTOR])
    assert not backend.has_course_role(staff.id, OTHER_COURSE_KEY, [CourseRole.STAFF])
    assert backend.has_course_role(org_instructor.id, COURSE_KEY, [CourseRole.INSTRUCTOR])


def test_org_admins_and_global_staff(org_admin, global_staff):
    backend = get_backend()

    assert backend.is_org_admin(org_admin.id, "DemoX")
    assert backend.orgs_administered(org_admin.id) == ["DemoX"]
    assert not backend.is_org_admin(org_admin.id, "OtherX")
    assert backend.is_global_staff(global_staff.id)
    assert not backend.is_global_staff(org_admin.id)


def test_cohorts_and_their_members(course):
    morning = CohortFactory(name="Morning")
    member = UserFactory()
    morning.members.add(member)
    CohortFactory(course_key=OTHER_COURSE_KEY, name="Elsewhere")

    backend = get_backend()
    assert [cohort.name for cohort in backend.cohorts(COURSE_KEY)] == ["Morning"]
    assert backend.cohort_member_ids(COURSE_KEY, morning.id) == [member.id]
    assert backend.cohort_member_ids(OTHER_COURSE_KEY, morning.id) == []


def test_grades_gradable_items_and_completion(learner):
    quiz = GradableItemFactory(display_name="Quiz")
    models.Grade.objects.create(user=learner, usage_key=quiz.usage_key, percent=72.5)
    backend = get_backend()

    assert [item.display_name for item in backend.gradable_items(COURSE_KEY)] == ["Quiz"]
    assert backend.grade_percent(learner.id, quiz.usage_key) == 72.5
    assert backend.grade_percent(learner.id, COURSE_KEY.make_usage_key("problem", "unseen")) is None
    backend.set_completion(learner.id, quiz.usage_key, 1.0)
    backend.set_completion(learner.id, quiz.usage_key, 0.5)
    assert models.Completion.objects.get().completion == 0.5


def test_the_demo_course_grade_is_the_mean_of_the_subsections_passed_from_half(learner):
    first, second = GradableItemFactory(), GradableItemFactory()
    GradableItemFactory(kind="problem")  # problems are not subsections: they do not count
    other = UserFactory()
    models.Grade.objects.create(user=learner, usage_key=first.usage_key, percent=80)
    models.Grade.objects.create(user=learner, usage_key=second.usage_key, percent=40)
    models.Grade.objects.create(user=other, usage_key=first.usage_key, percent=90)  # second: not graded

    records = {record.user_id: record for record in get_backend().grade_summary_records(COURSE_KEY)}

    assert (records[learner.id].percent, records[learner.id].passed) == (0.6, True)
    assert (records[other.id].percent, records[other.id].passed, records[other.id].letter_grade) == (
        0.45,
        False,
        "",
    )
    assert list(get_backend().grade_summary_records(OTHER_COURSE_KEY)) == []


def test_events_are_kept_for_inspection(learner):
    get_backend().emit_event("edx.attendance.test", {"answer": 42}, learner.id)

    assert models.TrackedEvent.objects.get().data == {"answer": 42}


def test_workbench_ids_become_usage_keys_of_the_standalone_course():
    key = usage_key_for_id("attendance-live.attendance.d0.u0", "attendance")

    assert key == COURSE_KEY.make_usage_key("attendance", "attendance-live_attendance_d0_u0")
    real = COURSE_KEY.make_usage_key("attendance", "x")
    assert usage_key_for_id(str(real), "attendance") == real
    assert isinstance(usage_key_for_id(real, "attendance"), UsageKey)


def test_a_workbench_blocks_courseware_url_is_its_scenario_page():
    backend = get_backend()
    live = usage_key_for_id("attendance-live-webinar.attendance.d0.u0", "attendance")

    assert backend.courseware_url(live) == "/scenario/attendance.0/"


def test_other_blocks_open_through_the_lms_jump_to_route():
    key = COURSE_KEY.make_usage_key("attendance", "replay")

    assert get_backend().courseware_url(key) == f"/courses/{COURSE_KEY}/jump_to/{key}"


def test_the_standalone_home_is_the_site_root_and_no_account_zone_is_known_until_set(learner):
    assert get_backend().home_url() == "/"
    assert get_backend().user_time_zone(learner.id) is None


def test_the_lms_backend_leads_home_to_the_lms_dashboard_and_opens_units_by_jump_to(settings):
    from attendance_app.platform.openedx import OpenEdxBackend

    settings.LMS_ROOT_URL = "https://lms.example.com"
    key = COURSE_KEY.make_usage_key("attendance", "replay")

    assert OpenEdxBackend().home_url() == "https://lms.example.com/dashboard"
    assert OpenEdxBackend().courseware_url(key) == f"/courses/{COURSE_KEY}/jump_to/{key}"
