"""Part B item checks: B1 balance, B2 vacancies, B3 preferences, B4 proposals, B7, C3."""

from datetime import date

import pytest

from cadrex.rules import RuleViolation
from cadrex.rules.exchange import (
    STANDBY_MOVES,
    add_months,
    check_answer_open,
    check_balance,
    check_placement_decided,
    check_preference_units_exist,
    check_preferences,
    check_proposals,
    check_standby_ongoing,
    check_standby_placement,
    check_transfer,
    check_transfer_item,
    check_vacancies,
    incompetent_year,
    proposal_limit,
    reporting_deadline,
    standby_end,
    standby_move,
    standby_rule,
    standby_served,
    standby_years,
    vacancy_count,
)
from cadrex.rules.policy import Policy
from cadrex.rules.scope import UnitFacts
from cadrex.rules.transitions import PLACEMENT, STANDBY

# ---------------------------------------------------------------- B1 in/out balance


def test_b1_balanced_declaration_passes():
    assert check_balance("财政局", sent_out=3, vacancies=3) == 0


def test_b1_unbalanced_declaration_is_refused_naming_the_unit():
    with pytest.raises(RuleViolation) as caught:
        check_balance("财政局", sent_out=3, vacancies=5)
    assert caught.value.rule == "B1"
    assert "财政局" in caught.value.message
    assert "进出不平衡" in caught.value.message
    assert caught.value.field == "vacancies"


def test_b1_office_exception_allows_imbalance_and_reports_it():
    assert check_balance("财政局", sent_out=3, vacancies=5, exception_allowed=True) == 2
    assert check_balance("财政局", sent_out=4, vacancies=1, exception_allowed=True) == -3


def test_b1_sent_out_must_be_a_count():
    with pytest.raises(RuleViolation) as caught:
        check_balance("财政局", sent_out=-1, vacancies=0)
    assert caught.value.rule == "B1"


# ---------------------------------------------------------------- B2 vacancies


def test_b2_vacancies_non_negative_integer():
    assert check_vacancies("民政局", 0) == 0
    assert check_vacancies("民政局", 4) == 4


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True, None])
def test_b2_bad_vacancy_count_is_refused(bad):
    with pytest.raises(RuleViolation) as caught:
        check_vacancies("民政局", bad)
    assert caught.value.rule == "B2"
    assert "民政局" in caught.value.message


@pytest.mark.parametrize(("typed", "count"), [("3", 3), (" 0 ", 0), (2, 2)])
def test_b2_a_typed_vacancy_count_is_read_as_a_whole_number(typed, count):
    assert vacancy_count("民政局", typed) == count


@pytest.mark.parametrize("typed", ["abc", "-1", "1.5", "--5", "-", "", "²", "１"])
def test_b2_a_typed_vacancy_count_that_is_no_whole_number_is_refused(typed):
    with pytest.raises(RuleViolation) as caught:
        vacancy_count("民政局", typed)
    assert (caught.value.rule, caught.value.field) == ("B2", "vacancies")
    assert "民政局" in caught.value.message


# ---------------------------------------------------------------- B3 preferences


def test_b3_two_preferences_in_order_pass():
    assert check_preferences("张三", ["民政局", "财政局"], home_unit="教育局") == (
        "民政局",
        "财政局",
    )


def test_b3_listing_nothing_is_valid():
    assert check_preferences("张三", []) == ()


def test_b3_third_preference_is_refused():
    with pytest.raises(RuleViolation) as caught:
        check_preferences("张三", ["民政局", "财政局", "审计局"])
    assert caught.value.rule == "B3"
    assert "最多填报 2 个意向单位" in caught.value.message
    assert "张三" in caught.value.message


def test_b3_policy_may_allow_three():
    units = ["民政局", "财政局", "审计局"]
    assert check_preferences("张三", units, policy=Policy(max_preferences=3)) == tuple(units)


def test_b3_own_unit_is_refused():
    with pytest.raises(RuleViolation) as caught:
        check_preferences("张三", ["民政局", "教育局"], home_unit="教育局")
    assert caught.value.rule == "B3"
    assert "不能填报本单位" in caught.value.message
    assert "教育局" in caught.value.message


def test_b3_same_unit_twice_is_refused():
    with pytest.raises(RuleViolation) as caught:
        check_preferences("张三", ["民政局", "民政局"])
    assert caught.value.rule == "B3"
    assert "重复" in caught.value.message


def test_b3_unit_without_published_vacancies_is_refused():
    with pytest.raises(RuleViolation) as caught:
        check_preferences("张三", ["气象局"], vacancies={"民政局": 1})
    assert caught.value.rule == "B3"
    assert "气象局" in caught.value.message


def test_b3_a_bare_string_is_not_a_list():
    with pytest.raises(RuleViolation) as caught:
        check_preferences("张三", "民政局")
    assert caught.value.rule == "B3"


def test_b3_a_unit_that_does_not_exist_is_refused():
    check_preference_units_exist([3, 5], {3: "民政局", 5: "财政局"})
    with pytest.raises(RuleViolation) as caught:
        check_preference_units_exist([3, 99], {3: "民政局"})
    assert (caught.value.rule, caught.value.message) == ("B3", "所填意向单位不存在。")


# ---------------------------------------------------------------- B4 proposals

PREFS = {"张三": ["民政局"], "李四": ["民政局", "财政局"], "王五": ["财政局"]}


def test_b4_limit_is_twice_the_vacancies():
    assert proposal_limit(3) == 6
    assert proposal_limit(0) == 0
    assert proposal_limit(3, policy=Policy(proposal_ratio=3)) == 9


def test_b4_valid_proposal_list_passes():
    proposed = check_proposals(
        "民政局", ["李四", "张三"], vacancies={"民政局": 1}, preferences=PREFS
    )
    assert proposed == ("李四", "张三")


def test_b4_proposal_list_longer_than_twice_vacancies_is_refused():
    with pytest.raises(RuleViolation) as caught:
        check_proposals("民政局", ["李四", "张三"], vacancies={"民政局": 0}, preferences=PREFS)
    assert caught.value.rule == "B4"
    assert "最多提出 0 名" in caught.value.message


def test_b4_proposing_someone_who_did_not_list_the_unit_is_refused():
    with pytest.raises(RuleViolation) as caught:
        check_proposals("民政局", ["王五"], vacancies={"民政局": 1}, preferences=PREFS)
    assert caught.value.rule == "B4"
    assert "王五" in caught.value.message
    assert "未填报该单位" in caught.value.message


def test_b4_proposing_a_non_candidate_is_refused():
    with pytest.raises(RuleViolation) as caught:
        check_proposals("民政局", ["赵六"], vacancies={"民政局": 1}, preferences=PREFS)
    assert caught.value.rule == "B4"
    assert "赵六" in caught.value.message


def test_b4_proposing_the_same_person_twice_is_refused():
    with pytest.raises(RuleViolation) as caught:
        check_proposals("民政局", ["张三", "张三"], vacancies={"民政局": 1}, preferences=PREFS)
    assert caught.value.rule == "B4"
    assert "重复" in caught.value.message


def test_b4_unit_without_published_vacancies_cannot_propose():
    with pytest.raises(RuleViolation) as caught:
        check_proposals("审计局", [], vacancies={"民政局": 1}, preferences=PREFS)
    assert caught.value.rule == "B4"
    assert "审计局" in caught.value.message


# ---------------------------------------------------------------- B7 standby


def test_b7_standby_lasts_twelve_calendar_months():
    assert standby_end(date(2014, 12, 20)) == date(2015, 12, 20)


def test_b7_standby_end_clamps_to_month_end():
    assert standby_end(date(2024, 2, 29)) == date(2025, 2, 28)
    assert standby_end(date(2024, 1, 31), policy=Policy(standby_months=1)) == date(2024, 2, 29)
    assert standby_end(date(2023, 8, 31), policy=Policy(standby_months=6)) == date(2024, 2, 29)


def test_b7_add_months_crosses_years():
    assert add_months(date(2014, 11, 30), 3) == date(2015, 2, 28)
    assert add_months(date(2014, 12, 15), 12) == date(2015, 12, 15)


def test_b7_only_a_decided_placement_with_a_unit_is_answered():
    check_placement_decided(decided=True, has_unit=True)
    for decided, has_unit in ((False, True), (True, False)):
        with pytest.raises(RuleViolation, match="尚未确定") as caught:
            check_placement_decided(decided=decided, has_unit=has_unit)
        assert caught.value.rule == "B7"
    assert PLACEMENT.moves["placement_accept"].guard is check_placement_decided


def test_b7_an_answer_is_given_once():
    check_answer_open(answered=False, answer_label="待表态")
    with pytest.raises(RuleViolation) as caught:
        check_answer_open(answered=True, answer_label="不服从安排")
    assert caught.value.rule == "B7"
    assert caught.value.message == "您已表态（不服从安排），不能更改。"


def test_b7_refusing_a_directed_placement_is_b7_any_other_c3():
    assert standby_rule(directed=True) == "B7"
    assert standby_rule(directed=False) == "C3"


def test_b7_a_standby_outcome_is_recorded_once():
    check_standby_ongoing(ongoing=True)
    with pytest.raises(RuleViolation, match="该待岗人员的结果已经记录"):
        check_standby_ongoing(ongoing=False)


@pytest.mark.parametrize("outcome", ["", "ongoing", "abc"])
def test_b7_the_outcome_is_placed_or_incompetent(outcome):
    assert standby_move("placed") == "standby_place"
    assert standby_move("incompetent") == "standby_incompetent"
    with pytest.raises(RuleViolation) as caught:
        standby_move(outcome)
    assert (caught.value.rule, caught.value.field) == ("B7", "outcome")
    assert set(STANDBY_MOVES.values()) <= set(STANDBY.moves)


def test_b7_no_outcome_before_the_standby_is_served():
    end = date(2027, 12, 4)
    standby_served(today=end, end=end)
    with pytest.raises(RuleViolation) as caught:
        standby_served(today=date(2027, 12, 3), end=end)
    assert caught.value.rule == "B7" and caught.value.field == "outcome"
    assert caught.value.message == "待岗期至2027年12月04日届满，届满前不能作出结论。"
    assert STANDBY.moves["standby_place"].guard is standby_served


def test_b7_placing_after_the_standby_needs_a_unit_in_scope():
    check_standby_placement(UnitFacts(code="D01", kind="department", name="财政局"))
    with pytest.raises(RuleViolation, match="请选择安排的单位"):
        check_standby_placement(None)
    with pytest.raises(RuleViolation, match="不能安排到该单位：气象局为垂直管理部门") as caught:
        check_standby_placement(
            UnitFacts(code="V01", kind="department", vertically_managed=True, name="气象局")
        )
    assert caught.value.field == "unit"


def test_b7_the_standby_years_are_those_of_start_and_last_day():
    assert standby_years(date(2026, 12, 3), date(2027, 12, 3)) == (2026, 2027)
    assert standby_years(date(2026, 1, 1), date(2027, 1, 1)) == (2026, 2026)


def test_b7_the_incompetent_year_lies_within_the_standby_after_vetting():
    start, end = date(2026, 12, 3), date(2027, 12, 3)
    assert incompetent_year(start=start, end=end, year=None, vetting_note="经考察") == 2027
    assert incompetent_year(start=start, end=end, year=2026, vetting_note="经考察") == 2026
    with pytest.raises(RuleViolation) as caught:
        incompetent_year(start=start, end=end, year=2027, vetting_note="  ")
    assert caught.value.field == "vetting_note"
    for year in (2025, 2028, 0):
        with pytest.raises(RuleViolation) as caught:
            incompetent_year(start=start, end=end, year=year, vetting_note="经考察")
        assert caught.value.rule == "B7" and caught.value.field == "year"
        assert f"只能确定在待岗期间的2026年度或2027年度，不能是{year}年度" in caught.value.message
    with pytest.raises(RuleViolation, match="待岗期间的2026年度，不能是2027年度"):
        incompetent_year(start=date(2026, 1, 1), end=date(2027, 1, 1), year=2027, vetting_note="x")


# ---------------------------------------------------------------- C3 reporting deadline


def test_c3_ten_working_days_skip_weekends_and_not_the_start_day():
    # Monday 2 September 2024; the 10th working day after it is Monday the 16th.
    assert reporting_deadline(date(2024, 9, 2)) == date(2024, 9, 16)


def test_c3_holidays_and_make_up_workdays_count_as_given():
    # 2024 Mid-Autumn: 15–17 September off, Saturday 14 September worked in lieu.
    holidays = {date(2024, 9, 15), date(2024, 9, 16), date(2024, 9, 17)}
    makeup = {date(2024, 9, 14)}
    deadline = reporting_deadline(date(2024, 9, 2), holidays=holidays, makeup_workdays=makeup)
    assert deadline == date(2024, 9, 14)


def test_c3_national_day_week_is_skipped():
    # 2024 National Day: 1–7 October off; Sunday 29 September and Saturday 12 October worked.
    holidays = {date(2024, 10, d) for d in range(1, 8)}
    makeup = {date(2024, 9, 29), date(2024, 10, 12)}
    deadline = reporting_deadline(date(2024, 9, 27), holidays=holidays, makeup_workdays=makeup)
    assert deadline == date(2024, 10, 16)


def test_c3_policy_sets_the_number_of_working_days():
    assert reporting_deadline(date(2024, 9, 6), policy=Policy(reporting_working_days=1)) == date(
        2024, 9, 9
    )


def test_c3_the_checklist_has_four_items():
    check_transfer_item("已到新单位报到")
    with pytest.raises(RuleViolation) as caught:
        check_transfer_item(None)
    assert (caught.value.rule, caught.value.field) == ("C3", "item")


def test_c3_only_who_accepted_is_ticked_and_never_twice():
    check_transfer("已到新单位报到", accepted=True, done_before=False, done=True)
    check_transfer("已到新单位报到", accepted=True, done_before=True, done=False)
    with pytest.raises(RuleViolation, match="本人尚未表示服从安排") as caught:
        check_transfer("已到新单位报到", accepted=False, done_before=False, done=True)
    assert caught.value.rule == "C3"
    with pytest.raises(RuleViolation, match="“已到新单位报到”已登记，无需重复操作"):
        check_transfer("已到新单位报到", accepted=True, done_before=True, done=True)
    with pytest.raises(RuleViolation, match="“已到新单位报到”尚未登记，无需重复操作"):
        check_transfer("已到新单位报到", accepted=True, done_before=False, done=False)
