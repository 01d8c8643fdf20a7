"""The certificate's sponsor, accrediting bodies' statements and delivery method (issue #18)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader

from attendance_app import api
from attendance_app.api import sponsors
from attendance_app.api.accrediting import TEMPLATE_CERTIFICATES, requirements_of
from attendance_app.api.certificate_content import (
    default_delivery_method,
    delivery_method_of,
    sample_certificate_pdf,
)
from attendance_app.credit.units import computed_units
from attendance_app.exceptions import InvalidInput, NotAuthorized
from attendance_app.models import Activity, Claim
from tests.attendance_app.sponsor_helpers import image_bytes
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "webinar")
LIVE = {
    "display_name": "Ethics webinar",
    "mode": "live",
    "live_start": (T0 - timedelta(hours=2)).isoformat(),
    "live_end": (T0 - timedelta(hours=1)).isoformat(),
}


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


def pdf_image_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages[0].images)


def certificate_pdf(learner, course_staff, org_admin, template: str, settings=LIVE) -> bytes:
    unit = api.create_unit(org_admin.id, {"org": "DemoX", "template": template})
    api.configure_activity(course_staff.id, USAGE_KEY, settings)
    activity = Activity.objects.get(usage_key=USAGE_KEY)
    claim = Claim.objects.create(
        user=learner, activity=activity, unit=unit, units=Decimal("1.25"), claimed_at=T0, updated_at=T0
    )
    code = api.certificate_for(learner.id, claim.id, T0)["code"]
    return api.render_certificate_pdf(learner.id, code, T0)


# The sponsor on the certificate -------------------------------------------------------------------


def test_the_certificate_prints_the_sponsor_its_nasba_id_signature_and_logo(
    learner, course_staff, org_admin, global_staff
):
    sponsors.save_sponsor(global_staff.id, sponsors.Scope(), {"address": "1 Site Road, Springfield"})
    sponsors.save_sponsor(
        org_admin.id,
        sponsors.Scope(org="DemoX"),
        {
            "name": "DemoX Institute",
            "contact": "cpe@demox.test",
            "sponsor_id": "GEN-7",
            "provider_ids": {"nasba": "112233", "iacet": "IA-9"},
            "responsible_name": "Ada Lovelace",
            "responsible_title": "Director of Education",
            "signature_image": image_bytes("PNG"),
            "logo_image": image_bytes("JPEG"),
        },
    )

    pdf = certificate_pdf(learner, course_staff, org_admin, "cpe")
    text = pdf_text(pdf)

    assert "Sponsor: DemoX Institute" in text
    assert "Address: 1 Site Road, Springfield" in text  # inherited from the site
    assert "Contact: cpe@demox.test" in text
    assert "Sponsor ID: NASBA 112233" in text  # the body of the unit's template, not IACET's
    assert "IA-9" not in text
    assert "Ada Lovelace Director of Education" in text  # under the signature
    assert "CPE credits have been granted based on a 50-minute hour" in text
    assert pdf_image_count(pdf) == 2  # the signature and the logo (no QR code without a base URL)


def test_without_a_bodys_id_the_general_sponsor_id_prints(learner, course_staff, org_admin):
    sponsors.save_sponsor(org_admin.id, sponsors.Scope(org="DemoX"), {"sponsor_id": "GEN-7"})

    assert "Sponsor ID: GEN-7" in pdf_text(certificate_pdf(learner, course_staff, org_admin, "ceu"))


def test_the_course_override_prints_instead_of_the_organizations(learner, course_staff, org_admin):
    sponsors.save_sponsor(org_admin.id, sponsors.Scope(org="DemoX"), {"name": "DemoX Institute"})
    api.set_certificate_settings(course_staff.id, COURSE_KEY, {"sponsor_name": "Ethics Partners"})

    text = pdf_text(certificate_pdf(learner, course_staff, org_admin, "cpe"))

    assert "Sponsor: Ethics Partners" in text
    assert "DemoX Institute" not in text


# Accrediting bodies -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "statement"),
    [
        ("ceu", "One Continuing Education Unit (CEU) equals ten contact hours"),
        ("ama", "Physicians should claim only the credit commensurate"),
        ("shrm", "Professional Development Credits (PDCs) toward SHRM-CP or SHRM-SCP"),
    ],
)
def test_each_bodys_statement_prints_for_its_units(learner, course_staff, org_admin, template, statement):
    text = pdf_text(certificate_pdf(learner, course_staff, org_admin, template))

    assert statement in text
    assert "50-minute hour" not in text


@pytest.mark.parametrize("template", ["ama", "shrm"])
def test_ama_and_shrm_templates_credit_an_hour_in_quarters_rounded_down(org_admin, template):
    unit = api.create_unit(org_admin.id, {"org": "DemoX", "template": template})

    assert (unit.hours, unit.minutes, unit.increment, unit.rounding) == (1, 0, "quarter", "down")
    assert unit.minimum_credit == Decimal("0.25")
    assert unit.template == template
    # 74 minutes: 1.23 hours, rounded down to the quarter; 14 minutes earn nothing.
    args = (unit.duration_seconds, unit.increment, unit.rounding, unit.minimum_credit)
    assert computed_units(74 * 60, *args) == Decimal("1.00")
    assert computed_units(75 * 60, *args) == Decimal("1.25")
    assert computed_units(14 * 60, *args) == 0


def test_an_unknown_template_names_the_four(org_admin):
    with pytest.raises(InvalidInput) as error:
        api.create_unit(org_admin.id, {"org": "DemoX", "template": "cme"})

    assert "AMA PRA" in error.value.field_errors["template"][0]


def test_nasbas_requirements_are_the_ones_its_standards_list():
    nasba = TEMPLATE_CERTIFICATES["cpe"]

    assert nasba.body == "nasba"
    assert set(nasba.fields) >= {
        "sponsor_name",
        "contact",
        "learner_name",
        "activity_name",
        "fields_of_study",
        "units",
        "date",
        "delivery_method",
        "provider_id",
        "signature",
    }
    assert nasba.missing_sponsor_fields({"sponsor_name", "contact"}) == ["provider_id", "signature"]
    assert requirements_of("", "cpe") is nasba  # a custom unit named CPE follows NASBA too
    assert requirements_of("", "XYZ") is None


# Delivery method ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "method"),
    [("live", "Group Internet Based"), ("classroom", "Group Live"), ("recorded", "QAS Self Study")],
)
def test_the_delivery_method_defaults_from_the_mode(mode, method):
    assert default_delivery_method(mode) == method
    assert delivery_method_of(Activity(mode=mode)) == method


def test_the_authors_delivery_method_prints_instead_of_the_default(learner, course_staff, org_admin):
    text = pdf_text(
        certificate_pdf(learner, course_staff, org_admin, "cpe", {**LIVE, "delivery_method": "Blended"})
    )

    assert "Delivery method Blended" in text
    assert "Group Internet Based" not in text


def test_a_live_sessions_certificate_says_group_internet_based_by_default(learner, course_staff, org_admin):
    assert "Delivery method Group Internet Based" in pdf_text(
        certificate_pdf(learner, course_staff, org_admin, "cpe")
    )


def test_an_unknown_delivery_method_is_refused(course_staff):
    with pytest.raises(InvalidInput) as error:
        api.configure_activity(course_staff.id, USAGE_KEY, {**LIVE, "delivery_method": "Webinar"})

    assert set(error.value.field_errors) == {"delivery_method"}
    assert not Activity.objects.exists()


def test_the_activity_settings_read_back_the_delivery_method(course_staff):
    api.configure_activity(course_staff.id, USAGE_KEY, {**LIVE, "delivery_method": "Nano-learning"})

    assert api.get_activity_settings(course_staff.id, USAGE_KEY).delivery_method == "Nano-learning"


# The sample certificate ---------------------------------------------------------------------------


def test_the_sample_certificate_prints_the_scopes_settings(org_admin):
    sponsors.save_sponsor(
        org_admin.id, sponsors.Scope(org="DemoX"), {"name": "DemoX Institute", "responsible_name": "Ada"}
    )

    text = pdf_text(sample_certificate_pdf(org_admin.id, sponsors.Scope(org="DemoX")))

    assert "Sponsor: DemoX Institute" in text
    assert "Ada" in text
    assert "Sample Learner" in text


def test_only_the_scopes_editors_preview_it(org_admin, learner):
    with pytest.raises(NotAuthorized):
        sample_certificate_pdf(org_admin.id, sponsors.Scope())
    with pytest.raises(NotAuthorized):
        sample_certificate_pdf(learner.id, sponsors.Scope(org="DemoX"))
