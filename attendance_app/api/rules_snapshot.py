"""The rules a credit was given under, kept on its claim for the audit pack (ADR 0024).

An accrediting body audits a sponsor against the rules that applied when the credit was given, not
against today's catalogue: authors edit units and rules later. :func:`rules_snapshot` is what a
claim keeps each time it is created or raised; :func:`current_rules` is the same shape read from the
catalogue today, for the claims made before snapshots were kept (the pack's manifest says which).
The unit's callback secret is never part of it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from attendance_app.models import Activity, ActivityUnitRule, CreditUnit

#: Bumped when the snapshot's shape changes, so a reader knows what a stored one holds.
SNAPSHOT_VERSION = 1


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def unit_json(unit: CreditUnit) -> dict[str, Any]:
    """The unit's crediting fields, as plain JSON values."""
    return {
        "id": unit.id,
        "org": unit.org,
        "managed_by": unit.managed_by,
        "template": unit.template,
        "acronym": unit.acronym,
        "name": unit.name,
        "hours": unit.hours,
        "minutes": unit.minutes,
        "duration_seconds": unit.duration_seconds,
        "minimum_frequency": unit.minimum_frequency or "automatic",
        "popup_seconds": unit.popup_seconds,
        "increment": unit.increment,
        "minimum_credit": str(unit.minimum_credit),
        "rounding": unit.rounding,
        "field_of_study": unit.field_of_study,
        "external_url": unit.external_url,
    }


def template_json(unit: CreditUnit) -> dict[str, Any] | None:
    """The accrediting body's template the unit was made from (CPE, CEU), or None."""
    from attendance_app.api.units import UNIT_TEMPLATES  # the units module imports the models' api

    template = UNIT_TEMPLATES.get((unit.template or "").lower())
    if template is None:
        return None
    return {"key": unit.template.lower(), **{name: str(value) for name, value in template.items()}}


def rule_json(rule: ActivityUnitRule | None) -> dict[str, Any] | None:
    if rule is None:
        return None
    return {
        "quiz_usage_key": str(rule.quiz_usage_key) if rule.quiz_usage_key else None,
        "min_grade": str(rule.min_grade) if rule.min_grade is not None else None,
    }


def activity_json(activity: Activity) -> dict[str, Any]:
    return {
        "usage_key": str(activity.usage_key),
        "display_name": activity.display_name,
        "mode": activity.mode,
        "live_start": _iso(activity.live_start),
        "live_end": _iso(activity.live_end),
        "missed_prompt_policy": activity.missed_prompt_policy,
    }


def rules_snapshot(
    activity: Activity, unit: CreditUnit, rule: ActivityUnitRule | None, now: datetime
) -> dict[str, Any]:
    """What a claim keeps: the activity's crediting settings, its rule for the unit, the unit and its
    template, as they are at ``now`` (no query: every row is given)."""
    return {
        "version": SNAPSHOT_VERSION,
        "taken_at": now.isoformat(),
        "activity": activity_json(activity),
        "rule": rule_json(rule),
        "unit": unit_json(unit),
        "template": template_json(unit),
    }


def current_rules(activity: Activity, unit: CreditUnit, rule: ActivityUnitRule | None) -> dict[str, Any]:
    """Today's rules in the snapshot's shape (``taken_at`` None): for claims without a snapshot."""
    return {**rules_snapshot(activity, unit, rule, datetime.min), "taken_at": None}
