"""What each accrediting body's certificate must print (issue #18), next to the unit templates' rules.

The unit templates (:data:`attendance_app.api.units.UNIT_TEMPLATES`) carry the crediting rules
(duration, increment, minimum, rounding); this module carries, per template, the body it belongs to,
the certificate fields the body requires and the statements the certificate prints. The sponsor's
registry or provider id is kept per body (:data:`BODIES`) in the sponsor settings.

Sources: NASBA/AICPA Statement on Standards for CPE Programs (50-minute hour, fifths after the
first credit, certificate contents S9-06), IACET ANSI/IACET 1-2018 (one CEU = ten contact hours),
AMA PRA Booklet (0.25 credit increments, one credit per hour, the "commensurate" statement) and
SHRM's Recertification Provider handbook (PDCs in 0.25 increments per 60 minutes).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: Accrediting bodies a sponsor may hold a registry/provider id with: key → printed name.
BODIES: dict[str, str] = {"nasba": "NASBA", "iacet": "IACET", "ama": "AMA", "shrm": "SHRM"}

#: The certificate fields bodies may require (CertificateContent attributes and sponsor settings).
SPONSOR_NAME = "sponsor_name"
SPONSOR_CONTACT = "contact"
SPONSOR_ADDRESS = "address"
PROVIDER_ID = "provider_id"
SIGNATURE = "signature"
PARTICIPANT = "learner_name"
PROGRAM_TITLE = "activity_name"
FIELDS_OF_STUDY = "fields_of_study"
COMPLETION_DATE = "date"
DELIVERY_METHOD = "delivery_method"
CREDITS = "units"

#: The sponsor settings a body's certificate needs (the others come from the claim and the activity).
SPONSOR_FIELDS = (SPONSOR_NAME, SPONSOR_CONTACT, SPONSOR_ADDRESS, PROVIDER_ID, SIGNATURE)


@dataclass(frozen=True)
class CertificateRequirements:
    """The body a unit template belongs to, the fields its certificate needs and what it states."""

    body: str
    fields: tuple[str, ...]
    statements: tuple[Promise, ...]

    def missing_sponsor_fields(self, present: set[str]) -> list[str]:
        """The sponsor settings this body needs that ``present`` (the non-empty ones) lacks."""
        return [name for name in self.fields if name in SPONSOR_FIELDS and name not in present]


TEMPLATE_CERTIFICATES: dict[str, CertificateRequirements] = {
    "cpe": CertificateRequirements(
        body="nasba",
        fields=(
            SPONSOR_NAME,
            SPONSOR_CONTACT,
            PARTICIPANT,
            PROGRAM_TITLE,
            FIELDS_OF_STUDY,
            CREDITS,
            COMPLETION_DATE,
            DELIVERY_METHOD,
            PROVIDER_ID,
            SIGNATURE,
        ),
        statements=(
            gettext_lazy(
                "In accordance with the standards of the National Registry of CPE Sponsors, "
                "CPE credits have been granted based on a 50-minute hour."
            ),
        ),
    ),
    "ceu": CertificateRequirements(
        body="iacet",
        fields=(
            SPONSOR_NAME,
            SPONSOR_ADDRESS,
            SPONSOR_CONTACT,
            PARTICIPANT,
            PROGRAM_TITLE,
            CREDITS,
            COMPLETION_DATE,
            PROVIDER_ID,
            SIGNATURE,
        ),
        statements=(
            gettext_lazy(
                "One Continuing Education Unit (CEU) equals ten contact hours of participation in an "
                "organized continuing education experience under responsible sponsorship, capable "
                "direction and qualified instruction."
            ),
        ),
    ),
    "ama": CertificateRequirements(
        body="ama",
        fields=(
            SPONSOR_NAME,
            SPONSOR_ADDRESS,
            PARTICIPANT,
            PROGRAM_TITLE,
            CREDITS,
            COMPLETION_DATE,
            SIGNATURE,
        ),
        statements=(
            gettext_lazy(
                "AMA PRA Category 1 Credit™ is awarded in 0.25 credit increments; one credit is 60 minutes."
            ),
            gettext_lazy(
                "Physicians should claim only the credit commensurate with the extent of their "
                "participation in the activity."
            ),
        ),
    ),
    "shrm": CertificateRequirements(
        body="shrm",
        fields=(SPONSOR_NAME, PARTICIPANT, PROGRAM_TITLE, CREDITS, COMPLETION_DATE, PROVIDER_ID, SIGNATURE),
        statements=(
            gettext_lazy(
                "This program is valid for Professional Development Credits (PDCs) toward SHRM-CP or "
                "SHRM-SCP recertification, awarded in 0.25 increments; one PDC is 60 minutes."
            ),
        ),
    ),
}


def requirements_of(template: str, acronym: str = "") -> CertificateRequirements | None:
    """The certificate requirements of a unit made from ``template`` (a CPE acronym counts as NASBA's)."""
    found = TEMPLATE_CERTIFICATES.get((template or "").lower())
    if found is None and acronym.upper() == "CPE":
        found = TEMPLATE_CERTIFICATES["cpe"]
    return found


def statements_for(requirements: list[CertificateRequirements]) -> list[str]:
    """Each distinct statement of these bodies once, in the active language, in order."""
    seen: list[str] = []
    for found in requirements:
        for statement in found.statements:
            text = str(statement)
            if text not in seen:
                seen.append(text)
    return seen


def field_label(name: str) -> str:
    """The translated name of a certificate field (shown when a sponsor setting is missing)."""
    labels = {
        SPONSOR_NAME: _("Sponsor name"),
        SPONSOR_CONTACT: _("Contact"),
        SPONSOR_ADDRESS: _("Address"),
        PROVIDER_ID: _("Registry or provider id"),
        SIGNATURE: _("Signature"),
    }
    return labels.get(name, name)
