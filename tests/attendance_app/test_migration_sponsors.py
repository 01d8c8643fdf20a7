"""Migration 0011 moves the course certificate settings' sponsor fields and delivery method, and back."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("attendance_app", "0013_audit_pack")]
AFTER = [("attendance_app", "0014_sponsors")]
COURSE = "course-v1:DemoX+CE101+2026"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest_schema_after():
    """Whatever the test does, the database ends at the latest migrations, as the next tests expect."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _activity(apps, name, mode):
    return apps.get_model("attendance_app", "Activity").objects.create(
        usage_key=f"block-v1:DemoX+CE101+2026+type@attendance+block@{name}",
        course_key=COURSE,
        display_name=name,
        mode=mode,
    )


@pytest.mark.django_db(transaction=True)
def test_course_sponsor_fields_and_delivery_method_move_and_come_back(latest_schema_after):
    old = migrate(BEFORE)
    old.get_model("attendance_app", "CourseCertificateSettings").objects.create(
        course_key=COURSE,
        visibility="managers",
        sponsor_name="Acme CPE",
        sponsor_id="NASBA-1",
        contact="cpe@acme.test",
        delivery_method="Group Live",
    )
    old.get_model("attendance_app", "CourseCertificateSettings").objects.create(
        course_key="course-v1:DemoX+OTHER+2026", delivery_method="Group Internet Based"
    )
    _activity(old, "webinar", "live")

    new = migrate(AFTER)
    sponsor = new.get_model("attendance_app", "SponsorSettings").objects.get()
    assert (sponsor.org, sponsor.course_id, sponsor.name, sponsor.sponsor_id, sponsor.contact) == (
        "DemoX",
        COURSE,
        "Acme CPE",
        "NASBA-1",
        "cpe@acme.test",
    )
    assert new.get_model("attendance_app", "Activity").objects.get().delivery_method == "Group Live"
    settings = new.get_model("attendance_app", "CourseCertificateSettings")
    assert settings.objects.get(course_key=COURSE).visibility == "managers"

    back = migrate(BEFORE)
    restored = back.get_model("attendance_app", "CourseCertificateSettings").objects.get(course_key=COURSE)
    assert (restored.sponsor_name, restored.sponsor_id, restored.contact) == (
        "Acme CPE",
        "NASBA-1",
        "cpe@acme.test",
    )
