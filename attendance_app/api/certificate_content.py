"""What a certificate prints: the claim's units, the activity's delivery method and the sponsor (issue #18).

Shared by the real certificate (:func:`attendance_app.api.certificates.render_certificate_pdf`) and
the sample one the sponsor settings page previews.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from attendance_app import conf
from attendance_app.api.accrediting import BODIES, requirements_of, statements_for
from attendance_app.api.sponsors import Scope, Sponsor, can_edit, resolved_sponsor
from attendance_app.certificates.pdf import CertificateContent, UnitLine, write_certificate
from attendance_app.exceptions import NotAuthorized
from attendance_app.models import DEFAULT_DELIVERY_METHODS, Activity, ActivityMode, DeliveryMethod


def default_delivery_method(mode: str) -> str:
    """live → Group Internet Based, classroom → Group Live, recorded → QAS Self Study."""
    return str(DEFAULT_DELIVERY_METHODS.get(ActivityMode(mode), DeliveryMethod.GROUP_INTERNET_BASED))


def delivery_method_of(activity: Activity) -> str:
    """The delivery method the author chose for the activity, else the default of its mode."""
    return activity.delivery_method or default_delivery_method(activity.mode)


def absolute_url(path: str) -> str:
    """``path`` after ATTENDANCE_VERIFY_BASE_URL (default LMS_ROOT_URL); the bare path without either."""
    return f"{conf.verify_base_url()}{path}"


@dataclass(frozen=True)
class CreditLine:
    """One claimed unit as the certificate shows it, with the template it was made from."""

    field_of_study: str
    units: str  # "1.2 CPE"
    name: str
    template: str = ""
    acronym: str = ""


def _sponsor_ids(sponsor: Sponsor, bodies: list[str]) -> str:
    """ "NASBA 112233" per body of the units that has an id; the general sponsor id otherwise."""
    ids = [
        f"{BODIES[body]} {sponsor.provider_ids[body]}" for body in bodies if sponsor.provider_ids.get(body)
    ]
    return "; ".join(ids) if ids else sponsor.sponsor_id


def certificate_content(
    sponsor: Sponsor,
    *,
    learner_name: str,
    course_name: str,
    activity_name: str,
    delivery_method: str,
    credits: list[CreditLine],
    date: str,
    code: str,
    verify_path: str,
) -> CertificateContent:
    """The page's content: the units by field of study, the bodies' statements and the sponsor."""
    requirements = [
        found for line in credits if (found := requirements_of(line.template, line.acronym)) is not None
    ]
    bodies = list(dict.fromkeys(found.body for found in requirements))
    return CertificateContent(
        learner_name=learner_name,
        course_name=course_name,
        activity_name=activity_name,
        date=date,
        delivery_method=delivery_method,
        sponsor_name=sponsor.name,
        sponsor_id=_sponsor_ids(sponsor, bodies),
        contact=sponsor.contact,
        code=code,
        verify_url=absolute_url(verify_path),
        units=[
            UnitLine(field_of_study=line.field_of_study, units=line.units, name=line.name) for line in credits
        ],
        statements=statements_for(requirements),
        sponsor_address=sponsor.address,
        responsible_name=sponsor.responsible_name,
        responsible_title=sponsor.responsible_title,
        signature_image=sponsor.signature_image,
        logo_image=sponsor.logo_image,
    )


def sample_content(sponsor: Sponsor) -> CertificateContent:
    """A sample certificate with these sponsor settings (the settings page's Preview)."""
    return certificate_content(
        sponsor,
        learner_name=_("Sample Learner"),
        course_name=_("Sample course"),
        activity_name=_("Sample activity"),
        delivery_method=str(DeliveryMethod.GROUP_INTERNET_BASED),
        credits=[
            CreditLine(_("Accounting"), "1.2 CPE", "Continuing Professional Education", "cpe", "CPE"),
            CreditLine(_("General"), "0.1 CEU", "Continuing Education Units", "ceu", "CEU"),
        ],
        date="2026-01-01",
        code="SAMPLE",
        verify_path="/attendance/verify/SAMPLE/",
    )


def sample_certificate_pdf(actor_id: int | None, scope: Scope) -> bytes:
    """A sample certificate printed with what ``scope``'s certificates print (saved settings).

    Raises:
        NotAuthorized: the actor may not edit this scope's sponsor settings.
    """
    if not can_edit(actor_id, scope):
        raise NotAuthorized(_("Only the sponsor's administrators change these sponsor settings."))
    return write_certificate(sample_content(resolved_sponsor(scope)))
