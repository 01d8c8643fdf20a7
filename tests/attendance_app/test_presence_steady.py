"""The steady heartbeat: one narrow read and one conditional UPDATE, no lock (ADR 0026).

A concurrent change between the read and the UPDATE is made for real: a database execute wrapper
lets another request write just before the steady beat's UPDATE reaches the database.
"""

from __future__ import annotations

import random
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attendance_app import api, clock
from attendance_app.exceptions import NotAuthorized
from attendance_app.models import Attendance, PromptEvidence
from attendance_app.platform.standalone import models as platform
from tests.attendance_app.access_events import remove_course_role, unenroll
from tests.attendance_app.rest_api.utils import API, call, client_for
from tests.factories import COURSE_KEY, AccessRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "replay")
BEAT = f"{API}/presence/beat/"


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def activity(course_staff, org_admin):
    api.configure_activity(
        course_staff.id,
        USAGE_KEY,
        {"display_name": "Replay", "mode": "recorded", "live_start": "2026-11-01T00:00:00Z"},
    )
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": cpe.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    return cpe


@pytest.fixture
def token(activity, learner):
    return api.start_presence(learner.id, USAGE_KEY, T0)["token"]


def beat(user, token, seconds, **payload):
    return api.record_beat(user.id, token, {"token": token, **payload}, at(seconds), random.Random(0))


def steady(learner, token, until=30):
    for second in range(0, until + 1, 15):
        beat(learner, token, second)


# Statements ---------------------------------------------------------------------------------------


def test_a_steady_beat_is_one_narrow_read_and_one_conditional_update(
    learner, token, django_assert_num_queries
):
    steady(learner, token)

    with django_assert_num_queries(2) as captured:
        reply = beat(learner, token, 45)

    read, write = (query["sql"].replace("`", '"') for query in captured.captured_queries)  # MariaDB
    assert "JOIN" not in read
    assert "FOR UPDATE" not in read
    assert '"video_ranges"' not in read  # only the columns the beat decides on
    assert write.startswith('UPDATE "attendance_app_attendance" SET "credited_us"')
    assert '"video_ranges"' not in write.split("WHERE")[0]
    assert '"last_beat_at" = ' in write.split("WHERE")[1]  # written only if nobody wrote first
    assert reply["credited_seconds"] == 45


def test_a_second_tabs_beat_at_the_same_moment_writes_nothing(learner, token, django_assert_num_queries):
    steady(learner, token)

    with django_assert_num_queries(1):
        reply = beat(learner, token, 30)

    assert reply["credited_seconds"] == 30


@pytest.mark.django_db(transaction=True)
def test_over_http_a_steady_beat_opens_no_transaction(learner, token, monkeypatch):
    """Session, user, read, UPDATE: no BEGIN, no COMMIT, no lock (it was seven statements)."""
    moment = [T0]
    monkeypatch.setattr(clock, "now", lambda: moment[0])
    client = client_for(learner)
    for second in (0, 15):
        moment[0] = at(second)
        assert call(client, "post", BEAT, {"token": token}).status_code == 200
    moment[0] = at(30)

    with CaptureQueriesContext(connection) as captured:
        response = call(client, "post", BEAT, {"token": token})

    assert response.status_code == 200, response.content
    statements = [query["sql"].split()[0] for query in captured.captured_queries]
    assert statements == ["SELECT", "SELECT", "SELECT", "UPDATE"], statements
    assert response.json()["credited_seconds"] == 30


# The locked path stays for everything else --------------------------------------------------------


def test_a_due_prompt_takes_the_locked_path_and_is_shown_once(learner, token):
    beat(learner, token, 0)
    mark = Attendance.objects.get().next_prompt_mark_us
    second, reply = 0, None
    while reply is None or reply["prompt"] is None:
        second += 15
        reply = beat(learner, token, second)

    assert Attendance.objects.get().credited_us == second * 1_000_000 >= mark
    assert PromptEvidence.objects.count() == 1
    assert Attendance.objects.get().open_prompt_id == PromptEvidence.objects.get().id
    # While the prompt is open, beats go on crediting (locked path) and show no second prompt.
    assert beat(learner, token, second + 15)["prompt"] is None
    assert PromptEvidence.objects.count() == 1


def write_first(competing):
    """An execute wrapper that runs ``competing()`` once, just before the steady beat's UPDATE."""
    fired = []

    def wrapper(execute, sql, params, many, context):
        if not fired and sql.replace("`", '"').startswith(
            'UPDATE "attendance_app_attendance" SET "credited_us"'
        ):
            fired.append(sql)
            competing()
        return execute(sql, params, many, context)

    return wrapper


def test_another_tabs_beat_between_the_read_and_the_update_is_not_credited_twice(learner, token):
    steady(learner, token)

    other_tab: list[dict] = []
    with connection.execute_wrapper(write_first(lambda: other_tab.append(beat(learner, token, 45)))):
        reply = beat(learner, token, 45)

    assert other_tab[0]["credited_seconds"] == 45

    # Both tabs beat at 45 s: the second found the row changed, went the locked way, credited 0.
    assert reply["credited_seconds"] == 45
    assert Attendance.objects.get().credited_us == 45_000_000


def test_a_prompt_opened_between_the_read_and_the_update_is_the_only_one(learner, token):
    beat(learner, token, 0)
    mark_seconds = Attendance.objects.get().next_prompt_mark_us // 1_000_000
    last = (mark_seconds // 15) * 15  # the last beat before the mark; the next one crosses it
    steady(learner, token, until=last - 15)

    # Another tab, its clock a beat ahead, crosses the mark while this beat is on its way.
    with connection.execute_wrapper(write_first(lambda: beat(learner, token, last + 15))):
        reply = beat(learner, token, last)

    (prompt,) = PromptEvidence.objects.all()
    attendance = Attendance.objects.get()
    assert attendance.open_prompt_id == prompt.id
    assert reply["prompt"] is None  # this beat found the row changed, locked it, credited nothing
    assert attendance.credited_us == (last + 15) * 1_000_000  # never more than the wall clock
    assert attendance.pending_us == attendance.credited_us


# Enrollment --------------------------------------------------------------------------------------


def test_access_is_checked_once_per_token_and_again_after_an_unenrollment(
    learner, token, django_assert_num_queries
):
    steady(learner, token)
    platform.Enrollment.objects.filter(user=learner).update(is_active=False)

    # The platform has not said so yet: the cached access stands, and no enrollment query is made.
    with django_assert_num_queries(2):
        beat(learner, token, 45)

    unenroll(learner, COURSE_KEY)

    with pytest.raises(NotAuthorized, match="not enrolled"):
        beat(learner, token, 60)
    assert Attendance.objects.get().credited_us == 45_000_000


def test_a_removed_course_role_drops_the_cached_access(activity):
    staff = UserFactory(username="course_helper")
    AccessRoleFactory(user=staff, course_key=COURSE_KEY, role="staff")
    token = api.start_presence(staff.id, USAGE_KEY, T0)["token"]
    beat(staff, token, 0)
    platform.AccessRole.objects.filter(user=staff).delete()

    remove_course_role(staff, COURSE_KEY)

    with pytest.raises(NotAuthorized):
        beat(staff, token, 15)


# MariaDB: real threads and connections -------------------------------------------------------------


@pytest.mark.mysql
@pytest.mark.django_db(transaction=True)
def test_racing_tabs_on_mariadb_never_credit_more_than_the_wall_clock(learner, token, monkeypatch):
    from tests.services import require_mysql_run

    require_mysql_run()
    tabs, rounds = 3, 8
    moment = [T0]
    monkeypatch.setattr(clock, "now", lambda: moment[0])
    barrier = threading.Barrier(tabs + 1)
    statuses: list[int] = []

    def tab():
        from django.db import connection as thread_connection

        try:
            client = client_for(learner)
            for _ in range(rounds):
                barrier.wait()
                statuses.append(call(client, "post", BEAT, {"token": token}).status_code)
                barrier.wait()
        finally:
            thread_connection.close()

    assert call(client_for(learner), "post", BEAT, {"token": token}).status_code == 200
    threads = [threading.Thread(target=tab) for _ in range(tabs)]
    for thread in threads:
        thread.start()
    for number in range(1, rounds + 1):
        moment[0] = at(15 * number)
        barrier.wait()  # every tab beats at this moment
        barrier.wait()  # every tab has its answer
    for thread in threads:
        thread.join()

    assert statuses == [200] * (tabs * rounds), statuses
    attendance = Attendance.objects.get(user=learner)
    assert attendance.credited_us == 15 * rounds * 1_000_000
    assert attendance.confirmed_us + attendance.pending_us <= attendance.credited_us
