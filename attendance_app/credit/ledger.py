"""Confirmed / pending bookkeeping of credited time (DESIGN section 6, "Prompts").

Every amount is a whole number of microseconds (ADR 0008): sums are exact, so no threshold is ever
decided by floating-point drift.

Credited time is *pending* until a prompt settles it: an answered prompt confirms it; a missed prompt
discards it under the *strict* policy (the default) or confirms and flags it under *lenient*. An activity
without prompt rules confirms its time as it comes. Only confirmed seconds turn into computed units.

Invariant kept by every transition: ``confirmed + pending + discarded == credited``.
"""

from __future__ import annotations

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

    credited_us: int = 0
    confirmed_us: int = 0
    pending_us: int = 0
    hits: int = 0
    misses: int = 0
    # Confirmed despite a missed prompt (lenient policy): counted, and shown as such in reports.
    flagged_us: int = 0
    # Thrown away by a missed prompt (strict policy); kept so the invariant above can be checked.
    discarded_us: int = 0


def add_credit(state: LedgerState, microseconds: int) -> LedgerState:
    """Add newly credited microseconds: pending until the next prompt is answered or missed.

    Raises:
        TypeError: ``microseconds`` is not an int (a float would bring drift back).
        ValueError: ``microseconds`` is negative.
    """
    if isinstance(microseconds, bool) or not isinstance(microseconds, int):
        raise TypeError(f"Credited time must be whole microseconds, got {microseconds!r}.")
    if microseconds < 0:
        raise ValueError(f"Credited time must be non-negative, got {microseconds!r}.")
    return replace(
        state,
        credited_us=state.credited_us + microseconds,
        pending_us=state.pending_us + microseconds,
    )


def answer_prompt(state: LedgerState) -> LedgerState:
    """Record an answered prompt (a hit): the pending seconds become confirmed.

    Raises nothing.
    """
    return replace(
        state,
        hits=state.hits + 1,
        confirmed_us=state.confirmed_us + state.pending_us,
        pending_us=0,
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
            discarded_us=state.discarded_us + state.pending_us,
            pending_us=0,
        )
    if policy == LENIENT:
        return replace(
            state,
            misses=state.misses + 1,
            confirmed_us=state.confirmed_us + state.pending_us,
            flagged_us=state.flagged_us + state.pending_us,
            pending_us=0,
        )
    raise ValueError(f"Unknown missed-prompt policy {policy!r}; expected one of {', '.join(POLICIES)}.")


def close_without_prompts(state: LedgerState) -> LedgerState:
    """Confirm the pending seconds of an activity that has no prompt rules (no units to prompt for).

    Hits and misses are unchanged: no prompt was shown.

    Raises nothing.
    """
    return replace(
        state,
        confirmed_us=state.confirmed_us + state.pending_us,
        pending_us=0,
    )
