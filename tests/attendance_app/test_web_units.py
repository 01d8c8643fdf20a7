"""The units catalogue pages: an org admin adds a CPE unit from the template, edits and archives it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from attendance_app import api
from attendance_app.models import CreditUnit
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db
URL = "/attendance/units/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_visitors_are_sent_to_sign_in():
    response = Client().get(URL)

    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("who", ["learner", "course_staff", "instructor", "outsider"])
def test_people_who_manage_no_catalogue_are_refused(request, who):
    response = signed_in(request.getfixturevalue(who)).get(URL)

    assert response.status_code == 403
    assert b"Only organization administrators and global staff manage credit units." in response.content


def test_org_admin_creates_a_cpe_unit_from_the_template(org_admin):
    client = signed_in(org_admin)
    page = client.get(URL)
    assert page.status_code == 200
    assert b"(CPE) Continuing Professional Education - 50 minutes" in page.content

    response = client.post(URL, {"org": "DemoX", "template": "cpe", "managed_by": "internal"})

    unit = CreditUnit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/attendance/units/{unit.id}/?created=1"
    assert (unit.acronym, unit.minutes, unit.increment, unit.org) == ("CPE", 50, "fifth", "DemoX")
    listing = client.get(URL)
    assert b"Continuing Professional Education" in listing.content


def test_errors_come_back_on_the_form_with_the_values_kept(org_admin):
    response = signed_in(org_admin).post(
        URL, {"org": "DemoX", "acronym": "CLE", "name": "Legal <b>", "hours": "0", "minutes": "0"}
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "A unit must last longer than zero minutes." in content
    assert 'value="Legal &lt;b&gt;"' in content  # escaped, kept
    minutes_input = content.split('id="unit-minutes"', 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in minutes_input
    assert not CreditUnit.objects.exists()


def test_org_admin_cannot_post_into_another_org(org_admin):
    response = signed_in(org_admin).post(URL, {"org": "OtherX", "template": "ceu"})

    assert response.status_code == 403
    assert not CreditUnit.objects.exists()


def test_external_unit_shows_its_secret_once_then_hides_it(org_admin):
    client = signed_in(org_admin)
    client.post(
        URL,
        {
            "org": "DemoX",
            "managed_by": "external",
            "acronym": "EXT",
            "name": "External board",
            "external_url": "https://board.example.com/?p={{personID}}",
        },
    )
    unit = CreditUnit.objects.get()

    first = client.get(f"{URL}{unit.id}/?created=1")
    later = client.get(f"{URL}{unit.id}/")

    assert unit.callback_secret.encode() in first.content
    assert unit.callback_secret.encode() not in later.content
    rotated = client.post(f"{URL}{unit.id}/", {"action": "rotate"})
    unit.refresh_from_db()
    assert unit.callback_secret.encode() in rotated.content


def test_edit_and_archive(org_admin):
    client = signed_in(org_admin)
    client.post(URL, {"org": "DemoX", "template": "ceu"})
    unit = CreditUnit.objects.get()

    saved = client.post(
        f"{URL}{unit.id}/",
        {
            "managed_by": "internal",
            "acronym": "CEU",
            "name": "CEU",
            "hours": "8",
            "minutes": "0",
            "minimum_frequency": "automatic",
            "popup_seconds": "20",
            "increment": "tenth",
            "minimum_credit": "0.1",
            "rounding": "nearest",
        },
    )
    assert saved.status_code == 200
    assert b"Unit saved." in saved.content
    client.post(f"{URL}{unit.id}/", {"action": "archive"})

    unit.refresh_from_db()
    assert (unit.hours, unit.popup_seconds) == (8, 20)
    assert unit.archived_at is not None


def test_another_orgs_unit_is_not_found(org_admin, global_staff):
    signed_in(global_staff).post(URL, {"org": "OtherX", "template": "ceu"})
    unit = CreditUnit.objects.get()

    assert signed_in(org_admin).get(f"{URL}{unit.id}/").status_code == 404


def test_page_assets_are_found_by_django_staticfiles():
    from django.contrib.staticfiles import finders

    assert finders.find("attendance/js/units.js")
    assert finders.find("attendance/css/pages.css")


def test_people_who_manage_no_catalogue_get_403_on_a_unit_page(learner, org_admin):
    unit = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})

    response = signed_in(learner).post(f"{URL}{unit.id}/", {"action": "archive"})

    assert response.status_code == 403
    unit.refresh_from_db()
    assert unit.archived_at is None


@pytest.fixture
def units(org_admin, course_staff, course):
    """CPE awarded by one activity; CEU that no activity uses."""
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    ceu = api.create_unit(org_admin.id, {"org": "DemoX", "template": "ceu"})
    usage_key = COURSE_KEY.make_usage_key("attendance", "webinar")
    api.configure_activity(
        course_staff.id,
        usage_key,
        {"display_name": "Webinar", "mode": "recorded", "live_start": "2026-01-01T00:00Z"},
    )
    api.add_rule(course_staff.id, usage_key, {"unit_id": cpe.id})
    return cpe, ceu


def test_the_catalogue_says_which_units_activities_use(org_admin, units):
    content = signed_in(org_admin).get(f"{URL}?org=DemoX").content.decode()

    assert "In use by 1 activity" in content
    assert "Not used by any activity" in content
    assert content.count("In use") == 1


def test_delete_asks_first_and_changes_nothing_until_confirmed(org_admin, units):
    _cpe, ceu = units
    client = signed_in(org_admin)

    asked = client.post(f"{URL}{ceu.id}/", {"action": "delete"})  # the old button's request
    confirmation = client.get(f"{URL}{ceu.id}/delete/")

    assert asked.status_code == 302
    assert asked["Location"] == f"{URL}{ceu.id}/delete/"
    assert confirmation.status_code == 200
    assert "Deleting it cannot be undone." in confirmation.content.decode()
    assert 'type="submit"' in confirmation.content.decode()
    assert CreditUnit.objects.filter(id=ceu.id, archived_at=None).exists()


def test_confirmed_delete_deletes_an_unused_unit(org_admin, units):
    _cpe, ceu = units
    client = signed_in(org_admin)

    response = client.post(f"{URL}{ceu.id}/delete/")

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?org=DemoX"
    assert not CreditUnit.objects.filter(id=ceu.id).exists()
    assert "CEU is deleted." in client.get(response["Location"]).content.decode()


def test_confirmed_delete_archives_a_unit_that_activities_use(org_admin, units):
    cpe, _ceu = units
    client = signed_in(org_admin)

    confirmation = client.get(f"{URL}{cpe.id}/delete/").content.decode()
    response = client.post(f"{URL}{cpe.id}/delete/")

    assert "1 activity awards this unit, so it will be archived, not deleted" in confirmation
    assert "Archive the unit" in confirmation
    assert response.status_code == 302
    assert response["Location"] == f"{URL}{cpe.id}/"
    cpe.refresh_from_db()
    assert cpe.archived_at is not None
    assert "CPE is archived, not deleted" in client.get(response["Location"]).content.decode()


def test_delete_is_refused_to_people_who_do_not_manage_the_catalogue(learner, units):
    cpe, _ceu = units

    response = signed_in(learner).post(f"{URL}{cpe.id}/delete/")

    assert response.status_code == 403
    assert CreditUnit.objects.filter(id=cpe.id, archived_at=None).exists()


def test_an_external_unit_from_the_form_ignores_the_hidden_duration_fields(org_admin):
    response = signed_in(org_admin).post(
        URL,
        {
            "org": "DemoX",
            "managed_by": "external",
            "acronym": "EXT",
            "name": "External board",
            "hours": "5",  # a page without JavaScript still shows and sends them
            "minutes": "30",
            "minimum_frequency": "automatic",
            "popup_seconds": "10",
            "external_url": "https://credits.example.com/?p={{personID}}",
            "increment": "whole",
            "minimum_credit": "0",
            "rounding": "down",
        },
    )

    assert response.status_code == 302
    unit = CreditUnit.objects.get(acronym="EXT")
    assert (unit.managed_by, unit.hours, unit.minutes) == ("external", 0, 0)


def test_the_page_css_lets_hidden_win_over_display_rules():
    css = Path(finders.find("attendance/css/pages.css")).read_text("utf-8")
    assert "[hidden] { display: none !important; }" in css
