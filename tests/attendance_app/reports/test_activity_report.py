"""Activity report (seed 004) from the activity log."""

from __future__ import annotations

from datetime import timedelta

from attendance_app import db_pages
from attendance_app.api.activity_log import log_activity
from attendance_app.models import ActivityLogEntry, LogAction, LogCategory
from tests.attendance_app.reports.fixtures import T0
from tests.attendance_app.reports.helpers import csv_rows
from tests.factories import COURSE_KEY, EnrollmentFactory, UserFactory

KIND = "activity"
SEED_COLUMNS = [
    "user ID", "First", "Last", "Company", "Email", "Category", "Action", "Label", "Date",
    "Content ID", "Content Name", "Content Slug",
]  # fmt: skip


def test_a_row_per_entry_with_the_seed_columns(live_activity, learner, course_staff):
    learner.first_name, learner.last_name = "Ada", "Lovelace"
    learner.save()
    log_activity(
        learner.id,
        COURSE_KEY,
        LogCategory.SESSION_ATTENDANCE,
        LogAction.JOINED,
        "Opening",
        T0,
        activity=live_activity,
    )
    log_activity(learner.id, COURSE_KEY, LogCategory.CE, LogAction.CE_EARNED, "1", T0 + timedelta(hours=1))
    rows = csv_rows(KIND, course_staff)
    assert rows[0] == SEED_COLUMNS
    assert rows[1] == [
        str(learner.id), "Ada", "Lovelace", "", "learner@example.com",
        "Session attendance", "Joined", "Opening",
        "2026-03-02 09:00:00", str(live_activity.usage_key), "'=Opening session",
        f"/courses/{COURSE_KEY}/jump_to/{live_activity.usage_key}",
    ]  # fmt: skip
    assert rows[2][5:9] == ["CE/CME", "CE earned", "1", "2026-03-02 10:00:00"]
    assert rows[2][9:] == ["", "", ""]


def test_filters_by_activity_and_date(live_activity, learner, course_staff):
    log_activity(
        learner.id,
        COURSE_KEY,
        LogCategory.SESSION_ATTENDANCE,
        LogAction.JOINED,
        "x",
        T0,
        activity=live_activity,
    )
    log_activity(learner.id, COURSE_KEY, LogCategory.CE, LogAction.CE_EARNED, "1", T0 + timedelta(days=2))
    assert len(csv_rows(KIND, course_staff, activity=str(live_activity.usage_key))) == 2
    assert len(csv_rows(KIND, course_staff, start="2026-03-03")) == 2
    assert len(csv_rows(KIND, course_staff, end="2026-03-02")) == 2


def test_a_coach_sees_their_cohort_only(live_activity, learner, other_learner, coach, coached_cohort):
    for user in (learner, other_learner):
        log_activity(user.id, COURSE_KEY, LogCategory.CE, LogAction.CE_CLAIMED, "1", T0)
    assert [row[0] for row in csv_rows(KIND, coach)[1:]] == [str(learner.id)]


def test_entries_of_other_courses_are_left_out(live_activity, learner, course_staff):
    from tests.factories import OTHER_COURSE_KEY

    log_activity(learner.id, OTHER_COURSE_KEY, LogCategory.CE, LogAction.CE_CLAIMED, "1", T0)
    assert len(csv_rows(KIND, course_staff)) == 1


def test_queries_do_not_grow_with_learners(course_staff, course, django_assert_num_queries):
    def log(count):
        for _index in range(count):
            user = EnrollmentFactory(user=UserFactory()).user
            log_activity(user.id, COURSE_KEY, LogCategory.CE, LogAction.CE_CLAIMED, "1", T0)

    log(3)
    with django_assert_num_queries(4) as few:  # permission (2), cohorts, entries
        assert len(csv_rows(KIND, course_staff)) == 4
    log(12)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(csv_rows(KIND, course_staff)) == 16


def test_pages_keep_the_date_order_with_ties(course_staff, course, monkeypatch, django_assert_num_queries):
    users = [EnrollmentFactory(user=UserFactory()).user for _index in range(7)]
    for number, user in enumerate(users):  # three entries at T0, four an hour earlier
        at = T0 if number % 2 == 0 else T0 - timedelta(hours=1)
        log_activity(user.id, COURSE_KEY, LogCategory.CE, LogAction.CE_CLAIMED, str(number), at)
    monkeypatch.setattr(db_pages, "PAGE_SIZE", 2)
    expected = list(ActivityLogEntry.objects.order_by("created_at", "id").values_list("label", flat=True))

    with django_assert_num_queries(3 + 4):  # permission (2), cohorts, four pages of two
        rows = csv_rows(KIND, course_staff)

    assert [row[7] for row in rows[1:]] == expected
    assert expected == ["1", "3", "5", "0", "2", "4", "6"]
