"""Enable switches: site and organization ("Company tools") gate the course ("Event") switch."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from attendance_app import conf, permissions
from attendance_app.exceptions import Conflict, InvalidInput, NotAuthorized
from attendance_app.models import FeatureSwitch, SwitchScope
from attendance_app.render_memo import remembered


@dataclass(frozen=True)
class SwitchState:
    """Each level's own value and whether tracking is effectively on for the course."""

    site: bool
    org: bool
    course: bool

    @property
    def effective(self) -> bool:
        return self.site and self.org and self.course


def _stored(course_key: CourseKey) -> dict[tuple[str, str], bool]:
    rows = FeatureSwitch.objects.filter(
        Q(scope=SwitchScope.SITE, key="")
        | Q(scope=SwitchScope.ORG, key=_org_key(str(course_key.org)))
        | Q(scope=SwitchScope.COURSE, key=str(course_key))
    ).values_list("scope", "key", "enabled")
    return {(scope, key): enabled for scope, key, enabled in rows}


def _org_key(org: str) -> str:
    """Organization switches are case-insensitive, as edx-platform's org roles are."""
    return org.lower()


def switch_state(course_key: CourseKey) -> SwitchState:
    """The switches that decide whether the course tracks attendance (one query)."""
    stored = _stored(course_key)
    site = stored.get((SwitchScope.SITE, ""), bool(conf.get("ATTENDANCE_SITE_ENABLED_BY_DEFAULT")))
    org = stored.get(
        (SwitchScope.ORG, _org_key(str(course_key.org))), bool(conf.get("ATTENDANCE_ORGS_ENABLED_BY_DEFAULT"))
    )
    course = stored.get((SwitchScope.COURSE, str(course_key)), False)
    return SwitchState(site=site, org=org, course=course)


def is_enabled(course_key: CourseKey) -> bool:
    """Whether attendance tracking is on for the course run (read once per rendering, ADR 0027)."""
    return remembered(("enabled", str(course_key)), lambda: switch_state(course_key).effective)


def _org_state(org: str) -> tuple[bool, bool]:
    rows = dict(
        FeatureSwitch.objects.filter(
            Q(scope=SwitchScope.SITE, key="") | Q(scope=SwitchScope.ORG, key=_org_key(org))
        ).values_list("scope", "enabled")
    )
    return (
        rows.get(SwitchScope.SITE, bool(conf.get("ATTENDANCE_SITE_ENABLED_BY_DEFAULT"))),
        rows.get(SwitchScope.ORG, bool(conf.get("ATTENDANCE_ORGS_ENABLED_BY_DEFAULT"))),
    )


def site_switch(actor_id: int | None) -> bool:
    """Whether tracking is on for the whole site, for the people who may switch it (global staff).

    Raises:
        NotAuthorized: the actor is not global staff.
    """
    if not permissions.is_global_staff(actor_id):
        raise NotAuthorized(_("Only global staff can switch attendance tracking for the whole site."))
    site_on, _org_on = _org_state("")
    return site_on


def org_switch(actor_id: int | None, org: str) -> bool:
    """The organization's own switch, for the people who may switch it (its admins and global staff).

    Raises:
        NotAuthorized: the actor does not administer ``org``.
    """
    if not permissions.can_manage_catalogue(actor_id, org) or not org:
        raise NotAuthorized(
            _("Only the organization's administrators can switch attendance tracking for it.")
        )
    _site_on, org_on = _org_state(org)
    return org_on


def course_switch_state(actor_id: int | None, course_key: CourseKey) -> SwitchState:
    """Every level's switch for a course run, for its course team.

    Raises:
        NotAuthorized: the actor may not author the course.
    """
    if not permissions.can_author_course(actor_id, course_key):
        raise NotAuthorized(_("Only the course team can switch attendance tracking for this course."))
    return switch_state(course_key)


def set_site_switch(actor_id: int | None, enabled: object) -> bool:
    """Turn tracking on or off for the whole site (global staff)."""
    if not permissions.is_global_staff(actor_id):
        raise NotAuthorized(_("Only global staff can switch attendance tracking for the whole site."))
    return _save(actor_id, SwitchScope.SITE, "", enabled)


def set_org_switch(actor_id: int | None, org: str, enabled: object) -> bool:
    """Turn tracking on or off for an organization (its admins and global staff).

    Raises:
        Conflict: turning it on while the site keeps it off.
    """
    if not permissions.can_manage_catalogue(actor_id, org) or not org:
        raise NotAuthorized(
            _("Only the organization's administrators can switch attendance tracking for it.")
        )
    site_on, _org_on = _org_state(org)
    if _as_bool(enabled) and not site_on:
        raise Conflict(
            _("Attendance tracking is off for the whole site; global staff must turn it on first.")
        )
    return _save(actor_id, SwitchScope.ORG, _org_key(org), enabled)


def set_course_switch(actor_id: int | None, course_key: CourseKey, enabled: object) -> bool:
    """Turn tracking on or off for a course run (its course team).

    Raises:
        Conflict: turning it on while the organization or site keeps it off.
    """
    if not permissions.can_author_course(actor_id, course_key):
        raise NotAuthorized(_("Only the course team can switch attendance tracking for this course."))
    state = switch_state(course_key)
    if _as_bool(enabled) and not (state.site and state.org):
        raise Conflict(
            _(
                "Attendance tracking is off for the organization “{org}”; "
                "an organization administrator must turn it on first."
            ).format(org=course_key.org)
        )
    return _save(actor_id, SwitchScope.COURSE, str(course_key), enabled)


def _as_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise InvalidInput(_("Send true or false."), field_errors={"enabled": [_("Send true or false.")]})


def _save(actor_id: int | None, scope: str, key: str, enabled: object) -> bool:
    value = _as_bool(enabled)
    FeatureSwitch.objects.update_or_create(
        scope=scope, key=key, defaults={"enabled": value, "changed_by_id": actor_id}
    )
    return value
