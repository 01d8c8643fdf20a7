"""Credit requirements per organization, acronym and period (issue #18 item 8, ADR 0023).

Organization administrators manage their organizations' requirements, global staff every
organization's. Every bad field is named in one ``InvalidInput``; nothing is saved then.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from attendance_app import permissions
from attendance_app.api.units import parse_org
from attendance_app.api.validation import FieldErrors, choice, decimal_number, text, whole_number
from attendance_app.exceptions import Conflict, InvalidInput, NotAuthorized, NotFound
from attendance_app.models import CreditRequirement, CreditUnit, PeriodKind
from attendance_app.models.cycles import MAX_WINDOW_MONTHS

EDITABLE_FIELDS = ("acronym", "required_credits", "period_kind", "window_months", "start")
MAX_REQUIRED = Decimal("999999.99")
MIN_REQUIRED = Decimal("0.01")


def _start(raw: Any, errors: FieldErrors) -> date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            pass
    errors.add("start", _("Enter a date as YYYY-MM-DD, or nothing."))
    return None


def _window(data: dict[str, Any], period_kind: str, errors: FieldErrors) -> int | None:
    raw = data.get("window_months")
    if period_kind == PeriodKind.CALENDAR_YEAR:
        if raw not in (None, ""):
            errors.add("window_months", _("A calendar year has no window; leave it empty."))
        return None
    if raw in (None, ""):
        errors.add("window_months", _("Enter the window's length in months."))
        return None
    return whole_number(data, "window_months", errors, minimum=1, maximum=MAX_WINDOW_MONTHS)


def _known_acronym(org: str, acronym: str) -> bool:
    """A unit in use of the organization's catalogue or the site's carries this acronym."""
    units = CreditUnit.objects.filter(org__in=["", org], acronym=acronym, archived_at__isnull=True)
    return units.exists()


def requirement_acronyms(org: str) -> list[str]:
    """The acronyms a requirement of ``org`` may name: its and the site's units in use, sorted."""
    units = CreditUnit.objects.filter(org__in=["", org], archived_at__isnull=True)
    return sorted(set(units.values_list("acronym", flat=True)))


def validate_requirement_fields(data: dict[str, Any], org: str) -> dict[str, Any]:
    """The editable fields of a requirement of ``org``, checked; stores nothing (also the admin's rules).

    Raises:
        InvalidInput: naming every wrong field (an unknown acronym, an amount not above zero,
            a window outside 1 to 60 months, a bad date).
    """
    errors = FieldErrors()
    acronym = text(data, "acronym", errors, required=True, limit=16)
    if acronym and "acronym" not in errors and not _known_acronym(org, acronym):
        errors.add(
            "acronym",
            _("No credit unit of this organization or of the site has the acronym “{acronym}”.").format(
                acronym=acronym
            ),
        )
    required_credits = decimal_number(
        data, "required_credits", errors, minimum=MIN_REQUIRED, maximum=MAX_REQUIRED
    )
    period_kind = choice(
        data,
        "period_kind",
        errors,
        list(PeriodKind.values),
        PeriodKind.CALENDAR_YEAR,
        _("Choose calendar_year or rolling_months."),
    )
    window_months = _window(data, period_kind, errors)
    start = _start(data.get("start"), errors)
    errors.raise_if_any()
    return {
        "acronym": acronym,
        "required_credits": required_credits,
        "period_kind": period_kind,
        "window_months": window_months,
        "start": start,
    }


def _require_manager(actor_id: int | None, org: str) -> None:
    if not org or not permissions.can_manage_catalogue(actor_id, org):
        raise NotAuthorized(
            _("Only organization administrators and global staff manage credit requirements.")
        )


def _required_org(raw: Any) -> str:
    org = parse_org(raw)
    if not org:
        raise InvalidInput(
            _("Some values are not valid; nothing was saved."),
            field_errors={"org": [_("Enter the organization's short name.")]},
        )
    return org


def list_requirements(actor_id: int | None, org: str | None = None) -> QuerySet[CreditRequirement]:
    """The requirements the actor manages (global staff: every organization's), of ``org`` if given.

    Raises:
        NotAuthorized: the actor manages no organization, or not ``org``.
    """
    if actor_id is None:
        raise NotAuthorized()
    requirements = CreditRequirement.objects.order_by("org", "acronym", "id")
    if org is not None:
        _require_manager(actor_id, org)
        return requirements.filter(org=org)
    if permissions.is_global_staff(actor_id):
        return requirements
    orgs = [managed for managed in permissions.managed_catalogues(actor_id) if managed]
    if not orgs:
        raise NotAuthorized(
            _("Only organization administrators and global staff manage credit requirements.")
        )
    return requirements.filter(org__in=orgs)


def get_requirement(actor_id: int | None, requirement_id: int) -> CreditRequirement:
    """A requirement of an organization the actor manages.

    Raises:
        NotAuthorized: the actor manages no organization (the same answer whether it exists or not).
        NotFound: no such requirement, or one of an organization the actor (who manages others) does not.
    """
    if not permissions.managed_catalogues(actor_id):
        raise NotAuthorized(
            _("Only organization administrators and global staff manage credit requirements.")
        )
    requirement = CreditRequirement.objects.filter(id=requirement_id).first()
    if requirement is None or not permissions.can_manage_catalogue(actor_id, requirement.org):
        raise NotFound(_("No such credit requirement."))
    return requirement


def _save(requirement: CreditRequirement) -> CreditRequirement:
    try:
        with transaction.atomic():
            requirement.save()
    except IntegrityError as error:
        raise Conflict(
            _("This organization already requires credits of “{acronym}”; change that requirement.").format(
                acronym=requirement.acronym
            )
        ) from error
    return requirement


def _check_free(org: str, acronym: str, exclude_id: int | None = None) -> None:
    taken = CreditRequirement.objects.filter(org=org, acronym=acronym)
    if exclude_id is not None:
        taken = taken.exclude(id=exclude_id)
    if taken.exists():
        raise Conflict(
            _("This organization already requires credits of “{acronym}”; change that requirement.").format(
                acronym=acronym
            )
        )


def create_requirement(actor_id: int | None, data: dict[str, Any]) -> CreditRequirement:
    """Require ``data["required_credits"]`` credits of ``data["acronym"]`` per period in ``data["org"]``.

    Raises:
        InvalidInput: a wrong field. NotAuthorized: the actor does not manage the organization.
        Conflict: the organization already has a requirement of this acronym.
    """
    org = _required_org(data.get("org"))
    _require_manager(actor_id, org)
    fields = validate_requirement_fields(data, org)
    _check_free(org, fields["acronym"])
    return _save(CreditRequirement(org=org, **fields))


def update_requirement(actor_id: int | None, requirement_id: int, data: dict[str, Any]) -> CreditRequirement:
    """Change some fields; the others keep their values (the organization never changes).

    Raises:
        NotFound, InvalidInput, Conflict (the new acronym already has a requirement).
    """
    requirement = get_requirement(actor_id, requirement_id)
    if "org" in data and data["org"] != requirement.org:
        raise InvalidInput(
            _("Some values are not valid; nothing was saved."),
            field_errors={"org": [_("A requirement cannot move to another organization.")]},
        )
    current: dict[str, Any] = {name: getattr(requirement, name) for name in EDITABLE_FIELDS}
    sent = {name: value for name, value in data.items() if name in EDITABLE_FIELDS}
    if sent.get("period_kind") == PeriodKind.CALENDAR_YEAR and "window_months" not in sent:
        current["window_months"] = None
    fields = validate_requirement_fields({**current, **sent}, requirement.org)
    _check_free(requirement.org, fields["acronym"], exclude_id=requirement.id)
    for name, value in fields.items():
        setattr(requirement, name, value)
    return _save(requirement)


def delete_requirement(actor_id: int | None, requirement_id: int) -> None:
    """Stop requiring these credits (claims are untouched). Raises NotFound."""
    get_requirement(actor_id, requirement_id).delete()
