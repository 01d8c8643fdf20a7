"""``rules.json``: the rules each credit was given under, and the scope's rules today.

Every claim in the pack gets an entry with the rules it keeps from the moment it was given or last
raised (``rules_from``: ``claim time``). Claims made before claims kept their rules get today's
rules instead (``rules_from``: ``current``), and the manifest counts them: that is the honest record,
not a reconstruction. The file streams, one claim at a time, in three queries.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from attendance_app.api.rules_snapshot import (
    activity_json,
    current_rules,
    rule_json,
    template_json,
    unit_json,
)
from attendance_app.audit_pack.scope import PackScope
from attendance_app.audit_pack.tables import claims_in_scope, in_scope
from attendance_app.models import Activity, ActivityUnitRule, Claim
from attendance_app.reports.base import CHUNK_SIZE

FILENAME = "rules.json"
CLAIM_TIME = "claim time"
CURRENT = "current"


@dataclass
class RulesCount:
    """How many claims had their rules of claim time, and how many got today's."""

    at_claim_time: int = 0
    current: int = 0
    claims: list[int] = field(default_factory=list)  # ids of the claims with today's rules, up to 100

    @property
    def total(self) -> int:
        return self.at_claim_time + self.current


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _rules_today(scope: PackScope) -> dict[tuple[int, int], ActivityUnitRule]:
    rules = in_scope(ActivityUnitRule.objects.all(), scope).select_related("unit")
    return {(rule.activity_id, rule.unit_id): rule for rule in rules.order_by("id")}


def _activities(scope: PackScope) -> list[Activity]:
    if scope.activity is not None:
        return [scope.activity]
    return list(Activity.objects.filter(course_key=scope.course_key).order_by("display_name", "id"))


def _claim_entry(
    claim: Claim, rules: dict[tuple[int, int], ActivityUnitRule], count: RulesCount
) -> dict[str, Any]:
    if claim.rules_snapshot is not None:
        count.at_claim_time += 1
        rules_from, snapshot = CLAIM_TIME, claim.rules_snapshot
    else:
        count.current += 1
        if len(count.claims) < 100:
            count.claims.append(claim.id)
        rule = rules.get((claim.activity_id, claim.unit_id))
        rules_from, snapshot = CURRENT, current_rules(claim.activity, claim.unit, rule)
    return {
        "claim_id": claim.id,
        "user_id": claim.user_id,
        "activity": str(claim.activity.usage_key),
        "unit": claim.unit.acronym,
        "rules_from": rules_from,
        "rules": snapshot,
    }


def rules_chunks(scope: PackScope, count: RulesCount) -> Iterator[bytes]:
    """``rules.json`` in chunks; fills ``count`` as it goes."""
    rules = _rules_today(scope)
    by_activity: dict[int, list[dict[str, Any]]] = {}
    for (activity_id, _unit_id), rule in rules.items():
        by_activity.setdefault(activity_id, []).append(
            {"rule": rule_json(rule), "unit": unit_json(rule.unit), "template": template_json(rule.unit)}
        )
    current = [
        {**activity_json(activity), "rules": by_activity.get(activity.id, [])}
        for activity in _activities(scope)
    ]
    yield ('{\n"current_rules": ' + _dump(current) + ',\n"claims": [').encode()
    claims = (
        claims_in_scope(scope).select_related("activity", "unit").order_by("activity_id", "user_id", "id")
    )
    separator = "\n"
    for claim in claims.iterator(chunk_size=CHUNK_SIZE):
        yield (separator + _dump(_claim_entry(claim, rules, count))).encode()
        separator = ",\n"
    yield b"\n]\n}\n"
