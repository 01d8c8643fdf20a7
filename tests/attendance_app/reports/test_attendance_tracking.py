"""Attendance tracking (seed 000): grouped by session, grouped by user, ungrouped."""

from __future__ import annotations

from datetime import timedelta

import pytest

from attendance_app.exceptions import InvalidInput
from attendance_app.models import Activity, ActivityMode
from attendance_app.reports import prepare_report
from tests.attendance_app.reports.fixtures import NOW, T0, attend, many_learners
from tests.attendance_app.reports.helpers import csv_rows, read_xlsx, report_bytes
from tests.factories import COURSE_KEY

KIND = "attendance-tracking"


@pytest.fixture
def second_activity(live_activity):
    activity = Activity.objects.create(
        usage_key=COURSE_KEY.make_usage_key("attendance", "rec1"),
        course_key=COURSE_KEY,
        display_name="Recorded talk",
        mode=ActivityMode.RECORDED,
        live_start=T0 + timedelta(days=3),
    )
    activity.unit_rules.create(unit=live_activity.unit_rules.get().unit)
    return activity


@pytest.fixture
def tracked(live_activity, second_activity, learner, other_learner):
    learner.first_name, learner.last_name = "Ada", "Lovelace"
    learner.save()
    attend(learner, live_activity, minutes=90, hits=3)
    attend(learner, second_activity, minutes=45, hits=1)
    attend(other_learner, live_activity, minutes=20, hits=0)


def test_grouped_by_session_has_the_seed_columns_and_a_row_per_learner_and_session(
    tracked, course_staff, learner
):
    rows = csv_rows(KIND, course_staff, grouping="session")
    assert rows[0] == ["ID", "Person", "Activity", "Hits", "Time", "Computed units", "Date"]
    ada = [row for row in rows[1:] if row[0] == str(learner.id)]
    assert ada == [
        [str(learner.id), "Ada Lovelace", "'=Opening session", "3", "01:30:00", "1 CEU", "2026-03-02 09:00"],
        [str(learner.id), "Ada Lovelace", "Recorded talk", "1", "00:45:00", "0 CEU", "2026-03-05 09:00"],
    ]
    assert [row[2] for row in rows[1:]] == ["'=Opening session", "'=Opening session", "Recorded talk"]


def test_grouped_by_user_sums_hits_time_and_units(tracked, course_staff, learner, other_learner):
    rows = csv_rows(KIND, course_staff, grouping="user")
    assert rows[0] == ["ID", "Person", "Hits", "Time", "Computed units"]
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id[str(learner.id)] == [str(learner.id), "Ada Lovelace", "4", "02:15:00", "1 CEU"]
    assert by_id[str(other_learner.id)][2:] == ["0", "00:20:00", "0 CEU"]
    assert len(rows) == 3


def test_ungrouped_lists_records_by_date(tracked, course_staff):
    rows = csv_rows(KIND, course_staff, grouping="none")
    assert [row[6] for row in rows[1:]] == sorted(row[6] for row in rows[1:])
    assert len(rows) == 4


def test_filters_by_activity_user_and_date(tracked, course_staff, learner, second_activity):
    assert len(csv_rows(KIND, course_staff, activity=str(second_activity.usage_key))) == 2
    assert {row[0] for row in csv_rows(KIND, course_staff, user="learner")[1:]} == {str(learner.id)}
    assert len(csv_rows(KIND, course_staff, start="2026-03-03", end="2026-03-31")) == 2
    assert len(csv_rows(KIND, course_staff, end="2026-03-02")) == 3


@pytest.mark.parametrize(
    "filters",
    [
        {"grouping": "cohort"},
        {"start": "2026-13-01"},
        {"start": "2026-03-05", "end": "2026-03-01"},
        {"user": "nobody"},
        {"activity": "not-a-key"},
        {"activity": "block-v1:OtherX+OT201+2026+type@attendance+block@x"},
        {"colour": "blue"},
    ],
)
def test_bad_filters_are_refused(tracked, course_staff, filters):
    with pytest.raises(InvalidInput):
        prepare_report(KIND, "csv", COURSE_KEY, course_staff.id, filters, NOW)


def test_xlsx_has_the_same_rows(tracked, course_staff):
    rows = read_xlsx(report_bytes(KIND, course_staff, "xlsx", grouping="user"))
    assert rows[0] == ["ID", "Person", "Hits", "Time", "Computed units"]
    assert len(rows) == 3


@pytest.mark.parametrize("grouping", ["session", "user", "none"])
def test_queries_do_not_grow_with_learners(live_activity, course_staff, grouping, django_assert_num_queries):
    many_learners(live_activity, 3)
    with django_assert_num_queries(5) as few:  # permission (2), cohorts, units, attendances
        assert len(csv_rows(KIND, course_staff, grouping=grouping)) == 4
    many_learners(live_activity, 12)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(csv_rows(KIND, course_staff, grouping=grouping)) == 16
