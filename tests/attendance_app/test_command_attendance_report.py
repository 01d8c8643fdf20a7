"""``attendance_report KIND --format {csv,xlsx} --output PATH [--course KEY] [filters]``."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

import pytest
from django.core.management import CommandError, call_command

from attendance_app.models import Activity
from attendance_app.reports import KINDS
from tests.attendance_app.reports.fixtures import T0, attend
from tests.attendance_app.reports.helpers import read_csv, read_xlsx
from tests.factories import COURSE_KEY, OTHER_COURSE_KEY, EnrollmentFactory, UserFactory


@pytest.fixture
def two_courses(live_activity, learner):
    attend(learner, live_activity, minutes=60)
    other = Activity.objects.create(
        usage_key=OTHER_COURSE_KEY.make_usage_key("attendance", "x"),
        course_key=OTHER_COURSE_KEY,
        display_name="Elsewhere",
        live_start=T0,
    )
    attend(EnrollmentFactory(user=UserFactory(), course_key=OTHER_COURSE_KEY).user, other, minutes=5)


def test_help_lists_the_kinds_as_choices():
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit):
        call_command("attendance_report", "--help")
    assert "{" + ",".join(KINDS) + "}" in out.getvalue()
    assert "--format {csv,xlsx}" in out.getvalue()


def test_one_course_as_csv(two_courses, tmp_path):
    target = tmp_path / "tracking.csv"
    call_command(
        "attendance_report", "attendance-tracking", "--output", str(target), "--course", str(COURSE_KEY)
    )
    rows = read_csv(target.read_bytes())
    assert rows[0] == ["ID", "Person", "Activity", "Hits", "Time", "Computed units", "Date"]
    assert len(rows) == 2


def test_every_course_as_xlsx_with_a_filter(two_courses, tmp_path):
    target = tmp_path / "tracking.xlsx"
    call_command(
        "attendance_report",
        "attendance-tracking",
        "--format",
        "xlsx",
        "--output",
        str(target),
        "--grouping",
        "user",
    )
    rows = read_xlsx(target.read_bytes())
    assert rows[0] == ["ID", "Person", "Hits", "Time", "Computed units"]
    assert len(rows) == 3


@pytest.mark.parametrize(
    "arguments",
    [
        ["--course", "not-a-key"],
        ["--course", str(COURSE_KEY), "--start", "2026-03-05", "--end", "2026-03-01"],
        ["--course", str(COURSE_KEY), "--user", "nobody"],
    ],
)
def test_bad_input_is_a_command_error_and_no_file(two_courses, tmp_path, arguments):
    target = tmp_path / "report.csv"
    with pytest.raises(CommandError):
        call_command("attendance_report", "activity", "--output", str(target), *arguments)
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_kind_is_refused_by_argparse(tmp_path):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("attendance_report", "grades", "--output", str(tmp_path / "x.csv"))


def test_chosen_columns(two_courses, tmp_path):
    target = tmp_path / "sessions.csv"
    call_command("attendance_report", "all-sessions", "--output", str(target), "--columns", "Name,Registered")
    assert read_csv(target.read_bytes()) == [
        ["Name", "Registered"],
        ["'=Opening session", "1"],
        ["Elsewhere", "1"],
    ]
