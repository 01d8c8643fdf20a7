"""What reports read from the mirrors: one query per table and course, whatever the learners."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from attendance_app.api import mirrors
from tests.factories import COURSE_KEY, UserFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
OTHER_KEY = COURSE_KEY.replace(run="2027")


@pytest.fixture
def people(db):
    people = [UserFactory(username=f"person{index}") for index in range(6)]
    for index, person in enumerate(people):
        mirrors.record_enrollment(person.id, COURSE_KEY, "verified" if index % 2 else "audit", index != 5, T0)
        mirrors.record_cohort(person.id, COURSE_KEY, "Blue" if index < 3 else "Green", T0)
        mirrors.record_grade(person.id, COURSE_KEY, index / 10, "", index >= 3, T0)
        mirrors.record_enrollment(person.id, OTHER_KEY, "audit", True, T0)
    mirrors.record_certificate(people[4].id, COURSE_KEY, "verified", "downloadable", False, T0)
    mirrors.record_role(people[0].id, "DemoX", COURSE_KEY, "staff", True, T0)
    mirrors.record_role(people[1].id, "DemoX", None, "instructor", True, T0)
    mirrors.record_role(people[2].id, "OtherX", None, "instructor", True, T0)
    mirrors.record_role(people[3].id, "DemoX", COURSE_KEY, "staff", True, T0)
    mirrors.record_role(people[3].id, "DemoX", COURSE_KEY, "staff", False, T0 + timedelta(minutes=1))
    return people


def test_each_reader_is_one_query(people, django_assert_num_queries):
    ids = [person.id for person in people]
    with django_assert_num_queries(1):
        modes = mirrors.active_enrollment_modes(COURSE_KEY)
    assert modes == {ids[i]: ("verified" if i % 2 else "audit") for i in range(5)}
    with django_assert_num_queries(1):
        assert mirrors.cohort_names(COURSE_KEY)[ids[4]] == "Green"
    with django_assert_num_queries(1):
        grades = mirrors.grade_summaries(COURSE_KEY)
    assert (grades[ids[2]], grades[ids[3]]) == ((0.2, False), (0.3, True))
    with django_assert_num_queries(1):
        assert mirrors.certificate_statuses(COURSE_KEY) == {ids[4]: "downloadable"}
    with django_assert_num_queries(1):
        assert mirrors.course_team_roles(COURSE_KEY) == {ids[0]: {"staff"}, ids[1]: {"instructor"}}


def test_published_activities_leave_out_deleted_blocks(db):
    live = COURSE_KEY.make_usage_key("attendance", "live")
    gone = COURSE_KEY.make_usage_key("attendance", "gone")
    mirrors.record_block(live, "attendance", False, T0)
    mirrors.record_block(gone, "attendance", False, T0)
    mirrors.record_block(gone, "attendance", True, T0 + timedelta(minutes=1))
    mirrors.record_block(COURSE_KEY.make_usage_key("problem", "quiz"), "problem", False, T0)

    assert mirrors.published_activity_keys(COURSE_KEY) == [live]
    assert mirrors.published_activity_keys(OTHER_KEY) == []


def test_an_org_role_counts_in_every_course_run_of_its_org(people):
    assert mirrors.course_team_roles(OTHER_KEY) == {people[1].id: {"instructor"}}
    assert mirrors.course_team_roles(COURSE_KEY.replace(org="OtherX")) == {people[2].id: {"instructor"}}
