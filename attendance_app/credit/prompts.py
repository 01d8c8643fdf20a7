"""When attendance prompts are due, and how long a learner has to answer (DESIGN section 6, "Prompts").

For each unit with duration D and minimum frequency N (a minimum count of prompts per unit duration;
*Automatic* = 3 per 50 minutes, rounded up, at least 1) the interval is D / N, and an activity prompts
once per the shortest interval of its units. Within each interval of credited time the prompt falls at a
random moment away from the interval's edges, so prompts are irregular yet never back to back.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

__all__ = [
    "AUTOMATIC",
    "AUTOMATIC_COUNT",
    "AUTOMATIC_PER_SECONDS",
    "MAX_EXTENSION_FACTOR",
    "MAX_FREQUENCY",
    "UnitPromptRule",
    "next_prompt_moment",
    "prompt_deadline",
    "prompt_interval_us",
    "prompts_per_unit",
]

AUTOMATIC = 0
# Automatic follows NASBA: at least three interactions per 50-minute credit.
AUTOMATIC_PER_SECONDS = 50 * 60
AUTOMATIC_COUNT = 3
MAX_FREQUENCY = 12
# WCAG 2.2.1 Timing Adjustable: the learner may extend the time limit up to ten times.
MAX_EXTENSION_FACTOR = 10.0

# The prompt of an interval falls inside [0.1, 0.9] of it: two consecutive prompts are at least
# 0.2 of an interval apart, and never at the very start of a segment.


@dataclass(frozen=True)
class UnitPromptRule:
    """The prompting parameters of one credit unit attached to an activity."""

    duration_seconds: int
    minimum_frequency: int  # AUTOMATIC (0), else 1..12 prompts per unit duration


def _check_rule(rule: UnitPromptRule) -> None:
    if rule.duration_seconds <= 0:
        raise ValueError(f"A unit's duration must be positive, got {rule.duration_seconds!r} seconds.")
    if not AUTOMATIC <= rule.minimum_frequency <= MAX_FREQUENCY:
        raise ValueError(
            f"A unit's minimum frequency must be Automatic (0) or 1 to {MAX_FREQUENCY}, "
            f"got {rule.minimum_frequency!r}."
        )


def prompts_per_unit(rule: UnitPromptRule) -> int:
    """Return the minimum number of prompts per unit duration.

    Automatic gives ``max(1, ceil(3 · D / 3000))``; otherwise the unit's minimum frequency.

    Raises:
        ValueError: the duration is not positive or the frequency is outside 0..12.
    """
    _check_rule(rule)
    if rule.minimum_frequency == AUTOMATIC:
        # Integer ceiling division: exact for any duration.
        automatic = -(-AUTOMATIC_COUNT * rule.duration_seconds // AUTOMATIC_PER_SECONDS)
        return max(1, automatic)
    return rule.minimum_frequency


def prompt_interval_us(rules: Sequence[UnitPromptRule]) -> int | None:
    """Return the prompt interval of an activity in microseconds: the minimum over its units of D / N.

    ``None`` when the activity has no units (it shows no prompts). D / N is floored to a microsecond.

    Raises:
        ValueError: a rule's duration is not positive or its frequency is outside 0..12.
    """
    if not rules:
        return None
    return min(rule.duration_seconds * 1_000_000 // prompts_per_unit(rule) for rule in rules)


def next_prompt_moment(interval_index: int, interval_us: int, rng: random.Random) -> int:
    """Return the credited-time mark (microseconds) at which the prompt of interval ``interval_index`` is due.

    The mark is ``interval_index · I`` plus a random offset in ``[0.1 · I, 0.9 · I]``, drawn from ``rng``
    (pass a seeded ``random.Random`` to replay a learner's schedule).

    Raises:
        ValueError: ``interval_index`` is negative or ``interval_us`` is not a positive int.
    """
    if interval_index < 0:
        raise ValueError(f"interval_index must not be negative, got {interval_index!r}.")
    if isinstance(interval_us, bool) or not isinstance(interval_us, int) or interval_us <= 0:
        raise ValueError(f"interval_us must be a positive number of microseconds, got {interval_us!r}.")
    start = interval_index * interval_us
    offset = rng.randint(interval_us // 10, interval_us * 9 // 10)
    return start + offset


def prompt_deadline(
    shown_at: datetime, popup_seconds: int, extension_factor: float | Decimal, grace_seconds: int = 2
) -> datetime:
    """Return the moment after which an answer to a prompt shown at ``shown_at`` no longer counts.

    ``shown_at + popup_seconds · extension_factor + grace_seconds``; the grace absorbs network latency.

    Raises:
        ValueError: ``popup_seconds`` is not positive, ``extension_factor`` is outside [1, 10]
            (WCAG 2.2.1 allows up to ten times), or ``grace_seconds`` is negative.
    """
    if popup_seconds <= 0:
        raise ValueError(f"popup_seconds must be positive, got {popup_seconds!r}.")
    if not 1.0 <= extension_factor <= MAX_EXTENSION_FACTOR:
        raise ValueError(
            f"extension_factor must be between 1 and {MAX_EXTENSION_FACTOR:g}, got {extension_factor!r}."
        )
    if grace_seconds < 0:
        raise ValueError(f"grace_seconds must not be negative, got {grace_seconds!r}.")
    # The factor is meant as written (1.1, not its binary neighbour): exact decimal, whole microseconds.
    factor = Decimal(str(extension_factor))
    allowed_us = round(factor * popup_seconds * 1_000_000) + grace_seconds * 1_000_000
    return shown_at + timedelta(microseconds=allowed_us)
