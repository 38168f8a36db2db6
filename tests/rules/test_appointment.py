"""A11 promotion, probation end date and the publicity period."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadrex.rules import RuleViolation
from cadrex.rules.appointment import (
    Standing,
    add_months,
    compare_ranks,
    conclusion_note,
    is_promotion,
    probation_end,
    probation_move,
    publicity_end,
    review_note,
)
from cadrex.rules.policy import Policy
from cadrex.rules.scope import PostLevel

GENERAL = Standing(None, "一级科员")
DEPUTY = Standing(PostLevel.DEPUTY, "四级主任科员")
CHIEF = Standing(PostLevel.CHIEF, "四级主任科员")


def test_a11_general_to_deputy_and_deputy_to_chief_are_promotions():
    assert is_promotion(GENERAL, DEPUTY)
    assert is_promotion(DEPUTY, CHIEF)
    assert is_promotion(Standing(), Standing("deputy"))


def test_a11_same_level_move_or_step_down_is_not_a_promotion():
    assert not is_promotion(DEPUTY, DEPUTY)
    assert not is_promotion(CHIEF, DEPUTY)
    assert not is_promotion(Standing(PostLevel.DEPUTY), Standing(PostLevel.DEPUTY))


def test_a11_a_higher_rank_is_a_promotion():
    assert is_promotion(DEPUTY, Standing(PostLevel.DEPUTY, "三级主任科员"))
    assert is_promotion(Standing(PostLevel.DEPUTY, "副科级"), Standing(PostLevel.DEPUTY, "正科级"))
    assert is_promotion(Standing(None, "科员"), Standing(None, "副主任科员"))


def test_a11_rank_order_of_the_2019_scheme():
    ladder = [
        "二级科员",
        "一级科员",
        "四级主任科员",
        "三级主任科员",
        "二级主任科员",
        "一级主任科员",
        "四级调研员",
        "三级调研员",
        "二级调研员",
        "一级调研员",
    ]
    for lower, higher in zip(ladder, ladder[1:], strict=False):
        assert compare_ranks(higher, lower) == 1
        assert compare_ranks(lower, higher) == -1


def test_a11_rank_order_of_the_older_names_and_grades():
    for lower, higher in [("办事员", "科员"), ("科员", "副主任科员"), ("副主任科员", "主任科员")]:
        assert compare_ranks(higher, lower) == 1
    assert compare_ranks("正科级", "副科级") == 1
    assert compare_ranks("副处级", "正科级") == 1


def test_a11_across_schemes_only_the_tier_compares():
    assert compare_ranks("三级主任科员", "副科级") == 0
    assert compare_ranks("四级主任科员", "副主任科员") == 0
    assert compare_ranks("二级主任科员", "副主任科员") == 1
    assert compare_ranks("科员", "一级科员") == 0
    assert not is_promotion(
        Standing(PostLevel.DEPUTY, "副科级"), Standing(PostLevel.DEPUTY, "三级主任科员")
    )


def test_a11_unknown_rank_or_level_is_refused():
    with pytest.raises(RuleViolation) as caught:
        Standing(None, "处长")
    assert caught.value.rule == "A11"
    with pytest.raises(RuleViolation, match="正职或副职"):
        Standing("boss")


def test_a11_probation_is_twelve_months_from_the_decision():
    assert probation_end(decision_date=date(2014, 12, 20)) == date(2015, 12, 20)


def test_a11_probation_may_start_at_the_notice():
    policy = Policy(probation_start="notice")
    end = probation_end(
        decision_date=date(2014, 12, 20), notice_date=date(2014, 12, 29), policy=policy
    )
    assert end == date(2015, 12, 29)
    with pytest.raises(RuleViolation) as caught:
        probation_end(decision_date=date(2014, 12, 20), policy=policy)
    assert caught.value.field == "notice_date"


def test_a11_probation_clamps_the_day_to_the_months_end():
    assert probation_end(decision_date=date(2016, 2, 29)) == date(2017, 2, 28)
    six = Policy(probation_months=6)
    assert probation_end(decision_date=date(2014, 8, 31), policy=six) == date(2015, 2, 28)
    assert add_months(date(2015, 1, 31), 1) == date(2015, 2, 28)
    assert add_months(date(2016, 1, 31), 1) == date(2016, 2, 29)
    assert add_months(date(2014, 12, 15), 1) == date(2015, 1, 15)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(0, 48))
def test_a11_add_months_lands_in_the_right_month_never_later_day(start, months):
    end = add_months(start, months)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    assert end.day <= start.day
    assert end.day == start.day or (end + (date(2000, 1, 2) - date(2000, 1, 1))).day == 1


def test_a11_publicity_of_five_working_days():
    # Monday 15 Dec 2014 → Friday 19 Dec.
    assert publicity_end(date(2014, 12, 15)) == date(2014, 12, 19)
    # Starting on Wednesday spans the weekend: Wed, Thu, Fri, Mon, Tue.
    assert publicity_end(date(2014, 12, 17)) == date(2014, 12, 23)
    # A notice posted on Saturday starts counting on Monday.
    assert publicity_end(date(2014, 12, 20)) == date(2014, 12, 26)


def test_a11_publicity_skips_holidays_and_counts_make_up_days():
    # New Year 2015: 1–3 January off, Sunday 4 January worked in lieu.
    holidays = {date(2015, 1, 1), date(2015, 1, 2), date(2015, 1, 3)}
    makeup = {date(2015, 1, 4)}
    # Mon 29, Tue 30, Wed 31 Dec, Sun 4 Jan (make-up), Mon 5 Jan.
    end = publicity_end(date(2014, 12, 29), holidays=holidays, makeup_workdays=makeup)
    assert end == date(2015, 1, 5)
    assert publicity_end(date(2014, 12, 29), policy=Policy(publicity_working_days=7)) == date(
        2015, 1, 6
    )


def test_a11_the_orgdept_approves_without_a_word_but_returns_with_a_reason():
    assert review_note(approve=True, note="") == ""
    assert review_note(approve=False, note="  缺考察材料 ") == "缺考察材料"
    with pytest.raises(RuleViolation, match="退回时须写明原因") as caught:
        review_note(approve=False, note="   ")
    assert (caught.value.rule, caught.value.field) == ("A11", "note")


def test_a11_a_probation_ends_confirmed_or_removed_once():
    assert probation_move("confirmed", concluded=False) == "probation_confirm"
    assert probation_move("removed", concluded=False) == "probation_remove"
    for outcome in ("", "abc", "running"):
        with pytest.raises(RuleViolation, match="请选择试用期结论") as caught:
            probation_move(outcome, concluded=False)
        assert caught.value.field == "outcome"
        with pytest.raises(RuleViolation, match="该试用期已有结论"):
            probation_move(outcome, concluded=True)


def test_a11_a_removal_states_its_reason_a_confirmation_needs_none():
    assert conclusion_note(outcome="confirmed", note=" ") == ""
    assert conclusion_note(outcome="removed", note=" 不胜任 ") == "不胜任"
    with pytest.raises(RuleViolation, match="免职须写明理由") as caught:
        conclusion_note(outcome="removed", note="")
    assert (caught.value.rule, caught.value.field) == ("A11", "note")
