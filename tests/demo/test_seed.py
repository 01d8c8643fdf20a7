"""The demo seed: people in every role, units, activities, and it can run again."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from attendance_app import permissions
from attendance_app.api import sponsors
from attendance_app.models import (
    Activity,
    ActivityUnitRule,
    Attendance,
    Claim,
    CoachAssignment,
    CreditUnit,
    PromptEvidence,
)
from attendance_app.platform import get_backend
from demo.seed import COURSE_KEY, seed

pytestmark = pytest.mark.django_db


def user_id(username: str) -> int:
    return get_user_model().objects.get(username=username).id


def test_seed_creates_every_role_and_is_idempotent():
    first = seed()
    second = seed()

    assert first == second == {"learners": 20, "units": 4, "activities": 7, "slots": 6}
    assert CreditUnit.objects.count() == 4
    assert Activity.objects.count() == 7
    assert sorted(Activity.objects.values_list("mode", flat=True)) == [
        "classroom",
        "live",
        "live",
        "recorded",
        "recorded",
        "recorded",
        "recorded",
    ]
    backend = get_backend()
    assert len(backend.enrolled_user_ids(COURSE_KEY)) == 19  # learner20 unenrolled, for reports
    assert permissions.can_author_course(user_id("staff"), COURSE_KEY)
    assert permissions.can_author_course(user_id("instructor"), COURSE_KEY)
    assert permissions.can_author_course(user_id("admin"), COURSE_KEY)
    assert not permissions.can_author_course(user_id("coach"), COURSE_KEY)
    assert not permissions.can_author_course(user_id("learner01"), COURSE_KEY)


def test_coach_is_assigned_to_the_morning_group():
    seed()
    backend = get_backend()
    (assignment,) = CoachAssignment.objects.filter(user__username="coach")

    members = backend.cohort_member_ids(COURSE_KEY, assignment.cohort_id)
    assert len(members) == 10
    assert user_id("learner01") in members
    assert user_id("learner11") not in members


def test_live_activity_awards_cpe_behind_the_module_quiz():
    seed()

    rule = ActivityUnitRule.objects.get(activity__display_name__startswith="Ethics")
    assert rule.unit.acronym == "CPE"
    assert rule.min_grade == 70
    assert str(rule.quiz_usage_key) == "block-v1:DemoX+CE101+2026+type@problem+block@module1_quiz"


def test_the_past_webinar_has_history_made_through_the_presence_api():
    seed()
    seed()  # once only

    past = Activity.objects.get(display_name__startswith="Tax update")
    attendances = Attendance.objects.filter(activity=past)
    assert attendances.count() == 6
    full = attendances.get(user__username="learner01")
    assert full.hits >= 5
    assert full.misses == 0
    assert attendances.get(user__username="learner02").rejoins == 1
    assert attendances.get(user__username="learner04").misses == 1
    assert PromptEvidence.objects.filter(attendance__activity=past).count() >= 20
    # learner01 (quiz 55 %) is gated; learner02 (92 %) attended long enough and claimed
    assert not Claim.objects.filter(user__username="learner01").exists()
    assert Claim.objects.get(user__username="learner02").units >= 1


def test_both_blocks_of_the_two_session_page_are_activities_with_credit():
    seed()

    names = set(Activity.objects.values_list("display_name", flat=True))
    assert {"Morning session (recorded)", "Afternoon session (recorded)"} <= names
    for name in ("Morning session (recorded)", "Afternoon session (recorded)"):
        assert ActivityUnitRule.objects.filter(activity__display_name=name).exists()


def _webm_duration_seconds(path) -> float:
    """The Duration of a WebM's Info element (EBML id 0x4489, a float in TimecodeScale units of 1 ms)."""
    import struct

    data = path.read_bytes()
    at = data.index(b"\x44\x89") + 2
    size = data[at] & 0x7F
    value = data[at + 1 : at + 1 + size]
    return (struct.unpack(">d", value)[0] if size == 8 else struct.unpack(">f", value)[0]) / 1000


def test_the_recorded_session_can_really_earn_a_credit_by_watching_its_video():
    from pathlib import Path

    from attendance_app.models import ActivityUnitRule, ManagedBy

    seed()
    recorded = Activity.objects.get(display_name="Revenue recognition (recorded)")
    video = Path(__file__).resolve().parents[2] / "demo" / "static" / "demo" / Path(recorded.video_url).name
    shortest = min(
        rule.unit.duration_seconds
        for rule in ActivityUnitRule.objects.filter(activity=recorded, unit__managed_by=ManagedBy.INTERNAL)
    )
    assert shortest <= _webm_duration_seconds(video)


def test_the_classroom_workshop_has_past_marks_an_audit_and_a_waiting_list():
    from attendance_app.models import MarkAudit, Registration, Slot

    seed()

    full = Slot.objects.get(title="Fraud indicators (full)")
    assert list(full.registrations.values_list("status", flat=True)) == ["registered"] * 3 + ["waiting"] * 2
    corrected = MarkAudit.objects.filter(slot__title="Audit basics", before_status="late")
    assert corrected.get().after_status == "present"
    assert set(MarkAudit.objects.filter(source="auto").values_list("after_status", flat=True)) == {"absent"}
    assert Registration.objects.filter(slot__title="Audit clinic").count() == 3


def test_the_dashboards_show_the_classroom_figures_of_the_workshop():
    from attendance_app.reports import program_statistics as ps
    from attendance_app.reports.group_dashboard import group_dashboard

    seed()
    staff = user_id("staff")
    general = dict(ps.compute(ps.statistics_scope(staff, COURSE_KEY)).general())

    # Registered: the six of the past slots, the full slot's three among them, three for the clinic.
    assert general["Registrations"] == "9"
    assert general["Waiting list"] == "2"
    assert general["Open registrations"] == "33"  # the weekly clinic: 12 seats thrice, 3 taken
    assert general["Average score"] != "-"  # the demo's course grades come from its quiz grades
    blended = next(chart for chart in group_dashboard(staff)["charts"] if chart["id"] == "blended")
    assert dict(blended["rows"])["With classroom"] == 1


def test_the_site_sponsor_is_complete_for_nasba_and_iacet():
    seed()
    seed()
    sponsor = sponsors.resolved_sponsor(sponsors.Scope())

    assert (sponsor.name, sponsor.responsible_name) == ("DemoX Institute", "Ada Lovelace")
    assert sponsor.provider_ids == {"nasba": "112233", "iacet": "IA-4455"}
    assert sponsor.signature_image.startswith(b"\x89PNG")
    assert sponsor.logo_image.startswith(b"\x89PNG")
    missing = sponsors.missing_for_bodies(sponsor)
    assert missing.get("NASBA", []) == []
    assert missing.get("IACET", []) == []
