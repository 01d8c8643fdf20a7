"""What a learner's schedule should earn, replayed from the requests it sent (no Django, no I/O).

The server stamps each request with its own clock (``clock.now()``) somewhere between the moment
the load generator sent it and the moment the reply came back; both run on this machine, on the
same clock. So every server time is known to lie in ``[sent, received]``, and every amount the
crediting rules derive (a gap, a run of gaps, the time a prompt confirms) is a sum of such times
with coefficients +1 and -1. The calculator keeps each amount as that sum (a *linear form*), so
that the beats in the middle of a visit cancel out exactly as they do on the server, and only
evaluates it at the end as an interval: the lowest and highest values the unknown stamps allow.
The interval's width is the latency of the few requests that open and close a run, never one
beat interval, and the stored microseconds must fall inside it.

The rules replayed, from DESIGN section 6 and ``attendance_app/credit/`` (checked here
independently, not by calling that code):

* a beat credits the gap since the previous beat when it is at most ``2·H``; a longer gap starts
  a new segment (a rejoin) and credits nothing; the first beat credits nothing;
* credited time is pending until a prompt settles it: an answer before the deadline confirms it;
  a beat (or a settling beat) after the deadline records a miss first, which discards it
  (strict) or confirms and flags it (lenient), and only then credits its own gap;
* no new prompt while one is open, on a rejoin, or in the reply that reports a miss;
* a prompt's deadline is the beat's server time plus the pop-up seconds plus the grace.

A decision that the unknown stamps could tip either way (a gap within a request's latency of
``2·H``, an answer within it of the deadline) is *ambiguous*: the schedule did not pin it down,
and the learner is reported as such instead of being guessed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from math import floor

BEAT = "beat"
SETTLE = "settle"
ANSWER = "answer"


@dataclass(frozen=True)
class Sent:
    """One presence request as the load generator saw it (times in integer microseconds)."""

    kind: str  # BEAT, SETTLE or ANSWER
    sent_us: int
    received_us: int
    status: int
    prompt: bool = False  # a beat's reply asked for a prompt
    missed_reported: bool = False  # the reply reported a missed prompt (``last_prompt.outcome``)


class Ambiguous(Exception):
    """The schedule sent leaves a decision of the rules open (within a request's latency)."""


@dataclass
class Form:
    """``constant + Σ coefficient · (server time of request i)``, in microseconds."""

    terms: Counter[int] = field(default_factory=Counter)
    constant: int = 0

    def add(self, other: Form, sign: int = 1) -> None:
        for index, coefficient in other.terms.items():
            self.terms[index] += sign * coefficient
        self.constant += sign * other.constant

    def copy(self) -> Form:
        return Form(Counter(self.terms), self.constant)

    def bounds(self, requests: list[Sent]) -> tuple[int, int]:
        low = high = self.constant
        for index, coefficient in self.terms.items():
            if coefficient == 0:
                continue
            early, late = requests[index].sent_us, requests[index].received_us
            low += coefficient * (early if coefficient > 0 else late)
            high += coefficient * (late if coefficient > 0 else early)
        return low, high


def gap(previous: int, current: int) -> Form:
    return Form(Counter({current: 1, previous: -1}))


@dataclass(frozen=True)
class Bounds:
    low: int
    high: int

    def holds(self, value: int) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class Expected:
    """What the learner's row must hold: microsecond amounts as bounds, counts exactly."""

    credited: Bounds
    confirmed: Bounds
    pending: Bounds
    discarded: Bounds
    flagged: Bounds
    hits: int
    misses: int
    rejoins: int
    prompts: int
    open_prompt: bool
    problems: tuple[str, ...] = ()  # what the replies did that the rules forbid


class Replay:
    """The crediting rules run over one learner's requests, in the order the server saw them."""

    def __init__(self, requests: list[Sent], heartbeat_us: int, allowed_us: int, policy: str) -> None:
        self.requests = requests
        self.continuity_us = 2 * heartbeat_us
        self.allowed_us = allowed_us  # pop-up seconds · extension factor + grace
        self.strict = policy == "strict"
        self.last_beat: int | None = None  # index of the last (real) beat
        self.prompt_at: int | None = None  # index of the beat whose reply opened the open prompt
        self.credited, self.confirmed, self.pending = Form(), Form(), Form()
        self.discarded, self.flagged = Form(), Form()
        self.hits = self.misses = self.rejoins = self.prompts = 0
        self.problems: list[str] = []

    def _later_than(self, index: int, start: int, allowed: int) -> bool:
        """Whether request ``index`` reached the server more than ``allowed`` after request ``start``."""
        low, high = gap(start, index).bounds(self.requests)
        if low > allowed:
            return True
        if high <= allowed:
            return False
        raise Ambiguous(f"request {index}: {low}..{high} us after request {start}, limit {allowed} us")

    def _settle_expired(self, index: int) -> bool:
        """Record the open prompt as missed if its deadline passed when request ``index`` arrived."""
        if self.prompt_at is None or not self._later_than(index, self.prompt_at, self.allowed_us):
            return False
        self.misses += 1
        (self.discarded if self.strict else self.flagged).add(self.pending)
        if not self.strict:
            self.confirmed.add(self.pending)
        self.pending = Form()
        self.prompt_at = None
        return True

    def _beat(self, index: int, sent: Sent) -> None:
        missed = self._settle_expired(index)
        if missed != sent.missed_reported:
            self.problems.append(
                f"request {index}: reply {'did not report' if missed else 'reported'} a miss"
            )
        new_segment = self.last_beat is None or self._later_than(index, self.last_beat, self.continuity_us)
        if self.last_beat is not None and new_segment:
            self.rejoins += 1
        if not new_segment:
            assert self.last_beat is not None
            credit = gap(self.last_beat, index)
            self.credited.add(credit)
            self.pending.add(credit)
        self.last_beat = index
        if sent.prompt:
            if self.prompt_at is not None or new_segment or missed:
                self.problems.append(f"request {index}: a prompt the rules do not allow here")
            self.prompts += 1
            self.prompt_at = index

    def _answer(self, index: int, sent: Sent) -> None:
        if self.prompt_at is None:
            self.problems.append(f"request {index}: an answer with no prompt open")
            return
        if self._later_than(index, self.prompt_at, self.allowed_us):
            self._settle_expired(index)
            if sent.status == 200:
                self.problems.append(f"request {index}: a late answer was accepted")
            return
        if sent.status != 200:
            self.problems.append(f"request {index}: an answer in time was refused ({sent.status})")
            return
        self.hits += 1
        self.confirmed.add(self.pending)
        self.pending = Form()
        self.prompt_at = None

    def run(self) -> Expected:
        for index, sent in enumerate(self.requests):
            if sent.kind == BEAT:
                self._beat(index, sent)
            elif sent.kind == SETTLE:
                missed = self._settle_expired(index)
                if missed != sent.missed_reported:
                    self.problems.append(f"request {index}: settling reply disagrees about the miss")
            else:
                self._answer(index, sent)

        def bounds(form: Form) -> Bounds:
            return Bounds(*form.bounds(self.requests))

        return Expected(
            credited=bounds(self.credited),
            confirmed=bounds(self.confirmed),
            pending=bounds(self.pending),
            discarded=bounds(self.discarded),
            flagged=bounds(self.flagged),
            hits=self.hits,
            misses=self.misses,
            rejoins=self.rejoins,
            prompts=self.prompts,
            open_prompt=self.prompt_at is not None,
            problems=tuple(self.problems),
        )


def expected_for(requests: list[Sent], heartbeat_us: int, allowed_us: int, policy: str) -> Expected:
    """Replay the rules over a learner's requests that reached the ledger.

    Those are the ones answered 200, and answers refused 400 (too late: the server records the miss).

    Raises:
        Ambiguous: a decision lies within a request's latency of its limit.
    """
    served = [sent for sent in requests if sent.status == 200 or (sent.kind == ANSWER and sent.status == 400)]
    return Replay(served, heartbeat_us, allowed_us, policy).run()


INCREMENT_STEPS = {
    "whole": Fraction(1),
    "half": Fraction(1, 2),
    "quarter": Fraction(1, 4),
    "fifth": Fraction(1, 5),
    "tenth": Fraction(1, 10),
    "hundredth": Fraction(1, 100),
}


def units_for(confirmed_us: int, duration_seconds: int, increment: str, minimum: Decimal) -> Fraction:
    """Units a confirmed time earns, rounded down to the increment, 0 below the minimum credit."""
    step = INCREMENT_STEPS[increment]
    raw = Fraction(confirmed_us, 1_000_000 * duration_seconds)
    units = floor(raw / step) * step
    return units if units >= Fraction(minimum) else Fraction(0)


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (``share`` 0.5 for the median, 0.99 for p99)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def flat(samples: list[tuple[float, float]], duration: float, tolerance: float) -> dict[str, object]:
    """Whether memory stayed flat: the last minute's median within ``tolerance`` of the second minute's.

    ``samples`` are (seconds since the load started, MB). Runs shorter than three minutes compare the
    last third with the second third instead.
    """
    window = 60.0 if duration >= 180 else duration / 3
    early = [mb for at, mb in samples if window <= at < 2 * window]
    late = [mb for at, mb in samples if at >= duration - window]
    if not early or not late:
        return {"ok": False, "reason": "not enough samples"}
    before, after = percentile(early, 0.5), percentile(late, 0.5)
    assert before is not None
    assert after is not None
    growth = (after - before) / before if before else 0.0
    return {
        "ok": growth <= tolerance,
        "early_mb": round(before, 1),
        "late_mb": round(after, 1),
        "growth": round(growth, 4),
        "window_seconds": round(window),
    }
