"""The soak's verdicts: the database after the load against what each schedule should have earned.

Each check is a row ``{"check", "ok", "detail"}``; ``failures`` lists the first learners a check
failed for, with the expected bounds and the stored values, so that a red run says why.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from fractions import Fraction
from typing import Any

from django.db.models import Count, Sum

from attendance_app.models import Attendance, Claim, PromptEvidence, Registration, RegistrationStatus, Slot
from tests.soak.driver import Record
from tests.soak.expect import Ambiguous, Bounds, Expected, expected_for, flat, percentile, units_for
from tests.soak.world import World

PRESENCE_KINDS = ("beat", "settle", "answer")
SHOWN = 20  # failures listed per check


class Verdicts:
    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.failures: dict[str, list[Any]] = defaultdict(list)

    def add(self, name: str, ok: bool, detail: str) -> None:
        self.rows.append({"check": name, "ok": ok, "detail": detail})

    def fail(self, name: str, what: Any) -> None:
        if len(self.failures[name]) < SHOWN:
            self.failures[name].append(what)


def _stored(world: World) -> dict[int, dict[str, Any]]:
    keys = {account.usage_key for account in world.accounts}
    rows = Attendance.objects.filter(activity__usage_key__in=keys).values(
        "id",
        "user_id",
        "credited_us",
        "confirmed_us",
        "pending_us",
        "flagged_us",
        "hits",
        "misses",
        "rejoins",
        "open_prompt_id",
    )
    stored = {row["user_id"]: dict(row) for row in rows}
    evidence = (
        PromptEvidence.objects.filter(attendance_id__in=[row["id"] for row in stored.values()])
        .values("attendance__user_id")
        .annotate(shown=Count("id"), discarded=Sum("discarded_us"))
    )
    for row in evidence:
        stored[row["attendance__user_id"]].update(shown=row["shown"], discarded_us=row["discarded"] or 0)
    return stored


def _compare(expected: Expected, row: dict[str, Any]) -> list[str]:
    wrong = [f"reply: {problem}" for problem in expected.problems]
    amounts: dict[str, tuple[Bounds, int]] = {
        "credited_us": (expected.credited, row["credited_us"]),
        "confirmed_us": (expected.confirmed, row["confirmed_us"]),
        "pending_us": (expected.pending, row["pending_us"]),
        "flagged_us": (expected.flagged, row["flagged_us"]),
        "discarded_us": (expected.discarded, row.get("discarded_us", 0)),
    }
    for name, (bounds, value) in amounts.items():
        if not bounds.holds(value):
            wrong.append(f"{name} {value} not in {bounds.low}..{bounds.high}")
    counts = {
        "hits": expected.hits,
        "misses": expected.misses,
        "rejoins": expected.rejoins,
        "shown": expected.prompts,
    }
    for name, value in counts.items():
        if row.get(name, 0) != value:
            wrong.append(f"{name} {row.get(name, 0)} != {value}")
    if (row["open_prompt_id"] is not None) != expected.open_prompt:
        wrong.append(
            f"open prompt {row['open_prompt_id']} (expected {'one' if expected.open_prompt else 'none'})"
        )
    return wrong


def credit(world: World, record: Record, settings: dict[str, Any], verdicts: Verdicts) -> dict[int, Expected]:
    """Every learner's ledger row against the replay of its schedule (tests/soak/expect.py)."""
    stored = _stored(world)
    expectations: dict[int, Expected] = {}
    ambiguous = exact = wrong = 0
    widest = 0
    for account in world.accounts:
        try:
            expected = expected_for(
                record.presence.get(account.user_id, []),
                int(settings["heartbeat_seconds"] * 1_000_000),
                world.allowed_us,
                account.policy,
            )
        except Ambiguous as error:
            ambiguous += 1
            verdicts.fail("schedule kept", {"user_id": account.user_id, "why": str(error)})
            continue
        expectations[account.user_id] = expected
        widest = max(widest, expected.credited.high - expected.credited.low)
        row = stored.get(account.user_id)
        problems = ["no ledger row"] if row is None else _compare(expected, row)
        if problems:
            wrong += 1
            verdicts.fail("credit as scheduled", {"user_id": account.user_id, "problems": problems})
        else:
            exact += 1
    verdicts.add(
        "credit as scheduled",
        wrong == 0 and exact > 0,
        f"{exact} of {len(world.accounts)} learners: credited, confirmed, pending, flagged and discarded "
        f"time within the requests' latency (widest {widest / 1000:.1f} ms), hits, misses, rejoins and "
        f"prompts exact; {wrong} wrong",
    )
    verdicts.add(
        "schedule kept",
        ambiguous == 0,
        f"{ambiguous} learners with a gap or an answer within a request's latency of its limit",
    )
    return expectations


def claims(world: World, record: Record, expectations: dict[int, Expected], verdicts: Verdicts) -> None:
    """One claim row per learner who earned credit, with the units its confirmed time earns, else none."""
    unit = world.unit
    rows = defaultdict(list)
    for claim in Claim.objects.filter(user_id__in=[a.user_id for a in world.accounts]).values(
        "user_id", "units", "confirmed_seconds"
    ):
        rows[claim["user_id"]].append(claim)
    keys = {account.usage_key for account in world.accounts}
    confirmed = dict(
        Attendance.objects.filter(activity__usage_key__in=keys).values_list("user_id", "confirmed_us")
    )
    good = bad = earned_none = 0
    for account in world.accounts:
        expected = expectations.get(account.user_id)
        clicks = record.claims.get(account.user_id, [])
        if expected is None or not clicks:
            continue
        # The stored confirmed time is within the expected bounds (checked above); near a threshold the
        # bounds allow two unit counts, and the claim must agree with the one the stored time gives.
        earned = units_for(
            confirmed.get(account.user_id, expected.confirmed.low),
            unit["duration_seconds"],
            unit["increment"],
            unit["minimum_credit"],
        )
        possible = {
            units_for(value, unit["duration_seconds"], unit["increment"], unit["minimum_credit"])
            for value in (expected.confirmed.low, expected.confirmed.high)
        }
        made = rows.get(account.user_id, [])
        problems = []
        if earned not in possible:
            problems.append(f"stored time earns {earned}, expected {sorted(map(str, possible))}")
        if earned == 0:
            earned_none += 1
            if made or any(status != 400 for status, _n in clicks):
                problems.append(f"nothing earned, yet claims {made} answers {clicks}")
        else:
            if len(made) != 1:
                problems.append(f"{len(made)} claim rows")
            elif Fraction(made[0]["units"]) != earned:
                problems.append(f"claimed {made[0]['units']}, earned {earned}")
            if any(status != 200 for status, _n in clicks) or sum(n for _s, n in clicks) != 1:
                problems.append(f"answers {clicks} (want 200s, one claiming)")
        if problems:
            bad += 1
            verdicts.fail("claims once", {"user_id": account.user_id, "problems": problems})
        else:
            good += 1
    doubles = sum(1 for clicks in record.claims.values() if len(clicks) == 2)
    verdicts.add(
        "claims once",
        bad == 0 and good > 0,
        f"{good} learners right ({doubles} double clicks, {earned_none} refused for too little time); "
        f"{bad} wrong",
    )


def seats(world: World, record: Record, samples: list[dict[str, int]], verdicts: Verdicts) -> dict[str, Any]:
    """Never more registered than seats (sampled and at the end); no free seat while someone waits."""
    capacity = dict(Slot.objects.filter(id__in=world.slot_ids).values_list("id", "capacity"))
    final: dict[int, Counter[str]] = defaultdict(Counter)
    for slot_id, status in Registration.objects.filter(slot_id__in=world.slot_ids).values_list(
        "slot_id", "status"
    ):
        final[slot_id][status] += 1
    over = [
        (slot_id, count)
        for sample in [*samples, {str(s): c[RegistrationStatus.REGISTERED] for s, c in final.items()}]
        for slot_id, count in ((int(k), v) for k, v in sample.items())
        if count > capacity[slot_id]
    ]
    idle = [
        s
        for s, c in final.items()
        if c[RegistrationStatus.WAITING] and c[RegistrationStatus.REGISTERED] < capacity[s]
    ]
    verdicts.add(
        "seats within capacity",
        not over and not idle,
        f"{len(samples)} samples and the end: {len(over)} over capacity, {len(idle)} slots with a free seat "
        "and a waiting list",
    )
    rush = [entry for entry in record.registrations if entry["rush"]]
    won = sum(1 for entry in rush if entry["registration"] == RegistrationStatus.REGISTERED)
    contested = world.slot_ids[-1]
    verdicts.add(
        "contested last seat",
        bool(rush)
        and won == 1
        and final[contested][RegistrationStatus.REGISTERED] == world.contested_capacity,
        f"{len(rush)} learners asked at once for the last of {world.contested_capacity} seats: {won} got it, "
        f"{sum(1 for e in rush if e['registration'] == RegistrationStatus.WAITING)} wait",
    )
    kept = set(Registration.objects.filter(slot_id__in=world.slot_ids).values_list("user_id", "slot_id"))
    lost = [
        entry
        for entry in record.registrations
        if ((entry["user_id"], entry["slot_id"]) in kept) != (entry["unregister_status"] is None)
    ]
    for entry in lost:
        verdicts.fail("registrations kept", entry)
    verdicts.add(
        "registrations kept",
        not lost and bool(record.registrations),
        f"{len(record.registrations)} registrations: {len(lost)} learners whose seat or waiting place "
        "is not what they last asked for",
    )
    promoted = Registration.objects.filter(slot_id__in=world.slot_ids, promoted_at__isnull=False).count()
    return {
        "slots": {str(s): dict(c) for s, c in final.items()},
        "capacity": {str(s): c for s, c in capacity.items()},
        "promoted": promoted,
        "unregistered": sum(1 for e in record.registrations if e["unregister_status"] == 204),
    }


def statuses(record: Record, expectations: dict[int, Expected], verdicts: Verdicts) -> dict[str, Any]:
    """No 5xx, no lost request; 4xx only where the schedule asked for one (a claim with too little time)."""
    tally: dict[str, Counter[int]] = defaultdict(Counter)
    for call in record.calls:
        tally[call.kind][call.status] += 1
    wanted = {"beat": {200}, "settle": {200}, "answer": {200}, "register": {200}, "unregister": {204}}
    refused_claims = sum(1 for clicks in record.claims.values() for status, _n in clicks if status == 400)
    unexpected = sum(
        n
        for kind, counts in tally.items()
        for s, n in counts.items()
        if kind in wanted and s not in wanted[kind]
    )
    unexpected += sum(n for s, n in tally["claim"].items() if s not in (200, 400))
    server_errors = sum(n for counts in tally.values() for s, n in counts.items() if s >= 500)
    lost = sum(counts[0] for counts in tally.values())
    verdicts.add(
        "no 5xx", server_errors == 0 and lost == 0, f"{server_errors} 5xx, {lost} requests lost on the socket"
    )
    verdicts.add(
        "no unexpected 4xx",
        unexpected == 0,
        f"{unexpected} unexpected; {refused_claims} claims refused 400 as scheduled (checked per learner)",
    )
    for error in record.errors[:SHOWN]:
        verdicts.fail("no 5xx", error)
    return {kind: {str(s): n for s, n in sorted(counts.items())} for kind, counts in sorted(tally.items())}


def latency_by_minute(record: Record, t0_us: int) -> list[dict[str, Any]]:
    """Beats' p50 and p99 per minute of the load: a server that slows down over time shows here."""
    minutes: dict[int, list[float]] = defaultdict(list)
    for call in record.calls:
        if call.kind == "beat":
            minutes[max(0, (call.sent_us - t0_us) // 60_000_000)].append(call.latency_ms)
    return [
        {
            "minute": minute + 1,
            "beats": len(values),
            "p50_ms": round(percentile(values, 0.5) or 0, 1),
            "p99_ms": round(percentile(values, 0.99) or 0, 1),
        }
        for minute, values in sorted(minutes.items())
    ]


def slowest(record: Record, t0_us: int, count: int = 10) -> list[dict[str, Any]]:
    calls = sorted(record.calls, key=lambda call: call.latency_ms, reverse=True)[:count]
    return [
        {
            "kind": c.kind,
            "at_s": round((c.sent_us - t0_us) / 1e6, 1),
            "ms": round(c.latency_ms),
            "status": c.status,
        }
        for c in calls
    ]


def latency(record: Record) -> dict[str, dict[str, Any]]:
    by_kind: dict[str, list[float]] = defaultdict(list)
    for call in record.calls:
        by_kind[call.kind].append(call.latency_ms)
        by_kind["all"].append(call.latency_ms)
    return {
        kind: {
            "requests": len(values),
            "p50_ms": round(percentile(values, 0.5) or 0, 1),
            "p99_ms": round(percentile(values, 0.99) or 0, 1),
            "max_ms": round(max(values), 1),
        }
        for kind, values in sorted(by_kind.items())
    }


def memory(samples: list[tuple[float, float]], duration: float, verdicts: Verdicts) -> dict[str, Any]:
    result = flat(samples, duration, tolerance=0.10)
    verdicts.add(
        "memory flat",
        bool(result["ok"]),
        f"gunicorn workers' RSS, median of the last {result.get('window_seconds', '?')} s "
        f"{result.get('late_mb', '?')} MB against {result.get('early_mb', '?')} MB in the second window "
        f"({result.get('growth', '?')}; at most +0.10)",
    )
    return result
