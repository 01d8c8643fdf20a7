"""The credit units catalogue (seed 000, "Adding attendance tracking units")."""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from attendance_app import permissions
from attendance_app.api.external_unit_fields import refuse_duration_and_prompts
from attendance_app.api.presence_config import forget_presence_config
from attendance_app.api.validation import FieldErrors, choice, decimal_number, text, whole_number
from attendance_app.exceptions import Conflict, InvalidInput, NotAuthorized, NotFound
from attendance_app.models import (
    AUTOMATIC_FREQUENCY,
    ActivityUnitRule,
    Claim,
    CreditIncrement,
    CreditUnit,
    ManagedBy,
    Rounding,
)
from attendance_app.models.units import POPUP_SECONDS_CHOICES

PLACEHOLDERS = ("activityID", "personID", "eventID", "ssoUserId", "ssoTenantId", "activityExtId")
_PLACEHOLDER = re.compile(r"\{\{(\w*)\}\}")
_ACRONYM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_ORG = re.compile(r"^[A-Za-z0-9_.-]*$")
MAX_FREQUENCY = 12
MAX_HOURS = 1000

# The accrediting bodies' rules travel with the template, not only the duration (DESIGN section 5);
# the certificate fields and statements each body requires are in attendance_app.api.accrediting.
UNIT_TEMPLATES: dict[str, dict[str, Any]] = {
    "cpe": {
        "acronym": "CPE",
        "name": "Continuing Professional Education",
        "hours": 0,
        "minutes": 50,
        "increment": CreditIncrement.FIFTH,
        "minimum_credit": "1.0",
        "rounding": Rounding.DOWN,
        "minimum_frequency": "automatic",
    },
    "ceu": {
        "acronym": "CEU",
        "name": "Continuing Education Units",
        "hours": 10,
        "minutes": 0,
        "increment": CreditIncrement.TENTH,
        "minimum_credit": "0.1",
        "rounding": Rounding.NEAREST,
        "minimum_frequency": "automatic",
    },
    # AMA PRA Category 1: one credit per hour, claimed in quarter credits (15 minutes), rounded down.
    "ama": {
        "acronym": "AMA-PRA-1",
        "name": "AMA PRA Category 1 Credit",
        "hours": 1,
        "minutes": 0,
        "increment": CreditIncrement.QUARTER,
        "minimum_credit": "0.25",
        "rounding": Rounding.DOWN,
        "minimum_frequency": "automatic",
    },
    # SHRM Professional Development Credits: one PDC per 60 minutes, in 0.25 increments, rounded down.
    "shrm": {
        "acronym": "PDC",
        "name": "SHRM Professional Development Credit",
        "hours": 1,
        "minutes": 0,
        "increment": CreditIncrement.QUARTER,
        "minimum_credit": "0.25",
        "rounding": Rounding.DOWN,
        "minimum_frequency": "automatic",
    },
}
# What each template's certificate prints and requires: attendance_app.api.accrediting.TEMPLATE_CERTIFICATES.
EDITABLE_FIELDS = (
    "managed_by",
    "acronym",
    "name",
    "hours",
    "minutes",
    "minimum_frequency",
    "popup_seconds",
    "external_url",
    "increment",
    "minimum_credit",
    "rounding",
    "field_of_study",
)


def format_duration(hours: int, minutes: int) -> str:
    """ "10 h", "50 min" or "1 h 30 min": the unit duration shown on an activity."""
    if hours and minutes:
        return _("{hours} h {minutes} min").format(hours=hours, minutes=minutes)
    if hours:
        return _("{hours} h").format(hours=hours)
    return _("{minutes} min").format(minutes=minutes)


def validate_external_url(raw: str, errors: FieldErrors) -> str:
    """An http(s) URL whose ``{{placeholders}}`` are all known ones."""
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        errors.add("external_url", _("Enter an http:// or https:// address."))
        return raw
    unknown = sorted({name for name in _PLACEHOLDER.findall(raw) if name not in PLACEHOLDERS})
    if unknown:
        errors.add(
            "external_url",
            _("Unknown placeholder(s): {names}. Use {allowed}.").format(
                names=", ".join(f"{{{{{name}}}}}" for name in unknown),
                allowed=", ".join(f"{{{{{name}}}}}" for name in PLACEHOLDERS),
            ),
        )
    elif "{{" in _PLACEHOLDER.sub("", raw) or "}}" in _PLACEHOLDER.sub("", raw):
        errors.add("external_url", _("A placeholder is not closed: write it as {{personID}}."))
    return raw


def _frequency(data: dict[str, Any], errors: FieldErrors) -> int:
    """ "automatic" (stored as 0) or a minimum of 1 to 12 prompts per unit duration."""
    raw = data.get("minimum_frequency")
    if raw is None or (isinstance(raw, str) and raw.strip().lower() in ("", "automatic")):
        return AUTOMATIC_FREQUENCY
    return whole_number(data, "minimum_frequency", errors, minimum=1, maximum=MAX_FREQUENCY)


def _validated_fields(data: dict[str, Any], sent: dict[str, Any] | None = None) -> dict[str, Any]:
    """Check every editable field of a unit; raises InvalidInput listing each wrong one.

    ``sent`` is what the client itself sent (``data`` may add a template's or the stored values):
    an external unit sent with hours, minutes, a frequency or a pop-up duration is refused.
    """
    errors = FieldErrors()
    fields: dict[str, Any] = {
        "managed_by": choice(
            data,
            "managed_by",
            errors,
            ManagedBy.values,
            ManagedBy.INTERNAL,
            _("Choose internal or external."),
        ),
        "acronym": text(data, "acronym", errors, required=True, limit=16),
        "name": text(data, "name", errors, required=True, limit=255),
        "field_of_study": text(data, "field_of_study", errors, required=False, limit=255),
        "increment": choice(
            data,
            "increment",
            errors,
            CreditIncrement.values,
            CreditIncrement.WHOLE,
            _("Choose whole, half, quarter, fifth, tenth or hundredth."),
        ),
        "rounding": choice(
            data, "rounding", errors, Rounding.values, Rounding.DOWN, _("Choose down or nearest.")
        ),
        "minimum_credit": decimal_number(
            data, "minimum_credit", errors, minimum=Decimal("0"), maximum=Decimal("1000")
        )
        if data.get("minimum_credit") not in (None, "")
        else Decimal("0"),
    }
    if fields["acronym"] and not _ACRONYM.match(fields["acronym"]):
        errors.add("acronym", _("Use letters, digits, dots, dashes and underscores only."))
    url = text(data, "external_url", errors, required=False, limit=2000)
    if fields["managed_by"] == ManagedBy.EXTERNAL:
        if not url:
            errors.add("external_url", _("An external unit needs the address of the external page."))
        else:
            validate_external_url(url, errors)
        refuse_duration_and_prompts(data if sent is None else sent, errors)
        fields.update(
            hours=0, minutes=0, minimum_frequency=AUTOMATIC_FREQUENCY, external_url=url, popup_seconds=10
        )
    else:
        if url:
            errors.add("external_url", _("Only external units have an external address."))
        hours = whole_number({"hours": data.get("hours", 0)}, "hours", errors, minimum=0, maximum=MAX_HOURS)
        minutes = whole_number({"minutes": data.get("minutes", 0)}, "minutes", errors, minimum=0, maximum=59)
        if "hours" not in errors and "minutes" not in errors and hours * 60 + minutes <= 0:
            errors.add("minutes", _("A unit must last longer than zero minutes."))
        popup = data.get("popup_seconds", 10)
        allowed_popups = [seconds for seconds, _label in POPUP_SECONDS_CHOICES]
        popup_seconds = whole_number(
            {"popup_seconds": popup}, "popup_seconds", errors, minimum=1, maximum=3600
        )
        if "popup_seconds" not in errors and popup_seconds not in allowed_popups:
            errors.add(
                "popup_seconds",
                _("Choose one of {choices} seconds.").format(choices=", ".join(map(str, allowed_popups))),
            )
        fields.update(
            hours=hours,
            minutes=minutes,
            minimum_frequency=_frequency(data, errors),
            external_url="",
            popup_seconds=popup_seconds,
        )
    errors.raise_if_any()
    return fields


def _with_template(data: dict[str, Any]) -> dict[str, Any]:
    template = data.get("template") or ""
    if template == "":
        return dict(data)
    if not isinstance(template, str) or template.lower() not in UNIT_TEMPLATES:
        raise InvalidInput(
            _("Some values are not valid; nothing was saved."),
            field_errors={"template": [_("Choose the CEU, CPE, AMA PRA or SHRM template, or none.")]},
        )
    return {**UNIT_TEMPLATES[template.lower()], **{k: v for k, v in data.items() if v not in (None, "")}}


def _org(data: dict[str, Any]) -> str:
    org = data.get("org") or ""
    if not isinstance(org, str) or len(org) > 64 or not _ORG.match(org):
        raise InvalidInput(
            _("Some values are not valid; nothing was saved."),
            field_errors={"org": [_("Enter an organization short name, or nothing for the whole site.")]},
        )
    return org


def _check_acronym_free(org: str, acronym: str, exclude_id: int | None = None) -> None:
    taken = CreditUnit.objects.filter(org=org, acronym__iexact=acronym, active=True)
    if exclude_id is not None:
        taken = taken.exclude(id=exclude_id)
    if taken.exists():
        raise InvalidInput(
            _("Some values are not valid; nothing was saved."),
            field_errors={"acronym": [_("“{acronym}” is already used here.").format(acronym=acronym)]},
        )


def parse_org(raw: object) -> str:
    """An organization short name sent by a client ("" for the whole site).

    Raises:
        InvalidInput: not a short name (letters, digits, dots, dashes and underscores; at most 64).
    """
    return _org({"org": raw})


def validate_unit_fields(data: dict[str, Any], *, unit_id: int | None = None) -> dict[str, Any]:
    """Check a whole unit held by an edge other than REST (the Django admin form); store nothing.

    The rules of :func:`create_unit` and :func:`update_unit`: the organization, every editable
    field, and the acronym free among the scope's active units (``unit_id`` itself excluded).
    Returns the cleaned fields, ``org`` included.

    Raises:
        InvalidInput: naming each wrong field.
    """
    org = _org(data)
    fields = _validated_fields(data)
    _check_acronym_free(org, fields["acronym"], exclude_id=unit_id)
    return {"org": org, **fields}


def _require_manager(actor_id: int | None, org: str) -> None:
    if not permissions.can_manage_catalogue(actor_id, org):
        raise NotAuthorized(_("Only organization administrators and global staff manage credit units."))


def _forget_activities_of(unit: CreditUnit) -> None:
    forget_presence_config(
        list(ActivityUnitRule.objects.filter(unit=unit).values_list("activity_id", flat=True))
    )


def get_unit(actor_id: int | None, unit_id: int) -> CreditUnit:
    """A unit the actor manages.

    Raises:
        NotAuthorized: the actor manages no catalogue at all (a learner, a coach, course staff):
            the same answer whether the unit exists or not.
        NotFound: no such unit, or it is in a catalogue the actor (who manages others) does not manage.
    """
    if not permissions.managed_catalogues(actor_id):
        raise NotAuthorized(_("Only organization administrators and global staff manage credit units."))
    unit = CreditUnit.objects.filter(id=unit_id).first()
    if unit is None or not permissions.can_manage_catalogue(actor_id, unit.org):
        raise NotFound(_("No such credit unit."))
    return unit


def create_unit(actor_id: int | None, data: dict[str, Any]) -> CreditUnit:
    """Add a unit to the catalogue of ``data["org"]`` (empty: the whole site).

    Raises:
        NotAuthorized: the actor does not manage that catalogue.
        InvalidInput: a field is wrong, the template is unknown or the acronym is taken.
    """
    org = _org(data)
    _require_manager(actor_id, org)
    template = str(data.get("template") or "").lower()
    fields = _validated_fields(_with_template(data), sent=data)
    _check_acronym_free(org, fields["acronym"])
    secret = secrets.token_urlsafe(32) if fields["managed_by"] == ManagedBy.EXTERNAL else ""
    try:
        with transaction.atomic():
            return CreditUnit.objects.create(org=org, template=template, callback_secret=secret, **fields)
    except IntegrityError as error:
        raise Conflict(_("A unit with this acronym was just created here.")) from error


def update_unit(actor_id: int | None, unit_id: int, data: dict[str, Any]) -> CreditUnit:
    """Change some fields of a unit; the others keep their values.

    Raises:
        NotFound, InvalidInput (including an attempt to move it to another organization).
    """
    unit = get_unit(actor_id, unit_id)
    if "org" in data and (data["org"] or "") != unit.org:
        raise InvalidInput(
            _("Some values are not valid; nothing was saved."),
            field_errors={"org": [_("A unit cannot move to another organization; create a new one.")]},
        )
    current = {name: getattr(unit, name) for name in EDITABLE_FIELDS}
    if current["minimum_frequency"] == AUTOMATIC_FREQUENCY:
        current["minimum_frequency"] = "automatic"
    fields = _validated_fields(
        {**current, **{k: v for k, v in data.items() if k in EDITABLE_FIELDS}}, sent=data
    )
    _check_acronym_free(unit.org, fields["acronym"], exclude_id=unit.id)
    if fields["managed_by"] == ManagedBy.EXTERNAL and not unit.callback_secret:
        unit.callback_secret = secrets.token_urlsafe(32)
    for name, value in fields.items():
        setattr(unit, name, value)
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError as error:
        raise Conflict(_("A unit with this acronym was just created here.")) from error
    _forget_activities_of(unit)
    return unit


def archive_unit(actor_id: int | None, unit_id: int, now: datetime) -> CreditUnit:
    """Take a unit out of the catalogue; rules and credit already earned keep it."""
    unit = get_unit(actor_id, unit_id)
    if unit.archived_at is None:
        unit.archived_at = now
        unit.active = None
        unit.save(update_fields=["archived_at", "active", "modified"])
    _forget_activities_of(unit)
    return unit


def delete_unit(actor_id: int | None, unit_id: int) -> None:
    """Delete a unit that no activity uses.

    Raises:
        Conflict: activities use it; archive it instead so their credit stays.
    """
    unit = get_unit(actor_id, unit_id)
    used_by = unit.activity_rules.count()
    if used_by:
        raise Conflict(
            _("{count} activities use this unit; archive it instead so their credit stays.").format(
                count=used_by
            )
        )
    if Claim.objects.filter(unit=unit).exists():
        raise Conflict(_("Learners have claimed this unit; archive it instead so their credit stays."))
    unit.delete()


def remove_unit(actor_id: int | None, unit_id: int, now: datetime) -> str:
    """The catalogue's Delete: delete an unused unit, archive one that activities or claims use.

    Returns ``"deleted"`` or ``"archived"``. Raises: NotFound.
    """
    try:
        delete_unit(actor_id, unit_id)
    except Conflict:
        archive_unit(actor_id, unit_id, now)
        return "archived"
    return "deleted"


def unit_claimed(unit_id: int) -> bool:
    """Whether learners have claimed the unit (then it can only be archived)."""
    return Claim.objects.filter(unit_id=unit_id).exists()


def unit_usage(unit_ids: list[int]) -> dict[int, int]:
    """How many activities award each unit; a unit no activity uses maps to 0."""
    counts = dict.fromkeys(unit_ids, 0)
    rows = (
        ActivityUnitRule.objects.filter(unit_id__in=unit_ids)
        .values("unit_id")
        .annotate(activities=Count("activity_id", distinct=True))
    )
    for row in rows:
        counts[row["unit_id"]] = row["activities"]
    return counts


def rotate_secret(actor_id: int | None, unit_id: int) -> CreditUnit:
    """Give an external unit a new callback secret; the old one stops working at once."""
    unit = get_unit(actor_id, unit_id)
    if unit.managed_by != ManagedBy.EXTERNAL:
        raise InvalidInput(_("Only external units have a callback secret."))
    unit.callback_secret = secrets.token_urlsafe(32)
    unit.save(update_fields=["callback_secret", "modified"])
    return unit


def list_units(
    actor_id: int | None,
    *,
    org: str | None = None,
    course_key: CourseKey | None = None,
    managed_by: str | None = None,
    search: str | None = None,
    include_archived: bool = False,
) -> QuerySet[CreditUnit]:
    """Units the actor may see: a catalogue they manage, or the units a course's authors can pick.

    Raises:
        NotAuthorized: the actor neither manages ``org`` nor authors ``course_key``.
    """
    if course_key is not None:
        if not permissions.can_author_course(actor_id, course_key):
            raise NotAuthorized(_("Only the course team can see the units of this course."))
        units = CreditUnit.objects.filter(Q(org="") | Q(org__iexact=course_key.org))
    elif org is not None:
        _require_manager(actor_id, org)
        units = CreditUnit.objects.filter(org__iexact=org)
    elif permissions.is_global_staff(actor_id):
        units = CreditUnit.objects.all()
    else:
        raise NotAuthorized(_("Choose an organization or a course to list its units."))
    if not include_archived:
        units = units.filter(active=True)
    if managed_by:
        units = units.filter(managed_by=managed_by)
    if search:
        units = units.filter(Q(acronym__icontains=search) | Q(name__icontains=search))
    return units.order_by("org", "acronym", "id")
