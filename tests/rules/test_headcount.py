"""A12 middle-level headcount after the campaign ≤ the headcount before it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadrex.rules import RuleViolation
from cadrex.rules.headcount import adjustment_change, check_within_cap, headcount_excess


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


def _change(**facts) -> int:
    given_facts = {
        "action": "assign",
        "cadre": "甲一",
        "own": True,
        "holds_post": False,
        "section": "办公室",
        "level": "deputy",
    }
    return adjustment_change(**{**given_facts, **facts})


def test_a12_an_adjustment_releases_assigns_or_moves_a_post():
    assert _change(action="release", holds_post=True, section="", level="") == -1
    assert _change() == 1  # a new middle-level cadre: the caller checks the cap
    assert _change(holds_post=True, level="chief") == 0  # a move keeps the headcount


@pytest.mark.parametrize(
    ("facts", "field", "message"),
    [
        ({"own": False}, "cadre", "甲一不是本单位干部"),
        ({"action": "release"}, "cadre", "甲一未担任中层职务，无需免去"),
        ({"section": "  "}, "section", "请填写科室（机构）和正副职"),
        ({"level": ""}, "section", "请填写科室（机构）和正副职"),
        ({"level": "head"}, "section", "请填写科室（机构）和正副职"),
        ({"action": "promote"}, "action", "调整方式只能是任职或免职"),
    ],
)
def test_a12_an_adjustment_is_refused_by_name(facts, field, message):
    with pytest.raises(RuleViolation, match=message) as caught:
        _change(**facts)
    assert (caught.value.rule, caught.value.field) == ("A12", field)
