"""An activity with evidence of every kind, and a pack read back from its ZIP."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from attendance_app import api
from attendance_app.audit_pack.builder import write_pack
from attendance_app.audit_pack.scope import PackScope
from attendance_app.models import Activity, Attendance, Certificate, PromptEvidence, PromptKind, Segment
from tests.factories import COURSE_KEY, EnrollmentFactory, UserFactory

T0 = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "webinar")
RECORDED = {"display_name": "Webinar", "mode": "recorded", "live_start": (T0 - timedelta(days=1)).isoformat()}
HOUR_US = 3600 * 1_000_000


def audited_activity(course_staff: Any, org_admin: Any) -> Activity:
    """A recorded activity awarding NASBA's CPE (50 minutes, fifths, down, at least 1.0), switched on."""
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.configure_activity(course_staff.id, USAGE_KEY, RECORDED)
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": cpe.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    return Activity.objects.get(usage_key=USAGE_KEY)


def attended(activity: Activity, username: str, first_name: str = "", *, prompts: int = 2) -> Attendance:
    """An hour of confirmed presence with a closed first visit, one answered prompt and one missed
    (``prompts`` of them in all, alternating)."""
    user = EnrollmentFactory(user=UserFactory(username=username, first_name=first_name)).user
    attendance = Attendance.objects.create(
        user=user,
        activity=activity,
        first_join_at=T0,
        segment_started_at=T0 + timedelta(minutes=20),
        last_beat_at=T0 + timedelta(minutes=70),
        credited_us=HOUR_US,
        confirmed_us=HOUR_US,
        hits=1,
        misses=1,
        rejoins=1,
    )
    Segment.objects.create(attendance=attendance, started_at=T0, ended_at=T0 + timedelta(minutes=10))
    for index in range(prompts):
        shown = T0 + timedelta(minutes=5 + 20 * index)
        answered = index % 2 == 0
        PromptEvidence.objects.create(
            attendance=attendance,
            nonce_digest=hashlib.sha256(f"{username}-{index}".encode()).hexdigest(),
            shown_at=shown,
            deadline=shown + timedelta(seconds=12),
            outcome="answered" if answered else "missed",
            answered_at=shown + timedelta(milliseconds=1250) if answered else None,
            latency_ms=1250 if answered else None,
            kind=PromptKind.FINAL if index == prompts - 1 else PromptKind.REGULAR,
        )
    return attendance


def certify(claim_id: int, code: str) -> Certificate:
    return Certificate.objects.create(claim_id=claim_id, code=code, issued_at=T0 + timedelta(hours=2))


@dataclass
class Pack:
    """A pack as its reader sees it: every member's bytes, and the CSV, JSON members parsed."""

    files: dict[str, bytes]

    @classmethod
    def read(cls, data: bytes) -> Pack:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.testzip() is None
            return cls({name: archive.read(name) for name in archive.namelist()})

    def csv(self, name: str) -> list[dict[str, str]]:
        data = self.files[name]
        assert data.startswith(b"\xef\xbb\xbf")
        return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))

    def json(self, name: str) -> Any:
        return json.loads(self.files[name])

    @property
    def manifest(self) -> dict[str, Any]:
        return self.json("manifest.json")


def build(scope: PackScope, now: datetime = T0 + timedelta(days=1)) -> Pack:
    target = io.BytesIO()
    write_pack(target, scope, {"user_id": 1, "username": "auditor"}, now)
    return Pack.read(target.getvalue())
