"""The learner's My credits page: tables per course, the Claim credits button, CSRF."""

from __future__ import annotations

import pytest
from django.test import Client

from attendance_app import api, clock
from attendance_app.models import Activity, Attendance, Claim
from attendance_app.platform.standalone.backend import usage_key_for_id
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "replay")
PAGE = "/attendance/my-credits/"
CLAIM = "/attendance/my-credits/claim/"


@pytest.fixture
def activity(course_staff, org_admin):
    api.configure_activity(
        course_staff.id,
        USAGE_KEY,
        {"display_name": "Replay <b>1</b>", "mode": "recorded", "live_start": "2026-01-01T00:00Z"},
    )
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": cpe.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    return Activity.objects.get(usage_key=USAGE_KEY)


def attend(user, seconds=3600):
    now = clock.now()
    Attendance.objects.create(
        user=user,
        activity=Activity.objects.get(usage_key=USAGE_KEY),
        first_join_at=now,
        last_beat_at=now,
        segment_started_at=now,
        credited_seconds=seconds,
        confirmed_seconds=seconds,
        hits=3,
    )


def signed_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def test_anonymous_visitors_are_sent_to_sign_in():
    response = Client().get(PAGE)

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_page_lists_the_course_and_escapes_names(learner, activity):
    attend(learner)

    content = signed_in(learner).get(PAGE).content.decode()

    assert "Continuing Education 101" in content
    assert "Replay &lt;b&gt;1&lt;/b&gt;" in content
    assert "<b>1</b>" not in content
    assert f'href="/courses/{COURSE_KEY}/jump_to/{USAGE_KEY}"' in content
    assert '<th scope="colgroup" colspan="2">CPE</th>' in content
    assert "Claim credits" in content


def test_the_page_shows_earned_claimed_and_totals(learner, activity):
    attend(learner)
    api.claim_credits(learner.id, USAGE_KEY, clock.now())

    content = signed_in(learner).get(PAGE).content.decode()

    assert content.count("<td>1.2</td>") == 4  # earned and claimed, in the row and in the total
    assert "Already claimed: 1.2 CPE." in content
    assert 'name="usage_key"' not in content  # nothing left to claim: no button


def test_numbers_follow_the_readers_language(learner, activity):
    attend(learner)

    content = signed_in(learner, HTTP_ACCEPT_LANGUAGE="fr").get(PAGE).content.decode()

    assert "<td>1,2</td>" in content


def test_a_learner_without_credit_is_told_how_to_earn_some(learner):
    content = signed_in(learner).get(PAGE).content.decode()

    assert "You have no credits yet." in content


def test_the_claim_button_claims_and_comes_back_with_a_message(learner, activity):
    attend(learner)
    client = signed_in(learner)

    response = client.post(CLAIM, {"usage_key": str(USAGE_KEY)}, follow=True)

    assert response.redirect_chain == [("/attendance/my-credits/", 302)]
    assert Claim.objects.get().user == learner
    assert "You claimed 1.2 CPE in “Replay &lt;b&gt;1&lt;/b&gt;”." in response.content.decode()


def test_claiming_again_says_there_is_nothing_new(learner, activity):
    attend(learner)
    client = signed_in(learner)
    client.post(CLAIM, {"usage_key": str(USAGE_KEY)})

    response = client.post(CLAIM, {"usage_key": str(USAGE_KEY)}, follow=True)

    assert "Nothing new to claim" in response.content.decode()
    assert Claim.objects.count() == 1


def test_a_refused_claim_comes_back_with_the_reason(learner, activity):
    attend(learner, seconds=600)

    response = signed_in(learner).post(CLAIM, {"usage_key": str(USAGE_KEY)}, follow=True)

    content = response.content.decode()
    assert 'class="attendance-error"' in content
    assert "Nothing to claim yet. Attend longer: 0.0 of 1.0 CPE so far." in content
    assert not Claim.objects.exists()


@pytest.mark.parametrize("usage_key", ["", "nonsense", str(COURSE_KEY.make_usage_key("attendance", "nope"))])
def test_a_bad_or_unknown_key_comes_back_with_an_error(learner, activity, usage_key):
    response = signed_in(learner).post(CLAIM, {"usage_key": usage_key}, follow=True)

    assert response.status_code == 200
    assert 'class="attendance-error"' in response.content.decode()
    assert not Claim.objects.exists()


def test_claiming_needs_the_csrf_token(learner, activity):
    attend(learner)

    response = signed_in(learner, enforce_csrf_checks=True).post(CLAIM, {"usage_key": str(USAGE_KEY)})

    assert response.status_code == 403
    assert not Claim.objects.exists()


def test_the_button_form_carries_the_csrf_token(learner, activity):
    attend(learner)
    client = signed_in(learner, enforce_csrf_checks=True)
    page = client.get(PAGE)

    token = page.context["csrf_token"]
    response = client.post(CLAIM, {"usage_key": str(USAGE_KEY), "csrfmiddlewaretoken": str(token)})

    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    assert response.status_code == 302
    assert Claim.objects.exists()


def test_claiming_is_a_post(learner, activity):
    assert signed_in(learner).get(CLAIM).status_code == 405


def test_a_demo_activitys_link_opens_its_workbench_page(learner, course_staff, org_admin):
    demo_key = usage_key_for_id("attendance-recorded-session.attendance.d0.u0", "attendance")
    api.configure_activity(
        course_staff.id,
        demo_key,
        {"display_name": "Recorded", "mode": "recorded", "live_start": "2026-01-01T00:00Z"},
    )
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.add_rule(course_staff.id, demo_key, {"unit_id": cpe.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    now = clock.now()
    Attendance.objects.create(
        user=learner,
        activity=Activity.objects.get(usage_key=demo_key),
        first_join_at=now,
        last_beat_at=now,
        segment_started_at=now,
        credited_seconds=3000,
        confirmed_seconds=3000,
    )

    content = signed_in(learner).get(PAGE).content.decode()

    assert '<a href="/scenario/attendance.1/">Recorded</a>' in content


def test_the_page_has_the_shared_header(learner):
    content = signed_in(learner).get(PAGE).content.decode()

    assert '<header class="attendance-header">' in content
    assert f"Signed in as {learner.get_full_name()}" in content
    assert '<a href="/">Back to the courses</a>' in content
