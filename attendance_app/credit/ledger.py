"""Confirmed / pending bookkeeping of credited time (DESIGN section 6, "Prompts").

Credited time is *pending* until a prompt settles it: an answered prompt confirms it; a missed prompt
discards it under the *strict* policy (the default) or confirms and flags it under *lenient*. An activity
without prompt rules confirms its time as it comes. Only confirmed seconds turn into computed units.

Invariant kept by every transition: ``confirmed + pending + discarded == credited``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

__all__ = [
    "POLICIES",
    "LedgerState",
    "add_credit",
    "answer_prompt",
    "close_without_prompts",
    "miss_prompt",
]

STRICT = "strict"
LENIENT = "lenient"
POLICIES = (STRICT, LENIENT)


@dataclass(frozen=True)
class LedgerState:
    """A learner's credited time on one activity, split by what prompts made of it."""

    credited_seconds: float = 0
    confirmed_seconds: float = 0
    pending_seconds: float = 0
    hits: int = 0
    misses: int = 0
    # Confirmed despite a missed prompt (lenient policy): counted, and shown as such in reports.
    flagged_seconds: float = 0
    # Thrown away by a missed prompt (strict policy); kept so the invariant above can be checked.
    discarded_seconds: float = 0


def add_credit(state: LedgerState, seconds: float) -> LedgerState:
    """Add newly credited seconds: they are pending until the next prompt is answered or missed.

    Raises:
        ValueError: ``seconds`` is negative or not finite.
    """
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"Credited seconds must be a finite non-negative number, got {seconds!r}.")
    return replace(
        state,
        credited_seconds=state.credited_seconds + seconds,
        pending_seconds=state.pending_seconds + seconds,
    )


def answer_prompt(state: LedgerState) -> LedgerState:
    """Record an answered prompt (a hit): the pending seconds become confirmed.

    Raises nothing.
    """
    return replace(
        state,
        hits=state.hits + 1,
        confirmed_seconds=state.confirmed_seconds + state.pending_seconds,
        pending_seconds=0,
    )


def miss_prompt(state: LedgerState, policy: str) -> LedgerState:
    """Record a missed prompt under ``policy``.

    ``"strict"`` discards the pending seconds; ``"lenient"`` confirms them and flags them.

    Raises:
        ValueError: ``policy`` is neither ``"strict"`` nor ``"lenient"``.
    """
    if policy == STRICT:
        return replace(
            state,
            misses=state.misses + 1,
            discarded_seconds=state.discarded_seconds + state.pending_seconds,
            pending_seconds=0,
        )
    if policy == LENIENT:
        return replace(
            state,
            misses=state.misses + 1,
            confirmed_seconds=state.confirmed_seconds + state.pending_seconds,
            flagged_seconds=state.flagged_seconds + state.pending_seconds,
            pending_seconds=0,
        )
    raise ValueError(f"Unknown missed-prompt policy {policy!r}; expected one of {', '.join(POLICIES)}.")


def close_without_prompts(state: LedgerState) -> LedgerState:
    """Confirm the pending seconds of an activity that has no prompt rules (no units to prompt for).

    Hits and misses are unchanged: no prompt was shown.

    Raises nothing.
    """
    return replace(
        state,
        confirmed_seconds=state.confirmed_seconds + state.pending_seconds,
        pending_seconds=0,
    )
