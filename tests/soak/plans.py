"""Each learner's schedule, drawn once from its number (a seeded random generator: runs repeat).

Ten roles by ``number % 10``, so any number of learners mixes them evenly:

| role | session | prompts | also |
|---|---|---|---|
| 0-3 | strict | answers every prompt after 1-4 s | |
| 4 | strict | answers every prompt | leaves twice (a last beat, 2.5-4 beats away) |
| 5 | strict | misses every other prompt (the first of each pair) | |
| 6 | strict | misses every other prompt, settles like the page does | |
| 7 | strict | never answers (earns nothing: its claim is refused) | |
| 8 | lenient | misses every other prompt, settles | |
| 9 | lenient | answers every prompt | leaves once |

Every fourth learner double-clicks *Claim credits* (two requests at once). Registrations: every
fifth learner (``number % 5 == 1``) registers for one of the regular slots, a third of them
unregister later (their seat goes to the first learner waiting); of the learners with
``number % 5 == 3`` the first fill all seats but one of the *Last seat* slot and the next ones ask
for that last seat at the same instant.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

LENIENT_ROLES = (8, 9)
PREFILLED = 4  # seats of the contested slot taken before the rush
CONTENDERS = 16


@dataclass(frozen=True)
class Plan:
    number: int
    start_s: float  # first beat, seconds after the load starts
    stop_s: float  # no beat after this
    answers: str  # "all", "alternate" (miss the first, answer the second, ...) or "none"
    settles: bool  # send the settling beat when a missed prompt's countdown ends (as the page does)
    leaves: tuple[tuple[float, float], ...]  # (last beat before leaving, first beat back)
    double_claim: bool
    answer_delays: tuple[float, ...]  # seconds before answering each prompt (cycled)

    @property
    def lenient(self) -> bool:
        return self.number % 10 in LENIENT_ROLES

    def answers_prompt(self, count: int) -> bool:
        """Whether the learner answers its ``count``-th prompt (1-based)."""
        if self.answers == "all":
            return True
        if self.answers == "alternate":
            return count % 2 == 0
        return False


def plan_for(number: int, duration_s: float, heartbeat_s: float, seed: int = 2026) -> Plan:
    """The schedule of learner ``number`` in a load of ``duration_s`` seconds."""
    rng = random.Random(seed * 100_003 + number)
    role = number % 10
    start = rng.uniform(0, min(30.0, duration_s / 8))
    stop = rng.uniform(duration_s - 2 * heartbeat_s, duration_s - 5)
    leaves: list[tuple[float, float]] = []
    windows = {4: ((0.2, 0.35), (0.6, 0.7)), 9: ((0.3, 0.45),)}.get(role, ())
    for low, high in windows:
        leave = rng.uniform(low * duration_s, high * duration_s)
        leaves.append((leave, leave + rng.uniform(2.5 * heartbeat_s, 4 * heartbeat_s)))
    answers = {5: "alternate", 6: "alternate", 7: "none", 8: "alternate"}.get(role, "all")
    return Plan(
        number=number,
        start_s=start,
        stop_s=stop,
        answers=answers,
        settles=role in (6, 8),
        leaves=tuple(leaves),
        double_claim=number % 4 == 0,
        answer_delays=tuple(rng.uniform(1, 4) for _ in range(8)),
    )


@dataclass(frozen=True)
class Registration:
    number: int  # the learner
    slot: int  # index into the world's slots (the last one is the contested slot)
    register_s: float
    unregister_s: float | None = None
    rush: bool = False  # one of the learners asking for the contested last seat at once


def registrations(
    learners: int, regular_slots: int, duration_s: float, seed: int = 2026
) -> list[Registration]:
    """Who registers for which slot, and when (seconds after the load starts)."""
    rng = random.Random(seed)
    planned = []
    for number in range(1, learners, 5):
        unregister = rng.uniform(0.6, 0.85) * duration_s if number % 15 == 1 else None
        planned.append(
            Registration(
                number, (number // 5) % regular_slots, rng.uniform(0.1, 0.45) * duration_s, unregister
            )
        )
    rushers = list(range(3, learners, 5))
    early = contested_capacity(learners) - 1
    for position, number in enumerate(rushers[: early + CONTENDERS]):
        rush = position >= early
        when = 0.5 * duration_s if rush else rng.uniform(0.05, 0.3) * duration_s
        planned.append(Registration(number, regular_slots, when, rush=rush))
    return planned


def contested_capacity(learners: int) -> int:
    """All seats but one go to the learners who register early; at least one learner rushes."""
    early = min(PREFILLED, max(0, len(range(3, learners, 5)) - 1))
    return early + 1


def slot_capacity(learners: int, regular_slots: int) -> int:
    """Fewer seats than registrants, so that waiting lists form and unregistering promotes."""
    per_slot = max(1, len(range(1, learners, 5)) // regular_slots)
    return max(1, per_slot * 2 // 3)
