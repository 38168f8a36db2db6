"""A6 an opening with fewer than 2 qualified applicants is not competed."""

from __future__ import annotations

import pytest

from cadrex.rules import RuleViolation
from cadrex.rules.openings import OpeningFacts
from cadrex.rules.policy import Policy
from cadrex.rules.review import cancelled_openings, min_qualified

OPENINGS = [OpeningFacts("a", "u"), OpeningFacts("b", "u"), OpeningFacts("c", "u", seats=2)]


def test_a6_opening_with_one_qualified_is_cancelled():
    assert cancelled_openings(OPENINGS, {"a": 1, "b": 2, "c": 5}) == ("a",)


def test_a6_opening_nobody_qualified_for_is_cancelled():
    assert cancelled_openings(OPENINGS, {"b": 2, "c": 2}) == ("a",)


def test_a6_two_qualified_is_enough_by_default():
    assert cancelled_openings(OPENINGS, {"a": 2, "b": 2, "c": 2}) == ()
    assert min_qualified(OPENINGS[2]) == 2


def test_a6_ratio_of_qualified_to_seats_from_elsewhere():
    policy = Policy(min_qualified_ratio=3)
    assert min_qualified(OPENINGS[0], policy) == 3
    assert min_qualified(OPENINGS[2], policy) == 6
    assert cancelled_openings(OPENINGS, {"a": 3, "b": 2, "c": 5}, policy) == ("b", "c")


def test_a6_counts_for_unknown_openings_or_negative_are_refused():
    with pytest.raises(RuleViolation) as caught:
        cancelled_openings(OPENINGS, {"zz": 3})
    assert caught.value.rule == "A6"
    with pytest.raises(RuleViolation, match="负数"):
        cancelled_openings(OPENINGS, {"a": -1})
