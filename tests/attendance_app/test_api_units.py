"""The units catalogue: templates, validation, scopes, archiving and secrets."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from attendance_app import api
from attendance_app.exceptions import Conflict, InvalidInput, NotAuthorized, NotFound
from attendance_app.models import ActivityUnitRule, CreditUnit
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
CUSTOM = {"org": "DemoX", "acronym": "CLE", "name": "Continuing Legal Education", "hours": 1, "minutes": 0}
EXTERNAL = {
    "org": "DemoX",
    "managed_by": "external",
    "acronym": "EXT",
    "name": "External board",
    "external_url": "https://board.example.com/claim?a={{activityID}}&p={{personID}}&x={{activityExtId}}",
}


def invalid_fields(call, *args) -> set[str]:
    with pytest.raises(InvalidInput) as raised:
        call(*args)
    return set(raised.value.field_errors)


def test_cpe_template_prefills_the_nasba_rules(org_admin):
    unit = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})

    assert (unit.acronym, unit.name, unit.hours, unit.minutes) == (
        "CPE",
        "Continuing Professional Education",
        0,
        50,
    )
    assert (unit.increment, unit.minimum_credit, unit.rounding) == ("fifth", Decimal("1.0"), "down")
    assert unit.minimum_frequency == 0  # Automatic
    assert unit.popup_seconds == 10
    assert unit.template == "cpe"


def test_ceu_template_prefills_iacet_rules_and_explicit_values_win(org_admin):
    unit = api.create_unit(org_admin.id, {"org": "DemoX", "template": "CEU", "name": "IACET CEU"})

    assert (unit.acronym, unit.name, unit.hours, unit.minutes) == ("CEU", "IACET CEU", 10, 0)
    assert (unit.increment, unit.minimum_credit, unit.rounding) == ("tenth", Decimal("0.1"), "nearest")


def test_custom_unit_with_frequency_and_popup(org_admin):
    unit = api.create_unit(org_admin.id, {**CUSTOM, "minimum_frequency": "12", "popup_seconds": 30})

    assert unit.minimum_frequency == 12
    assert unit.popup_seconds == 30
    assert unit.duration_seconds == 3600


def test_external_unit_gets_a_secret_and_no_duration(org_admin):
    unit = api.create_unit(org_admin.id, EXTERNAL)

    assert len(unit.callback_secret) >= 40
    assert (unit.hours, unit.minutes, unit.minimum_frequency, unit.popup_seconds) == (0, 0, 0, 10)


@pytest.mark.parametrize(
    "sent",
    [
        {"hours": 3},
        {"minutes": "50"},
        {"minimum_frequency": 4},
        {"minimum_frequency": "12"},
        {"popup_seconds": 30},
        {"hours": True},
        {"hours": 3, "minutes": 20, "minimum_frequency": "2", "popup_seconds": "45"},
    ],
)
def test_an_external_unit_sent_with_a_duration_or_prompts_is_refused_naming_each_field(org_admin, sent):
    assert invalid_fields(api.create_unit, org_admin.id, {**EXTERNAL, **sent}) == set(sent)
    assert not CreditUnit.objects.exists()


def test_the_refusal_says_why(org_admin):
    with pytest.raises(InvalidInput) as raised:
        api.create_unit(org_admin.id, {**EXTERNAL, "hours": 2})

    assert raised.value.field_errors["hours"] == [
        "External units have no duration: their external system awards the credit. Leave it empty."
    ]


@pytest.mark.parametrize(
    "sent",
    [
        {"hours": None, "minutes": None, "minimum_frequency": None, "popup_seconds": None},
        {"hours": "", "minutes": "", "minimum_frequency": "", "popup_seconds": ""},
        {"hours": 0, "minutes": 0, "minimum_frequency": "automatic", "popup_seconds": 10},
        {"hours": "0", "minutes": "0", "minimum_frequency": "Automatic", "popup_seconds": "10"},
        {"minimum_frequency": 0},
    ],
)
def test_an_external_unit_accepts_empty_durations_as_forms_and_read_back_values_send_them(org_admin, sent):
    unit = api.create_unit(org_admin.id, {**EXTERNAL, **sent})

    assert (unit.hours, unit.minutes, unit.minimum_frequency, unit.popup_seconds) == (0, 0, 0, 10)


def test_a_template_duration_is_not_counted_as_sent_for_an_external_unit(org_admin):
    unit = api.create_unit(org_admin.id, {**EXTERNAL, "template": "cpe", "acronym": "EXT"})

    assert (unit.managed_by, unit.minutes) == ("external", 0)


def test_changing_an_external_unit_refuses_a_duration_but_not_the_stored_one(org_admin):
    unit = api.create_unit(org_admin.id, EXTERNAL)

    assert invalid_fields(api.update_unit, org_admin.id, unit.id, {"hours": 1}) == {"hours"}
    assert api.update_unit(org_admin.id, unit.id, {"name": "Renamed"}).name == "Renamed"
    internal = api.create_unit(org_admin.id, CUSTOM)
    moved = api.update_unit(
        org_admin.id, internal.id, {"managed_by": "external", "external_url": EXTERNAL["external_url"]}
    )
    assert (moved.managed_by, moved.hours, moved.minutes) == ("external", 0, 0)
    assert invalid_fields(
        api.update_unit, org_admin.id, internal.id, {"managed_by": "external", "minutes": 30}
    ) == {"minutes"}


def test_people_who_manage_no_catalogue_are_refused_whether_the_unit_exists_or_not(
    learner, course_staff, org_admin
):
    unit = api.create_unit(org_admin.id, CUSTOM)
    for user in (learner, course_staff):
        for unit_id in (unit.id, unit.id + 100):
            with pytest.raises(NotAuthorized):
                api.get_unit(user.id, unit_id)
            with pytest.raises(NotAuthorized):
                api.update_unit(user.id, unit_id, {"name": "x"})
    with pytest.raises(NotFound):
        api.get_unit(org_admin.id, unit.id + 100)


def test_rotating_the_secret_replaces_it(org_admin):
    unit = api.create_unit(org_admin.id, EXTERNAL)
    old = unit.callback_secret

    assert api.rotate_secret(org_admin.id, unit.id).callback_secret != old


def test_only_external_units_have_secrets(org_admin):
    unit = api.create_unit(org_admin.id, CUSTOM)

    with pytest.raises(InvalidInput):
        api.rotate_secret(org_admin.id, unit.id)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"hours": 0, "minutes": 0}, "minutes"),
        ({"hours": -1}, "hours"),
        ({"minutes": 60}, "minutes"),
        ({"hours": "two"}, "hours"),
        ({"hours": True}, "hours"),
        ({"hours": 1.5}, "hours"),
        ({"minimum_frequency": 0}, "minimum_frequency"),
        ({"minimum_frequency": 13}, "minimum_frequency"),
        ({"popup_seconds": 11}, "popup_seconds"),
        ({"template": "cle"}, "template"),
        ({"acronym": ""}, "acronym"),
        ({"acronym": "C E"}, "acronym"),
        ({"acronym": "X" * 17}, "acronym"),
        ({"name": ["list"]}, "name"),
        ({"increment": "third"}, "increment"),
        ({"rounding": "up"}, "rounding"),
        ({"minimum_credit": "-1"}, "minimum_credit"),
        ({"minimum_credit": "NaN"}, "minimum_credit"),
        ({"minimum_credit": "0.125"}, "minimum_credit"),
        ({"external_url": "https://example.com"}, "external_url"),
        ({"managed_by": "board"}, "managed_by"),
        ({"org": "Demo X"}, "org"),
    ],
)
def test_bad_internal_unit_fields_are_refused_and_nothing_is_stored(org_admin, change, field):
    assert field in invalid_fields(api.create_unit, org_admin.id, {**CUSTOM, **change})
    assert not CreditUnit.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "ftp://board.example.com/{{personID}}",
        "javascript:alert(1)",
        "board.example.com/claim",
        "https://board.example.com/claim?p={{userId}}",
        "https://board.example.com/claim?p={{personID}",
        "",
    ],
)
def test_bad_external_urls_are_refused(org_admin, url):
    assert invalid_fields(api.create_unit, org_admin.id, {**EXTERNAL, "external_url": url}) == {
        "external_url"
    }
    assert not CreditUnit.objects.exists()


def test_unknown_placeholder_message_names_it_and_the_allowed_ones(org_admin):
    with pytest.raises(InvalidInput) as raised:
        api.create_unit(org_admin.id, {**EXTERNAL, "external_url": "https://b.example.com/?u={{userId}}"})

    message = raised.value.field_errors["external_url"][0]
    assert "{{userId}}" in message
    assert "{{ssoTenantId}}" in message


def test_acronym_is_unique_per_scope_case_insensitively(org_admin, global_staff):
    api.create_unit(org_admin.id, CUSTOM)

    assert invalid_fields(api.create_unit, org_admin.id, {**CUSTOM, "acronym": "cle"}) == {"acronym"}
    api.create_unit(global_staff.id, {**CUSTOM, "org": "OtherX"})
    api.create_unit(global_staff.id, {**CUSTOM, "org": ""})
    assert CreditUnit.objects.count() == 3


def test_an_archived_unit_frees_its_acronym_and_keeps_its_row(org_admin):
    unit = api.create_unit(org_admin.id, CUSTOM)

    api.archive_unit(org_admin.id, unit.id, NOW)
    api.create_unit(org_admin.id, CUSTOM)

    unit.refresh_from_db()
    assert unit.archived_at == NOW
    assert CreditUnit.objects.filter(acronym="CLE").count() == 2


def test_update_changes_only_what_is_sent_and_validates_the_result(org_admin):
    unit = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})

    api.update_unit(org_admin.id, unit.id, {"popup_seconds": 45, "field_of_study": "Taxes"})
    unit.refresh_from_db()
    assert (unit.popup_seconds, unit.field_of_study, unit.minutes, unit.minimum_frequency) == (
        45,
        "Taxes",
        50,
        0,
    )
    assert invalid_fields(api.update_unit, org_admin.id, unit.id, {"minutes": 0}) == {"minutes"}
    assert invalid_fields(api.update_unit, org_admin.id, unit.id, {"org": "OtherX"}) == {"org"}


def test_a_unit_in_use_cannot_be_deleted(org_admin, course_staff):
    unit = api.create_unit(org_admin.id, CUSTOM)
    usage_key = COURSE_KEY.make_usage_key("attendance", "w")
    api.configure_activity(course_staff.id, usage_key, {"display_name": "W", "mode": "classroom"})
    api.add_rule(course_staff.id, usage_key, {"unit_id": unit.id})

    with pytest.raises(Conflict, match="archive it instead"):
        api.delete_unit(org_admin.id, unit.id)
    assert ActivityUnitRule.objects.count() == 1


def test_an_unused_unit_is_deleted(org_admin):
    unit = api.create_unit(org_admin.id, CUSTOM)

    api.delete_unit(org_admin.id, unit.id)

    assert not CreditUnit.objects.exists()


@pytest.mark.parametrize("who", ["course_staff", "instructor", "learner", "outsider"])
def test_only_org_admins_and_global_staff_manage_the_catalogue(request, who):
    with pytest.raises(NotAuthorized):
        api.create_unit(request.getfixturevalue(who).id, CUSTOM)


def test_org_admins_manage_only_their_org_and_not_the_site(org_admin, global_staff):
    with pytest.raises(NotAuthorized):
        api.create_unit(org_admin.id, {**CUSTOM, "org": "OtherX"})
    with pytest.raises(NotAuthorized):
        api.create_unit(org_admin.id, {**CUSTOM, "org": ""})
    other = api.create_unit(global_staff.id, {**CUSTOM, "org": "OtherX"})
    with pytest.raises(NotFound):
        api.get_unit(org_admin.id, other.id)


def test_course_authors_list_site_and_org_units_but_not_archived_or_other_orgs(
    org_admin, global_staff, course_staff
):
    kept = api.create_unit(org_admin.id, CUSTOM)
    site = api.create_unit(global_staff.id, {**CUSTOM, "org": "", "acronym": "SITE"})
    api.create_unit(global_staff.id, {**CUSTOM, "org": "OtherX", "acronym": "OTH"})
    archived = api.create_unit(org_admin.id, {**CUSTOM, "acronym": "OLD"})
    api.archive_unit(org_admin.id, archived.id, NOW)

    listed = list(api.list_units(course_staff.id, course_key=COURSE_KEY))

    assert listed == [site, kept]
    with pytest.raises(NotAuthorized):
        api.list_units(course_staff.id, org="DemoX")


def test_duration_labels():
    assert api.format_duration(10, 0) == "10 h"
    assert api.format_duration(0, 50) == "50 min"
    assert api.format_duration(1, 30) == "1 h 30 min"
