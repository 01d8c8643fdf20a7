"""The page a check-in QR code opens: a GET only shows it, a CSRF-protected POST checks in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from attendance_app.api import classroom
from attendance_app.credit.classroom import checkin_code, time_step
from attendance_app.models import CheckIn, CheckInOutcome, Mark
from tests.attendance_app.classroom_helpers import USAGE_KEY
from tests.attendance_app.rest_api.test_classroom import SLOTS, World
from tests.attendance_app.rest_api.utils import CSRF_SECRET, call, client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
IP, OTHER_IP = "198.51.100.7", "203.0.113.9"
UNIT_URL = f"/courses/{USAGE_KEY.course_key}/jump_to/{USAGE_KEY}"


def code_now(slot, delay=timedelta(0)):
    return checkin_code(slot.checkin_secret, time_step(datetime.now(tz=UTC) - delay))


def page(slot):
    return f"/attendance/checkin/{slot.id}/"


def post(client, slot, code, ip=IP, **extra):
    return client.post(
        page(slot), {"csrfmiddlewaretoken": CSRF_SECRET, "code": code}, REMOTE_ADDR=ip, **extra
    )


def test_the_qr_code_opens_the_absolute_check_in_page_with_the_code(request):
    world = World(request)

    shown = call(client_for(world.slot_instructor), "get", f"{SLOTS}{world.started.id}/checkin-code/").json()

    assert shown["checkin_url"] == f"http://testserver{page(world.started)}?code={shown['code']}"


def test_a_get_shows_the_slot_and_the_button_and_checks_nobody_in(request, django_assert_num_queries):
    world = World(request)
    client = client_for(world.learner)
    code = code_now(world.started)

    # Session, user, slot, may they see it (enrolment), the viewer's time zone, their mark, their seat:
    # a room of phones at once.
    with django_assert_num_queries(7):
        response = client.get(f"{page(world.started)}?code={code}", REMOTE_ADDR=IP)

    body = response.content.decode()
    assert response.status_code == 200
    assert world.started.title in body
    assert f'name="code" value="{code}"' in body
    assert 'method="post"' in body
    assert "csrfmiddlewaretoken" in body
    assert f'href="{UNIT_URL}"' in body
    assert not Mark.objects.exists()
    assert not CheckIn.objects.exists()


def test_the_button_checks_the_learner_in_and_links_to_the_unit(request):
    world = World(request)

    response = post(client_for(world.learner), world.started, code_now(world.started))

    assert response.status_code == 200
    mark = Mark.objects.get(user=world.learner)
    assert (mark.slot_id, mark.source, mark.status.code) == (world.started.id, "checkin", "late")
    body = response.content.decode()
    assert "You are checked in" in body
    assert f'href="{UNIT_URL}"' in body
    assert 'method="post"' not in body


def test_a_post_without_the_csrf_token_is_refused(request):
    world = World(request)

    response = client_for(world.learner).post(page(world.started), {"code": code_now(world.started)})

    assert response.status_code == 403
    assert not Mark.objects.exists()


def test_an_expired_code_is_refused_and_changes_nothing(request):
    world = World(request)

    response = post(client_for(world.learner), world.started, code_now(world.started, timedelta(minutes=1)))

    assert response.status_code == 400
    assert "wrong or has expired" in response.content.decode()
    assert 'method="post"' in response.content.decode()  # type the code shown now
    assert not Mark.objects.exists()
    assert not CheckIn.objects.exists()


def test_a_replayed_check_in_is_refused_and_the_page_then_shows_the_mark(request):
    world = World(request)
    client = client_for(world.learner)
    code = code_now(world.started)
    assert post(client, world.started, code).status_code == 200

    replay = post(client, world.started, code)

    assert replay.status_code == 409
    assert "already marked" in replay.content.decode()
    assert Mark.objects.get().version == 1
    assert CheckIn.objects.count() == 1
    again = client.get(f"{page(world.started)}?code={code}").content.decode()
    assert "already marked for this slot" in again
    assert 'method="post"' not in again


def test_a_learner_not_registered_for_the_slot_cannot_check_in(request, other_learner):
    world = World(request)
    client = client_for(other_learner)

    shown = client.get(f"{page(world.started)}?code={code_now(world.started)}").content.decode()
    response = post(client, world.started, code_now(world.started))

    assert "Only learners registered for this slot can check in." in shown
    assert 'method="post"' not in shown
    assert response.status_code == 403
    assert not Mark.objects.exists()


def test_a_second_learner_from_the_same_address_is_refused_and_flagged(request, other_learner):
    world = World(request)
    yesterday = datetime.now(tz=UTC) - timedelta(days=1)
    classroom.register(other_learner.id, USAGE_KEY, world.started.id, yesterday)
    assert post(client_for(world.learner), world.started, code_now(world.started)).status_code == 200

    same = post(client_for(other_learner), world.started, code_now(world.started), ip=IP)
    elsewhere_ok = post(client_for(other_learner), world.started, code_now(world.started), ip=OTHER_IP)

    assert same.status_code == 409
    assert "Another learner already checked in from this device" in same.content.decode()
    assert CheckIn.objects.filter(user=other_learner).first().outcome == CheckInOutcome.SHARED_IP
    assert elsewhere_ok.status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in_and_unknown_slots_are_404(request):
    world = World(request)

    assert client_for(None).get(page(world.started)).status_code == 302
    assert client_for(world.learner).get("/attendance/checkin/987654/").status_code == 404
    assert client_for(world.learner).get("/attendance/checkin/²/").status_code == 404


def test_someone_who_may_not_see_the_slots_gets_a_403_without_the_slot(request):
    world = World(request)
    stranger = UserFactory(username="stranger")

    response = client_for(stranger).get(page(world.started))

    assert response.status_code == 403
    assert world.started.title not in response.content.decode()
