"""Retirement: edx-platform's USER_RETIRE_LMS_* signals remove a learner's personal data from our
tables and keep credits, evidence and certificates linked to the retired id only; the personal-data
export of one learner (docs/retirement.md).

edx-platform is absent here, so its signals module is provided at the import boundary: a module of
real Django signals under the same dotted path, sent with the kwargs the platform's retirement
views send (``sender=``, ``user=``).
"""

from __future__ import annotations

import io
import json
import random
import sys
import types
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.dispatch import Signal

from attendance_app import api, receivers
from attendance_app.api import mirrors, retirement
from attendance_app.models import (
    Activity,
    ActivityLogEntry,
    Attendance,
    CallbackReceipt,
    Certificate,
    Claim,
    CoachAssignment,
    CohortMembershipMirror,
    EnrollmentMirror,
    FeatureSwitch,
    LogAction,
    LogCategory,
    PromptEvidence,
    Segment,
    TimingAccommodation,
)
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "replay")
RECORDED = {"display_name": "Replay", "mode": "recorded", "live_start": "2026-11-01T00:00:00Z"}


@pytest.fixture
def platform_signals(monkeypatch):
    """edx-platform's openedx/core/djangoapps/user_api/accounts/signals.py, as it defines them."""
    module = types.ModuleType(receivers.RETIREMENT_SIGNALS_MODULE)
    module.USER_RETIRE_MAILINGS = Signal()
    module.USER_RETIRE_LMS_CRITICAL = Signal()
    module.USER_RETIRE_LMS_MISC = Signal()
    monkeypatch.setitem(sys.modules, receivers.RETIREMENT_SIGNALS_MODULE, module)
    assert receivers.connect_retirement_receivers()
    return module


def history(user, other, staff, org_admin):
    """The learner attends with prompts, claims, gets a certificate, an accommodation, mirrors..."""
    api.configure_activity(staff.id, USAGE_KEY, RECORDED)
    unit = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.add_rule(staff.id, USAGE_KEY, {"unit_id": unit.id})
    api.set_course_switch(staff.id, COURSE_KEY, True)
    api.set_accommodation(staff.id, user.id, 1.5, COURSE_KEY)
    for person in (user, other):
        token = api.start_presence(person.id, USAGE_KEY, T0)["token"]
        rng = random.Random(0)
        for second in [*range(0, 601, 15), 1000]:  # prompts, then a rejoin
            api.record_beat(person.id, token, {"token": token}, T0 + timedelta(seconds=second), rng)
        claim = Claim.objects.create(
            user=person,
            activity=Activity.objects.get(usage_key=USAGE_KEY),
            unit=unit,
            units=Decimal("1.2"),
            claimed_at=T0,
            updated_at=T0,
        )
        api.certificate_for(person.id, claim.id, T0)
        mirrors.record_enrollment(person.id, COURSE_KEY, "verified", True, T0)
        mirrors.record_cohort(person.id, COURSE_KEY, "Blue", T0)
        ActivityLogEntry.objects.create(
            user=person,
            course_key=COURSE_KEY,
            category=LogCategory.CE,
            action=LogAction.CE_CLAIMED,
            label="1.2 CPE",
            created_at=T0,
        )
        ActivityLogEntry.objects.create(  # as an external unit's callback writes it
            user=person,
            course_key=COURSE_KEY,
            category=LogCategory.CE,
            action=LogAction.CE_CLAIMED,
            label=f"1.2 CPE (order {person.username})",
            created_at=T0,
        )
        CallbackReceipt.objects.create(
            unit=unit,
            idempotency_key=f"key-{person.id}",
            body_sha256="0" * 64,
            signature=f"{person.id:064d}",
            received_at=T0,
            status="awarded",
            result={"person_id": person.id, "reference": f"order {person.username}", "units": "1.2"},
        )
    CoachAssignment.objects.create(user=user, course_key=COURSE_KEY, cohort_id=1)
    # The learner acted on other rows: another learner's accommodation, the course switch.
    api.set_accommodation(other.id, other.id, 2)
    TimingAccommodation.objects.filter(user=other).update(set_by=user)
    FeatureSwitch.objects.update(changed_by=user)


def counts(person):
    return {
        "attendance": Attendance.objects.filter(user=person).count(),
        "segments": Segment.objects.filter(attendance__user=person).count(),
        "prompts": PromptEvidence.objects.filter(attendance__user=person).count(),
        "claims": Claim.objects.filter(user=person).count(),
        "certificates": Certificate.objects.filter(claim__user=person).count(),
        "log": ActivityLogEntry.objects.filter(user=person).count(),
        "accommodation": TimingAccommodation.objects.filter(user=person).count(),
        "coaching": CoachAssignment.objects.filter(user=person).count(),
        "enrollment_mirror": EnrollmentMirror.objects.filter(user=person).count(),
        "cohort_mirror": CohortMembershipMirror.objects.filter(user=person).count(),
    }


@pytest.fixture
def histories(settings, learner, other_learner, course_staff, org_admin):
    settings.ATTENDANCE_PROMPT_INTERVAL_SECONDS = 60
    cache.clear()
    history(learner, other_learner, course_staff, org_admin)


def test_retirement_signals_remove_personal_data_and_keep_the_sponsors_records(
    platform_signals, histories, learner, other_learner
):
    other_before = counts(other_learner)
    kept_before = {
        name: counts(learner)[name]
        for name in ("attendance", "segments", "prompts", "claims", "certificates", "log")
    }
    assert all(kept_before.values())

    platform_signals.USER_RETIRE_LMS_CRITICAL.send(sender=object, user=learner)
    after_critical = counts(learner)
    platform_signals.USER_RETIRE_LMS_MISC.send(sender=object, user=learner)  # idempotent

    assert counts(learner) == after_critical
    assert {name: after_critical[name] for name in kept_before} == kept_before
    assert after_critical["accommodation"] == after_critical["coaching"] == 0
    assert after_critical["enrollment_mirror"] == after_critical["cohort_mirror"] == 0
    # The learner's traces on other people's rows are unlinked, those rows kept.
    assert TimingAccommodation.objects.get(user=other_learner).set_by_id is None
    assert not FeatureSwitch.objects.filter(changed_by=learner).exists()
    assert FeatureSwitch.objects.exists()
    # The external system's free-text reference about the learner is gone; the other learner's stays.
    assert CallbackReceipt.objects.get(result__person_id=learner.id).result["reference"] == ""
    assert (
        CallbackReceipt.objects.get(result__person_id=other_learner.id).result["reference"]
        == "order other_learner"
    )
    assert counts(other_learner) == other_before
    # The log keeps the credit, without the external reference appended to its label.
    assert sorted(ActivityLogEntry.objects.filter(user=learner).values_list("label", flat=True)) == [
        "1.2 CPE",
        "1.2 CPE",
    ]
    assert "1.2 CPE (order other_learner)" in ActivityLogEntry.objects.filter(user=other_learner).values_list(
        "label", flat=True
    )


def test_without_edx_platform_the_retirement_receivers_are_not_connected(monkeypatch):
    monkeypatch.setitem(sys.modules, receivers.RETIREMENT_SIGNALS_MODULE, None)  # import fails

    assert receivers.connect_retirement_receivers() is False


def user_fields(model) -> list[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return [
        field.name
        for field in model._meta.get_fields()
        if field.is_relation and field.concrete and field.related_model is user_model
    ]


def test_every_user_field_of_our_tables_has_a_retirement_rule():
    """A table added with a user field must say what retirement does to it (docs/retirement.md)."""
    covered = {(model, "user") for model in retirement.DELETED}
    covered |= set(retirement.UNLINKED) | set(retirement.KEPT) | set(retirement.REMOVED_FROM)
    found = {
        (model, name)
        for model in apps.get_app_config("attendance_app").get_models()
        for name in user_fields(model)
    }

    assert found - covered == set()
    assert covered - found == set()


# Export --------------------------------------------------------------------------------------------------


def test_the_export_holds_the_learners_data_and_nobody_elses(histories, learner, other_learner):
    data = retirement.personal_data(learner.id)

    assert data["user_id"] == learner.id
    (attendance,) = data["attendance"]
    assert attendance["activity_id"] == str(USAGE_KEY)
    assert attendance["visits"]
    assert attendance["prompts"]
    assert [claim["units"] for claim in data["claims"]] == ["1.20"]
    assert data["claims"][0]["certificate"]["code"] == Certificate.objects.get(claim__user=learner).code
    assert data["timing_accommodation"] == [
        {"extension_factor": "1.50", "modified": data["timing_accommodation"][0]["modified"]}
    ]
    assert [row["result"]["reference"] for row in data["external_callbacks"]] == ["order learner"]
    assert data["platform_mirrors"]["enrollments"][0]["mode"] == "verified"
    assert "other_learner" not in json.dumps(data)
    json.dumps(data)  # JSON-ready


def test_the_export_command_prints_json(histories, learner):
    out = io.StringIO()
    call_command("export_attendance_personal_data", "learner", stdout=out)

    data = json.loads(out.getvalue())
    assert (data["username"], data["user_id"], len(data["claims"])) == ("learner", learner.id, 1)


def test_the_export_command_refuses_an_unknown_username(db):
    with pytest.raises(CommandError, match="No user has this username"):
        call_command("export_attendance_personal_data", "nobody")


def test_retirement_blanks_a_reissued_certificates_corrected_name_and_keeps_the_certificate(
    histories, learner, other_learner
):
    Certificate.objects.update(learner_name="Printed Name")
    assert Certificate.objects.filter(claim__user=other_learner).exists()

    changed = retirement.retire_user(learner.id)

    assert (
        changed["attendance_app.Certificate.learner_name"]
        == Certificate.objects.filter(claim__user=learner).count()
    )
    assert set(Certificate.objects.filter(claim__user=learner).values_list("learner_name", flat=True)) == {""}
    assert set(
        Certificate.objects.filter(claim__user=other_learner).values_list("learner_name", flat=True)
    ) == {"Printed Name"}
