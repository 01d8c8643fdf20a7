"""What the block's two views show, gathered from :mod:`attendance_app.api`."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from opaque_keys.edx.keys import UsageKey

from attendance_app import api, clock, permissions
from attendance_app.exceptions import AttendanceError, NotFound


def editor_state(user_id: int | None, usage_key: UsageKey) -> dict[str, Any]:
    """Switches, rules, pickable units and quizzes for the Studio editor.

    Raises:
        NotAuthorized: the user is not on the course team.
    """
    course_key = usage_key.course_key
    units = api.list_units(user_id, course_key=course_key)  # checks the course team first
    quizzes = api.quiz_choices(user_id, course_key)
    state = api.switch_state(course_key)
    try:
        rules = [rule.as_json() for rule in api.list_rules(user_id, usage_key)]
        activity_saved = True
    except NotFound:
        rules, activity_saved = [], False
    return {
        "switch": {
            "site": state.site,
            "org": state.org,
            "course": state.course,
            "effective": state.effective,
        },
        "activity_saved": activity_saved,
        "rules": rules,
        "units": [
            {
                "id": unit.id,
                "acronym": unit.acronym,
                "name": unit.name,
                "managed_by": unit.managed_by,
                "duration": api.format_duration(unit.hours, unit.minutes)
                if unit.managed_by == "internal"
                else "",
            }
            for unit in units
        ],
        "quizzes": [
            {"usage_key": str(item.usage_key), "display_name": item.display_name, "kind": item.kind}
            for item in quizzes
        ],
    }


def presence_args(user_id: int | None, usage_key: UsageKey) -> dict[str, Any] | None:
    """What the learner's page needs to report presence (DESIGN section 6), or None."""
    presence = api.start_presence(user_id, usage_key, clock.now())
    if presence is None:
        return None
    return {
        **presence,
        "beat_url": reverse("attendance_app:presence-beat"),
        "answer_url": reverse("attendance_app:presence-answer"),
        "accommodation_url": reverse("attendance_app:presence-accommodation"),
    }


def claim_args(user_id: int | None, usage_key: UsageKey, rules: list[api.RuleView]) -> dict[str, Any] | None:
    """The learner's claimable and claimed units, and where to claim, or None when not a learner here.

    ``rules`` are the activity's rules ``learner_panel`` already read; ``claim_status`` checks access.
    """
    if user_id is None:
        return None
    try:
        status = api.claim_status(user_id, usage_key, clock.now())
    except AttendanceError:
        return None
    external = _external_links(user_id, usage_key, rules) if status["show_button"] else []
    if not (status["units"] or external):
        return None
    return {
        **status,
        "external": external,
        "claim_url": reverse("attendance_app:activity-claims", args=[str(usage_key)]),
    }


def _external_links(user_id: int, usage_key: UsageKey, rules: list[api.RuleView]) -> list[dict[str, str]]:
    """Where the learner claims each external unit: the unit's page, placeholders filled in (seed 000)."""
    links = []
    for rule in rules:
        if rule.managed_by == "external" and not rule.unit_archived:
            links.append(
                {
                    "acronym": rule.acronym,
                    "name": rule.unit_name,
                    "url": api.external_claim_url(user_id, usage_key, rule.unit_id),
                }
            )
    return links


def learner_panel(
    user_id: int | None, usage_key: UsageKey, *, author_only_if_disabled: bool = False
) -> dict[str, Any]:
    """Whether tracking is on, whether the viewer is on the course team, and the units awarded.

    ``author_only_if_disabled``: the learner's page tells the course team apart only while tracking
    is off, so a learner's view of an enabled course skips the role queries (``is_author`` False).
    """
    course_key = usage_key.course_key
    enabled = api.is_enabled(course_key)
    is_author = (
        False if enabled and author_only_if_disabled else permissions.can_author_course(user_id, course_key)
    )
    rules: list[api.RuleView] = []
    if enabled or is_author:
        try:
            rules = api.list_rules(user_id, usage_key)
        except NotFound:
            rules = []
    return {"enabled": enabled, "is_author": is_author, "rules": rules}


def classroom_args(usage_key: UsageKey) -> dict[str, str]:
    """The REST addresses the learner's classroom panel reads and posts to."""
    key = str(usage_key)
    return {
        "slots_url": reverse("attendance_app:activity-slots", args=[key]),
        "attendance_url": reverse("attendance_app:activity-slot-attendance", args=[key]),
        "ics_url": reverse("attendance_app:slot-calendar", args=[key]),
    }


def author_slots(user_id: int | None, usage_key: UsageKey) -> list[dict[str, Any]]:
    """The slots an author's preview lists (none for people who may not see them)."""
    from attendance_app.api import classroom

    try:
        return [view.as_json() for view in classroom.list_slots(user_id, usage_key)]
    except AttendanceError:
        return []


def slots_state(user_id: int | None, usage_key: UsageKey) -> dict[str, Any]:
    """The Studio editor's slot list (times in ISO 8601 UTC) and the cohorts a slot can be for."""
    from attendance_app.api import classroom
    from attendance_app.api.classroom import authoring

    slots = [authoring.editor_slot_json(view) for view in classroom.list_slots(user_id, usage_key)]
    return {"slots": slots, "cohorts": authoring.course_cohorts(user_id, usage_key)}


def classroom_options_state(user_id: int | None, usage_key: UsageKey) -> dict[str, Any]:
    """The course's status set and the activity's classroom settings, for the editor (course team)."""
    from attendance_app.api import classroom
    from attendance_app.api.classroom import authoring, options

    settings = options.get_classroom_settings(user_id, usage_key)  # checks the course team first
    statuses = [authoring.status_json(status) for status in classroom.list_statuses(user_id, usage_key)]
    return {"statuses": statuses, "settings": settings}
