"""B6 directed placement: never home, within vacancies, as many as possible, listed first."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadrex.rules import RuleViolation
from cadrex.rules.placement import place, placeable_count

# ---------------------------------------------------------------- worked examples


def test_b6_listed_units_are_honoured_and_never_the_home_unit():
    # 甲 (from A) listed B; 乙 (from B) listed A; one vacancy each.
    result = place(
        ["甲", "乙"],
        {"甲": "A", "乙": "B"},
        {"A": 1, "B": 1},
        preferences={"甲": ["B"], "乙": ["A"]},
    )
    assert result.assignment == {"甲": "B", "乙": "A"}
    assert result.choice == {"甲": 1, "乙": 1}
    assert result.unplaced == {}


def test_b6_without_preferences_everybody_goes_anywhere_but_home():
    home = {1: "A", 2: "A", 3: "B"}
    result = place([1, 2, 3], home, {"A": 1, "B": 2})
    assert len(result.assignment) == 3
    assert all(unit != home[c] for c, unit in result.assignment.items())
    assert result.assignment[3] == "A"  # the only seat 3 may take
    assert set(result.choice.values()) == {0}


def test_b6_only_one_of_three_can_leave_when_the_vacancies_are_at_home():
    # All three come from A; A has 2 vacancies left and B 1: only one can be placed (in B).
    home = dict.fromkeys(["甲", "乙", "丙"], "A")
    assert placeable_count(["甲", "乙", "丙"], home, {"A": 2, "B": 1}) == 1
    result = place(["甲", "乙", "丙"], home, {"A": 2, "B": 1})
    assert result.assignment == {"甲": "B"}  # the first in order takes the only seat
    assert set(result.unplaced) == {"乙", "丙"}
    assert "本单位“A”" in result.unplaced["乙"]


def test_b6_too_few_vacancies_and_no_vacancies_are_explained():
    home = {1: "A", 2: "B", 3: "C"}
    short = place([1, 2, 3], home, {"A": 1, "B": 1})
    assert len(short.assignment) == 2
    (left,) = short.unplaced
    assert "少于待安置的 3 人" in short.unplaced[left]
    none = place([1], {1: "A"}, {"A": 0, "B": 0})
    assert "已没有尚有缺员的单位" in none.unplaced[1]
    home_only = place([1], {1: "A"}, {"A": 3})
    assert "剩余缺员都在其本单位“A”" in home_only.unplaced[1]


def test_b6_second_choice_is_used_to_give_someone_else_a_listed_unit():
    # x lists A then B; y lists A only; A and B have one seat each; both come from C.
    # Placing x in A leaves y in B (unlisted); y in A and x in B gives one first choice and
    # one second choice, which is lexicographically better.
    home = {"x": "C", "y": "C"}
    prefs = {"x": ["A", "B"], "y": ["A"]}
    result = place(["x", "y"], home, {"A": 1, "B": 1}, preferences=prefs)
    assert result.assignment == {"x": "B", "y": "A"}
    assert result.choice == {"x": 2, "y": 1}


def test_b6_count_comes_before_listed_choices():
    # B and C have one seat each. x (from A) listed B; y (from C) can only go to B.
    # Giving x its listed B would leave y nowhere: x takes C so that both are placed.
    home = {"x": "A", "y": "C"}
    result = place(["x", "y"], home, {"B": 1, "C": 1}, preferences={"x": ["B"]})
    assert result.assignment == {"x": "C", "y": "B"}
    assert result.choice == {"x": 0, "y": 0}


def test_b6_ties_go_to_the_earlier_cadre_and_results_repeat():
    home = {"a": "X", "b": "X"}
    prefs = {"a": ["A"], "b": ["A"]}
    first = place(["a", "b"], home, {"A": 1, "B": 1}, preferences=prefs)
    assert first.assignment == {"a": "A", "b": "B"}
    second = place(["b", "a"], home, {"A": 1, "B": 1}, preferences=prefs)
    assert second.assignment == {"b": "A", "a": "B"}
    assert place(["a", "b"], home, {"A": 1, "B": 1}, preferences=prefs) == first


def test_b6_listed_home_or_full_units_are_ignored():
    result = place([1], {1: "A"}, {"A": 1, "B": 0, "C": 1}, preferences={1: ["A", "B", "C"]})
    assert result.assignment == {1: "C"}
    assert result.choice == {1: 3}


def test_b6_refuses_duplicates_missing_home_and_bad_vacancies():
    with pytest.raises(RuleViolation) as caught:
        place([1, 1], {1: "A"}, {"B": 1})
    assert caught.value.rule == "B6" and "重复" in caught.value.message
    with pytest.raises(RuleViolation) as caught:
        place([1, 2], {1: "A"}, {"B": 1})
    assert caught.value.rule == "B6" and "所在单位" in caught.value.message
    with pytest.raises(RuleViolation) as caught:
        place([1], {1: "A"}, {"B": -1})
    assert caught.value.rule == "B2"


def test_b6_nobody_to_place_and_no_units():
    assert place([], {}, {"A": 1}).assignment == {}
    assert set(place([1, 2], {1: "A", 2: "B"}, {}).unplaced) == {1, 2}


# ---------------------------------------------------------------- brute force oracle


def _brute_best(cadres, home, remaining, prefs):
    """The best (count, first choices, second choices, …) over every possible placement."""
    units = [u for u, left in remaining.items() if left > 0]
    longest = max((len(prefs.get(c, ())) for c in cadres), default=0)
    best = None
    options = [[None, *[u for u in units if u != home[c]]] for c in cadres]
    for combo in itertools.product(*options):
        load: dict = {}
        for unit in combo:
            if unit is not None:
                load[unit] = load.get(unit, 0) + 1
        if any(load[u] > remaining[u] for u in load):
            continue
        key = [sum(u is not None for u in combo)] + [0] * longest
        for cadre, unit in zip(cadres, combo, strict=True):
            listed = list(prefs.get(cadre, ()))
            if unit in listed:
                key[1 + listed.index(unit)] += 1
        if best is None or tuple(key) > best:
            best = tuple(key)
    return best


@st.composite
def leftovers(draw, max_cadres=6, max_units=4):
    units = [f"U{j}" for j in range(draw(st.integers(1, max_units)))]
    remaining = {u: draw(st.integers(0, 3)) for u in units}
    cadres = [f"c{i}" for i in range(draw(st.integers(0, max_cadres)))]
    homes = [*units, "elsewhere"]
    home = {c: draw(st.sampled_from(homes)) for c in cadres}
    prefs = {}
    for c in cadres:
        choices = [u for u in units if u != home[c]]
        prefs[c] = draw(st.permutations(choices))[: draw(st.integers(0, 2))]
    return cadres, home, remaining, prefs


@settings(max_examples=200, deadline=None)
@given(leftovers())
def test_b6_placement_is_valid_maximal_and_listed_first(instance):
    cadres, home, remaining, prefs = instance
    result = place(cadres, home, remaining, preferences=prefs)
    assert set(result.assignment) | set(result.unplaced) == set(cadres)
    assert not set(result.assignment) & set(result.unplaced)
    load: dict = {}
    for cadre, unit in result.assignment.items():
        assert unit != home[cadre]
        load[unit] = load.get(unit, 0) + 1
    assert all(load[u] <= remaining[u] for u in load)
    longest = max((len(prefs.get(c, ())) for c in cadres), default=0)
    key = [len(result.assignment)] + [0] * longest
    for cadre, unit in result.assignment.items():
        listed = list(prefs[cadre])
        assert result.choice[cadre] == (listed.index(unit) + 1 if unit in listed else 0)
        if result.choice[cadre]:
            key[result.choice[cadre]] += 1
    assert tuple(key) == _brute_best(cadres, home, remaining, prefs)


@settings(max_examples=200, deadline=None)
@given(leftovers())
def test_b6_placeable_count_formula_matches_brute_force(instance):
    cadres, home, remaining, prefs = instance
    best = _brute_best(cadres, home, remaining, {})
    assert placeable_count(cadres, home, remaining) == best[0]


# ---------------------------------------------------------------- a campaign's leftovers


def test_b6_two_thousand_leftovers_all_placed_mostly_where_listed():
    rng = random.Random(11)
    units = [f"单位{j}" for j in range(200)]
    cadres = list(range(2000))
    home = {c: rng.choice(units) for c in cadres}
    remaining = dict.fromkeys(units, 0)
    for _ in cadres:
        remaining[rng.choice(units)] += 1
    prefs = {c: rng.sample([u for u in units if u != home[c]], 2) for c in cadres}
    result = place(cadres, home, remaining, preferences=prefs)
    assert len(result.assignment) == placeable_count(cadres, home, remaining) == 2000
    assert all(unit != home[c] for c, unit in result.assignment.items())
    load: dict = {}
    for unit in result.assignment.values():
        load[unit] = load.get(unit, 0) + 1
    assert load == {u: n for u, n in remaining.items() if n}
    first = sum(1 for v in result.choice.values() if v == 1)
    greedy_first = sum(min(remaining[u], sum(1 for c in cadres if prefs[c][0] == u)) for u in units)
    assert first == greedy_first  # each cadre has one first choice: the max is per unit
