"""B6 directed placement: never home, within vacancies, as many as possible, listed first."""

from __future__ import annotations

import itertools
import random
import re

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


def test_b6_listed_placements_before_first_choices():
    # The bug report's example. Five seats, one each at A … E; everybody comes from H.
    # E is the first choice of 甲, 丁 and 戊; D that of 乙 and 丙. Only 乙 listed A and only
    # 丙 listed C, so placing all five where they listed forces 乙 → A, 丙 → C, 戊 → D and
    # 甲, 丁 → {E, B}: 5 listed, 1 first and 4 second choices. Giving 乙 (or 丙) their first
    # choice D instead gets 2 first choices but leaves someone in an unlisted unit: 4 listed,
    # 2 first and 2 second choices, which loses.
    people = ["甲", "乙", "丙", "丁", "戊"]
    prefs = {
        "甲": ["E", "B"],
        "乙": ["D", "A"],
        "丙": ["D", "C"],
        "丁": ["E", "B"],
        "戊": ["E", "D"],
    }
    result = place(people, dict.fromkeys(people, "H"), dict.fromkeys("ABCDE", 1), preferences=prefs)
    assert len(result.assignment) == 5 and result.unplaced == {}
    assert sorted(result.choice.values()) == [1, 2, 2, 2, 2]
    assert [result.assignment[c] for c in ["乙", "丙", "戊"]] == ["A", "C", "D"]
    assert {result.assignment["甲"], result.assignment["丁"]} == {"E", "B"}
    assert _vector(people, prefs, result) == (5, 5, 1, 4)  # placed, listed, first, second


def test_b6_most_placed_still_beats_most_listed():
    # One seat each at B, C, D. x (from C) listed B, y (from B) listed C, z (from D) listed
    # nothing. x → B and y → C would put two people where they listed but leave z nowhere
    # (only D is left, z's own unit). Placing all three wins, with one listed placement.
    home = {"x": "C", "y": "B", "z": "D"}
    prefs = {"x": ["B"], "y": ["C"]}
    result = place(["x", "y", "z"], home, {"B": 1, "C": 1, "D": 1}, preferences=prefs)
    assert len(result.assignment) == 3 and result.unplaced == {}
    assert all(unit != home[c] for c, unit in result.assignment.items())
    assert sum(1 for v in result.choice.values() if v) == 1


def test_b6_equal_listed_counts_go_to_most_first_choices():
    # One seat each at A, B, C; everybody comes from H. y comes first and lists A then C,
    # x lists A then B, z lists B then C. Everybody can be placed where they listed either
    # as y → A, x → B, z → C (1 first choice) or as x → A, y → C, z → B (2 first choices).
    prefs = {"y": ["A", "C"], "x": ["A", "B"], "z": ["B", "C"]}
    result = place(
        ["y", "x", "z"], dict.fromkeys("xyz", "H"), dict.fromkeys("ABC", 1), preferences=prefs
    )
    assert result.assignment == {"x": "A", "y": "C", "z": "B"}
    assert result.choice == {"x": 1, "y": 2, "z": 1}


def test_b6_unplaced_reasons_are_true_of_the_seats_left():
    # All four come from A; A has 2 vacancies and B 1. One goes to B; B is then full and
    # A's two seats stay free: the others are told exactly that, not that the vacancies ran
    # out.
    home = dict.fromkeys(["甲", "乙", "丙", "丁"], "A")
    result = place(["甲", "乙", "丙", "丁"], home, {"A": 2, "B": 1})
    assert result.assignment == {"甲": "B"}
    assert result.unplaced["乙"] == (
        "“乙”未能定向安置：其他单位的 1 个剩余缺员已全部安置其他人员，"
        "尚余的 2 个缺员都在其本单位“A”，不能安置回本单位。"
    )
    # Only A has a vacancy; 乙 (from B) takes it, so nothing is left for 甲 (from A).
    taken = place(["甲", "乙"], {"甲": "A", "乙": "B"}, {"A": 1, "B": 0})
    assert taken.assignment == {"乙": "A"}
    assert taken.unplaced["甲"] == (
        "“甲”未能定向安置：剩余缺员都在其本单位“A”（共 1 个，已全部安置其他人员），"
        "不能安置回本单位。"
    )
    # Two seats at A, 甲's own unit: 乙 (from B) takes one, and one is left.
    half = place(["甲", "乙"], {"甲": "A", "乙": "B"}, {"A": 2})
    assert half.unplaced["甲"].endswith(
        "剩余缺员都在其本单位“A”（共 2 个，其中 1 个已安置其他人员，尚余 1 个），不能安置回本单位。"
    )
    # Three seats at A and B, four people from Z: the seats all went to others.
    full = place([1, 2, 3, 4], dict.fromkeys([1, 2, 3, 4], "Z"), {"A": 1, "B": 2})
    (left,) = full.unplaced
    assert full.unplaced[left] == (
        f"“{left}”未能定向安置：剩余缺员共 3 个，少于待安置的 4 人，已全部安置其他人员。"
    )
    for case, people, homes, seats in [
        (result, ["甲", "乙", "丙", "丁"], home, {"A": 2, "B": 1}),
        (taken, ["甲", "乙"], {"甲": "A", "乙": "B"}, {"A": 1, "B": 0}),
        (half, ["甲", "乙"], {"甲": "A", "乙": "B"}, {"A": 2}),
        (full, [1, 2, 3, 4], dict.fromkeys([1, 2, 3, 4], "Z"), {"A": 1, "B": 2}),
    ]:
        _check_reasons(people, homes, seats, case)


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
    """The best (placed, listed, first choices, second choices, …) over every placement."""
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
        key = [sum(u is not None for u in combo), 0] + [0] * longest
        for cadre, unit in zip(cadres, combo, strict=True):
            listed = list(prefs.get(cadre, ()))
            if unit in listed:
                key[1] += 1
                key[2 + listed.index(unit)] += 1
        if best is None or tuple(key) > best:
            best = tuple(key)
    return best


def _vector(cadres, prefs, result):
    """``place``'s (placed, listed, first choices, second choices, …), as ``_brute_best``."""
    longest = max((len(prefs.get(c, ())) for c in cadres), default=0)
    key = [len(result.assignment), 0] + [0] * longest
    for cadre, unit in result.assignment.items():
        listed = list(prefs.get(cadre, ()))
        assert result.choice[cadre] == (listed.index(unit) + 1 if unit in listed else 0)
        if result.choice[cadre]:
            key[1] += 1
            key[1 + result.choice[cadre]] += 1
    return tuple(key)


_ALL_HOME = re.compile(r"剩余缺员都在其本单位“(.+)”（共 (\d+) 个(.*)），不能安置回本单位。")
_ALL_FILLED = re.compile(r"剩余缺员共 (\d+) 个，少于待安置的 (\d+) 人，已全部安置其他人员。")
_HOME_LEFT = re.compile(
    r"其他单位的 (\d+) 个剩余缺员已全部安置其他人员，"
    r"尚余的 (\d+) 个缺员都在其本单位“(.+)”，不能安置回本单位。"
)


def _check_reasons(cadres, home, remaining, result):
    """Every unplaced person's reason says something true of the seats left over."""
    total = sum(remaining.values())
    free = dict(remaining)
    for unit in result.assignment.values():
        free[unit] -= 1
    for cadre, message in result.unplaced.items():
        prefix = f"“{cadre}”未能定向安置："
        assert message.startswith(prefix)
        reason = message.removeprefix(prefix)
        own = home[cadre]
        elsewhere_free = sum(left for u, left in free.items() if u != own)
        if reason == "已没有尚有缺员的单位，暂无法定向安置。":
            assert total == 0
        elif match := _ALL_HOME.fullmatch(reason):
            # Every vacancy was in their own unit, so no other unit has any seat at all.
            assert match[1] == str(own)
            assert int(match[2]) == remaining[own] == total > 0
            left, detail = free[own], match[3]
            if detail == "":
                assert left == remaining[own]
            elif detail == "，已全部安置其他人员":
                assert left == 0
            else:
                part = re.fullmatch(r"，其中 (\d+) 个已安置其他人员，尚余 (\d+) 个", detail)
                assert (
                    part and int(part[1]) == remaining[own] - left > 0 and int(part[2]) == left > 0
                )
            assert elsewhere_free == 0
        elif match := _ALL_FILLED.fullmatch(reason):
            assert int(match[1]) == total > 0
            assert int(match[2]) == len(cadres) > total
            assert all(left == 0 for left in free.values())
        elif match := _HOME_LEFT.fullmatch(reason):
            assert match[3] == str(own)
            assert int(match[1]) == total - remaining.get(own, 0) > 0
            assert int(match[2]) == free[own] > 0
            assert elsewhere_free == 0
        else:
            raise AssertionError(f"unexpected reason: {reason}")


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


@settings(max_examples=300, deadline=None)
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
    assert _vector(cadres, prefs, result) == _brute_best(cadres, home, remaining, prefs)


@settings(max_examples=300, deadline=None)
@given(leftovers())
def test_b6_every_unplaced_reason_is_true_of_the_seats_left(instance):
    cadres, home, remaining, prefs = instance
    result = place(cadres, home, remaining, preferences=prefs)
    _check_reasons(cadres, home, remaining, result)


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
    # Everybody is placed, so the most people placed where they listed is at most the
    # largest matching of people to listed seats; the placement reaches it.
    listed = sum(1 for v in result.choice.values() if v)
    assert listed == _listed_matching(cadres, remaining, prefs) == 1993


def _listed_matching(cadres, remaining, prefs):
    """The most people placeable in a unit they listed, ignoring everybody else (Kuhn's
    augmenting paths, a unit taking up to its vacancies)."""
    holders: dict = {u: [] for u in remaining}

    def augment(cadre, seen):
        for unit in prefs[cadre]:
            if unit in seen or not remaining[unit]:
                continue
            seen.add(unit)
            if len(holders[unit]) < remaining[unit]:
                holders[unit].append(cadre)
                return True
            for k, other in enumerate(holders[unit]):
                if augment(other, seen):
                    holders[unit][k] = cadre
                    return True
        return False

    return sum(augment(cadre, set()) for cadre in cadres)
