"""Self check-in: the rotating code, Present or Late by the time rule, one learner per IP, networks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from attendance_app.api import classroom
from attendance_app.api.classroom.checkin import check_in, current_code, list_checkins
from attendance_app.api.classroom.options import set_classroom_settings
from attendance_app.credit.classroom import checkin_code, time_step
from attendance_app.exceptions import Conflict, InvalidInput, NotAuthorized
from attendance_app.models import ActivityLogEntry, CheckIn, Mark
from tests.attendance_app.classroom_helpers import T0, USAGE_KEY, classroom_activity, enrolled, make_slot

pytestmark = pytest.mark.django_db
BEFORE = T0 - timedelta(days=1)
IP, OTHER_IP = "198.51.100.7", "203.0.113.9"


@pytest.fixture
def slot(course_staff, instructor, learner, other_learner):
    classroom_activity(course_staff.id)
    slot = make_slot(course_staff.id, instructor_ids=[instructor.id], capacity=5)
    for user in (learner, other_learner):
        classroom.register(user.id, USAGE_KEY, slot.id, BEFORE)
    return slot


def code_at(slot, moment):
    return checkin_code(slot.checkin_secret, time_step(moment))


def test_the_instructor_sees_the_current_code_and_its_qr(instructor, slot):
    moment = T0 + timedelta(minutes=1, seconds=3)

    shown = current_code(instructor.id, USAGE_KEY, slot.id, moment)

    assert shown.code == code_at(slot, moment)
    assert len(shown.code) == 6
    assert shown.expires_at == T0 + timedelta(minutes=1, seconds=15)
    assert shown.qr_svg.startswith("<svg")
    assert shown.checkin_url == f"/attendance/checkin/{slot.id}/?code={shown.code}"
    assert current_code(instructor.id, USAGE_KEY, slot.id, moment + timedelta(seconds=15)).code != shown.code


def test_a_learner_is_present_within_the_window_and_late_after(slot, learner, other_learner):
    early = T0 + timedelta(minutes=10)
    late = T0 + timedelta(minutes=11)

    first = check_in(learner.id, USAGE_KEY, slot.id, {"code": code_at(slot, early)}, IP, early)
    second = check_in(other_learner.id, USAGE_KEY, slot.id, {"code": code_at(slot, late)}, OTHER_IP, late)

    assert (first.status.code, first.source) == ("present", "checkin")
    assert second.status.code == "late"
    assert ActivityLogEntry.objects.filter(action="Checked in").count() == 2


def test_the_code_just_replaced_is_accepted_for_two_seconds_only(slot, learner, other_learner):
    boundary = T0 + timedelta(minutes=1)  # a new 15-second step starts here
    previous = code_at(slot, boundary - timedelta(seconds=1))

    with pytest.raises(InvalidInput):
        check_in(learner.id, USAGE_KEY, slot.id, {"code": previous}, IP, boundary + timedelta(seconds=3))
    mark = check_in(learner.id, USAGE_KEY, slot.id, {"code": previous}, IP, boundary + timedelta(seconds=2))
    assert mark.status.code == "present"


def test_an_expired_or_made_up_code_is_refused(slot, learner):
    now = T0 + timedelta(minutes=5)

    for code in (code_at(slot, now - timedelta(seconds=30)), "000000", "", None):
        with pytest.raises(InvalidInput):
            check_in(learner.id, USAGE_KEY, slot.id, {"code": code}, IP, now)
    assert not Mark.objects.exists()


def test_a_replayed_check_in_is_refused(slot, learner):
    now = T0 + timedelta(minutes=5)
    check_in(learner.id, USAGE_KEY, slot.id, {"code": code_at(slot, now)}, IP, now)

    with pytest.raises(Conflict):
        check_in(learner.id, USAGE_KEY, slot.id, {"code": code_at(slot, now)}, IP, now)
    assert Mark.objects.get().version == 1


def test_a_second_learner_from_the_same_ip_is_refused_and_flagged(instructor, slot, learner, other_learner):
    now = T0 + timedelta(minutes=5)
    check_in(learner.id, USAGE_KEY, slot.id, {"code": code_at(slot, now)}, IP, now)

    with pytest.raises(Conflict, match="Another learner"):
        check_in(other_learner.id, USAGE_KEY, slot.id, {"code": code_at(slot, now)}, IP, now)

    assert not Mark.objects.filter(user=other_learner).exists()
    flagged = [(c.user_id, c.outcome) for c in list_checkins(instructor.id, USAGE_KEY, slot.id)]
    assert flagged == [(learner.id, "accepted"), (other_learner.id, "shared_ip")]


def test_shared_addresses_can_be_allowed(course_staff, slot, learner, other_learner):
    set_classroom_settings(course_staff.id, USAGE_KEY, {"checkin_one_per_ip": False})
    now = T0 + timedelta(minutes=5)

    for user in (learner, other_learner):
        check_in(user.id, USAGE_KEY, slot.id, {"code": code_at(slot, now)}, IP, now)
    assert Mark.objects.count() == 2


def test_only_the_allowed_networks_check_in(course_staff, slot, learner, other_learner):
    set_classroom_settings(course_staff.id, USAGE_KEY, {"checkin_subnets": "198.51.100.0/24"})
    now = T0 + timedelta(minutes=5)

    with pytest.raises(Conflict):
        check_in(other_learner.id, USAGE_KEY, slot.id, {"code": code_at(slot, now)}, OTHER_IP, now)
    check_in(learner.id, USAGE_KEY, slot.id, {"code": code_at(slot, now)}, IP, now)
    assert CheckIn.objects.get(user=other_learner).outcome == "outside_subnet"


def test_a_bad_network_is_refused(course_staff, slot):
    with pytest.raises(InvalidInput) as error:
        set_classroom_settings(course_staff.id, USAGE_KEY, {"checkin_subnets": "10.0.0.0/33"})
    assert set(error.value.field_errors) == {"checkin_subnets"}


def test_no_check_in_before_the_start_or_after_the_end(slot, learner):
    for moment in (T0 - timedelta(seconds=1), T0 + timedelta(hours=2)):
        with pytest.raises(Conflict):
            check_in(learner.id, USAGE_KEY, slot.id, {"code": code_at(slot, moment)}, IP, moment)


def test_only_registered_learners_check_in(slot):
    stranger = enrolled("stranger")
    now = T0 + timedelta(minutes=5)

    with pytest.raises(NotAuthorized):
        check_in(stranger.id, USAGE_KEY, slot.id, {"code": code_at(slot, now)}, IP, now)


def test_a_check_in_never_overwrites_a_persons_mark(instructor, slot, learner):
    now = T0 + timedelta(minutes=5)
    classroom.set_mark(instructor.id, USAGE_KEY, slot.id, learner.id, {"status": "excused"}, now)

    with pytest.raises(Conflict):
        check_in(learner.id, USAGE_KEY, slot.id, {"code": code_at(slot, now)}, IP, now)
    assert Mark.objects.get().status.code == "excused"
