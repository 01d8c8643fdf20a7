"""The instructor's classroom page: who sees it, marking through its forms, the stale-version refusal."""

from __future__ import annotations

import pytest

from attendance_app.models import Mark, MarkAudit
from tests.attendance_app.classroom_helpers import USAGE_KEY
from tests.attendance_app.rest_api.test_classroom import World
from tests.attendance_app.rest_api.utils import CSRF_SECRET, client_for

pytestmark = pytest.mark.django_db
PAGES = f"/attendance/activities/{USAGE_KEY}/classroom/"


def page(slot) -> str:
    return f"{PAGES}{slot.id}/"


def post(client, url, **fields):
    return client.post(url, {"csrfmiddlewaretoken": CSRF_SECRET, **fields})


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("learner", 403),
        ("other_course_learner", 403),
        ("coach", 403),
        ("slot_instructor", 200),
        ("instructor", 200),
        ("course_staff", 200),
        ("global_staff", 200),
    ],
)
def test_the_register_page_is_for_the_slot_instructors_and_the_course_team(request, role, status):
    world = World(request)

    response = client_for(world.user(role)).get(page(world.started))

    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert world.learner.username in body
        assert "classroom-code" in body  # the slot is running: the check-in code panel shows
        assert 'name="version" value="0"' in body


def test_anonymous_users_are_sent_to_sign_in(request):
    world = World(request)

    assert client_for(None).get(page(world.started)).status_code == 302


def test_the_slot_list_shows_a_slot_instructor_their_slots(request):
    world = World(request)

    body = client_for(world.slot_instructor).get(PAGES).content.decode()

    assert body.count('href="/attendance/activities/') == 2


def test_marking_through_the_form_saves_and_a_stale_form_is_refused(request):
    world = World(request)
    client = client_for(world.slot_instructor)
    url = page(world.started)

    saved = post(client, url, user_id=world.learner.id, version=0, status="late", remark="Bus")
    assert saved.status_code == 302
    assert (Mark.objects.get().status.code, Mark.objects.get().remark) == ("late", "Bus")

    stale = post(client, url, user_id=world.learner.id, version=0, status="present", remark="")

    assert stale.status_code == 409
    assert "Someone else changed this mark" in stale.content.decode()
    assert Mark.objects.get().status.code == "late"
    assert MarkAudit.objects.count() == 1


@pytest.mark.parametrize("field", ["user_id", "version"])
def test_unicode_digits_in_a_mark_form_are_refused_and_nothing_is_marked(request, field):
    world = World(request)
    fields = {"user_id": world.learner.id, "version": 0, "status": "late", "remark": "", field: "²"}

    response = post(client_for(world.slot_instructor), page(world.started), **fields)

    assert 400 <= response.status_code < 500
    assert not Mark.objects.exists()


def test_a_walk_in_and_mark_all_unmarked_through_the_forms(request):
    world = World(request)
    other = request.getfixturevalue("other_learner")
    client = client_for(world.staff)
    url = page(world.started)

    assert post(client, url, action="walk_in", username=other.username, status="present").status_code == 302
    assert post(client, url, action="mark_unmarked", status="absent").status_code == 302

    assert dict(Mark.objects.values_list("user_id", "status__code")) == {
        other.id: "present",
        world.learner.id: "absent",
    }
    assert post(client, url, action="walk_in", username="nobody", status="present").status_code == 400


def test_a_form_without_the_csrf_token_is_refused(request):
    world = World(request)

    response = client_for(world.staff).post(
        page(world.started), {"user_id": world.learner.id, "status": "late"}
    )

    assert response.status_code == 403
    assert not Mark.objects.exists()
