"""Chosen columns ("Create report"): some of a report's columns, in the reader's order."""

from __future__ import annotations

import pytest

from attendance_app.exceptions import InvalidInput
from attendance_app.reports import prepare_report
from tests.attendance_app.reports.fixtures import NOW, attend
from tests.attendance_app.reports.helpers import csv_rows
from tests.factories import COURSE_KEY


def test_chosen_columns_in_the_chosen_order(live_activity, learner, course_staff):
    attend(learner, live_activity, minutes=90, hits=2)
    rows = csv_rows("attendance-tracking", course_staff, columns="Time, ID,Hits", grouping="user")
    assert rows == [["Time", "ID", "Hits"], ["01:30:00", str(learner.id), "2"]]


@pytest.mark.parametrize("columns", ["Colour", "ID,ID", "ID,", "Activity"])
def test_unknown_empty_or_repeated_columns_are_refused(live_activity, course_staff, columns):
    with pytest.raises(InvalidInput) as refused:
        prepare_report(
            "attendance-tracking",
            "csv",
            COURSE_KEY,
            course_staff.id,
            {"columns": columns, "grouping": "user"},
            NOW,
        )
    assert refused.value.field_errors["columns"]


def test_the_api_takes_columns(live_activity, learner, course_staff):
    from tests.attendance_app.reports.helpers import read_csv
    from tests.attendance_app.rest_api.utils import API, assert_error, call, client_for

    attend(learner, live_activity, minutes=10)
    client = client_for(course_staff)
    base = f"{API}/courses/{COURSE_KEY}/reports/activity/"
    assert_error(call(client, "get", base, {"columns": "Email,Shoe size"}), 400, "columns")
    response = call(
        client, "get", f"{API}/courses/{COURSE_KEY}/reports/all-sessions/", {"columns": "Name,Registered"}
    )
    assert read_csv(b"".join(response.streaming_content)) == [
        ["Name", "Registered"],
        ["'=Opening session", "1"],
    ]
