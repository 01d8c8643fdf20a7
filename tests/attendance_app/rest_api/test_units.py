"""/api/attendance/v1/units/…: the credit units catalogue over REST, for every role and bad input."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from attendance_app import api
from attendance_app.models import CoachAssignment, CreditUnit
from tests.attendance_app.rest_api.utils import (
    API,
    CATALOGUE_MANAGERS,
    COURSE_TEAM,
    assert_anonymous,
    assert_error,
    call,
    client_for,
    others,
    refused,
    snapshot,
    user_for,
)
from tests.factories import COURSE_KEY, UserFactory

pytestmark = pytest.mark.django_db

UNITS = f"{API}/units/"
CUSTOM = {"org": "DemoX", "acronym": "CLE", "name": "Continuing Legal Education", "hours": 1, "minutes": 0}
EXTERNAL = {
    "org": "DemoX",
    "managed_by": "external",
    "acronym": "EXT",
    "name": "External board",
    "external_url": "https://board.example.com/claim?a={{activityID}}&p={{personID}}",
}
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def unit_url(unit_id: int, action: str = "") -> str:
    return f"{UNITS}{unit_id}/{action + '/' if action else ''}"


@pytest.fixture
def cle(org_admin):
    return api.create_unit(org_admin.id, CUSTOM)


@pytest.fixture
def external(org_admin):
    return api.create_unit(org_admin.id, EXTERNAL)


@pytest.fixture
def site_unit(global_staff):
    return api.create_unit(global_staff.id, {"org": "", "template": "ceu"})


def test_urls_are_the_documented_ones():
    assert reverse("attendance_app:api-unit-list") == UNITS
    assert reverse("attendance_app:api-unit-templates") == f"{UNITS}templates/"
    assert reverse("attendance_app:api-unit-detail", args=[7]) == f"{UNITS}7/"
    assert reverse("attendance_app:api-unit-archive", args=[7]) == f"{UNITS}7/archive/"
    assert reverse("attendance_app:api-unit-rotate-secret", args=[7]) == f"{UNITS}7/rotate-secret/"


# Who may do what --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", CATALOGUE_MANAGERS)
def test_org_admins_and_global_staff_create_org_units(request, role):
    response = call(client_for(user_for(request, role)), "post", UNITS, CUSTOM)

    assert response.status_code == 201, response.content
    assert response.json()["acronym"] == "CLE"
    assert CreditUnit.objects.get().org == "DemoX"


@pytest.mark.parametrize("role", others(*CATALOGUE_MANAGERS))
def test_others_may_not_create_org_units(request, role):
    client = client_for(user_for(request, role))
    before = snapshot()

    response = call(client, "post", UNITS, CUSTOM)

    assert_error(response, refused(role))
    assert snapshot() == before


def test_global_staff_create_site_units(global_staff):
    response = call(client_for(global_staff), "post", UNITS, {**CUSTOM, "org": ""})

    assert response.status_code == 201, response.content
    assert CreditUnit.objects.get().org == ""


@pytest.mark.parametrize("role", others("global_staff"))
def test_only_global_staff_create_site_units(request, role):
    client = client_for(user_for(request, role))
    before = snapshot()

    response = call(client, "post", UNITS, {**CUSTOM, "org": ""})

    assert_error(response, refused(role))
    assert snapshot() == before


@pytest.mark.parametrize("role", CATALOGUE_MANAGERS)
def test_managers_list_their_catalogue(request, cle, site_unit, role):
    response = call(client_for(user_for(request, role)), "get", UNITS, {"org": "DemoX"})

    assert response.status_code == 200
    assert [unit["acronym"] for unit in response.json()["results"]] == ["CLE"]


@pytest.mark.parametrize("role", others(*CATALOGUE_MANAGERS))
def test_others_may_not_list_an_org_catalogue(request, cle, role):
    response = call(client_for(user_for(request, role)), "get", UNITS, {"org": "DemoX"})

    assert_error(response, refused(role))


def test_global_staff_list_every_unit_without_a_filter(global_staff, cle, site_unit):
    response = call(client_for(global_staff), "get", UNITS)

    assert [unit["acronym"] for unit in response.json()["results"]] == ["CEU", "CLE"]


def test_an_empty_org_lists_the_site_catalogue(global_staff, cle, site_unit):
    response = call(client_for(global_staff), "get", UNITS, {"org": ""})

    assert [unit["acronym"] for unit in response.json()["results"]] == ["CEU"]


def test_org_admins_may_not_list_the_site_catalogue(org_admin, site_unit):
    assert_error(call(client_for(org_admin), "get", UNITS, {"org": ""}), 403)


@pytest.mark.parametrize("role", others("global_staff"))
def test_others_must_choose_a_catalogue_to_list(request, cle, role):
    response = call(client_for(user_for(request, role)), "get", UNITS)

    assert_error(response, refused(role))


@pytest.mark.parametrize("role", COURSE_TEAM)
def test_course_team_lists_the_units_it_can_choose(request, cle, site_unit, global_staff, role):
    api.create_unit(global_staff.id, {"org": "OtherX", "acronym": "OTH", "name": "Other", "hours": 1})

    response = call(client_for(user_for(request, role)), "get", UNITS, {"course_key": str(COURSE_KEY)})

    assert response.status_code == 200
    assert [unit["acronym"] for unit in response.json()["results"]] == ["CEU", "CLE"]


@pytest.mark.parametrize("role", others(*COURSE_TEAM))
def test_others_may_not_list_a_course_units(request, cle, role):
    response = call(client_for(user_for(request, role)), "get", UNITS, {"course_key": str(COURSE_KEY)})

    assert_error(response, refused(role))


@pytest.mark.parametrize("role", others("anonymous"))
def test_every_logged_in_user_reads_the_templates(request, role):
    response = call(client_for(user_for(request, role)), "get", f"{UNITS}templates/")

    assert response.status_code == 200
    body = response.json()
    cpe = next(template for template in body["templates"] if template["id"] == "cpe")
    assert (cpe["duration"], cpe["increment"], cpe["rounding"], cpe["minimum_frequency"]) == (
        "50 min",
        "fifth",
        "down",
        "automatic",
    )
    assert body["placeholders"] == list(api.PLACEHOLDERS)
    assert body["popup_seconds"] == [10, 15, 20, 30, 45, 60, 90, 120]
    assert {choice["value"] for choice in body["increments"]} == {
        "whole",
        "half",
        "quarter",
        "fifth",
        "tenth",
        "hundredth",
    }
    assert {choice["value"] for choice in body["roundings"]} == {"down", "nearest"}
    assert body["minimum_frequencies"][0] == {"value": "automatic", "label": "Automatic"}


def test_the_templates_say_each_bodys_certificate_fields_and_statements(global_staff):
    body = call(client_for(global_staff), "get", f"{UNITS}templates/").json()
    templates = {template["id"]: template for template in body["templates"]}

    assert set(templates) == {"cpe", "ceu", "ama", "shrm"}
    assert {template["body"] for template in templates.values()} == {"nasba", "iacet", "ama", "shrm"}
    assert "delivery_method" in templates["cpe"]["certificate_fields"]
    assert "50-minute hour" in templates["cpe"]["statements"][0]
    assert (templates["shrm"]["increment"], templates["shrm"]["duration"]) == ("quarter", "1 h")


def test_anonymous_may_not_read_the_templates():
    assert_anonymous(call(client_for(None), "get", f"{UNITS}templates/"))


@pytest.mark.parametrize("role", CATALOGUE_MANAGERS)
def test_managers_read_a_unit(request, cle, role):
    response = call(client_for(user_for(request, role)), "get", unit_url(cle.id))

    assert response.status_code == 200
    assert response.json()["name"] == "Continuing Legal Education"
    assert response.json()["duration"] == "1 h"


NO_CATALOGUE = others(*CATALOGUE_MANAGERS, "anonymous", "other_org_admin")


@pytest.mark.parametrize("role", NO_CATALOGUE)
def test_others_cannot_learn_that_a_unit_exists(request, cle, role):
    client = client_for(user_for(request, role))

    existing, missing = (call(client, "get", unit_url(unit_id)) for unit_id in (cle.id, cle.id + 100))

    assert_error(existing, 403)
    assert existing.json() == missing.json()
    assert missing.status_code == 403


def test_org_admins_cannot_see_site_units(org_admin, site_unit):
    assert_error(call(client_for(org_admin), "get", unit_url(site_unit.id)), 404)


@pytest.mark.parametrize("role", CATALOGUE_MANAGERS)
def test_managers_change_a_unit(request, cle, role):
    response = call(client_for(user_for(request, role)), "patch", unit_url(cle.id), {"minutes": 30})

    assert response.status_code == 200, response.content
    assert response.json()["duration"] == "1 h 30 min"
    cle.refresh_from_db()
    assert (cle.hours, cle.minutes, cle.name) == (1, 30, "Continuing Legal Education")


MANAGER_ACTIONS = [
    ("patch", "", {"name": "Changed"}),
    ("delete", "", None),
    ("post", "archive", None),
    ("post", "rotate-secret", None),
]


@pytest.mark.parametrize(("method", "action", "body"), MANAGER_ACTIONS)
@pytest.mark.parametrize("role", NO_CATALOGUE)
def test_signed_in_people_who_manage_no_catalogue_get_403_writing_to_a_unit(
    request, external, role, method, action, body
):
    client = client_for(user_for(request, role))
    before = snapshot()

    response = call(client, method, unit_url(external.id, action), body)

    assert_error(response, 403)
    assert snapshot() == before


@pytest.mark.parametrize(("method", "action", "body"), MANAGER_ACTIONS)
def test_a_coach_gets_403_writing_to_a_unit(external, method, action, body):
    coach = UserFactory(username="coach")
    CoachAssignment.objects.create(user=coach, course_key=COURSE_KEY, cohort_id=1)
    before = snapshot()

    response = call(client_for(coach), method, unit_url(external.id, action), body)

    assert_error(response, 403)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("sent", "fields"),
    [
        ({"hours": 2}, {"hours"}),
        ({"minutes": 30, "minimum_frequency": "3"}, {"minutes", "minimum_frequency"}),
        ({"popup_seconds": 30}, {"popup_seconds"}),
    ],
)
def test_an_external_unit_with_a_duration_is_a_400_naming_the_field(org_admin, sent, fields):
    response = call(client_for(org_admin), "post", UNITS, {**EXTERNAL, **sent})

    assert_error(response, 400, *fields)
    assert not CreditUnit.objects.exists()


def test_an_external_unit_read_back_and_sent_again_is_accepted(org_admin, external):
    client = client_for(org_admin)
    read = call(client, "get", unit_url(external.id)).json()
    editable = {name: read[name] for name in api.units.EDITABLE_FIELDS}

    response = call(client, "patch", unit_url(external.id), {**editable, "name": "Renamed"})

    assert response.status_code == 200, response.content
    assert_error(call(client, "patch", unit_url(external.id), {**editable, "hours": 1}), 400, "hours")


@pytest.mark.parametrize(("method", "action", "body"), [("get", "", None), *MANAGER_ACTIONS])
def test_anonymous_is_refused_on_a_unit(external, method, action, body):
    before = snapshot()

    response = call(client_for(None), method, unit_url(external.id, action), body)

    assert_anonymous(response)
    assert snapshot() == before


@pytest.mark.parametrize(("method", "action", "body"), MANAGER_ACTIONS)
def test_admins_of_another_org_may_not_change_a_unit(request, external, method, action, body):
    before = snapshot()

    response = call(
        client_for(user_for(request, "other_org_admin")), method, unit_url(external.id, action), body
    )

    assert_error(response, 404)
    assert snapshot() == before


def test_changing_a_unit_without_the_csrf_token_is_refused(org_admin, cle):
    client = client_for(org_admin)
    before = snapshot()

    response = client.patch(unit_url(cle.id), data='{"name": "X"}', content_type="application/json")

    assert_error(response, 403)
    assert snapshot() == before


# Archiving and deleting -------------------------------------------------------------------------


@pytest.mark.parametrize("role", CATALOGUE_MANAGERS)
def test_managers_delete_an_unused_unit(request, cle, role):
    response = call(client_for(user_for(request, role)), "delete", unit_url(cle.id))

    assert response.status_code == 204
    assert not CreditUnit.objects.exists()


def test_a_unit_in_use_cannot_be_deleted(org_admin, course_staff, cle):
    usage_key = COURSE_KEY.make_usage_key("attendance", "webinar")
    api.configure_activity(course_staff.id, usage_key, {"display_name": "Webinar", "mode": "classroom"})
    api.add_rule(course_staff.id, usage_key, {"unit_id": cle.id})
    before = snapshot()

    response = call(client_for(org_admin), "delete", unit_url(cle.id))

    body = assert_error(response, 409)
    assert "archive it instead" in body["message"]
    assert snapshot() == before


@pytest.mark.parametrize("role", CATALOGUE_MANAGERS)
def test_managers_archive_a_unit(request, cle, role):
    response = call(client_for(user_for(request, role)), "post", unit_url(cle.id, "archive"))

    assert response.status_code == 200
    assert response.json()["archived"] is True
    cle.refresh_from_db()
    assert cle.archived_at is not None


def test_archived_units_are_listed_only_on_request(org_admin, cle):
    api.archive_unit(org_admin.id, cle.id, NOW)
    client = client_for(org_admin)

    assert call(client, "get", UNITS, {"org": "DemoX"}).json()["count"] == 0
    listed = call(client, "get", UNITS, {"org": "DemoX", "include_archived": "true"}).json()
    assert [unit["archived_at"] for unit in listed["results"]] == ["2026-11-24T12:00:00Z"]


# The callback secret ----------------------------------------------------------------------------


def test_creating_an_external_unit_shows_its_secret_once(org_admin):
    response = call(client_for(org_admin), "post", UNITS, EXTERNAL)

    assert response.status_code == 201
    assert response.json()["callback_secret"] == CreditUnit.objects.get().callback_secret
    assert response.json()["has_callback_secret"] is True


def test_an_internal_unit_has_no_secret(org_admin):
    response = call(client_for(org_admin), "post", UNITS, CUSTOM)

    assert response.json()["callback_secret"] is None
    assert response.json()["has_callback_secret"] is False


@pytest.mark.parametrize(
    ("method", "action", "body"),
    [("get", "", None), ("patch", "", {"name": "Renamed"}), ("post", "archive", None)],
)
def test_reading_or_changing_a_unit_never_shows_the_secret(org_admin, external, method, action, body):
    response = call(client_for(org_admin), method, unit_url(external.id, action), body)

    assert response.status_code == 200
    assert "callback_secret" not in response.json()
    assert external.callback_secret not in response.content.decode()
    assert response.json()["has_callback_secret"] is True


def test_listing_units_never_shows_secrets(org_admin, external):
    response = call(client_for(org_admin), "get", UNITS, {"org": "DemoX"})

    assert "callback_secret" not in response.json()["results"][0]
    assert external.callback_secret not in response.content.decode()


def test_rotating_shows_the_new_secret(org_admin, external):
    response = call(client_for(org_admin), "post", unit_url(external.id, "rotate-secret"))

    assert response.status_code == 200
    external.refresh_from_db()
    assert response.json()["callback_secret"] == external.callback_secret


def test_rotating_replaces_the_old_secret(org_admin, external):
    old = external.callback_secret

    call(client_for(org_admin), "post", unit_url(external.id, "rotate-secret"))

    external.refresh_from_db()
    assert external.callback_secret != old


def test_internal_units_have_no_secret_to_rotate(org_admin, cle):
    before = snapshot()

    response = call(client_for(org_admin), "post", unit_url(cle.id, "rotate-secret"))

    assert_error(response, 400)
    assert snapshot() == before


# Bad input: every refusal names the field and stores nothing ----------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"hours": 0, "minutes": 0}, "minutes"),
        ({"hours": -1}, "hours"),
        ({"minutes": -5}, "minutes"),
        ({"minutes": 60}, "minutes"),
        ({"minimum_frequency": 0}, "minimum_frequency"),
        ({"minimum_frequency": 13}, "minimum_frequency"),
        ({"minimum_frequency": "often"}, "minimum_frequency"),
        ({"popup_seconds": 11}, "popup_seconds"),
        ({"template": "nasba"}, "template"),
        ({"template": 5}, "template"),
        ({"increment": "third"}, "increment"),
        ({"rounding": "up"}, "rounding"),
        ({"minimum_credit": "-1"}, "minimum_credit"),
        ({"minimum_credit": "0.125"}, "minimum_credit"),
        ({"acronym": ""}, "acronym"),
        ({"acronym": "C L E"}, "acronym"),
        ({"acronym": "X" * 17}, "acronym"),
        ({"name": " "}, "name"),
        ({"managed_by": "robot"}, "managed_by"),
        ({"org": "Demo X"}, "org"),
        ({"org": 5}, "org"),
        ({"external_url": "https://example.com/"}, "external_url"),
        # Wrong types: text for numbers, booleans for numbers, lists and objects for anything.
        ({"hours": "one"}, "hours"),
        ({"hours": True}, "hours"),
        ({"hours": 1.5}, "hours"),
        ({"minutes": [30]}, "minutes"),
        ({"minimum_credit": True}, "minimum_credit"),
        ({"minimum_credit": "lots"}, "minimum_credit"),
        ({"minimum_frequency": False}, "minimum_frequency"),
        ({"popup_seconds": {"seconds": 10}}, "popup_seconds"),
        ({"acronym": 42}, "acronym"),
        ({"name": ["Legal"]}, "name"),
        ({"increment": ["half"]}, "increment"),
        ({"field_of_study": {"x": 1}}, "field_of_study"),
    ],
)
def test_a_wrong_internal_unit_is_refused_by_field(org_admin, changes, field):
    before = snapshot()

    response = call(client_for(org_admin), "post", UNITS, {**CUSTOM, **changes})

    assert_error(response, 400, field)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "needs the address"),
        ("ftp://board.example.com/claim", "http:// or https://"),
        ("javascript:alert(1)", "http:// or https://"),
        ("board.example.com/claim", "http:// or https://"),
        ("https://board.example.com/?p={{userID}}", "Unknown placeholder(s): {{userID}}"),
        ("https://board.example.com/?p={{personID}", "not closed"),
    ],
)
def test_a_wrong_external_url_is_refused(org_admin, url, message):
    before = snapshot()

    response = call(client_for(org_admin), "post", UNITS, {**EXTERNAL, "external_url": url})

    body = assert_error(response, 400, "external_url")
    assert message in body["field_errors"]["external_url"][0]
    assert snapshot() == before


def test_the_error_lists_every_wrong_field_at_once(org_admin):
    response = call(
        client_for(org_admin), "post", UNITS, {**CUSTOM, "hours": "x", "rounding": "up", "acronym": ""}
    )

    assert_error(response, 400, "hours", "rounding", "acronym")


def test_numeric_strings_are_accepted_for_numbers(org_admin):
    response = call(client_for(org_admin), "post", UNITS, {**CUSTOM, "hours": "2", "minimum_frequency": "4"})

    assert response.status_code == 201, response.content
    assert (response.json()["hours"], response.json()["minimum_frequency"]) == (2, 4)


def test_a_template_prefills_the_accrediting_body_rules(org_admin):
    response = call(client_for(org_admin), "post", UNITS, {"org": "DemoX", "template": "cpe"})

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["acronym"], body["duration"], body["increment"], body["minimum_credit"]) == (
        "CPE",
        "50 min",
        "fifth",
        "1.00",
    )


@pytest.mark.parametrize("body", [[CUSTOM], "CLE", 42, True])
def test_a_body_that_is_not_an_object_is_refused(org_admin, body):
    before = snapshot()

    response = call(client_for(org_admin), "post", UNITS, body)

    assert assert_error(response, 400)["message"] == "Send a JSON object."
    assert snapshot() == before


def test_a_null_body_is_refused(org_admin):
    response = call(client_for(org_admin), "post", UNITS, raw="null")

    assert assert_error(response, 400)["message"] == "Send a JSON object."


def test_a_body_that_is_not_json_is_refused(org_admin):
    before = snapshot()

    response = call(client_for(org_admin), "post", UNITS, raw="{acronym: CLE")

    assert assert_error(response, 400)["error"] == "parse_error"
    assert snapshot() == before


def test_a_form_post_is_refused(org_admin):
    client = client_for(org_admin)
    before = snapshot()

    response = client.post(UNITS, data=CUSTOM, HTTP_X_CSRFTOKEN="attendancecsrfsecretattendance32")

    assert assert_error(response, 415)["error"] == "unsupported_media_type"
    assert snapshot() == before


@pytest.mark.parametrize("body", [["x"], "x", None])
def test_a_patch_body_that_is_not_an_object_is_refused(org_admin, cle, body):
    before = snapshot()

    response = call(client_for(org_admin), "patch", unit_url(cle.id), raw=json.dumps(body))

    assert_error(response, 400)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"minutes": 0, "hours": 0}, "minutes"),
        ({"hours": "many"}, "hours"),
        ({"minimum_frequency": 13}, "minimum_frequency"),
        ({"managed_by": "external"}, "external_url"),
        ({"org": "OtherX"}, "org"),
    ],
)
def test_a_wrong_change_is_refused_by_field(org_admin, cle, changes, field):
    before = snapshot()

    response = call(client_for(org_admin), "patch", unit_url(cle.id), changes)

    assert_error(response, 400, field)
    assert snapshot() == before


def test_an_unknown_unit_is_not_found(org_admin):
    assert_error(call(client_for(org_admin), "get", unit_url(99)), 404)


def test_a_huge_unit_id_is_not_found(global_staff):
    assert_error(call(client_for(global_staff), "get", unit_url(10**30)), 404)


# Acronyms are unique within a catalogue --------------------------------------------------------


def test_a_duplicate_acronym_in_the_same_org_is_refused(org_admin, cle):
    before = snapshot()

    response = call(client_for(org_admin), "post", UNITS, {**CUSTOM, "acronym": "cle"})

    body = assert_error(response, 400, "acronym")
    assert body["field_errors"]["acronym"] == ["“cle” is already used here."]
    assert snapshot() == before


def test_renaming_to_a_taken_acronym_is_refused(org_admin, cle, external):
    before = snapshot()

    response = call(client_for(org_admin), "patch", unit_url(external.id), {"acronym": "CLE"})

    assert_error(response, 400, "acronym")
    assert snapshot() == before


def test_the_same_acronym_is_allowed_in_another_org(global_staff, cle):
    response = call(client_for(global_staff), "post", UNITS, {**CUSTOM, "org": "OtherX"})

    assert response.status_code == 201
    assert CreditUnit.objects.filter(acronym="CLE").count() == 2


def test_an_archived_unit_frees_its_acronym(org_admin, cle):
    client = client_for(org_admin)
    call(client, "post", unit_url(cle.id, "archive"))

    response = call(client, "post", UNITS, CUSTOM)

    assert response.status_code == 201, response.content
    assert CreditUnit.objects.filter(acronym="CLE").count() == 2


# Listing: filters, pages and bad query strings -------------------------------------------------


def make_units(org_admin, count: int, **extra) -> None:
    for index in range(count):
        api.create_unit(org_admin.id, {**CUSTOM, "acronym": f"U{index:03}", "name": f"Unit {index}", **extra})


def test_units_come_in_pages(org_admin):
    make_units(org_admin, 25)
    client = client_for(org_admin)

    first = call(client, "get", UNITS, {"org": "DemoX", "page_size": 10}).json()
    last = call(client, "get", UNITS, {"org": "DemoX", "page_size": 10, "page": 3}).json()

    assert (first["count"], len(first["results"]), first["previous"]) == (25, 10, None)
    assert first["next"].endswith("/api/attendance/v1/units/?org=DemoX&page=2&page_size=10")
    assert (len(last["results"]), last["next"]) == (5, None)
    assert last["results"][-1]["acronym"] == "U024"


def test_the_default_page_has_twenty_units(org_admin):
    make_units(org_admin, 21)

    body = call(client_for(org_admin), "get", UNITS, {"org": "DemoX"}).json()

    assert (body["count"], len(body["results"])) == (21, 20)


def test_an_empty_catalogue_has_one_empty_page(org_admin):
    body = call(client_for(org_admin), "get", UNITS, {"org": "DemoX", "page": 1}).json()

    assert body == {"count": 0, "next": None, "previous": None, "results": []}


def test_units_are_filtered_by_search_and_management(org_admin, cle, external):
    client = client_for(org_admin)

    searched = call(client, "get", UNITS, {"org": "DemoX", "search": "legal"}).json()
    external_only = call(client, "get", UNITS, {"org": "DemoX", "managed_by": "external"}).json()

    assert [unit["acronym"] for unit in searched["results"]] == ["CLE"]
    assert [unit["acronym"] for unit in external_only["results"]] == ["EXT"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"course_key": "not-a-course"}, "course_key"),
        ({"org": "Demo X"}, "org"),
        ({"org": "DemoX", "course_key": str(COURSE_KEY)}, "course_key"),
        ({"org": "DemoX", "managed_by": "robot"}, "managed_by"),
        ({"org": "DemoX", "include_archived": "maybe"}, "include_archived"),
        ({"org": "DemoX", "search": "x" * 256}, "search"),
        ({"org": "DemoX", "page": "two"}, "page"),
        ({"org": "DemoX", "page": "0"}, "page"),
        ({"org": "DemoX", "page": "-1"}, "page"),
        ({"org": "DemoX", "page": "1.5"}, "page"),
        ({"org": "DemoX", "page": "last"}, "page"),
        ({"org": "DemoX", "page": "2"}, "page"),
        ({"org": "DemoX", "page": "9" * 5000}, "page"),
        ({"org": "DemoX", "page_size": "101"}, "page_size"),
        ({"org": "DemoX", "page_size": "0"}, "page_size"),
        ({"org": "DemoX", "page_size": "ten"}, "page_size"),
        ({"org": "DemoX", "page_size": "²"}, "page_size"),
    ],
)
def test_a_wrong_query_is_a_clear_400(global_staff, cle, query, field):
    response = call(client_for(global_staff), "get", UNITS, query)

    assert_error(response, 400, field)


def test_a_page_past_the_end_names_the_last_page(org_admin, cle):
    response = call(client_for(org_admin), "get", UNITS, {"org": "DemoX", "page": 3})

    assert assert_error(response, 400, "page")["field_errors"]["page"] == [
        "There is no page 3; the last page is 1."
    ]


@pytest.mark.parametrize("count", [3, 30])
def test_listing_a_catalogue_costs_the_same_whatever_its_size(org_admin, django_assert_num_queries, count):
    make_units(org_admin, count)
    client = client_for(org_admin)

    # Session, user, the two manager checks, the count and the page.
    with django_assert_num_queries(6):
        body = call(client, "get", UNITS, {"org": "DemoX", "page_size": 100}).json()
    assert body["count"] == count


@pytest.mark.parametrize("count", [3, 30])
def test_listing_a_course_units_costs_the_same_whatever_their_number(
    course_staff, org_admin, django_assert_num_queries, count
):
    make_units(org_admin, count)
    client = client_for(course_staff)

    # Session, user, the two course-team checks, the count and the page.
    with django_assert_num_queries(6):
        body = call(client, "get", UNITS, {"course_key": str(COURSE_KEY), "page_size": 100}).json()
    assert body["count"] == count
