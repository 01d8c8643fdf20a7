"""The sponsor page's course scope (``?course=``): who edits it, what it inherits, its preview, the link."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from django.test import Client
from pypdf import PdfReader

from attendance_app.api import sponsors
from attendance_app.models import SponsorSettings
from tests.attendance_app.rest_api.utils import user_for
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db
URL = f"/attendance/sponsors/?course={quote(str(COURSE_KEY))}"
PREVIEW = f"/attendance/sponsors/preview/?course={quote(str(COURSE_KEY))}"
COURSE_SCOPE = sponsors.Scope.of_course(COURSE_KEY)


def signed_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


@pytest.fixture
def inherited(global_staff, org_admin):
    sponsors.save_sponsor(
        global_staff.id, sponsors.Scope(), {"address": "1 Site Road", "contact": "site@x.test"}
    )
    sponsors.save_sponsor(
        org_admin.id,
        sponsors.Scope(org="DemoX"),
        {"name": "DemoX Institute", "provider_ids": {"nasba": "112233"}},
    )


def test_anonymous_visitors_are_sent_to_sign_in():
    for url in (URL, PREVIEW):
        response = Client().get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


@pytest.mark.parametrize("role", ["learner", "outsider", "other_course_staff", "other_org_admin"])
def test_people_outside_the_course_team_are_refused(request, role):
    client = signed_in(user_for(request, role))

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"name": "Intruder"}).status_code == 403
    assert client.get(PREVIEW).status_code == 403
    assert not SponsorSettings.objects.exists()


@pytest.mark.parametrize("role", ["course_staff", "instructor", "org_admin", "global_staff"])
def test_the_course_team_saves_the_course_override(request, role):
    response = signed_in(user_for(request, role)).post(URL, {"name": "CE101 Sponsor", "provider_iacet": "77"})

    assert response.status_code == 200
    assert b"Saved." in response.content
    row = SponsorSettings.objects.get()
    assert (row.org, row.course_id, row.name, row.provider_ids) == (
        "DemoX",
        str(COURSE_KEY),
        "CE101 Sponsor",
        {"iacet": "77"},
    )


def test_course_staff_still_do_not_edit_their_organization(course_staff):
    assert signed_in(course_staff).get("/attendance/sponsors/", {"org": "DemoX"}).status_code == 403


def test_a_malformed_course_key_is_a_clear_400(course_staff):
    response = signed_in(course_staff).get("/attendance/sponsors/", {"course": "not a key"})

    assert response.status_code == 400
    assert "is not a valid course key" in response.content.decode()


def test_each_empty_field_shows_what_it_inherits(course_staff, inherited):
    page = signed_in(course_staff).get(URL).content.decode()

    assert "Sponsor of the course course-v1:DemoX+CE101+2026" in page
    assert 'placeholder="DemoX Institute"' in page  # the organization's
    assert "Inherited when empty: DemoX Institute" in page
    assert "Inherited when empty: 1 Site Road" in page  # the site's, through the organization
    assert 'placeholder="112233"' in page  # NASBA's provider id
    assert 'aria-describedby="sponsor-name-inherited sponsor-name-error"' in page
    assert "Inherited when empty: site@x.test" in page


def test_a_field_the_course_sets_keeps_its_own_value_and_the_hint(course_staff, inherited):
    sponsors.save_sponsor(course_staff.id, COURSE_SCOPE, {"name": "CE101 Sponsor"})

    page = signed_in(course_staff).get(URL).content.decode()

    assert 'value="CE101 Sponsor" placeholder="DemoX Institute"' in page


def test_a_bad_field_is_shown_and_nothing_is_saved(course_staff):
    response = signed_in(course_staff).post(URL, {"name": "x" * 256, "contact": "ok@x.test"})

    assert response.status_code == 400
    assert b"Use at most 255 characters." in response.content
    assert not SponsorSettings.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(course_staff):
    response = signed_in(course_staff, enforce_csrf_checks=True).post(URL, {"name": "CE101"})

    assert response.status_code == 403
    assert not SponsorSettings.objects.exists()


def test_the_preview_prints_the_course_override_over_what_it_inherits(course_staff, inherited):
    sponsors.save_sponsor(course_staff.id, COURSE_SCOPE, {"name": "CE101 Sponsor"})
    page = signed_in(course_staff).get(URL).content.decode()
    assert f'href="/attendance/sponsors/preview/?course={quote(str(COURSE_KEY))}"' in page

    response = signed_in(course_staff).get(PREVIEW)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert "Sponsor: CE101 Sponsor" in text
    assert "Address: 1 Site Road" in text


def test_the_course_dashboard_links_the_course_team_to_it(course_staff):
    page = signed_in(course_staff).get(f"/attendance/courses/{COURSE_KEY}/dashboard/").content.decode()

    assert f'href="/attendance/sponsors/?course={quote(str(COURSE_KEY), safe="")}"' in page
    assert "Sponsor settings of this course" in page
