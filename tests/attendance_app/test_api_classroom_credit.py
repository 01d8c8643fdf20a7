"""Classroom credit: Present or Late marks make the slot's time claimable; certificates follow (seed 002)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from attendance_app import api
from attendance_app.api import classroom
from attendance_app.exceptions import InvalidInput, NotAuthorized
from attendance_app.models import Attendance, Claim
from tests.attendance_app.classroom_helpers import T0, USAGE_KEY, classroom_activity, make_slot
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db
BEFORE, AFTER = T0 - timedelta(days=1), T0 + timedelta(hours=3)


@pytest.fixture
def slot(course_staff, org_admin, learner):
    classroom_activity(course_staff.id)
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})  # 50 min, fifths, floor
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": cpe.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    slot = make_slot(course_staff.id, hours=2)
    classroom.register(learner.id, USAGE_KEY, slot.id, BEFORE)
    return slot


def mark(actor, slot, learner, status, version=0):
    return classroom.set_mark(
        actor.id, USAGE_KEY, slot.id, learner.id, {"status": status, "version": version}, AFTER
    )


def test_registration_alone_credits_nothing(slot, learner):
    with pytest.raises(InvalidInput, match="Attend longer"):
        api.claim_credits(learner.id, USAGE_KEY, AFTER)
    assert not Attendance.objects.exists()


def test_a_present_mark_credits_the_reported_duration(course_staff, slot, learner):
    mark(course_staff, slot, learner, "present")

    result = api.claim_credits(learner.id, USAGE_KEY, AFTER)

    assert result["claimed_now"] == [{"acronym": "CPE", "units": "2.4"}]  # 120 min / 50 min
    assert Claim.objects.get().confirmed_seconds == 7200


def test_a_late_mark_credits_its_share_of_the_duration(course_staff, slot, learner):
    mark(course_staff, slot, learner, "late")

    result = api.claim_credits(learner.id, USAGE_KEY, AFTER)

    assert result["claimed_now"] == [{"acronym": "CPE", "units": "1.8"}]  # 96 min / 50 min, in fifths
    assert Claim.objects.get().confirmed_seconds == 5760


def test_an_absent_mark_credits_nothing_and_lowering_a_mark_never_lowers_a_claim(course_staff, slot, learner):
    mark(course_staff, slot, learner, "present")
    api.claim_credits(learner.id, USAGE_KEY, AFTER)

    mark(course_staff, slot, learner, "absent", version=1)

    assert Attendance.objects.get().confirmed_seconds == 0
    assert str(Claim.objects.get().units) == "2.40"


def test_with_managers_only_certificates_the_learner_sees_completed_and_the_manager_downloads(
    course_staff, slot, learner
):
    api.set_certificate_settings(course_staff.id, COURSE_KEY, {"visibility": "managers"})
    mark(course_staff, slot, learner, "present")
    api.claim_credits(learner.id, USAGE_KEY, AFTER)
    claim = Claim.objects.get()

    issued = api.certificate_for(learner.id, claim.id, AFTER)

    assert (issued["can_download"], issued["message"]) == (
        False,
        "This credit is completed. Your manager downloads the certificate.",
    )
    with pytest.raises(NotAuthorized):
        api.render_certificate_pdf(learner.id, issued["code"], AFTER)
    assert api.render_certificate_pdf(course_staff.id, issued["code"], AFTER).startswith(b"%PDF")
