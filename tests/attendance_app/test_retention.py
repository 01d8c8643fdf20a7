"""Retention (issue #18 item 7): evidence past ATTENDANCE_RETENTION_DAYS is anonymised with retirement's
rules; nothing younger is touched, credits stay, a second run changes nothing, a dry run writes nothing."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import models

from attendance_app import api, clock
from attendance_app.api import retention, retirement
from attendance_app.api.classroom.statuses import course_statuses
from attendance_app.models import (
    ActivityLogEntry,
    Attendance,
    CallbackReceipt,
    CheckIn,
    Claim,
    CreditUnit,
    FeatureSwitch,
    LogAction,
    LogCategory,
    LowAttendanceWarning,
    Mark,
    MarkAudit,
    ReportFile,
)
from tests.attendance_app.classroom_helpers import classroom_activity, make_slot
from tests.factories import COURSE_KEY, UserFactory

pytestmark = pytest.mark.django_db

# The command reads the clock: rows are aged from the real now, a day or more from the limit.
NOW = clock.now()
OLD = NOW - timedelta(days=5 * 365 + 2)  # past the default retention (1826 days)
RECENT = NOW - timedelta(days=5 * 365)  # not yet


def evidence(at: datetime, learner, actor, slot, unit, tag: str) -> None:
    """One row of every kind retention ages, at ``at``, and the credit record beside it."""
    ReportFile.objects.create(
        user=actor, course_key=COURSE_KEY, kind="activity", file_format="csv", requested_at=at
    )
    LowAttendanceWarning.objects.create(
        activity=slot.activity,
        user=learner,
        sent_at=at,
        held_slots=1,
        percent=Decimal(10),
        best_reachable_percent=Decimal(50),
    )
    status = course_statuses(COURSE_KEY)[0]
    Mark.objects.create(
        slot=slot, user=learner, status=status, remark=f"late {tag}", marked_by=actor, marked_at=at
    )
    MarkAudit.objects.create(
        slot=slot,
        user=learner,
        actor=actor,
        at=at,
        source="person",
        after_status=status.code,
        before_remark="",
        after_remark=f"late {tag}",
        version=1,
    )
    CheckIn.objects.create(slot=slot, user=learner, ip_address="192.0.2.7", at=at, outcome="checked_in")
    CallbackReceipt.objects.create(
        unit=unit,
        idempotency_key=f"key-{tag}",
        body_sha256="0" * 64,
        signature=tag.rjust(64, "0"),
        received_at=at,
        status="awarded",
        result={"person_id": learner.id, "reference": f"order {tag}", "units": "1"},
    )
    ActivityLogEntry.objects.create(
        user=learner,
        course_key=COURSE_KEY,
        category=LogCategory.CE,
        action=LogAction.CE_CLAIMED,
        label=f"1 EXT (order {tag})",
        created_at=at,
    )
    Claim.objects.create(
        user=learner, activity=slot.activity, unit=unit, units=Decimal(1), claimed_at=at, updated_at=at
    )


@pytest.fixture
def rows(course_staff):
    activity = classroom_activity(course_staff.id)
    old_slot = make_slot(course_staff.id)
    recent_slot = make_slot(course_staff.id, start=old_slot.start + timedelta(days=1))
    unit = CreditUnit.objects.create(org="DemoX", acronym="EXT", name="External", managed_by="external")
    old_learner, recent_learner = UserFactory(username="old"), UserFactory(username="recent")
    evidence(OLD, old_learner, course_staff, old_slot, unit, "old")
    evidence(RECENT, recent_learner, course_staff, recent_slot, unit, "recent")
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    FeatureSwitch.objects.update(changed_by=course_staff, modified=OLD)
    return {"old": old_learner, "recent": recent_learner, "activity": activity}


def picture() -> dict[str, list[dict[str, str]]]:
    tables = (
        ReportFile,
        LowAttendanceWarning,
        Mark,
        MarkAudit,
        CheckIn,
        CallbackReceipt,
        ActivityLogEntry,
        Claim,
    )
    return {
        model.__name__: [
            {key: str(value) for key, value in row.items()} for row in model.objects.order_by("pk").values()
        ]
        for model in (*tables, FeatureSwitch, Attendance)
    }


EXPECTED_OLD = {
    "attendance_app.ReportFile": 1,
    "attendance_app.LowAttendanceWarning": 1,
    "attendance_app.FeatureSwitch.changed_by": 1,
    "attendance_app.Mark.marked_by": 1,
    "attendance_app.MarkAudit.actor": 1,
    "attendance_app.CheckIn.ip_address": 1,
    "attendance_app.Mark.remark": 1,
    "attendance_app.MarkAudit.before_remark": 0,
    "attendance_app.MarkAudit.after_remark": 1,
    "attendance_app.CallbackReceipt.reference": 1,
}


def test_a_dry_run_counts_what_is_past_retention_and_writes_nothing(rows):
    before = picture()
    assert retention.past_retention(NOW) == EXPECTED_OLD
    assert picture() == before


def test_apply_anonymises_what_is_past_retention_and_keeps_credits(rows):
    old = rows["old"]
    changed = retention.apply_retention(NOW)
    assert changed == {**EXPECTED_OLD, "attendance_app.ActivityLogEntry.label": 1}
    assert not ReportFile.objects.filter(requested_at=OLD).exists()
    assert not LowAttendanceWarning.objects.filter(user=old).exists()
    mark = Mark.objects.get(user=old)
    assert (mark.marked_by_id, mark.remark) == (None, "")
    audit = MarkAudit.objects.get(user=old)
    assert (audit.actor_id, audit.after_remark) == (None, "")
    assert CheckIn.objects.get(user=old).ip_address is None
    assert CallbackReceipt.objects.get(idempotency_key="key-old").result == {
        "person_id": old.id,
        "reference": "",
        "units": "1",
    }
    assert ActivityLogEntry.objects.get(user=old).label == "1 EXT"
    assert FeatureSwitch.objects.filter(changed_by__isnull=False).count() == 0
    # The credit record stays, linked to the learner.
    assert Claim.objects.filter(user=old).get().units == 1


def test_nothing_younger_than_the_limit_is_touched(rows):
    recent = rows["recent"]
    retention.apply_retention(NOW)
    assert ReportFile.objects.filter(requested_at=RECENT).count() == 1
    assert LowAttendanceWarning.objects.filter(user=recent).count() == 1
    mark = Mark.objects.get(user=recent)
    assert (mark.marked_by_id is not None, mark.remark) == (True, "late recent")
    assert MarkAudit.objects.get(user=recent).after_remark == "late recent"
    assert CheckIn.objects.get(user=recent).ip_address == "192.0.2.7"
    assert CallbackReceipt.objects.get(idempotency_key="key-recent").result["reference"] == "order recent"
    assert ActivityLogEntry.objects.get(user=recent).label == "1 EXT (order recent)"


def test_running_twice_changes_nothing(rows):
    retention.apply_retention(NOW)
    after_first = picture()
    assert set(retention.apply_retention(NOW).values()) == {0}
    assert set(retention.past_retention(NOW).values()) == {0}
    assert picture() == after_first


def test_a_longer_retention_keeps_everything(rows, settings):
    settings.ATTENDANCE_RETENTION_DAYS = 10 * 365
    before = picture()
    assert set(retention.apply_retention(NOW).values()) == {0}
    assert picture() == before


def test_work_goes_in_chunks_and_finishes(rows, course_staff, monkeypatch):
    monkeypatch.setattr(retention, "CHUNK_SIZE", 2)
    slot = make_slot(course_staff.id, start=datetime(2026, 12, 9, 9, tzinfo=UTC))
    for index in range(5):
        CheckIn.objects.create(
            slot=slot, user=UserFactory(), ip_address=f"192.0.2.{index}", at=OLD, outcome="checked_in"
        )
    assert retention.apply_retention(NOW)["attendance_app.CheckIn.ip_address"] == 6
    assert CheckIn.objects.filter(at=OLD, ip_address__isnull=False).count() == 0


def test_the_command_lists_by_default_and_applies_on_request(rows):
    out = io.StringIO()
    before = picture()
    call_command("attendance_retention", stdout=out)
    assert "Retention: 1826 days" in out.getvalue()
    assert "  attendance_app.CheckIn.ip_address: 1" in out.getvalue()
    assert "9 rows are past retention; nothing was changed" in out.getvalue()
    assert picture() == before
    call_command("attendance_retention", "--dry-run", stdout=io.StringIO())
    assert picture() == before
    out = io.StringIO()
    call_command("attendance_retention", "--apply", stdout=out)
    assert "credits and certificates were kept" in out.getvalue()
    assert CheckIn.objects.filter(ip_address__isnull=True).count() == 1


def test_every_table_retirement_changes_is_aged_or_declared_current_state():
    changed = {
        *retirement.DELETED,
        *(model for model, _field in retirement.UNLINKED),
        *(model for model, _field, _blank in retirement.BLANKED),
    }
    assert changed <= set(retention.AGED_BY) | set(retention.NOT_EXPIRING)
    assert not set(retention.AGED_BY) & set(retention.NOT_EXPIRING)
    for model, field in retention.AGED_BY.items():
        assert isinstance(model._meta.get_field(field), models.DateTimeField), model


def test_a_report_file_past_retention_goes_with_its_stored_file(rows, settings, tmp_path, course_staff):
    settings.MEDIA_ROOT = str(tmp_path)
    report = ReportFile.objects.create(
        user=course_staff, course_key=COURSE_KEY, kind="activity", file_format="csv", requested_at=OLD
    )
    report.file.save("old.csv", ContentFile(b"user ID\n1\n"))
    stored = tmp_path / report.file.name
    assert stored.exists()
    retention.apply_retention(NOW)
    assert not ReportFile.objects.filter(id=report.id).exists()
    assert not stored.exists()
