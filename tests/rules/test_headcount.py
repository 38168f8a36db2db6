"""A12 middle-level headcount after the campaign ≤ the headcount before it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadrex.rules import RuleViolation
from cadrex.rules.headcount import check_within_cap, headcount_excess


def test_a12_within_the_cap_has_no_excess():
    assert headcount_excess(before=10, after=10) == 0
    assert headcount_excess(before=10, after=8) == 0


def test_a12_excess_says_by_how_much():
    assert headcount_excess(before=10, after=12) == 2


def test_a12_appointment_that_would_exceed_is_refused():
    check_within_cap(before=10, current=9)
    with pytest.raises(RuleViolation) as caught:
        check_within_cap(before=10, current=10)
    assert caught.value.rule == "A12"
    assert "竞岗前实有中层干部10人" in caught.value.message
    assert "将超出1人" in caught.value.message


def test_a12_a_unit_over_the_cap_may_appoint_nobody():
    with pytest.raises(RuleViolation, match="已超出2人"):
        check_within_cap(before=10, current=12)


def test_a12_several_at_once_and_bad_numbers():
    check_within_cap(before=10, current=7, adding=3)
    with pytest.raises(RuleViolation, match="再任命4人将超出1人"):
        check_within_cap(before=10, current=7, adding=4)
    with pytest.raises(RuleViolation, match="至少为1人"):
        check_within_cap(before=10, current=7, adding=0)
    with pytest.raises(RuleViolation, match="负数"):
        headcount_excess(before=-1, after=0)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 50), st.integers(0, 50), st.integers(1, 5))
def test_a12_refusal_matches_the_excess(before, current, adding):
    over = headcount_excess(before=before, after=current + adding) > 0
    try:
        check_within_cap(before=before, current=current, adding=adding)
        refused = False
    except RuleViolation:
        refused = True
    assert refused == over
