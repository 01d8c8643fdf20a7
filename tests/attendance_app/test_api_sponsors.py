"""Sponsor settings: course → organization → site, validation, who edits which scope (issue #18)."""

from __future__ import annotations

import base64

import pytest
from opaque_keys.edx.keys import CourseKey

from attendance_app.api import sponsors
from attendance_app.api.sponsors import Scope
from attendance_app.exceptions import InvalidInput, NotAuthorized
from attendance_app.models import SponsorSettings
from tests.attendance_app.sponsor_helpers import image_bytes, oversized_png
from tests.factories import COURSE_KEY, OTHER_COURSE_KEY

pytestmark = pytest.mark.django_db

SITE = Scope()
DEMOX = Scope(org="DemoX")
COURSE = Scope.of_course(COURSE_KEY)


def saved(scope: Scope, **values) -> SponsorSettings:
    return SponsorSettings.objects.create(org=scope.org, course_id=scope.course_id, **values)


# Resolution ---------------------------------------------------------------------------------------


def test_the_course_overrides_the_organization_which_overrides_the_site_field_by_field(
    django_assert_num_queries,
):
    saved(SITE, name="Site Academy", contact="site@example.test", address="1 Site Road", sponsor_id="S-1")
    saved(DEMOX, name="DemoX Institute", contact="demox@example.test", provider_ids={"nasba": "112233"})
    saved(COURSE, contact="course@example.test", provider_ids={"iacet": "IA-9"})

    with django_assert_num_queries(1):
        sponsor = sponsors.effective_sponsor(COURSE_KEY)

    assert sponsor.name == "DemoX Institute"
    assert sponsor.contact == "course@example.test"
    assert sponsor.address == "1 Site Road"
    assert sponsor.sponsor_id == "S-1"
    assert sponsor.provider_ids == {"nasba": "112233", "iacet": "IA-9"}


def test_another_organizations_and_courses_settings_do_not_apply():
    saved(Scope(org="OtherX"), name="Other Org")
    saved(Scope.of_course(CourseKey.from_string("course-v1:DemoX+OTHER+2026")), name="Other course")

    assert sponsors.effective_sponsor(COURSE_KEY).name == ""


def test_with_nothing_saved_the_sponsor_is_empty(django_assert_num_queries):
    with django_assert_num_queries(1):
        sponsor = sponsors.effective_sponsor(COURSE_KEY)

    assert sponsor == sponsors.Sponsor()


def test_a_bodys_id_comes_before_the_general_sponsor_id():
    sponsor = sponsors.Sponsor(sponsor_id="GEN-1", provider_ids={"nasba": "112233"})

    assert (sponsor.provider_id("nasba"), sponsor.provider_id("iacet"), sponsor.provider_id(None)) == (
        "112233",
        "GEN-1",
        "GEN-1",
    )


# Saving and validation ----------------------------------------------------------------------------


def test_saving_keeps_the_fields_not_sent_and_records_who(org_admin):
    sponsors.save_sponsor(org_admin.id, DEMOX, {"name": "DemoX Institute", "contact": "cpe@demox.test"})

    sponsor = sponsors.save_sponsor(org_admin.id, DEMOX, {"contact": " new@demox.test "})

    assert (sponsor.name, sponsor.contact) == ("DemoX Institute", "new@demox.test")
    assert SponsorSettings.objects.get(org="DemoX").modified_by_id == org_admin.id


def test_images_are_kept_with_their_type_and_null_removes_them(org_admin):
    png, jpeg = image_bytes("PNG"), image_bytes("JPEG")

    sponsor = sponsors.save_sponsor(
        org_admin.id, DEMOX, {"signature_image": png, "logo_image": base64.b64encode(jpeg).decode()}
    )

    row = SponsorSettings.objects.get(org="DemoX")
    assert (sponsor.signature_image, sponsor.logo_image) == (png, jpeg)
    assert (row.signature_type, row.logo_type) == ("image/png", "image/jpeg")
    assert sponsors.save_sponsor(org_admin.id, DEMOX, {"signature_image": None}).signature_image == b""


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (b"GIF89a not really", "not a PNG or JPEG"),
        (image_bytes("GIF"), "not a PNG or JPEG"),  # an image, but not a kind certificates print
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "not a PNG or JPEG"),  # a PNG signature, then nothing valid
        (oversized_png(), "at most 512 KB"),
        (image_bytes("PNG", size=(2400, 10)), "at most 2000 pixels"),
        ("not base64!", "base64"),
        (12, "base64"),
    ],
)
def test_images_are_checked_by_their_content(org_admin, value, message):
    with pytest.raises(InvalidInput) as error:
        sponsors.save_sponsor(org_admin.id, DEMOX, {"name": "DemoX", "signature_image": value})

    assert set(error.value.field_errors) == {"signature_image"}
    assert message in error.value.field_errors["signature_image"][0]
    assert not SponsorSettings.objects.exists()


def test_too_long_fields_unknown_fields_and_bodies_are_named_and_nothing_is_saved(org_admin):
    with pytest.raises(InvalidInput) as error:
        sponsors.save_sponsor(
            org_admin.id,
            DEMOX,
            {
                "name": "x" * 256,
                "address": "x" * 501,
                "responsible_title": ["Director"],
                "provider_ids": {"nasba": "1" * 65, "acme": "1"},
                "colour": "red",
            },
        )

    assert set(error.value.field_errors) == {"name", "address", "responsible_title", "provider_ids", "colour"}
    assert len(error.value.field_errors["provider_ids"]) == 2
    assert not SponsorSettings.objects.exists()


def test_provider_ids_must_be_an_object(org_admin):
    with pytest.raises(InvalidInput) as error:
        sponsors.save_sponsor(org_admin.id, DEMOX, {"provider_ids": ["nasba"]})

    assert set(error.value.field_errors) == {"provider_ids"}


def test_an_organization_scope_is_a_short_name():
    assert sponsors.parse_org_scope("DemoX") == DEMOX
    for raw in ("", "Demo X", "x" * 65, None, 3):
        with pytest.raises(InvalidInput):
            sponsors.parse_org_scope(raw)


# Who edits which scope ----------------------------------------------------------------------------

EDITORS = {
    # role: (site, DemoX, OtherX, the DemoX course)
    "learner": (False, False, False, False),
    "course_staff": (False, False, False, True),
    "other_org_admin": (False, False, True, False),
    "org_admin": (False, True, False, True),
    "global_staff": (True, True, True, True),
}


@pytest.mark.parametrize("role", EDITORS)
def test_who_edits_each_scope(request, role):
    from tests.attendance_app.rest_api.utils import user_for

    user = user_for(request, role)
    scopes = (SITE, DEMOX, Scope(org="OtherX"), COURSE)

    assert tuple(sponsors.can_edit(user.id, scope) for scope in scopes) == EDITORS[role]
    for scope, allowed in zip(scopes, EDITORS[role], strict=True):
        if not allowed:
            with pytest.raises(NotAuthorized):
                sponsors.save_sponsor(user.id, scope, {"name": "Intruder"})
    assert not SponsorSettings.objects.filter(name="Intruder").exists()


def test_anonymous_edits_nothing():
    for scope in (SITE, DEMOX, COURSE):
        assert not sponsors.can_edit(None, scope)
        with pytest.raises(NotAuthorized):
            sponsors.get_sponsor(None, scope)


def test_editable_scopes_are_the_site_for_global_staff_and_the_administered_organizations(
    global_staff, org_admin, course_staff
):
    assert sponsors.editable_scopes(global_staff.id) == [SITE]
    assert sponsors.editable_scopes(org_admin.id) == [DEMOX]
    assert sponsors.editable_scopes(course_staff.id) == []


def test_another_courses_staff_cannot_override_this_course(request):
    from tests.attendance_app.rest_api.utils import user_for

    other = user_for(request, "other_course_staff")

    assert sponsors.can_edit(other.id, Scope.of_course(OTHER_COURSE_KEY))
    assert not sponsors.can_edit(other.id, COURSE)


def test_missing_fields_are_counted_per_body_with_the_general_id_standing_in():
    sponsor = sponsors.Sponsor(name="Acme", contact="a@acme.test", sponsor_id="GEN", signature_image=b"x")

    assert sponsors.missing_for_bodies(sponsor) == {"IACET": ["Address"], "AMA": ["Address"]}
