"""The hot write endpoints own their transaction even where the LMS sets ``ATOMIC_REQUESTS``.

edx-platform's ``lms/envs/common.py`` sets ``ATOMIC_REQUESTS: True`` on the default database: each
request would be one transaction, inside which a deadlock victim cannot be run again (ADR 0028).
"""

from __future__ import annotations

import pytest
from django.db import connection

from attendance_app import api, clock
from attendance_app.rest_api.v1 import audit_pack, claims, classroom, presence, reports
from attendance_app.web import audit_pack as web_audit_pack
from attendance_app.web import reports as web_reports
from tests.attendance_app.rest_api.utils import API, call, client_for
from tests.factories import COURSE_KEY

REPLAY = COURSE_KEY.make_usage_key("attendance", "replay")
HOT_VIEWS = [
    presence.BeatView,
    presence.AnswerView,
    claims.ClaimsView,
    classroom.RegistrationView,
    classroom.MarkDetailView,
    classroom.BulkMarkView,
    reports.CourseReportEmailView,
    audit_pack.ActivityAuditPackView,
    audit_pack.CourseAuditPackView,
]


@pytest.mark.parametrize("view", HOT_VIEWS, ids=lambda view: view.__name__)
def test_hot_write_views_are_never_wrapped_in_a_request_transaction(view):
    assert view.as_view()._non_atomic_requests == {"default"}


@pytest.mark.parametrize(
    "view", [web_reports.email_report, web_audit_pack.activity_pack_email, web_audit_pack.course_pack_email]
)
def test_via_email_pages_answer_the_brokers_refusal_themselves(view):
    assert view._non_atomic_requests == {"default"}


def test_other_views_keep_the_platforms_request_transaction():
    assert not getattr(claims.MyCreditsView.as_view(), "_non_atomic_requests", set())


@pytest.fixture
def token(course_staff, org_admin, learner):
    api.configure_activity(
        course_staff.id,
        REPLAY,
        {"display_name": "Replay", "mode": "recorded", "live_start": "2026-01-01T00:00Z"},
    )
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.add_rule(course_staff.id, REPLAY, {"unit_id": cpe.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    return api.start_presence(learner.id, REPLAY, clock.now())["token"]


@pytest.mark.django_db(transaction=True)
def test_under_atomic_requests_a_beat_writes_in_its_own_outermost_transaction(monkeypatch, learner, token):
    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", True)
    client = client_for(learner)
    assert call(client, "post", f"{API}/presence/beat/", {"token": token}).status_code == 200
    writes: list[tuple[bool, int]] = []

    def record(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE")):
            # savepoint_ids grows with each block inside the outermost one
            writes.append((connection.in_atomic_block, len(connection.savepoint_ids)))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = call(client, "post", f"{API}/presence/beat/", {"token": token})

    assert response.status_code == 200, response.content
    assert writes, "the beat wrote nothing"
    assert set(writes) == {(True, 0)}  # the api's block is the outermost: retry_on_deadlock can rerun it
