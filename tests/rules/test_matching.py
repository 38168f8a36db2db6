"""B5 two-way matching (with its B2–B4 validation), checked against brute force."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadrex.rules import RuleViolation
from cadrex.rules.matching import Matching, match, remaining_vacancies
from cadrex.rules.matching_explain import Outcome, blocking_pairs, explain
from cadrex.rules.policy import Policy

# ---------------------------------------------------------------- worked examples

# Units A and B have one vacancy each. Cadre 1 lists A then B, cadre 2 lists A only,
# cadre 3 lists B then A. A proposes 2 then 1 (it may propose 2 × 1 = 2 people); B proposes
# 1 then 3. Cadre 1 applies to A; 2 applies to A, which prefers 2 and lets 1 go; 1 applies to
# B and is held; 3 applies to B, which prefers 1; A never proposed 3. So 1 → B, 2 → A, and 3
# is unplaced.
WORKED_PREFS = {1: ["A", "B"], 2: ["A"], 3: ["B", "A"]}
WORKED_PROPOSALS = {"A": [2, 1], "B": [1, 3]}
WORKED_VACANCIES = {"A": 1, "B": 1}


def test_b5_worked_example_in_plain_numbers():
    result = match(WORKED_PREFS, WORKED_PROPOSALS, WORKED_VACANCIES)
    assert result.assignment == {1: "B", 2: "A"}
    assert result.unplaced == (3,)
    assert blocking_pairs(result, WORKED_PREFS, WORKED_PROPOSALS, WORKED_VACANCIES) == []
    assert remaining_vacancies(result, WORKED_VACANCIES) == {"A": 0, "B": 0}


def test_b5_explanations_of_the_worked_example():
    result = match(WORKED_PREFS, WORKED_PROPOSALS, WORKED_VACANCIES)
    why = explain(result, WORKED_PREFS, WORKED_PROPOSALS)
    assert why[2].outcome is Outcome.MATCHED and why[2].choice == 1 and why[2].unit == "A"
    assert why[1].outcome is Outcome.MATCHED and why[1].choice == 2 and why[1].unit == "B"
    assert "第 2 意向" in why[1].message
    assert "“A”将其列为第 2 名建议人选，但已由排序更靠前的人选额满" in why[1].message
    assert why[3].outcome is Outcome.OUTRANKED
    assert "“B”将其列为第 2 名建议人选" in why[3].message
    assert "“A”未将其列为建议人选" in why[3].message
    assert result.explain(3, WORKED_PREFS, WORKED_PROPOSALS) == why[3]


def test_b5_cadre_not_proposed_by_any_listed_unit_and_cadre_listing_nothing():
    prefs = {"甲": ["民政局"], "乙": ["民政局"], "丙": []}
    proposals = {"民政局": ["甲"]}
    result = match(prefs, proposals, {"民政局": 2})
    assert result.assignment == {"甲": "民政局"}
    assert result.unplaced == ("乙", "丙")
    why = explain(result, prefs, proposals)
    assert why["乙"].outcome is Outcome.NOT_PROPOSED
    assert "均未将其列为建议人选" in why["乙"].message
    assert why["丙"].outcome is Outcome.LISTED_NOTHING
    assert "未填报意向单位" in why["丙"].message


def test_b5_cadre_optimal_and_unit_optimal_differ_when_lists_cross():
    # Cadre 1 likes A, cadre 2 likes B; A likes 2, B likes 1. Both matchings are stable.
    prefs = {1: ["A", "B"], 2: ["B", "A"]}
    proposals = {"A": [2, 1], "B": [1, 2]}
    vacancies = {"A": 1, "B": 1}
    assert match(prefs, proposals, vacancies).assignment == {1: "A", 2: "B"}
    units_first = match(prefs, proposals, vacancies, proposing="units")
    assert units_first.assignment == {1: "B", 2: "A"}
    assert units_first.proposing == "units"


def test_b5_unit_with_free_seat_takes_everybody_it_proposed():
    prefs = {c: ["A"] for c in range(5)}
    result = match(prefs, {"A": [4, 3, 2]}, {"A": 3})
    assert result.assignment == {4: "A", 3: "A", 2: "A"}
    assert result.unplaced == (0, 1)


def test_b5_capacity_and_unit_rank_order_decide():
    prefs = {c: ["A"] for c in range(4)}
    result = match(prefs, {"A": [3, 1, 0, 2]}, {"A": 2})
    assert result.assignment == {3: "A", 1: "A"}


def test_b5_unit_with_no_vacancy_takes_nobody_and_empty_inputs_work():
    assert match({1: ["A"]}, {"A": []}, {"A": 0}).unplaced == (1,)
    assert match({}, {}, {}) == Matching(assignment={}, unplaced=())
    assert match({1: [], 2: []}, {}, {"A": 1}).unplaced == (1, 2)


def test_b5_short_and_long_lists_mix_with_three_preferences_allowed():
    policy = Policy(max_preferences=3)
    prefs = {1: ["A", "B", "C"], 2: ["C"], 3: [], 4: ["B", "A"]}
    proposals = {"A": [1, 4], "B": [4, 1], "C": [2, 1]}
    result = match(prefs, proposals, {"A": 1, "B": 1, "C": 1}, policy=policy)
    assert result.assignment == {1: "A", 2: "C", 4: "B"}
    assert blocking_pairs(result, prefs, proposals, {"A": 1, "B": 1, "C": 1}) == []


def test_b5_tuples_and_other_sequences_are_accepted():
    prefs = {1: ("A",), 2: range(0)}
    result = match(prefs, {"A": (1,)}, {"A": 1})
    assert result.assignment == {1: "A"}
    assert result.unplaced == (2,)


def test_b5_proposing_must_name_a_side():
    with pytest.raises(ValueError):
        match({}, {}, {}, proposing="both")


# ---------------------------------------------------------------- refusals (B2–B4)


def _refused(prefs, proposals, vacancies, **kwargs):
    with pytest.raises(RuleViolation) as caught:
        match(prefs, proposals, vacancies, **kwargs)
    return caught.value


def test_b3_third_preference_is_refused_by_match():
    error = _refused({1: ["A", "B", "C"]}, {}, {"A": 1, "B": 1, "C": 1})
    assert error.rule == "B3"
    assert "最多填报 2 个意向单位" in error.message


def test_b3_same_unit_twice_is_refused_by_match():
    error = _refused({1: ["A"], 2: ["B", "B"]}, {"B": [2]}, {"A": 1, "B": 1})
    assert error.rule == "B3"
    assert "重复" in error.message and "2" in error.message


def test_b3_unpublished_unit_is_refused_by_match():
    error = _refused({1: ["A"], 2: ["Z"]}, {}, {"A": 1})
    assert error.rule == "B3"
    assert "Z" in error.message


def test_b3_string_instead_of_list_is_refused_by_match():
    error = _refused({1: "AB"}, {}, {"A": 1, "B": 1})
    assert error.rule == "B3"


def test_b4_unit_proposing_someone_who_did_not_list_it_is_refused():
    error = _refused({1: ["A"], 2: ["B"]}, {"A": [1, 2]}, {"A": 1, "B": 1})
    assert error.rule == "B4"
    assert "“A”" in error.message and "“2”" in error.message
    assert "未填报该单位" in error.message


def test_b4_proposal_longer_than_twice_vacancies_is_refused():
    prefs = {c: ["A"] for c in range(3)}
    error = _refused(prefs, {"A": [0, 1, 2]}, {"A": 1})
    assert error.rule == "B4"
    assert "最多提出 2 名" in error.message


def test_b4_policy_ratio_allows_longer_lists():
    prefs = {c: ["A"] for c in range(3)}
    result = match(prefs, {"A": [2, 0, 1]}, {"A": 1}, policy=Policy(proposal_ratio=3))
    assert result.assignment == {2: "A"}


def test_b4_duplicate_and_unknown_cadres_and_units_are_refused():
    assert _refused({1: ["A"]}, {"A": [1, 1]}, {"A": 1}).rule == "B4"
    assert "不是本次双向选择的交流对象" in _refused({1: ["A"]}, {"A": [9]}, {"A": 1}).message
    assert "未公布缺员" in _refused({1: ["A"]}, {"Z": [1]}, {"A": 1}).message


def test_b2_negative_or_non_integer_vacancies_are_refused():
    assert _refused({}, {}, {"A": -1}).rule == "B2"
    assert _refused({}, {}, {"A": 1.0}).rule == "B2"


# ---------------------------------------------------------------- brute force oracle


def _acceptable(prefs, proposals):
    rank = {u: {c: r for r, c in enumerate(cs)} for u, cs in proposals.items()}
    return {c: [u for u in listed if c in rank.get(u, {})] for c, listed in prefs.items()}


def _all_stable(prefs, proposals, vacancies):
    """Every stable matching, by enumerating every assignment of acceptable pairs."""
    options = _acceptable(prefs, proposals)
    cadres = list(prefs)
    found = []
    for combo in itertools.product(*[[None, *options[c]] for c in cadres]):
        load: dict = {}
        for unit in combo:
            if unit is not None:
                load[unit] = load.get(unit, 0) + 1
        if any(load[u] > vacancies[u] for u in load):
            continue
        candidate = Matching(
            assignment={c: u for c, u in zip(cadres, combo, strict=True) if u is not None},
            unplaced=tuple(c for c, u in zip(cadres, combo, strict=True) if u is None),
        )
        if not blocking_pairs(candidate, prefs, proposals, vacancies):
            found.append(candidate.assignment)
    return found


def _cadre_rank(prefs, cadre, unit):
    return len(prefs[cadre]) if unit is None else list(prefs[cadre]).index(unit)


@st.composite
def instances(draw, max_cadres=6, max_units=3, max_preferences=2):
    """Small campaigns, biased towards full lists so that several stable matchings exist."""
    n_units = draw(st.integers(1, max_units))
    units = [f"U{j}" for j in range(n_units)]
    vacancies = {u: draw(st.sampled_from([0, 1, 1, 1, 2])) for u in units}
    n_cadres = draw(st.integers(0, max_cadres))
    lengths = [0, 1, *[max_preferences] * 3]
    prefs = {}
    for c in range(n_cadres):
        k = min(draw(st.sampled_from(lengths)), n_units)
        prefs[c] = draw(st.permutations(units))[:k]
    proposals = {}
    for u in units:
        listers = [c for c in prefs if u in prefs[c]]
        order = draw(st.permutations(listers))
        limit = 2 * vacancies[u]
        if draw(st.booleans()) and draw(st.booleans()):
            limit = draw(st.integers(0, limit))
        proposals[u] = list(order[:limit])
    return prefs, proposals, vacancies


@st.composite
def rings(draw):
    """A ring of crossing lists (two stable matchings at least) plus random extra people.

    Cadre ``Ri`` lists ``Ui`` then ``U(i+1)``; unit ``Ui`` proposes ``R(i-1)`` before ``Ri``.
    Cadres all at their first choice is stable, and so is units all at their first choice.
    """
    size = draw(st.integers(2, 3))
    units = [f"U{j}" for j in range(size + draw(st.integers(0, 1)))]
    vacancies = {u: draw(st.sampled_from([1, 1, 2])) for u in units}
    prefs = {f"R{i}": [units[i], units[(i + 1) % size]] for i in range(size)}
    for x in range(draw(st.integers(0, 3))):
        prefs[f"X{x}"] = draw(st.permutations(units))[: draw(st.integers(0, 2))]
    proposals = {}
    for j, unit in enumerate(units):
        ring = [f"R{(j - 1) % size}", f"R{j}"] if j < size else []
        extras = [c for c in prefs if c.startswith("X") and unit in prefs[c]]
        proposals[unit] = (ring + list(draw(st.permutations(extras))))[: 2 * vacancies[unit]]
    return prefs, proposals, vacancies


def _check_valid(result, prefs, proposals, vacancies):
    assert set(result.assignment) | set(result.unplaced) == set(prefs)
    assert not set(result.assignment) & set(result.unplaced)
    load: dict = {}
    for cadre, unit in result.assignment.items():
        assert unit in prefs[cadre]
        assert cadre in proposals[unit]
        load[unit] = load.get(unit, 0) + 1
    assert all(load[u] <= vacancies[u] for u in load)
    assert blocking_pairs(result, prefs, proposals, vacancies) == []


@settings(max_examples=150, deadline=None)
@given(st.one_of(instances(), rings()))
def test_b5_result_is_stable_within_capacity_and_both_lists(instance):
    prefs, proposals, vacancies = instance
    for side in ("cadres", "units"):
        _check_valid(
            match(prefs, proposals, vacancies, proposing=side), prefs, proposals, vacancies
        )


@settings(max_examples=120, deadline=None)
@given(st.one_of(instances(), rings()))
def test_b5_cadre_proposing_is_best_for_every_cadre_among_stable_matchings(instance):
    prefs, proposals, vacancies = instance
    ours = match(prefs, proposals, vacancies).assignment
    stable = _all_stable(prefs, proposals, vacancies)
    assert ours in stable
    for other in stable:
        for cadre in prefs:
            assert _cadre_rank(prefs, cadre, ours.get(cadre)) <= _cadre_rank(
                prefs, cadre, other.get(cadre)
            )


@settings(max_examples=120, deadline=None)
@given(st.one_of(instances(), rings()))
def test_b5_unit_proposing_is_best_for_every_unit_among_stable_matchings(instance):
    prefs, proposals, vacancies = instance
    ours = match(prefs, proposals, vacancies, proposing="units").assignment
    stable = _all_stable(prefs, proposals, vacancies)
    assert ours in stable
    rank = {u: {c: r for r, c in enumerate(cs)} for u, cs in proposals.items()}

    def held_ranks(assignment, unit):
        return sorted(rank[unit][c] for c, u in assignment.items() if u == unit)

    for other in stable:
        for unit in vacancies:
            mine, theirs = held_ranks(ours, unit), held_ranks(other, unit)
            assert len(mine) == len(theirs)
            assert all(a <= b for a, b in zip(mine, theirs, strict=True))
        for cadre in prefs:  # the unit-optimal matching is the worst stable one for cadres
            assert _cadre_rank(prefs, cadre, ours.get(cadre)) >= _cadre_rank(
                prefs, cadre, other.get(cadre)
            )


@settings(max_examples=120, deadline=None)
@given(st.one_of(instances(max_preferences=3), rings()))
def test_b5_rural_hospitals_same_people_matched_and_same_counts_everywhere(instance):
    prefs, proposals, vacancies = instance
    policy = Policy(max_preferences=3)
    stable = _all_stable(prefs, proposals, vacancies)
    ours = match(prefs, proposals, vacancies, policy=policy)
    _check_valid(ours, prefs, proposals, vacancies)
    for other in stable:
        assert set(other) == set(ours.assignment)
        for unit in vacancies:
            count = sum(1 for u in other.values() if u == unit)
            assert count == sum(1 for u in ours.assignment.values() if u == unit)


@settings(max_examples=100, deadline=None)
@given(instances())
def test_b5_every_cadre_gets_an_explanation_true_to_the_result(instance):
    prefs, proposals, vacancies = instance
    result = match(prefs, proposals, vacancies)
    why = explain(result, prefs, proposals)
    assert set(why) == set(prefs)
    for cadre, item in why.items():
        if cadre in result.assignment:
            assert item.outcome is Outcome.MATCHED
            assert list(prefs[cadre])[item.choice - 1] == result.assignment[cadre]
        elif not prefs[cadre]:
            assert item.outcome is Outcome.LISTED_NOTHING
        elif any(cadre in proposals[u] for u in prefs[cadre]):
            assert item.outcome is Outcome.OUTRANKED
        else:
            assert item.outcome is Outcome.NOT_PROPOSED


# ---------------------------------------------------------------- larger instances


def _campaign(n_cadres, seed):
    """Units ~ n/20, vacancies = people each sends out, 2 preferences, 1:2 proposals."""
    rng = random.Random(seed)
    units = [f"单位{j}" for j in range(max(3, n_cadres // 20))]
    home = {c: rng.choice(units) for c in range(n_cadres)}
    vacancies = dict.fromkeys(units, 0)
    for unit in home.values():
        vacancies[unit] += 1
    prefs = {c: rng.sample([u for u in units if u != home[c]], 2) for c in home}
    proposals = {}
    for unit in units:
        listers = [c for c in prefs if unit in prefs[c]]
        rng.shuffle(listers)
        proposals[unit] = listers[: 2 * vacancies[unit]]
    return prefs, proposals, vacancies


def test_b5_two_thousand_cadres_stable_and_sides_agree_on_who_is_placed():
    prefs, proposals, vacancies = _campaign(2000, seed=7)
    cadres_first = match(prefs, proposals, vacancies)
    units_first = match(prefs, proposals, vacancies, proposing="units")
    _check_valid(cadres_first, prefs, proposals, vacancies)
    _check_valid(units_first, prefs, proposals, vacancies)
    assert set(cadres_first.assignment) == set(units_first.assignment)
    for cadre, unit in cadres_first.assignment.items():
        assert _cadre_rank(prefs, cadre, unit) <= _cadre_rank(
            prefs, cadre, units_first.assignment[cadre]
        )


def test_b5_agrees_with_the_matching_library():
    games = pytest.importorskip("matching.games")
    prefs, proposals, vacancies = _campaign(120, seed=3)
    acceptable = {c: units for c, units in _acceptable(prefs, proposals).items() if units}
    hospital_prefs = {u: list(cs) for u, cs in proposals.items() if cs}
    capacities = {u: vacancies[u] for u in hospital_prefs}
    for optimal, side in (("resident", "cadres"), ("hospital", "units")):
        game = games.HospitalResident.create_from_dictionaries(
            acceptable, hospital_prefs, capacities, clean=True
        )
        solved = game.solve(optimal=optimal)
        theirs = {r.name: h.name for h, residents in solved.items() for r in residents}
        assert match(prefs, proposals, vacancies, proposing=side).assignment == theirs
