"""B1 sign-up and the unit's declaration, B2 the publication of vacancies: each refusal."""

from __future__ import annotations

import pytest

from cadrex.rules import RuleViolation
from cadrex.rules.exchange_declaration import (
    check_balance_exception,
    check_declaration_editable,
    check_exchange_candidate,
    check_not_published,
    check_publication,
    check_published,
    check_return,
    check_signup,
    check_signup_withdrawal,
    general_cadre_problem,
    unit_list,
)
from cadrex.rules.scope import HeldPost, UnitFacts

DEPARTMENT = UnitFacts(code="D01", kind="department", name="财政局")


def _refused(call, **kwargs) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        call(**kwargs)
    return caught.value


# ---------------------------------------------------------------- B1 who takes part


def test_b1_a_general_cadre_of_an_in_scope_unit_takes_part():
    assert general_cadre_problem("张三", unit=DEPARTMENT) is None
    deputy = HeldPost(person_id="1", unit="D01", kind="internal_section", level="deputy")
    problem = general_cadre_problem("张三", unit=DEPARTMENT, post=deputy, post_title="综合科副科长")
    assert problem == (
        "张三现任中层岗位（综合科副科长），不属于一般干部，不参加一般干部跨单位双向选择。"
    )
    other = HeldPost(person_id="1", unit="D01", kind="other")  # not a middle-level post (S2)
    assert general_cadre_problem("张三", unit=DEPARTMENT, post=other, post_title="科员") is None


def test_b1_a_vertically_managed_units_cadre_does_not_take_part():
    unit = UnitFacts(code="V01", kind="department", vertically_managed=True, name="气象局")
    assert "气象局为垂直管理部门" in general_cadre_problem("张三", unit=unit)


def test_b1_a_cadre_signs_up_once_and_only_a_general_cadre():
    check_signup(problem=None, signed_up=False)
    assert _refused(check_signup, problem=None, signed_up=True).message == (
        "您已报名参加一般干部跨单位双向选择，无需重复报名。"
    )
    refused = _refused(check_signup, problem="张三现任中层岗位", signed_up=False)
    assert (refused.rule, refused.message) == ("B1", "张三现任中层岗位")


def test_b1_a_sign_up_is_withdrawn_until_the_unit_picks_the_cadre():
    check_signup_withdrawal(signed_up=True, picked=False)
    assert "您尚未报名" in _refused(check_signup_withdrawal, signed_up=False, picked=False).message
    refused = _refused(check_signup_withdrawal, signed_up=True, picked=True)
    assert refused.rule == "B1" and "不能自行撤回报名" in refused.message


# ---------------------------------------------------------------- B1 the declaration


def test_b1_a_submitted_declaration_is_not_edited():
    check_declaration_editable(submitted=False)
    refused = _refused(check_declaration_editable, submitted=True)
    assert refused.rule == "B1" and "如需修改请联系竞岗交流工作办公室退回" in refused.message


def test_b1_a_unit_sends_out_its_own_general_cadres_and_others_only_with_a_reason():
    check_exchange_candidate("张三", own_unit=True, problem=None, signed_up=True, reason="")
    check_exchange_candidate("李四", own_unit=True, problem=None, signed_up=False, reason="轮岗")
    cases = [
        ({"own_unit": False, "problem": None, "signed_up": True}, "只能从本单位干部中确定交流对象"),
        ({"own_unit": True, "problem": "张三现任中层岗位", "signed_up": True}, "张三现任中层岗位"),
        ({"own_unit": True, "problem": None, "signed_up": False}, "张三未本人报名"),
    ]
    for facts, message in cases:
        refused = _refused(check_exchange_candidate, cadre="张三", reason=" ", **facts)
        assert refused.rule == "B1" and refused.field == "candidates"
        assert message in refused.message


def test_b1_the_office_returns_a_submitted_declaration_with_a_reason():
    assert check_return("财政局", reason=" 请核实 ", submitted=True) == "请核实"
    refused = _refused(check_return, unit="财政局", reason=" ", submitted=True)
    assert (refused.field, refused.message) == ("reason", "退回时须填写退回原因。")
    refused = _refused(check_return, unit="财政局", reason="请核实", submitted=False)
    assert refused.message == "财政局尚未报送，无需退回。"


def test_b1_the_office_allows_one_imbalance_once_with_a_reason():
    assert check_balance_exception("财政局", reason="编制调整", allowed=False) == "编制调整"
    refused = _refused(check_balance_exception, unit="财政局", reason="", allowed=False)
    assert refused.field == "reason" and "须写明理由" in refused.message
    refused = _refused(check_balance_exception, unit="财政局", reason="再办", allowed=True)
    assert refused.message == "已同意财政局例外处理，无需重复办理。"
    refused = _refused(
        check_balance_exception, unit="财政局", reason="x", allowed=False, difference=0
    )
    assert refused.message == "财政局交流对象人数与缺员人数相等，无需例外处理。"


# ---------------------------------------------------------------- B2 publication


def test_b2_published_vacancies_fix_the_declarations():
    check_not_published(published=False)
    refused = _refused(check_not_published, published=True)
    assert refused.rule == "B2" and "不能再修改" in refused.message


@pytest.mark.parametrize("rule", ["B3", "B4", "B5"])
def test_b2_the_later_steps_wait_for_the_published_vacancies(rule):
    check_published(rule, published=True)
    refused = _refused(check_published, rule=rule, published=False)
    assert (refused.rule, refused.message) == (rule, "竞岗交流工作办公室尚未公布各单位缺员人数。")


def test_b2_many_units_are_named_ten_at_a_time():
    assert unit_list(["甲", "乙"]) == "甲、乙"
    names = [f"单位{k}" for k in range(12)]
    assert unit_list(names) == "、".join(names[:10]) + "等 12 个单位"


def test_b2_vacancies_are_published_once_after_every_started_declaration_is_submitted():
    ready = {"published": False, "waiting": [], "submitted": 2, "undeclared": []}
    check_publication(**ready, acknowledged=False)
    cases = [
        ({"published": True}, "不能重复公布"),
        ({"waiting": ["财政局"]}, "以下单位尚未报送交流对象和缺员人数：财政局。"),
        ({"submitted": 0}, "还没有单位报送交流对象和缺员人数，无可公布。"),
    ]
    for change, message in cases:
        refused = _refused(check_publication, **{**ready, **change}, acknowledged=True)
        assert refused.rule == "B2" and message in refused.message


def test_b2_units_that_declared_nothing_are_passed_only_when_acknowledged():
    facts = {"published": False, "waiting": [], "submitted": 1, "undeclared": ["财政局", "街道"]}
    refused = _refused(check_publication, **facts, acknowledged=False)
    assert refused.field == "acknowledge_undeclared"
    assert "以下 2 个单位没有报送交流对象和缺员人数：财政局、街道。" in refused.message
    check_publication(**facts, acknowledged=True)
