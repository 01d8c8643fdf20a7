"""Program session statistics (seed 003): figures, groups, learners, blocks, the export, the query budget."""

from __future__ import annotations

import pytest

from attendance_app.exceptions import NotAuthorized
from attendance_app.reports import program_statistics as ps
from attendance_app.reports.program_export import export_rows
from tests.attendance_app.program_data import build, coach_of
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(course_staff):
    return build(4)


def test_the_general_figures(course_staff, data):
    stats = ps.compute(ps.statistics_scope(course_staff.id, COURSE_KEY))
    general = dict(stats.general())

    # p0..p3; p3 unenrolled. Started: p0 (grades), p1, p2, p3 (time) = 4 attendees.
    assert general["Registrations"] == "3"
    assert general["Open registrations"] == "0"
    assert general["Waiting list"] == "0"
    assert general["Attendees"] == "4"
    # Blocks: p0 both, p1 first, p2 none, p3 both -> progress 100, 50, 0, 100; completed p0, p3.
    assert general["Completed"] == "2"
    assert general["Progress by course"] == "62 %"
    assert general["Median time"] == "01:30:00"  # p0 0 h and p3 3 h
    assert general["Average score"] == "30 %"  # 0, 20, 40, 60
    assert general["Certificates"] == "0"
    assert stats.levels() == [("0-20 %", 1), ("20-40 %", 1), ("40-60 %", 1), ("60-80 %", 1), ("80-100 %", 0)]
    assert [(block.title, block.average) for block in stats.blocks] == [
        ("Quiz one", 51.3),
        ("Quiz two", 90.0),
    ]


def test_average_score_is_a_dash_without_any_score(course_staff, course):
    stats = ps.compute(ps.statistics_scope(course_staff.id, COURSE_KEY))

    assert dict(stats.general())["Average score"] == "-"
    assert dict(stats.general())["Median time"] == "-"


def test_results_by_group_and_individual_results(course_staff, data):
    stats = ps.compute(ps.statistics_scope(course_staff.id, COURSE_KEY))

    assert stats.results_by_group() == [
        {
            "group": "Blue",
            "users": 2,
            "attendance": "100 %",
            "attendance_rate": 100.0,
            "progress": "50 %",
            "score": "20 %",
            "level": 1,
        },
        # p3 unenrolled: Green counts p1 only
        {
            "group": "Green",
            "users": 1,
            "attendance": "100 %",
            "attendance_rate": 100.0,
            "progress": "50 %",
            "score": "20 %",
            "level": 1,
        },
    ]
    rows = [
        (le.first_name, le.last_name, le.progress, le.score, le.time_spent, le.enrolled)
        for le in stats.learners
    ]
    assert rows == [
        ("First0", "Last000", 100.0, 0.0, "-", True),
        ("First1", "Last001", 50.0, 20.0, "01:00:00", True),
        ("First2", "Last002", 0.0, 40.0, "02:00:00", True),
        ("First3", "Last003", 100.0, 60.0, "03:00:00", False),
    ]


def test_a_coach_sees_only_the_learners_and_the_group_of_their_cohort(data):
    coach = coach_of(data["blue"])
    stats = ps.compute(ps.statistics_scope(coach.id, COURSE_KEY))

    assert [learner.first_name for learner in stats.learners] == ["First0", "First2"]
    assert stats.groups == ["Blue"]
    headers, _rows = export_rows(stats)
    assert "Blue" in headers
    assert "Green" not in headers


def test_learners_and_outsiders_have_no_statistics(learner, outsider, data):
    for user in (learner, outsider):
        with pytest.raises(NotAuthorized):
            ps.statistics_scope(user.id, COURSE_KEY)
    with pytest.raises(NotAuthorized):
        ps.statistics_scope(None, COURSE_KEY)


def test_the_export_has_every_seed_column_in_order(course_staff, data, settings):
    settings.ATTENDANCE_REPORT_CUSTOM_FIELDS = ["region", "company"]
    headers, rows = export_rows(ps.compute(ps.statistics_scope(course_staff.id, COURSE_KEY)))

    assert headers == [
        "Last name", "First name", "Email", "company", "region",
        "Additional information", "Managers", "Deleted user", "Session", "Session ID", "Author",
        "Program template", "Program template ID", "Instructors", "Registered user", "Score", "Progress",
        "Start", "End", "Verified program", "Total time spent", "Expected duration", "Tags",
        "Additional program information", "Additional session information", "Blue", "Green",
        "Block title 1", "Block score 1", "Block time 1", "Block title 2", "Block score 2", "Block time 2",
    ]  # fmt: skip
    table = [dict(zip(headers, row, strict=True)) for row in rows]
    assert [row["Last name"] for row in table] == ["Last000", "Last001", "Last002", "Last003"]
    p1, p3 = table[1], table[3]
    assert (p1["Registered user"], p3["Registered user"]) == ("x", "")
    assert (p1["Green"], p1["Blue"]) == ("x", "")
    assert p1["Start"] == "2026/11/24 10:00"
    assert p1["End"] == "2026/11/24 11:00"
    assert p3["Verified program"] == "x"
    assert p1["Verified program"] == ""
    assert (p1["Block title 1"], p1["Block score 1"], p1["Block score 2"]) == ("Quiz one", "51", "")
    assert p3["Total time spent"] == "03:00:00"
    assert p1["Instructors"] == "p-teacher@example.com"
    assert p1["Session ID"] == str(COURSE_KEY)
    assert p1["Program template ID"] == "DemoX+CE101"


def test_the_export_shows_blocks_up_to_the_furthest_learner(course_staff, course):
    build(3)  # p0 has both blocks: two; with only odd learners there would be one
    headers, _rows = export_rows(ps.compute(ps.statistics_scope(course_staff.id, COURSE_KEY)))
    assert headers[-3:] == ["Block title 2", "Block score 2", "Block time 2"]


@pytest.mark.parametrize("size", [5, 50])
def test_a_constant_number_of_queries_whatever_the_learners(course_staff, size, django_assert_num_queries):
    data = build(size)
    coach = coach_of(data["blue"])

    # permissions 2, mirrors 1, time 1, platform cohorts/items/grades/users/course 5, certificates 1,
    # classroom slots 1 (none here)
    with django_assert_num_queries(11):
        stats = ps.compute(ps.statistics_scope(course_staff.id, COURSE_KEY))
    with django_assert_num_queries(3):  # the instructors: roles, slot instructors and users
        _headers, rows = export_rows(stats)
        assert len(list(rows)) == size
    with django_assert_num_queries(13):  # a coach: + org admin check, assignments; cohorts once
        ps.compute(ps.statistics_scope(coach.id, COURSE_KEY))
