"""The operators' Django admin: lists, searches and filters render; saves go through the API's validation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import path

from attendance_app import api
from attendance_app.models import Activity, CoachAssignment, CreditUnit, FeatureSwitch
from tests.factories import COURSE_KEY, UserFactory

# The suite's URLs leave the admin out; these tests mount it alone.
urlpatterns = [path("admin/", admin.site.urls)]
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

UNITS = "/admin/attendance_app/creditunit/"
USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "webinar")
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
FORM = {
    "org": "DemoX",
    "managed_by": "internal",
    "acronym": "CLE",
    "name": "Continuing Legal Education",
    "hours": "1",
    "minutes": "0",
    "minimum_frequency": "0",
    "popup_seconds": "10",
    "external_url": "",
    "increment": "whole",
    "minimum_credit": "0",
    "rounding": "down",
    "field_of_study": "",
}


@pytest.fixture
def operator(db):
    return UserFactory(username="operator", is_staff=True, is_superuser=True)


@pytest.fixture
def client(operator):
    client = Client()
    client.force_login(operator)
    return client


@pytest.fixture
def units(org_admin, global_staff):
    cle = api.create_unit(org_admin.id, {"org": "DemoX", "acronym": "CLE", "name": "Legal", "hours": 1})
    ext = api.create_unit(
        org_admin.id,
        {
            "org": "DemoX",
            "managed_by": "external",
            "acronym": "EXT",
            "name": "Board",
            "external_url": "https://board.example.com/?p={{personID}}",
        },
    )
    ceu = api.create_unit(global_staff.id, {"org": "OtherX", "template": "ceu"})
    old = api.create_unit(org_admin.id, {"org": "DemoX", "acronym": "OLD", "name": "Retired", "minutes": 30})
    api.archive_unit(org_admin.id, old.id, NOW)
    return {"cle": cle, "ext": ext, "ceu": ceu, "old": old}


def listed(response) -> set[str]:
    """The acronyms of a unit changelist's rows."""
    assert response.status_code == 200
    return set(response.context["cl"].result_list.values_list("acronym", flat=True))


# Credit units: lists ---------------------------------------------------------------------------


def test_the_unit_changelist_shows_the_catalogue_columns(client, units):
    response = client.get(UNITS)

    assert response.status_code == 200
    content = response.content.decode()
    for text in ("CLE", "Legal", "DemoX", "1 h", "EXT", "Board", "CEU", "10 h", "Tenth"):
        assert text in content


@pytest.mark.parametrize(
    ("query", "acronyms"),
    [
        ({"q": "legal"}, {"CLE"}),
        ({"q": "OtherX"}, {"CEU"}),
        ({"managed_by__exact": "external"}, {"EXT"}),
        ({"org": "OtherX"}, {"CEU"}),
        ({"increment__exact": "tenth"}, {"CEU"}),
        ({"rounding__exact": "nearest"}, {"CEU"}),
        ({"archived": "yes"}, {"OLD"}),
        ({"archived": "no"}, {"CLE", "EXT", "CEU"}),
        ({"archived": "no", "org": "DemoX", "q": "E"}, {"CLE", "EXT"}),
    ],
)
def test_units_are_searched_and_filtered(client, units, query, acronyms):
    assert listed(client.get(UNITS, query)) == acronyms


def test_the_secret_is_masked_on_the_change_page(client, units):
    secret = units["ext"].callback_secret

    response = client.get(f"{UNITS}{units['ext'].id}/change/")

    assert response.status_code == 200
    content = response.content.decode()
    assert secret not in content
    assert f"ends in {secret[-4:]}" in content
    assert 'name="callback_secret"' not in content


def test_the_org_of_a_unit_cannot_be_changed(client, units):
    response = client.post(f"{UNITS}{units['cle'].id}/change/", {**FORM, "org": "OtherX", "name": "Renamed"})

    assert response.status_code == 302
    units["cle"].refresh_from_db()
    assert (units["cle"].org, units["cle"].name) == ("DemoX", "Renamed")


# Credit units: saving goes through the API's validation -----------------------------------------


def test_a_valid_unit_is_saved(client):
    response = client.post(f"{UNITS}add/", FORM)

    assert response.status_code == 302, response.context["adminform"].form.errors
    unit = CreditUnit.objects.get()
    assert (unit.org, unit.acronym, unit.hours, unit.minimum_frequency, unit.active) == (
        "DemoX",
        "CLE",
        1,
        0,
        True,
    )


def test_a_valid_external_unit_gets_a_callback_secret(client):
    response = client.post(
        f"{UNITS}add/",
        {
            **FORM,
            "managed_by": "external",
            "external_url": "https://board.example.com/?a={{activityID}}",
            "hours": "0",
            "minutes": "0",
        },
    )

    assert response.status_code == 302
    assert len(CreditUnit.objects.get().callback_secret) >= 40


def test_an_external_unit_with_hours_is_refused_next_to_the_field(client):
    response = client.post(
        f"{UNITS}add/",
        {
            **FORM,
            "managed_by": "external",
            "external_url": "https://board.example.com/?a={{activityID}}",
            "hours": "2",
            "minutes": "0",
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "External units have no duration" in errors["hours"][0]
    assert not CreditUnit.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"hours": "0", "minutes": "0"}, "minutes", "A unit must last longer than zero minutes."),
        (
            {"managed_by": "external", "external_url": "https://board.example.com/?p={{userID}}"},
            "external_url",
            "Unknown placeholder(s): {{userID}}.",
        ),
        ({"managed_by": "external", "external_url": "ftp://board.example.com/"}, "external_url", "http://"),
        ({"managed_by": "external", "external_url": ""}, "external_url", "needs the address"),
        ({"external_url": "https://board.example.com/"}, "external_url", "Only external units"),
        ({"acronym": "C L E"}, "acronym", "letters, digits"),
        ({"org": "Demo X"}, "org", "organization short name"),
    ],
)
def test_an_invalid_unit_is_refused_with_the_api_message(client, changes, field, message):
    response = client.post(f"{UNITS}add/", {**FORM, **changes})

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors[field])
    assert message in response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert not CreditUnit.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"), [("minutes", "60"), ("hours", "-1"), ("minimum_frequency", "13")]
)
def test_out_of_range_numbers_are_refused_by_the_form(client, field, value):
    response = client.post(f"{UNITS}add/", {**FORM, field: value})

    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not CreditUnit.objects.exists()


def test_a_duplicate_acronym_is_refused(client, units):
    response = client.post(f"{UNITS}add/", {**FORM, "acronym": "cle"})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["acronym"] == ["“cle” is already used here."]
    assert CreditUnit.objects.filter(acronym__iexact="cle").count() == 1


def test_the_acronym_of_an_archived_unit_is_free_again(client, units):
    response = client.post(f"{UNITS}add/", {**FORM, "acronym": "OLD"})

    assert response.status_code == 302
    assert CreditUnit.objects.filter(acronym="OLD").count() == 2


def test_a_change_is_validated_too(client, units):
    response = client.post(f"{UNITS}{units['cle'].id}/change/", {**FORM, "hours": "0", "minutes": "0"})

    assert response.status_code == 200
    units["cle"].refresh_from_db()
    assert units["cle"].hours == 1


def test_renaming_to_a_taken_acronym_is_refused(client, units):
    response = client.post(f"{UNITS}{units['cle'].id}/change/", {**FORM, "acronym": "EXT"})

    assert response.status_code == 200
    assert "acronym" in response.context["adminform"].form.errors
    units["cle"].refresh_from_db()
    assert units["cle"].acronym == "CLE"


def test_the_archive_action_archives_through_the_api(client, units):
    response = client.post(
        UNITS, {"action": "archive_units", "_selected_action": [units["cle"].id]}, follow=True
    )

    assert response.status_code == 200
    units["cle"].refresh_from_db()
    assert units["cle"].archived_at is not None
    assert units["cle"].active is None
    assert "1 unit archived." in response.content.decode()


def test_a_unit_in_use_cannot_be_deleted(client, units, course_staff):
    api.configure_activity(course_staff.id, USAGE_KEY, {"display_name": "Webinar", "mode": "classroom"})
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": units["cle"].id})

    response = client.post(f"{UNITS}{units['cle'].id}/delete/", {"post": "yes"})

    assert response.status_code == 200
    assert CreditUnit.objects.filter(id=units["cle"].id).exists()


# Activities, switches and coaches --------------------------------------------------------------


@pytest.fixture
def activities(course_staff, units):
    api.configure_activity(
        course_staff.id, USAGE_KEY, {"display_name": "Ethics webinar", "mode": "classroom"}
    )
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": units["cle"].id})
    recorded = COURSE_KEY.make_usage_key("attendance", "recording")
    api.configure_activity(
        course_staff.id,
        recorded,
        {"display_name": "Recorded tax course", "mode": "recorded", "live_start": "2026-05-01T14:00:00Z"},
    )
    api.archive_activity(recorded, NOW)


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({}, {"Ethics webinar", "Recorded tax course"}),
        ({"q": "ethics"}, {"Ethics webinar"}),
        ({"q": "recording"}, {"Recorded tax course"}),
        ({"q": "DemoX+CE101"}, {"Ethics webinar", "Recorded tax course"}),
        ({"mode__exact": "classroom"}, {"Ethics webinar"}),
        ({"archived": "yes"}, {"Recorded tax course"}),
        ({"archived": "no"}, {"Ethics webinar"}),
    ],
)
def test_activities_are_searched_and_filtered(client, activities, query, names):
    response = client.get("/admin/attendance_app/activity/", query)

    assert response.status_code == 200
    assert set(response.context["cl"].result_list.values_list("display_name", flat=True)) == names


def test_an_activity_shows_its_rules_read_only(client, activities, units):
    activity = Activity.objects.get(usage_key=USAGE_KEY)

    response = client.get(f"/admin/attendance_app/activity/{activity.id}/change/")

    assert response.status_code == 200
    assert "CLE — Legal" in response.content.decode()
    assert 'name="display_name"' not in response.content.decode()


def test_activities_cannot_be_added_in_the_admin(client):
    assert client.get("/admin/attendance_app/activity/add/").status_code == 403


@pytest.fixture
def switches(global_staff, org_admin, course_staff):
    api.set_site_switch(global_staff.id, True)
    api.set_org_switch(org_admin.id, "DemoX", False)


def test_the_switch_changelist_is_searched_and_filtered(client, switches):
    response = client.get("/admin/attendance_app/featureswitch/", {"q": "DemoX", "scope__exact": "org"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list.values_list("key", "enabled")) == [("demox", False)]


def test_switching_on_goes_through_the_api(client, switches):
    org = FeatureSwitch.objects.get(scope="org")

    response = client.post(
        "/admin/attendance_app/featureswitch/",
        {"action": "turn_on", "_selected_action": [org.id]},
        follow=True,
    )

    assert response.status_code == 200
    org.refresh_from_db()
    assert org.enabled is True
    assert org.changed_by.username == "operator"


def test_a_switch_the_api_refuses_is_reported_and_unchanged(client, switches, course_staff):
    api.set_course_switch(course_staff.id, COURSE_KEY, False)
    course = FeatureSwitch.objects.get(scope="course")

    response = client.post(
        "/admin/attendance_app/featureswitch/",
        {"action": "turn_on", "_selected_action": [course.id]},
        follow=True,
    )

    assert "organization “DemoX”" in response.content.decode()
    course.refresh_from_db()
    assert course.enabled is False


def test_switches_cannot_be_edited_directly(client, switches):
    org = FeatureSwitch.objects.get(scope="org")

    response = client.post(f"/admin/attendance_app/featureswitch/{org.id}/change/", {"enabled": "on"})

    assert response.status_code == 403
    org.refresh_from_db()
    assert org.enabled is False


def test_a_coach_assignment_is_saved(client, learner):
    response = client.post(
        "/admin/attendance_app/coachassignment/add/",
        {"user": learner.id, "course_key": str(COURSE_KEY), "cohort_id": "3"},
    )

    assert response.status_code == 302
    assert CoachAssignment.objects.get().course_key == COURSE_KEY


def test_a_coach_assignment_with_a_malformed_course_key_is_refused(client, learner):
    response = client.post(
        "/admin/attendance_app/coachassignment/add/",
        {"user": learner.id, "course_key": "not a course", "cohort_id": "3"},
    )

    assert response.status_code == 200
    assert "is not a valid course key" in " ".join(response.context["adminform"].form.errors["course_key"])
    assert not CoachAssignment.objects.exists()


def test_the_coach_changelist_is_searched(client, learner):
    CoachAssignment.objects.create(user=learner, course_key=COURSE_KEY, cohort_id=1)

    response = client.get("/admin/attendance_app/coachassignment/", {"q": "learner"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize(
    "model",
    [
        "attendance",
        "claim",
        "activitylogentry",
        "certificate",
        "coursecertificatesettings",
        "callbackreceipt",
    ],
)
def test_ledger_claims_and_log_are_listed_and_searchable_but_read_only(client, model):
    listing = client.get(f"/admin/attendance_app/{model}/", {"q": "learner"})

    assert listing.status_code == 200
    assert client.get(f"/admin/attendance_app/{model}/add/").status_code == 403
