"""Credit deficiency report: learners below their organization's required credits, by how much."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from opaque_keys.edx.django.models import CourseKeyField

from attendance_app.api import cycles
from attendance_app.exceptions import InvalidInput, NotAuthorized
from tests.attendance_app.cycles_helpers import SECOND_DEMOX_COURSE, activity_in, claim, cpe_unit
from tests.attendance_app.reports.helpers import csv_rows, read_xlsx, report_bytes
from tests.factories import COURSE_KEY, AccessRoleFactory, EnrollmentFactory, UserFactory

KIND = "credit-deficiency"
COLUMNS = [
    "user ID", "First", "Last", "Email", "Acronym", "Required", "Earned", "Missing",
    "Period start", "Period end",
]  # fmt: skip
FEBRUARY = datetime(2026, 2, 1, tzinfo=UTC)


@pytest.fixture
def cpe(db):
    return cpe_unit()


@pytest.fixture
def required_cpe(cpe, global_staff):
    return cycles.create_requirement(
        global_staff.id, {"org": "DemoX", "acronym": "CPE", "required_credits": "40"}
    )


def test_a_row_per_learner_below_target_with_what_is_missing(
    required_cpe, cpe, learner, other_learner, course_staff
):
    learner.first_name, learner.last_name = "Ada", "Lovelace"
    learner.save()
    claim(learner, activity_in(COURSE_KEY), cpe, "12.5", FEBRUARY)
    claim(other_learner, activity_in(SECOND_DEMOX_COURSE), cpe, "40", FEBRUARY)  # met, in another course
    rows = csv_rows(KIND, course_staff)
    assert rows[0] == COLUMNS
    assert rows[1:] == [
        [str(learner.id), "Ada", "Lovelace", "learner@example.com", "CPE", "40.00", "12.50", "27.50",
         "2026-01-01", "2026-12-31"],
    ]  # fmt: skip


def test_a_learner_without_any_claim_misses_it_all(required_cpe, learner, course_staff):
    assert csv_rows(KIND, course_staff)[1][5:8] == ["40.00", "0.00", "40.00"]


def test_an_org_admin_and_global_staff_read_it(required_cpe, learner, org_admin, global_staff):
    assert len(csv_rows(KIND, org_admin)) == 2
    assert len(csv_rows(KIND, global_staff)) == 2


def test_a_coach_sees_their_cohort_s_learners_only(
    required_cpe, learner, other_learner, coach, coached_cohort
):
    assert [row[0] for row in csv_rows(KIND, coach)[1:]] == [str(learner.id)]


@pytest.mark.parametrize("role", ["learner", "outsider", "org_admin_of_another_org"])
def test_others_are_refused(required_cpe, request, role):
    if role == "org_admin_of_another_org":
        reader = AccessRoleFactory(
            user=UserFactory(username="other_admin"),
            course_key=CourseKeyField.Empty,
            org="OtherX",
            role="org_admin",
        ).user
    else:
        reader = request.getfixturevalue(role)
    with pytest.raises(NotAuthorized):
        report_bytes(KIND, reader)


def test_filters_by_learner_and_refuses_unknown_filters(required_cpe, learner, other_learner, course_staff):
    assert [row[0] for row in csv_rows(KIND, course_staff, user="other_learner")[1:]] == [
        str(other_learner.id)
    ]
    with pytest.raises(InvalidInput):
        report_bytes(KIND, course_staff, start="2026-01-01")


def test_requirements_of_other_organizations_and_not_yet_in_force_are_left_out(
    cpe, learner, course_staff, global_staff
):
    cpe_unit(org="OtherX")
    cycles.create_requirement(global_staff.id, {"org": "OtherX", "acronym": "CPE", "required_credits": "5"})
    cycles.create_requirement(
        global_staff.id, {"org": "DemoX", "acronym": "CPE", "required_credits": "5", "start": "2026-04-01"}
    )
    assert csv_rows(KIND, course_staff) == [COLUMNS]


def test_xlsx_holds_the_same_rows(required_cpe, learner, course_staff):
    rows = read_xlsx(report_bytes(KIND, course_staff, file_format="xlsx"))
    assert rows[0] == COLUMNS
    assert rows[1][0] == learner.id
    assert rows[1][4:] == ["CPE", 40, 0, 40, "2026-01-01", "2026-12-31"]


def test_a_formula_in_a_name_is_neutralised(required_cpe, learner, course_staff):
    learner.first_name = "=HYPERLINK(1)"
    learner.save()
    assert csv_rows(KIND, course_staff)[1][1] == "'=HYPERLINK(1)"


def test_queries_do_not_grow_with_learners(
    required_cpe, cpe, course_staff, course, django_assert_num_queries
):
    def enroll(count):
        for index in range(count):
            user = EnrollmentFactory(user=UserFactory()).user
            claim(user, activity_in(COURSE_KEY, f"a{user.id}-{index}"), cpe, "1", FEBRUARY)

    enroll(3)
    with django_assert_num_queries(
        7
    ) as few:  # permission (2), cohorts, enrollments, requirements, sums, users
        assert len(csv_rows(KIND, course_staff)) == 4
    enroll(12)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(csv_rows(KIND, course_staff)) == 16
