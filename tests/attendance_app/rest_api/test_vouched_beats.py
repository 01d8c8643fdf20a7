"""A steady beat whose renewed token's copy of the row vouches for access (ADR 0035).

Over HTTP, as the page beats: once the reply's token carries the row and signs the beat in alone,
the beat reads neither the cache nor the platform. The row's access revision is what ends that
trust: the platform's unenrollment and role-removal events move it, so the next beat's copy no
longer matches, nothing is written from it, and access is checked again. The configuration is
the process's own for a few seconds.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from attendance_app.api import presence_config
from attendance_app.models import Activity, Attendance
from attendance_app.platform.standalone import models as platform
from tests.attendance_app.access_events import remove_course_role, unenroll
from tests.attendance_app.rest_api.utils import client_for, post_beat, recorded_page_token
from tests.factories import COURSE_KEY, AccessRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "vouched")
S = 1_000_000


def vouched_page(client, token, at) -> str:
    """Beat until the reply's token carries the row (the third beat): the token of the next beat."""
    reply = {"token": token}
    for second in (0, 10, 20):
        at(second)
        status, reply = post_beat(client, reply["token"])
        assert status == 200
    return reply["token"]


def statements(client, token):
    with CaptureQueriesContext(connection) as queries:
        status, reply = post_beat(client, token)
    return status, reply, [query["sql"].split()[0] for query in queries.captured_queries]


def test_a_vouched_beat_needs_neither_the_cache_nor_the_platform(course_staff, learner, at):
    client = client_for(learner)
    token = vouched_page(client, recorded_page_token(course_staff, learner, USAGE_KEY), at)
    cache.clear()  # a cache node lost: the configuration and the access answers with it
    at(22)  # within LOCAL_CONFIG_SECONDS of the last beat's read of the configuration

    status, reply, sql = statements(client, token)

    assert status == 200
    assert sql == ["UPDATE"]  # no access query, no activity read: this process's configuration
    assert reply["credited_seconds"] == 22
    assert Attendance.objects.get(user=learner).credited_us == 22 * S


def test_an_unenrollment_stops_the_next_beat_and_credits_nothing_more(course_staff, learner, at):
    client = client_for(learner)
    token = vouched_page(client, recorded_page_token(course_staff, learner, USAGE_KEY), at)
    platform.Enrollment.objects.filter(user=learner).update(is_active=False)
    unenroll(learner, COURSE_KEY)
    at(30)

    status, refused = post_beat(client, token)

    assert status == 403
    assert refused["error"] == "not_authorized"
    row = Attendance.objects.get(user=learner)
    assert (row.credited_us, row.access_revision) == (20 * S, 1)


def test_a_removed_course_role_stops_the_next_beat(course_staff, at):
    helper = UserFactory(username="course_helper")
    AccessRoleFactory(user=helper, course_key=COURSE_KEY, role="staff")
    client = client_for(helper)
    token = vouched_page(client, recorded_page_token(course_staff, helper, USAGE_KEY), at)
    platform.AccessRole.objects.filter(user=helper).delete()
    remove_course_role(helper, COURSE_KEY)
    at(30)

    status, _refused = post_beat(client, token)

    assert status == 403
    assert Attendance.objects.get(user=helper).credited_us == 20 * S


def test_an_enrollment_event_of_another_course_run_leaves_the_beat_vouched(course_staff, learner, at):
    client = client_for(learner)
    token = vouched_page(client, recorded_page_token(course_staff, learner, USAGE_KEY), at)
    unenroll(learner, COURSE_KEY.replace(run="other"))
    at(30)

    status, _reply, sql = statements(client, token)

    assert (status, sql) == (200, ["UPDATE"])
    assert Attendance.objects.get(user=learner).access_revision == 0


def test_another_process_change_reaches_the_vouched_beats_within_seconds(course_staff, learner, at):
    client = client_for(learner)
    token = vouched_page(client, recorded_page_token(course_staff, learner, USAGE_KEY), at)
    # Another process archived the activity: it dropped the shared cache entry, not this process's.
    Activity.objects.filter(usage_key=USAGE_KEY).update(archived_at=timezone.now())
    cache.delete(presence_config.config_cache_key(Activity.objects.get(usage_key=USAGE_KEY).id))
    at(22)
    status, reply = post_beat(client, token)
    assert status == 200  # within LOCAL_CONFIG_SECONDS of this process's read (at 20 s)
    at(20 + presence_config.LOCAL_CONFIG_SECONDS)

    status, refused = post_beat(client, reply["token"])

    assert status == 404
    assert refused["error"] == "not_found"
    assert Attendance.objects.get(user=learner).credited_us == 22 * S


def test_this_process_own_change_reaches_the_next_beat_at_once(course_staff, learner, at):
    client = client_for(learner)
    token = vouched_page(client, recorded_page_token(course_staff, learner, USAGE_KEY), at)
    activity = Activity.objects.get(usage_key=USAGE_KEY)
    activity.archived_at = timezone.now()
    activity.save()
    presence_config.forget_presence_config([activity.id])  # as the authoring API does on a change
    at(30)

    status, _refused = post_beat(client, token)

    assert status == 404
    assert Attendance.objects.get(user=learner).credited_us == 20 * S
