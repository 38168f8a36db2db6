"""A7 the shortlist: everyone when 10 or fewer, otherwise 10 picked by the pre-screen."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadrex.rules import RuleViolation
from cadrex.rules.policy import Policy
from cadrex.rules.shortlist import (
    check_prescreen_method,
    needs_prescreen,
    prescreen_order,
    shortlist,
    shortlist_size,
)

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


def test_a7_needs_prescreen_only_above_the_shortlist_size():
    assert not needs_prescreen(10) and needs_prescreen(11)
    assert not needs_prescreen(0)
    policy = Policy(shortlist_ratio=3)
    assert needs_prescreen(4, seats=1, policy=policy) and not needs_prescreen(6, 2, policy)


def test_a7_a_unit_that_must_prescreen_says_how():
    check_prescreen_method(10, "")  # within the cap: nothing to say
    check_prescreen_method(11, "面谈")
    for blank in ("", "  "):
        with pytest.raises(RuleViolation) as caught:
            check_prescreen_method(11, blank)
        assert (caught.value.rule, caught.value.field) == ("A7", "method")
        assert "须写明初步比选方式" in caught.value.message
    with pytest.raises(RuleViolation, match="初步比选方式"):
        check_prescreen_method(4, "", policy=Policy(shortlist_ratio=3))


def test_a7_prescreen_order_reads_the_places_as_typed():
    places = [("a", "甲", "2"), ("b", "乙", ""), ("c", "丙", " １ ")]
    assert prescreen_order(places) == ["c", "a"]  # a blank place is "not ranked"


@pytest.mark.parametrize("typed", ["abc", "0", "-1", "1.5", "二", "=1+1", "9" * 30 + "x"])
def test_a7_prescreen_order_refuses_a_place_that_is_not_a_whole_number(typed):
    with pytest.raises(RuleViolation) as caught:
        prescreen_order([("a", "甲", "1"), ("b", "乙", typed)])
    assert caught.value.rule == "A7" and "“乙”的名次" in caught.value.message


def test_a7_prescreen_order_refuses_a_repeat_or_a_gap():
    with pytest.raises(RuleViolation, match="名次1重复"):
        prescreen_order([("a", "甲", "1"), ("b", "乙", "1")])
    with pytest.raises(RuleViolation, match="缺少第2名"):
        prescreen_order([("a", "甲", "1"), ("b", "乙", "3")])


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


def test_a7_a_refused_place_names_that_persons_box_when_asked():
    from cadrex.rules.shortlist import prescreen_order

    with pytest.raises(RuleViolation) as caught:
        prescreen_order([(7, "甲", "1"), (8, "乙", "abc")], field_of=lambda key: f"rank_{key}")
    assert caught.value.field == "rank_8" and "“乙”的名次“abc”不是正整数" in caught.value.message
    with pytest.raises(RuleViolation) as caught:
        prescreen_order([(7, "甲", "1"), (8, "乙", "abc")])
    assert caught.value.field == "prescreen"
