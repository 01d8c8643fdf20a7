"""The credit requirements pages: roles, add / edit / delete, errors per field, CSRF, escaping."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from attendance_app.models import CreditRequirement, CreditUnit
from tests.attendance_app.cycles_helpers import cpe_unit
from tests.attendance_app.rest_api.utils import user_for

pytestmark = pytest.mark.django_db
URL = "/attendance/credit-requirements/"
GOOD = {"acronym": "CPE", "required_credits": "40", "period_kind": "calendar_year", "start": ""}


def signed_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


@pytest.fixture
def units(db):
    cpe_unit()  # DemoX's
    CreditUnit.objects.create(org="", acronym="CEU", name="Continuing Education Unit", hours=10)
    CreditUnit.objects.create(org="OtherX", acronym="PDC", name="Other org's", hours=1)


@pytest.fixture
def requirement(units):
    return CreditRequirement.objects.create(org="DemoX", acronym="CPE", required_credits=Decimal("40"))


def row(requirement: CreditRequirement) -> tuple:
    requirement.refresh_from_db()
    return (
        requirement.acronym,
        requirement.required_credits,
        requirement.period_kind,
        requirement.window_months,
        requirement.start,
    )


def test_anonymous_visitors_are_sent_to_sign_in(requirement):
    for url in (URL, f"{URL}{requirement.id}/", f"{URL}{requirement.id}/delete/"):
        response = Client().get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


@pytest.mark.parametrize("role", ["learner", "outsider", "course_staff", "instructor"])
def test_people_who_administer_no_organization_are_refused(request, requirement, role):
    client = signed_in(user_for(request, role))

    response = client.get(URL)
    assert response.status_code == 403
    assert (
        b"Only organization administrators and global staff manage credit requirements." in response.content
    )
    assert client.post(f"{URL}?org=DemoX", GOOD).status_code == 403
    assert client.post(f"{URL}{requirement.id}/", {**GOOD, "required_credits": "1"}).status_code == 403
    assert client.post(f"{URL}{requirement.id}/delete/").status_code == 403
    assert row(requirement)[1] == Decimal("40")


def test_an_admin_of_another_organization_neither_sees_nor_changes_this_one(request, requirement):
    client = signed_in(user_for(request, "other_org_admin"))

    page = client.get(URL).content.decode()
    assert "Requirements of DemoX" not in page
    assert client.get(URL, {"org": "DemoX"}).status_code == 403
    assert client.post(f"{URL}?org=DemoX", {**GOOD, "acronym": "CEU"}).status_code == 403
    assert client.get(f"{URL}{requirement.id}/").status_code == 404
    assert client.post(f"{URL}{requirement.id}/delete/").status_code == 404
    assert CreditRequirement.objects.count() == 1


def test_an_org_admin_sees_their_requirements_and_adds_one(org_admin, requirement):
    client = signed_in(org_admin)
    page = client.get(URL).content.decode()

    assert "Requirements of DemoX" in page
    assert "Add a requirement for DemoX" in page
    assert "csrfmiddlewaretoken" in page
    assert '<option value="CEU">CEU</option>' in page  # the site's unit
    assert '<option value="PDC">' not in page  # another organization's

    response = client.post(
        f"{URL}?org=DemoX",
        {
            "acronym": "CEU",
            "required_credits": "2.5",
            "period_kind": "rolling_months",
            "window_months": "24",
            "start": "2026-01-01",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "DemoX now requires 2.5 CEU credits per period." in response.content.decode()
    added = CreditRequirement.objects.get(acronym="CEU")
    assert (added.org, row(added)[1:]) == ("DemoX", (Decimal("2.50"), "rolling_months", 24, date(2026, 1, 1)))
    assert "Rolling window of 24 months" in response.content.decode()


def test_a_calendar_year_ignores_a_window_left_in_the_form_without_css(org_admin, units):
    response = signed_in(org_admin).post(f"{URL}?org=DemoX", {**GOOD, "window_months": "12"})

    assert response.status_code == 302
    assert CreditRequirement.objects.get().window_months is None


def test_global_staff_add_a_requirement_for_any_organization(global_staff, units):
    client = signed_in(global_staff)
    assert "Choose an organization to add a requirement for it." in client.get(URL).content.decode()

    response = client.post(f"{URL}?org=OtherX", {**GOOD, "acronym": "PDC"})

    assert response.status_code == 302
    assert CreditRequirement.objects.get().org == "OtherX"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("acronym", "", "This field is required."),
        ("acronym", "PDC", "No credit unit of this organization or of the site has the acronym"),
        ("required_credits", "0", "Enter a number from 0.01 to 999999.99."),
        ("required_credits", "ten", "Enter a number."),
        ("required_credits", "1.234", "Use at most two decimal places."),
        ("period_kind", "weekly", "Choose calendar_year or rolling_months."),
        ("start", "1 March", "Enter a date as YYYY-MM-DD, or nothing."),
    ],
)
def test_a_bad_field_is_shown_next_to_it_and_nothing_is_saved(org_admin, units, field, value, message):
    response = signed_in(org_admin).post(f"{URL}?org=DemoX", {**GOOD, field: value})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Some values are not valid; nothing was saved." in page
    assert f'aria-invalid="true" aria-describedby="requirement-{field}' in page
    error = page.split(f'id="requirement-{field}-error">', 1)[1].split("</p>", 1)[0]
    assert message in error
    assert not CreditRequirement.objects.exists()


@pytest.mark.parametrize(
    ("window", "message"), [("", "Enter the window"), ("61", "Enter a number from 1 to 60.")]
)
def test_a_rolling_window_needs_a_length_of_1_to_60_months(org_admin, units, window, message):
    data = {**GOOD, "period_kind": "rolling_months", "window_months": window}
    response = signed_in(org_admin).post(f"{URL}?org=DemoX", data)

    assert response.status_code == 400
    error = response.content.decode().split('id="requirement-window_months-error">', 1)[1].split("</p>", 1)[0]
    assert message in error
    assert 'value="rolling_months" checked' in response.content.decode()  # what was chosen stays
    assert not CreditRequirement.objects.exists()


def test_a_second_requirement_of_the_same_acronym_is_refused(org_admin, requirement):
    response = signed_in(org_admin).post(f"{URL}?org=DemoX", {**GOOD, "required_credits": "10"})

    assert response.status_code == 409
    assert "This organization already requires credits of “CPE”" in response.content.decode()
    assert CreditRequirement.objects.get().required_credits == Decimal("40")


def test_editing_changes_the_fields_and_a_mistake_changes_nothing(org_admin, requirement):
    client = signed_in(org_admin)
    assert 'value="40.00"' in client.get(f"{URL}{requirement.id}/").content.decode()

    bad = client.post(f"{URL}{requirement.id}/", {**GOOD, "required_credits": "-3"})
    assert bad.status_code == 400
    assert 'value="-3"' in bad.content.decode()
    assert row(requirement)[1] == Decimal("40")

    good = client.post(
        f"{URL}{requirement.id}/",
        {**GOOD, "required_credits": "36", "period_kind": "rolling_months", "window_months": "36"},
    )
    assert good.status_code == 302
    assert row(requirement) == ("CPE", Decimal("36"), "rolling_months", 36, None)


def test_delete_asks_first_then_deletes(org_admin, requirement):
    client = signed_in(org_admin)

    confirm = client.get(f"{URL}{requirement.id}/delete/").content.decode()
    assert "Stop requiring CPE credits in DemoX?" in confirm
    assert "csrfmiddlewaretoken" in confirm
    assert CreditRequirement.objects.exists()

    response = client.post(f"{URL}{requirement.id}/delete/", follow=True)
    assert "DemoX no longer requires CPE credits." in response.content.decode()
    assert not CreditRequirement.objects.exists()


def test_posts_without_the_csrf_token_are_refused(org_admin, requirement):
    client = signed_in(org_admin, enforce_csrf_checks=True)

    assert client.post(f"{URL}?org=DemoX", {**GOOD, "acronym": "CEU"}).status_code == 403
    assert client.post(f"{URL}{requirement.id}/", {**GOOD, "required_credits": "1"}).status_code == 403
    assert client.post(f"{URL}{requirement.id}/delete/").status_code == 403
    assert row(requirement)[1] == Decimal("40")
    assert CreditRequirement.objects.count() == 1


def test_a_malformed_org_or_id_is_a_clear_4xx(global_staff, requirement):
    client = signed_in(global_staff)

    response = client.get(URL, {"org": "<script>alert(1)</script>"})
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert client.get(f"{URL}99999999/").status_code == 404


def test_an_org_name_is_escaped(global_staff, units):
    CreditRequirement.objects.create(
        org="<script>alert(1)</script>", acronym="CEU", required_credits=Decimal("3")
    )

    page = signed_in(global_staff).get(URL).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "Requirements of &lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_units_catalogue_and_my_credits_link_to_it_for_admins(org_admin, learner):
    catalogue = signed_in(org_admin).get("/attendance/units/?org=DemoX").content.decode()
    assert 'href="/attendance/credit-requirements/?org=DemoX"' in catalogue
    assert (
        'href="/attendance/credit-requirements/"'
        in signed_in(org_admin).get("/attendance/my-credits/").content.decode()
    )
    assert (
        "/attendance/credit-requirements/"
        not in signed_in(learner).get("/attendance/my-credits/").content.decode()
    )


@pytest.mark.parametrize("size", [1, 12])
def test_the_page_runs_a_constant_number_of_queries(org_admin, units, size, django_assert_num_queries):
    client = signed_in(org_admin)
    client.get(URL)
    for number in range(size):
        CreditUnit.objects.create(org="DemoX", acronym=f"U{number}", name="u", hours=1)
        CreditRequirement.objects.create(org="DemoX", acronym=f"U{number}", required_credits=Decimal("1"))

    with django_assert_num_queries(QUERIES):
        assert client.get(URL).status_code == 200


# session, user, the administered orgs and global staff? (twice: the page, then list_requirements),
# global staff? once more (list_requirements), the requirements, the acronyms
QUERIES = 9
