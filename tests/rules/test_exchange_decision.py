"""B5 the matching run's publication and B6 the directed placement: each refusal."""

from __future__ import annotations

from datetime import date

import pytest

from cadrex.rules import RuleViolation
from cadrex.rules.exchange_decision import (
    check_directed_kind,
    check_directed_open,
    check_directed_unit,
    check_matching_open,
    check_matching_publishable,
    check_matching_verified,
    check_meeting_date,
    check_plan_drafted,
)


def _refused(call, *args, **kwargs) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        call(*args, **kwargs)
    return caught.value


# ---------------------------------------------------------------- B5


def test_b5_the_office_runs_the_matching_until_one_run_is_published():
    check_matching_open(published=False)
    refused = _refused(check_matching_open, published=True)
    assert (refused.rule, refused.message) == ("B5", "双向选择匹配结果已经公布，不能重新匹配。")


def test_b5_a_run_is_published_once_and_only_on_the_forms_it_read():
    check_matching_publishable(published=False, inputs_unchanged=True)
    refused = _refused(check_matching_publishable, published=True, inputs_unchanged=True)
    assert "不能重复公布" in refused.message
    refused = _refused(check_matching_publishable, published=False, inputs_unchanged=False)
    assert refused.rule == "B5" and "请重新运行匹配后再公布" in refused.message


def test_b5_a_run_that_does_not_verify_is_not_published():
    check_matching_verified([])
    refused = _refused(check_matching_verified, ["甲", "乙", "丙", "丁"])
    assert refused.message == "该次匹配结果未通过核验：甲；乙；丙"


# ---------------------------------------------------------------- B6


def test_b6_directed_placement_follows_the_matching_and_ends_with_the_meeting():
    check_directed_open(published=True, confirmed=False)
    refused = _refused(check_directed_open, published=False, confirmed=False)
    assert (refused.rule, refused.message) == ("B6", "双向选择匹配结果尚未公布，暂不能定向交流。")
    refused = _refused(check_directed_open, published=True, confirmed=True)
    assert refused.message == "定向交流已经部务会议研究确定，不能再修改。"


def test_b6_only_the_people_the_matching_left_are_placed_directly():
    check_directed_kind(directed=True)
    assert "不属于定向交流" in _refused(check_directed_kind, directed=False).message


def test_b6_one_person_goes_to_a_unit_with_vacancies_left_never_home():
    check_directed_unit("张三", "财政局", "民政局", left=1)
    refused = _refused(check_directed_unit, "张三", "财政局", "民政局", left=0)
    assert (refused.rule, refused.message) == ("B6", "“民政局”已没有剩余缺员，不能安排张三。")
    refused = _refused(check_directed_unit, "张三", "财政局", "财政局", left=3)
    assert refused.rule == "B6" and "财政局" in refused.message


def test_b6_the_meeting_decides_a_drafted_plan_for_everybody_waiting():
    check_plan_drafted(drafted=2, waiting=2)
    refused = _refused(check_plan_drafted, drafted=0, waiting=2)
    assert refused.message == "请先生成定向交流建议方案，再提交部务会议确定。"


def test_b6_the_meeting_date_lies_between_the_publication_and_today():
    today, published_on = date(2026, 12, 3), date(2026, 12, 1)
    for day in (published_on, today):
        check_meeting_date(day, today=today, published_on=published_on)
    cases = [
        (None, "请填写部务会议日期。"),
        (date(2026, 12, 4), "部务会议日期不能晚于今天。"),
        (date(2026, 11, 30), "部务会议日期不能早于双向选择匹配结果公布之日（2026年12月01日）。"),
    ]
    for day, message in cases:
        refused = _refused(check_meeting_date, day, today=today, published_on=published_on)
        assert (refused.rule, refused.field, refused.message) == ("B6", "meeting_date", message)
