"""Sponsor settings of the site, an organization or a course run, and what a certificate prints (issue #18).

Who edits which scope: global staff the site's; global staff and the organization's admins (an
org-wide role, see :func:`attendance_app.permissions.can_manage_catalogue`) an organization's; the
course team a course run's override. :func:`effective_sponsor` resolves, field by field, course →
organization → site in one query.

Images (the responsible person's signature, the sponsor's logo) are checked by their content with
Pillow, never by a file name: PNG or JPEG, at most :data:`MAX_IMAGE_BYTES` and
:data:`MAX_IMAGE_SIDE` pixels a side.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey
from PIL import Image, UnidentifiedImageError

from attendance_app import permissions
from attendance_app.api.accrediting import BODIES, TEMPLATE_CERTIFICATES, field_label
from attendance_app.api.validation import FieldErrors, text
from attendance_app.exceptions import InvalidInput, NotAuthorized
from attendance_app.models import SponsorSettings

TEXT_LIMITS = {
    "name": 255,
    "address": 500,
    "contact": 255,
    "sponsor_id": 64,
    "responsible_name": 255,
    "responsible_title": 255,
}
PROVIDER_ID_LIMIT = 64
IMAGE_FIELDS = ("signature_image", "logo_image")
MAX_IMAGE_BYTES = 512 * 1024
MAX_IMAGE_SIDE = 2000
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
_ORG = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


@dataclass(frozen=True)
class Scope:
    """The site (``org`` and ``course_id`` empty), an organization, or a course run (both set)."""

    org: str = ""
    course_id: str = ""

    @property
    def level(self) -> str:
        return "course" if self.course_id else "org" if self.org else "site"

    @classmethod
    def of_course(cls, course_key: CourseKey) -> Scope:
        return cls(org=str(course_key.org), course_id=str(course_key))


@dataclass(frozen=True)
class Sponsor:
    """What certificates print about their sponsor (every field may be empty)."""

    name: str = ""
    address: str = ""
    contact: str = ""
    sponsor_id: str = ""
    responsible_name: str = ""
    responsible_title: str = ""
    provider_ids: dict[str, str] = field(default_factory=dict)
    signature_image: bytes = b""
    logo_image: bytes = b""

    def provider_id(self, body: str | None) -> str:
        """The sponsor's id with ``body``, else its general sponsor id."""
        return (self.provider_ids.get(body, "") if body else "") or self.sponsor_id


def parse_org_scope(raw: object) -> Scope:
    """The scope of an organization short name sent by a client.

    Raises:
        InvalidInput: not a short name (letters, digits, dots, dashes, underscores; 1 to 64).
    """
    if not isinstance(raw, str) or not _ORG.match(raw):
        message = _("Enter an organization short name.")
        raise InvalidInput(message, field_errors={"org": [message]})
    return Scope(org=raw)


def can_edit(actor_id: int | None, scope: Scope) -> bool:
    """Whether the actor edits this scope's sponsor settings (see the module's docstring)."""
    if scope.level == "site":
        return permissions.is_global_staff(actor_id)
    if scope.level == "org":
        return permissions.can_manage_catalogue(actor_id, scope.org)
    return permissions.can_author_course(actor_id, CourseKey.from_string(scope.course_id))


def _require_editor(actor_id: int | None, scope: Scope) -> None:
    if not can_edit(actor_id, scope):
        raise NotAuthorized(_("Only the sponsor's administrators change these sponsor settings."))


def editable_scopes(actor_id: int | None) -> list[Scope]:
    """The site (global staff) and the organizations the actor administers."""
    return [Scope(org=org) for org in permissions.managed_catalogues(actor_id)]


def _as_sponsor(row: SponsorSettings | None) -> Sponsor:
    if row is None:
        return Sponsor()
    return Sponsor(
        name=row.name,
        address=row.address,
        contact=row.contact,
        sponsor_id=row.sponsor_id,
        responsible_name=row.responsible_name,
        responsible_title=row.responsible_title,
        provider_ids=dict(row.provider_ids or {}),
        signature_image=bytes(row.signature_image or b""),
        logo_image=bytes(row.logo_image or b""),
    )


def _merged(general: Sponsor, specific: Sponsor) -> Sponsor:
    """``specific``'s non-empty values over ``general``'s."""
    values: dict[str, Any] = {}
    for name in (*TEXT_LIMITS, *IMAGE_FIELDS):
        values[name] = getattr(specific, name) or getattr(general, name)
    ids = {**general.provider_ids, **{body: value for body, value in specific.provider_ids.items() if value}}
    return Sponsor(provider_ids=ids, **values)


def resolved_sponsor(scope: Scope) -> Sponsor:
    """What certificates of ``scope`` print: its own values over its organization's over the site's.

    One query.
    """
    wanted = Q(org="", course_id="")
    if scope.org:
        wanted |= Q(org=scope.org, course_id="")
    if scope.course_id:
        wanted |= Q(org=scope.org, course_id=scope.course_id)
    rows = {(row.org, row.course_id): row for row in SponsorSettings.objects.filter(wanted)}
    sponsor = _as_sponsor(rows.get(("", "")))
    if scope.org:
        sponsor = _merged(sponsor, _as_sponsor(rows.get((scope.org, ""))))
    if scope.course_id:
        sponsor = _merged(sponsor, _as_sponsor(rows.get((scope.org, scope.course_id))))
    return sponsor


def effective_sponsor(course_key: CourseKey) -> Sponsor:
    """The sponsor a course run's certificates print: course → organization → site, field by field.

    One query.
    """
    return resolved_sponsor(Scope.of_course(course_key))


def scope_sponsor(scope: Scope) -> Sponsor:
    """The settings saved at this scope only (no inheritance)."""
    return _as_sponsor(SponsorSettings.objects.filter(org=scope.org, course_id=scope.course_id).first())


def get_sponsor(actor_id: int | None, scope: Scope) -> Sponsor:
    """The settings saved at ``scope``, for its editors.

    Raises:
        NotAuthorized: the actor may not edit this scope.
    """
    _require_editor(actor_id, scope)
    return scope_sponsor(scope)


def _image(value: object, name: str, errors: FieldErrors) -> tuple[bytes, str] | None:
    """Raw bytes (a form upload) or base64 text (REST) checked as a PNG or JPEG image; None if wrong."""
    if isinstance(value, str):
        if len(value) > MAX_IMAGE_BYTES * 4 // 3 + 4:
            errors.add(name, _("Use an image of at most {size} KB.").format(size=MAX_IMAGE_BYTES // 1024))
            return None
        try:
            value = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            errors.add(name, _("Send the image as base64 text."))
            return None
    if not isinstance(value, bytes):
        errors.add(name, _("Send the image as base64 text, or null to remove it."))
        return None
    if len(value) > MAX_IMAGE_BYTES:
        errors.add(name, _("Use an image of at most {size} KB.").format(size=MAX_IMAGE_BYTES // 1024))
        return None
    try:
        with Image.open(io.BytesIO(value)) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        errors.add(name, _("This file is not a PNG or JPEG image."))
        return None
    if kind not in IMAGE_TYPES:
        errors.add(name, _("This file is not a PNG or JPEG image."))
        return None
    if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE:
        errors.add(name, _("Use an image of at most {side} pixels a side.").format(side=MAX_IMAGE_SIDE))
        return None
    return value, IMAGE_TYPES[kind]


def _provider_ids(value: object, current: dict[str, str], errors: FieldErrors) -> dict[str, str]:
    if not isinstance(value, dict):
        errors.add("provider_ids", _("Send an object of accrediting body → id."))
        return current
    ids = dict(current)
    for body, raw in value.items():
        if body not in BODIES:
            errors.add("provider_ids", _("Unknown accrediting body: {body}.").format(body=str(body)[:32]))
            continue
        if not isinstance(raw, str):
            errors.add("provider_ids", _("Enter text."))
            continue
        if len(raw.strip()) > PROVIDER_ID_LIMIT:
            errors.add("provider_ids", _("Use at most {limit} characters.").format(limit=PROVIDER_ID_LIMIT))
            continue
        ids[body] = raw.strip()
    return {body: value for body, value in ids.items() if value}


def _validated(data: dict[str, Any], provider_ids: dict[str, str]) -> dict[str, Any]:
    """The model values of the fields sent; raises InvalidInput naming each wrong one."""
    errors = FieldErrors()
    for name in sorted(set(data) - {*TEXT_LIMITS, *IMAGE_FIELDS, "provider_ids"}):
        errors.add(str(name)[:64], _("Unknown field."))
    values: dict[str, Any] = {}
    for name, limit in TEXT_LIMITS.items():
        if name in data:
            values[name] = text(data, name, errors, required=False, limit=limit)
    if "provider_ids" in data:
        values["provider_ids"] = _provider_ids(data["provider_ids"], provider_ids, errors)
    for name in IMAGE_FIELDS:
        if name not in data:
            continue
        kind_field = name.replace("_image", "_type")
        if data[name] is None:
            values[name], values[kind_field] = b"", ""
            continue
        checked = _image(data[name], name, errors)
        if checked is not None:
            values[name], values[kind_field] = checked
    errors.raise_if_any()
    return values


def validate_sponsor_fields(data: dict[str, Any]) -> None:
    """Check sponsor fields without saving them.

    Raises:
        InvalidInput: naming each wrong field.
    """
    _validated(data, {})


def save_sponsor(actor_id: int | None, scope: Scope, data: dict[str, Any]) -> Sponsor:
    """Save the settings of ``scope`` (fields not sent keep their value) and return them.

    ``signature_image`` and ``logo_image`` are bytes or base64 text; null removes them.

    Raises:
        NotAuthorized: the actor may not edit this scope. InvalidInput: a value is not valid
        (``field_errors`` says which); nothing is saved.
    """
    _require_editor(actor_id, scope)
    row = SponsorSettings.objects.filter(org=scope.org, course_id=scope.course_id).first()
    values = _validated(data, dict(row.provider_ids) if row else {})
    values["modified_by_id"] = actor_id
    SponsorSettings.objects.update_or_create(org=scope.org, course_id=scope.course_id, defaults=values)
    return scope_sponsor(scope)


def missing_for_bodies(sponsor: Sponsor) -> dict[str, list[str]]:
    """Per accrediting body (its printed name), the sponsor fields its certificates need and lack."""
    missing: dict[str, list[str]] = {}
    for requirements in TEMPLATE_CERTIFICATES.values():
        present = {
            name
            for name, value in (
                ("sponsor_name", sponsor.name),
                ("contact", sponsor.contact),
                ("address", sponsor.address),
                ("provider_id", sponsor.provider_id(requirements.body)),
                ("signature", sponsor.signature_image),
            )
            if value
        }
        lacking = requirements.missing_sponsor_fields(present)
        if lacking:
            missing[BODIES[requirements.body]] = [field_label(name) for name in lacking]
    return missing


def sponsor_json(sponsor: Sponsor) -> dict[str, Any]:
    """The settings as JSON: images as base64 text (null when none)."""
    return {
        **{name: getattr(sponsor, name) for name in TEXT_LIMITS},
        "provider_ids": {body: sponsor.provider_ids.get(body, "") for body in BODIES},
        **{
            name: base64.b64encode(getattr(sponsor, name)).decode("ascii") if getattr(sponsor, name) else None
            for name in IMAGE_FIELDS
        },
    }
