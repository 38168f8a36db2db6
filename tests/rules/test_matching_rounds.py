"""B3–B6 with ``policy.matching_rounds`` > 1: a second matching round (ADR 0011)."""

from __future__ import annotations

import pytest

from cadrex.rules import RuleViolation
from cadrex.rules.exchange import check_proposals, proposal_limit
from cadrex.rules.matching import match
from cadrex.rules.matching_rounds import (
    check_directed_after_rounds,
    check_forms_open,
    check_round_open,
    check_round_participant,
    check_round_preferences,
    check_round_unit,
    next_round_people,
    next_round_vacancies,
    round_due,
)
from cadrex.rules.policy import Policy

TWO = Policy(matching_rounds=2)


def test_b5_next_round_vacancies_are_those_left_and_only_units_with_some():
    left = next_round_vacancies(
        {"D01": 2, "D02": 2, "T01": 2}, {"a": "D01", "b": "D01", "c": "T01"}
    )
    assert left == {"D02": 2, "T01": 1}


def test_b5_next_round_people_are_the_unplaced_in_order_never_the_placed():
    assert next_round_people(["x", "y", "z"]) == ("x", "y", "z")
    assert next_round_people(["x", "y", "z"], placed={"y"}) == ("x", "z")


def test_b5_round_due_only_while_rounds_people_and_vacancies_remain():
    due = {"current": 1, "published": True, "people": 1, "vacancies": 1}
    assert round_due(**due, policy=TWO)
    assert not round_due(**due)  # the plan's 1 round
    assert not round_due(**{**due, "published": False}, policy=TWO)
    assert not round_due(**{**due, "people": 0}, policy=TWO)
    assert not round_due(**{**due, "vacancies": 0}, policy=TWO)
    assert not round_due(**{**due, "current": 2}, policy=TWO)


def test_b5_round_two_opens_after_round_one_is_published():
    assert check_round_open(current=1, published=True, people=2, vacancies=2, policy=TWO) == 2


def test_b5_round_two_before_round_one_is_published_is_refused():
    with pytest.raises(RuleViolation, match="第 1 轮双向选择匹配结果尚未公布，不能开启第 2 轮"):
        check_round_open(current=1, published=False, people=2, vacancies=2, policy=TWO)


def test_b5_a_round_beyond_the_policy_is_refused_and_so_is_opening_the_last_twice():
    with pytest.raises(RuleViolation, match="共 1 轮.*不能开启第 2 轮") as refused:
        check_round_open(current=1, published=True, people=2, vacancies=2)
    assert refused.value.rule == "B5"
    with pytest.raises(RuleViolation, match="共 2 轮，已进行到第 2 轮，不能开启第 3 轮"):
        check_round_open(current=2, published=False, people=2, vacancies=2, policy=TWO)


def test_b5_no_round_two_without_unplaced_people_or_vacancies_left():
    with pytest.raises(RuleViolation, match="没有落岗人员"):
        check_round_open(current=1, published=True, people=0, vacancies=2, policy=TWO)
    with pytest.raises(RuleViolation, match="已没有剩余缺员"):
        check_round_open(current=1, published=True, people=2, vacancies=0, policy=TWO)


def test_b5_only_the_unplaced_take_part_in_round_two():
    check_round_participant("甲三", round_number=2, taking_part=True)
    check_round_participant("甲二", round_number=1, taking_part=False)  # round 1: everybody
    with pytest.raises(RuleViolation, match="“甲二”不是第 2 轮双向选择的参加人员"):
        check_round_participant("甲二", round_number=2, taking_part=False)


def test_b3_round_two_preferences_only_among_units_with_vacancies_left():
    left = {"T01": 2}
    assert check_round_preferences("甲三", ["T01"], round_number=2, vacancies=left) == ("T01",)
    with pytest.raises(RuleViolation, match="“D02”在第 1 轮匹配后已没有剩余缺员") as refused:
        check_round_preferences("甲三", ["T01", "D02"], round_number=2, vacancies=left)
    assert refused.value.rule == "B3"
    with pytest.raises(RuleViolation, match="不能填报本单位"):
        check_round_preferences("丙二", ["T01"], round_number=2, home_unit="T01", vacancies=left)
    with pytest.raises(RuleViolation, match="最多填报 2 个"):
        check_round_preferences("甲三", ["T01"] * 3, round_number=2, vacancies=left)


def test_b4_round_two_ratio_is_against_the_remaining_need():
    left = {"T01": 1}
    assert proposal_limit(left["T01"]) == 2
    preferences = {"甲三": ["T01"], "乙二": ["T01"], "丁一": ["T01"]}
    check_proposals("T01", ["甲三", "乙二"], vacancies=left, preferences=preferences)
    with pytest.raises(RuleViolation, match="缺员 1 人，按 1:2 比例最多提出 2 名"):
        check_proposals("T01", ["甲三", "乙二", "丁一"], vacancies=left, preferences=preferences)


def test_b5_round_two_matches_the_unplaced_against_the_vacancies_left():
    vacancies = {"D01": 1, "D02": 1}
    first = match({"a": ["D01"], "b": ["D01"], "c": []}, {"D01": ["a", "b"]}, vacancies)
    assert first.unplaced == ("b", "c")
    left = next_round_vacancies(vacancies, first.assignment)
    people = next_round_people(first.unplaced)
    second = match({"b": ["D02"], "c": ["D02"]}, {"D02": ["c", "b"]}, left)
    assert set(people) == {"b", "c"}
    assert second.assignment == {"c": "D02"} and second.unplaced == ("b",)


def test_b6_directed_placement_waits_for_the_last_round():
    check_directed_after_rounds(current=1, published=True, due=False)
    with pytest.raises(RuleViolation, match="还要进行第 2 轮") as refused:
        check_directed_after_rounds(current=1, published=True, due=True)
    assert refused.value.rule == "B6"
    with pytest.raises(RuleViolation, match="第 2 轮双向选择匹配结果尚未公布"):
        check_directed_after_rounds(current=2, published=False, due=False)


def test_b4_in_round_two_only_a_unit_with_vacancies_left_proposes():
    check_round_unit("T01", round_number=2, vacancies={"T01": 1})
    check_round_unit("D01", round_number=1, vacancies={})  # round 1: the usual B4 checks
    with pytest.raises(RuleViolation, match="“D01”在第 1 轮匹配后已没有剩余缺员") as refused:
        check_round_unit("D01", round_number=2, vacancies={"T01": 1})
    assert refused.value.rule == "B4"


def test_b3_b4_a_rounds_forms_are_closed_once_its_matching_is_published():
    check_forms_open("B3", round_number=1, published=False)
    with pytest.raises(RuleViolation, match="双向选择匹配结果已经公布，不能再修改意向。"):
        check_forms_open("B3", round_number=1, published=True)
    with pytest.raises(RuleViolation, match="第 2 轮双向选择匹配结果已经公布，不能再修改建议人选"):
        check_forms_open("B4", round_number=2, published=True)
