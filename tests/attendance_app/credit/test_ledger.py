from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attendance_app.credit.ledger import (
    LedgerState,
    add_credit,
    answer_prompt,
    close_without_prompts,
    miss_prompt,
)


def test_credit_is_pending_until_a_prompt_is_answered():
    state = add_credit(LedgerState(), 600)
    assert (state.credited_us, state.pending_us, state.confirmed_us) == (600, 600, 0)
    state = answer_prompt(state)
    assert (state.confirmed_us, state.pending_us, state.hits) == (600, 0, 1)


def test_strict_miss_discards_the_time_since_the_last_confirmed_prompt():
    state = answer_prompt(add_credit(LedgerState(), 600))
    state = miss_prompt(add_credit(state, 400), "strict")
    assert state == LedgerState(credited_us=1000, confirmed_us=600, hits=1, misses=1, discarded_us=400)


def test_lenient_miss_keeps_the_time_and_flags_it():
    state = miss_prompt(add_credit(LedgerState(), 400), "lenient")
    assert state == LedgerState(credited_us=400, confirmed_us=400, misses=1, flagged_us=400)


def test_unknown_policy_is_rejected():
    with pytest.raises(ValueError, match="policy"):
        miss_prompt(LedgerState(), "forgiving")


def test_negative_credit_is_rejected():
    with pytest.raises(ValueError, match="non-negative"):
        add_credit(LedgerState(), -1)


def test_activity_without_prompts_confirms_time_as_it_comes():
    state = close_without_prompts(add_credit(LedgerState(), 90))
    assert state == LedgerState(credited_us=90, confirmed_us=90)


credit = st.tuples(st.just("credit"), st.integers(0, 3600))
event = st.one_of(
    credit,
    st.just(("answer", 0)),
    st.tuples(st.just("miss"), st.sampled_from(["strict", "lenient"])),
    st.just(("close", 0)),
)


@settings(max_examples=200, deadline=None)
@given(events=st.lists(event, max_size=60))
def test_ledger_invariants_hold_for_any_sequence(events):
    state = LedgerState()
    prompts_resolved = 0
    discarded = 0
    for kind, argument in events:
        if kind == "credit":
            state = add_credit(state, argument)
        elif kind == "answer":
            state = answer_prompt(state)
            prompts_resolved += 1
        elif kind == "miss":
            if argument == "strict":
                discarded += state.pending_us
            state = miss_prompt(state, argument)
            prompts_resolved += 1
        else:
            state = close_without_prompts(state)
        assert state.confirmed_us + state.pending_us + discarded == state.credited_us
        assert state.discarded_us == discarded
        assert 0 <= state.confirmed_us <= state.credited_us
        assert 0 <= state.flagged_us <= state.confirmed_us
        assert state.hits + state.misses == prompts_resolved
