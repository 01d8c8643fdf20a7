"""Kept report choices: saved after the same checks as a download, used with ``preset=<id>``."""

from __future__ import annotations

import pytest

from attendance_app.models import ReportPreset
from tests.attendance_app.reports.fixtures import attend
from tests.attendance_app.reports.helpers import read_csv
from tests.attendance_app.rest_api.utils import API, assert_error, call, client_for
from tests.factories import COURSE_KEY

BASE = f"{API}/courses/{COURSE_KEY}/reports/attendance-tracking/"


def test_a_preset_is_kept_listed_and_used(live_activity, learner, course_staff):
    attend(learner, live_activity, minutes=90, hits=2)
    client = client_for(course_staff)
    body = {"name": "Hours per learner", "query": {"grouping": "user", "columns": "Person,Time"}}
    saved = call(client, "post", BASE + "presets/", body)
    assert saved.status_code == 201, saved.content
    preset_id = saved.json()["id"]
    assert [preset["name"] for preset in call(client, "get", BASE + "presets/").json()] == [
        "Hours per learner"
    ]
    rows = read_csv(b"".join(call(client, "get", BASE, {"preset": preset_id}).streaming_content))
    assert rows[0] == ["Person", "Time"]
    assert rows[1][1] == "01:30:00"
    # what the request names besides the preset wins
    rows = read_csv(
        b"".join(call(client, "get", BASE, {"preset": preset_id, "columns": "ID"}).streaming_content)
    )
    assert rows == [["ID"], [str(learner.id)]]


def test_saving_again_under_the_same_name_replaces_it(live_activity, course_staff):
    client = client_for(course_staff)
    call(client, "post", BASE + "presets/", {"name": "Mine", "query": {"grouping": "user"}})
    call(client, "post", BASE + "presets/", {"name": "Mine", "query": {"grouping": "none"}})
    assert list(ReportPreset.objects.values_list("query", flat=True)) == [{"grouping": "none"}]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"name": "", "query": {}}, ("name",)),
        ({"name": "x" * 101, "query": {}}, ("name",)),
        ({"name": "Bad", "query": {"columns": "Shoe size"}}, ("columns",)),
        ({"name": "Bad", "query": {"grouping": 3}}, ("query",)),
        ({"name": "Bad", "query": {"preset": "1"}}, ("query",)),
        ({"name": "Bad", "query": {"colour": "blue"}}, ("colour",)),
    ],
)
def test_bad_presets_are_refused_and_not_kept(live_activity, course_staff, body, fields):
    assert_error(call(client_for(course_staff), "post", BASE + "presets/", body), 400, *fields)
    assert not ReportPreset.objects.exists()


def test_a_learner_keeps_no_preset_and_nobody_uses_anothers(live_activity, learner, course_staff, instructor):
    assert_error(call(client_for(learner), "post", BASE + "presets/", {"name": "Mine", "query": {}}), 403)
    saved = call(client_for(course_staff), "post", BASE + "presets/", {"name": "Mine", "query": {}}).json()
    assert_error(call(client_for(instructor), "get", BASE, {"preset": saved["id"]}), 404)
    assert call(client_for(instructor), "get", BASE + "presets/").json() == []
    assert_error(call(client_for(course_staff), "get", BASE, {"preset": "x"}), 400, "preset")


def test_a_reader_deletes_only_their_own_preset(live_activity, course_staff, instructor, learner):
    saved = call(client_for(course_staff), "post", BASE + "presets/", {"name": "Mine", "query": {}}).json()
    address = f"{BASE}presets/{saved['id']}/"
    assert_error(call(client_for(instructor), "delete", address), 404)
    assert_error(call(client_for(learner), "delete", address), 404)
    assert_error(
        call(client_for(course_staff), "delete", f"{API}/courses/{COURSE_KEY}/reports/nope/presets/1/"), 404
    )
    assert ReportPreset.objects.filter(id=saved["id"]).exists()
    assert call(client_for(course_staff), "delete", address).status_code == 204
    assert not ReportPreset.objects.exists()
    assert_error(call(client_for(course_staff), "delete", address), 404)
