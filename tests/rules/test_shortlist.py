"""A7 the shortlist: everyone when 10 or fewer, otherwise 10 picked by the pre-screen."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadrex.rules import RuleViolation
from cadrex.rules.policy import Policy
from cadrex.rules.shortlist import shortlist, shortlist_size

TEN = [f"p{i}" for i in range(10)]
TWELVE = [f"p{i}" for i in range(12)]


def test_a7_ten_or_fewer_are_all_contestants():
    assert shortlist(TEN) == tuple(TEN)
    assert shortlist(TEN[:2]) == ("p0", "p1")


def test_a7_more_than_ten_take_exactly_ten_in_prescreen_order():
    order = list(reversed(TWELVE))
    assert shortlist(TWELVE, prescreen=order) == tuple(order[:10])


def test_a7_a_prescreen_may_rank_only_the_top_ten():
    assert shortlist(TWELVE, prescreen=TWELVE[2:]) == tuple(TWELVE[2:])


def test_a7_more_than_ten_without_prescreen_is_refused():
    with pytest.raises(RuleViolation) as caught:
        shortlist(TWELVE)
    assert caught.value.rule == "A7"
    assert "初步比选" in caught.value.message


def test_a7_prescreen_with_strangers_duplicates_or_too_few_is_refused():
    with pytest.raises(RuleViolation, match="不是符合条件"):
        shortlist(TWELVE, prescreen=[*TWELVE[:9], "stranger"])
    with pytest.raises(RuleViolation, match="重复"):
        shortlist(TWELVE, prescreen=[*TWELVE[:10], "p0"])
    with pytest.raises(RuleViolation, match="至少10名"):
        shortlist(TWELVE, prescreen=TWELVE[:9])
    with pytest.raises(RuleViolation, match="重复"):
        shortlist(["p0", "p0"])


def test_a7_ratio_caps_from_elsewhere():
    policy = Policy(shortlist_ratio=3)
    assert shortlist_size(1, policy) == 3
    assert shortlist_size(5, policy) == 10  # never above the cap
    assert shortlist(TEN[:5], prescreen=TEN[:3], policy=policy) == ("p0", "p1", "p2")


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 25), st.data())
def test_a7_shortlist_is_all_or_exactly_the_cap(count, data):
    people = [f"p{i}" for i in range(count)]
    order = data.draw(st.permutations(people))
    result = shortlist(people, prescreen=order)
    assert len(result) == min(count, 10)
    assert set(result) <= set(people)
    assert len(set(result)) == len(result)
