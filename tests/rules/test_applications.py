"""A3 who may apply; A4 daily counts; A5 switching inside the window, still one application."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadrex.rules import RuleViolation
from cadrex.rules.applications import (
    CadreFacts,
    check_eligibility,
    check_reaches_office,
    daily_counts,
    eligibility_problems,
    full_years,
    switch_application,
)
from cadrex.rules.openings import OpeningFacts
from cadrex.rules.policy import Policy
from cadrex.rules.schedule import Window
from cadrex.rules.scope import UnitFacts, UnitKind

ON = date(2014, 11, 20)
GOOD_YEARS = ((2011, "称职"), (2012, "优秀"), (2013, "称职"), (2014, "称职"))
OPENING = OpeningFacts("fin-1", "finance", post_name="预算科副科长", unit_leaders={"L1", "L2"})
OTHER = OpeningFacts("tra-1", "transport", post_name="运输科科长")


def cadre(**changes) -> CadreFacts:
    base = {
        "person_id": "p1",
        "unit": "wutong",
        "name": "王小明",
        "birth": date(1980, 5, 10),
        "education": "本科",
        "post_since": date(2010, 3, 1),
        "rank_since": date(2011, 6, 1),
        "appraisals": GOOD_YEARS,
    }
    return CadreFacts(**{**base, **changes})


STRICT = Policy(max_age=35, min_years_in_post=3, min_years_in_rank=3, min_education="本科")


def test_a3_an_eligible_person_has_no_problems():
    assert eligibility_problems(cadre(), OPENING, on=ON) == []
    assert eligibility_problems(cadre(), OPENING, on=ON, policy=STRICT) == []
    check_eligibility(cadre(), OPENING, on=ON, policy=STRICT)


def test_a3_own_unit_opening_is_refused():
    problems = eligibility_problems(cadre(unit="finance"), OPENING, on=ON)
    assert problems == ["不得报名竞争本单位推出的竞岗职位。"]
    allowed = Policy(may_apply_to_own_unit=True)
    assert eligibility_problems(cadre(unit="finance"), OPENING, on=ON, policy=allowed) == []


def test_a3_one_application_per_person():
    problems = eligibility_problems(cadre(), OPENING, on=ON, active_openings=["tra-1"])
    assert len(problems) == 1 and "限报1个" in problems[0]
    two = Policy(max_applications_per_person=2)
    assert (
        eligibility_problems(cadre(), OPENING, on=ON, policy=two, active_openings=["tra-1"]) == []
    )
    again = eligibility_problems(cadre(), OPENING, on=ON, active_openings=["fin-1"])
    assert again == ["已报名该职位，不能重复报名。"]


def test_a3_age_cap_in_whole_years_on_the_given_date():
    policy = Policy(max_age=34)
    # Born 1980-05-10: 34 on 2014-11-20, 35 from 2015-05-10.
    assert eligibility_problems(cadre(), OPENING, on=ON, policy=policy) == []
    assert eligibility_problems(cadre(), OPENING, on=date(2015, 5, 9), policy=policy) == []
    problems = eligibility_problems(cadre(), OPENING, on=date(2015, 5, 10), policy=policy)
    assert problems == ["年龄35周岁，超过34周岁的年龄上限。"]
    assert (
        "缺少出生日期" in eligibility_problems(cadre(birth=None), OPENING, on=ON, policy=policy)[0]
    )


def test_a3_full_years_counts_the_anniversary_day():
    assert full_years(date(2011, 11, 20), date(2014, 11, 19)) == 2
    assert full_years(date(2011, 11, 20), date(2014, 11, 20)) == 3
    assert full_years(date(2012, 2, 29), date(2013, 2, 28)) == 0
    assert full_years(date(2012, 2, 29), date(2013, 3, 1)) == 1


def test_a3_years_in_post_and_rank():
    policy = Policy(min_years_in_post=3, min_years_in_rank=3)
    recent = cadre(post_since=date(2012, 11, 21), rank_since=date(2013, 1, 1))
    problems = eligibility_problems(recent, OPENING, on=ON, policy=policy)
    assert problems == ["任现职1年，不满3年。", "任现职级1年，不满3年。"]
    unknown = eligibility_problems(cadre(post_since=None), OPENING, on=ON, policy=policy)
    assert unknown == ["缺少任现职时间，无法审查任现职年限。"]
    future = eligibility_problems(cadre(post_since=date(2015, 1, 1)), OPENING, on=ON, policy=policy)
    assert "晚于审查日期" in future[0]


def test_a3_education_floor():
    policy = Policy(min_education="本科")
    assert eligibility_problems(cadre(education="大学本科"), OPENING, on=ON, policy=policy) == []
    assert eligibility_problems(cadre(education="硕士研究生"), OPENING, on=ON, policy=policy) == []
    low = eligibility_problems(cadre(education="大专"), OPENING, on=ON, policy=policy)
    assert low == ["学历为大专，低于本科的要求。"]
    assert (
        "缺少学历" in eligibility_problems(cadre(education=None), OPENING, on=ON, policy=policy)[0]
    )


def test_a3_last_three_appraisals_at_least_competent():
    weak = cadre(appraisals={2011: "称职", 2012: "基本称职", 2013: "称职"})
    assert eligibility_problems(weak, OPENING, on=ON) == ["2012年度考核为基本称职，低于称职。"]
    missing = cadre(appraisals=((2012, "称职"), (2013, "称职")))
    assert eligibility_problems(missing, OPENING, on=ON) == ["缺少2011年度考核结果。"]
    # An old poor grade outside the three years does not count.
    old = cadre(appraisals=(*GOOD_YEARS, (2010, "不称职")))
    assert eligibility_problems(old, OPENING, on=ON) == []
    # The office may say which year is the latest on file.
    assert (
        eligibility_problems(cadre(), OPENING, on=date(2015, 1, 5), latest_appraisal_year=2013)
        == []
    )
    unchecked = Policy(min_appraisal_grade=None)
    assert eligibility_problems(cadre(appraisals=()), OPENING, on=ON, policy=unchecked) == []


def test_a3_sanction_in_effect_and_probation():
    sanctioned = cadre(sanction_until=date(2015, 3, 1))
    assert "处分影响期未满" in eligibility_problems(sanctioned, OPENING, on=ON)[0]
    assert eligibility_problems(sanctioned, OPENING, on=date(2015, 3, 1)) == []
    probation = cadre(probation_until=date(2014, 12, 1))
    assert "试用期内" in eligibility_problems(probation, OPENING, on=ON)[0]
    lax = Policy(exclude_sanctioned=False, exclude_on_probation=False)
    both = cadre(sanction_until=date(2015, 3, 1), probation_until=date(2014, 12, 1))
    assert eligibility_problems(both, OPENING, on=ON, policy=lax) == []


def test_a3_recusal_from_kin_among_the_opening_units_leaders():
    related = cadre(relatives={"L2", "x"})
    assert "回避" in eligibility_problems(related, OPENING, on=ON)[0]
    assert eligibility_problems(related, OTHER, on=ON) == []
    assert eligibility_problems(related, OPENING, on=ON, policy=Policy(check_recusal=False)) == []


def test_a3_scope_is_checked_when_the_home_unit_is_given():
    tax = UnitFacts("wutong", UnitKind.DEPARTMENT, vertically_managed=True, name="市税务局")
    problems = eligibility_problems(cadre(), OPENING, on=ON, home_unit=tax)
    assert "垂直管理部门" in problems[0]


def test_a3_every_reason_is_returned_and_raised_together():
    bad = cadre(
        unit="finance",
        birth=date(1970, 1, 1),
        education="大专",
        appraisals=(),
        relatives={"L1"},
    )
    problems = eligibility_problems(bad, OPENING, on=ON, policy=STRICT)
    assert len(problems) >= 6
    with pytest.raises(RuleViolation) as caught:
        check_eligibility(bad, OPENING, on=ON, policy=STRICT)
    assert caught.value.rule == "A3"
    assert "预算科副科长" in caught.value.message
    for problem in problems:
        assert problem in caught.value.message


def test_a3_home_unit_consent_before_reaching_the_office():
    with pytest.raises(RuleViolation) as caught:
        check_reaches_office(consented=False)
    assert caught.value.rule == "A3"
    assert "所在单位同意" in caught.value.message
    check_reaches_office(consented=True)
    check_reaches_office(consented=False, policy=Policy(home_unit_consent_required=False))


def test_a3_unknown_grade_or_education_is_a_clear_refusal():
    with pytest.raises(RuleViolation, match="良好"):
        eligibility_problems(cadre(appraisals={2013: "良好"}), OPENING, on=ON)
    with pytest.raises(RuleViolation, match="小学"):
        eligibility_problems(cadre(education="小学"), OPENING, on=ON, policy=STRICT)


def test_a4_daily_counts_list_every_opening_with_the_change():
    first = daily_counts(["a", "b", "c"], ["a", "a", "b"])
    assert [(row.opening, row.applicants, row.change) for row in first] == [
        ("a", 2, None),
        ("b", 1, None),
        ("c", 0, None),
    ]
    second = daily_counts(["a", "b", "c"], ["a", "b", "b", "c"], previous={"a": 2, "b": 1})
    assert [(row.applicants, row.change) for row in second] == [(1, -1), (2, 1), (1, 1)]


def test_a4_counts_refuse_unpublished_openings():
    with pytest.raises(RuleViolation) as caught:
        daily_counts(["a"], ["a", "zz"])
    assert caught.value.rule == "A4"


START = datetime(2014, 11, 17, 8, tzinfo=UTC)
WINDOW = Window(START, START + timedelta(days=7))
INSIDE = START + timedelta(days=1)


def test_a5_switch_inside_the_window_keeps_one_application():
    active = ("tra-1",)
    after = switch_application(active, from_code="tra-1", to=OPENING, now=INSIDE, window=WINDOW)
    assert after == ("fin-1",)


def test_a5_switch_outside_the_window_is_refused():
    for now in (START - timedelta(seconds=1), WINDOW.end):
        with pytest.raises(RuleViolation) as caught:
            switch_application(("tra-1",), from_code="tra-1", to=OPENING, now=now, window=WINDOW)
        assert caught.value.rule == "A5"
    with pytest.raises(RuleViolation, match="期内改报"):
        switch_application(("tra-1",), from_code="tra-1", to=OPENING, now=INSIDE, window=None)


def test_a5_switch_not_allowed_by_policy_except_from_a_cancelled_opening():
    policy = Policy(switch_allowed_in_window=False)
    with pytest.raises(RuleViolation, match="不允许改报"):
        switch_application(
            ("tra-1",), from_code="tra-1", to=OPENING, now=INSIDE, window=WINDOW, policy=policy
        )
    # A6: the applicants of a cancelled opening may always switch.
    after = switch_application(
        ("tra-1",),
        from_code="tra-1",
        to=OPENING,
        now=INSIDE,
        window=WINDOW,
        policy=policy,
        from_cancelled=True,
    )
    assert after == ("fin-1",)


def test_a5_switch_needs_an_application_and_a_different_live_opening():
    with pytest.raises(RuleViolation, match="没有该职位"):
        switch_application((), from_code="tra-1", to=OPENING, now=INSIDE, window=WINDOW)
    with pytest.raises(RuleViolation, match="无需改报"):
        switch_application(("fin-1",), from_code="fin-1", to=OPENING, now=INSIDE, window=WINDOW)
    with pytest.raises(RuleViolation, match="不进行竞岗"):
        switch_application(
            ("tra-1",), from_code="tra-1", to=OPENING, now=INSIDE, window=WINDOW, to_cancelled=True
        )


codes = st.sampled_from(["a", "b", "c", "d", "e"])


@settings(max_examples=100, deadline=None)
@given(st.lists(codes, min_size=1, max_size=3, unique=True), st.data())
def test_a5_switching_never_changes_how_many_applications_a_person_holds(active, data):
    from_code = data.draw(st.sampled_from(active))
    target = data.draw(codes.filter(lambda code: code not in active))
    after = switch_application(
        tuple(active),
        from_code=from_code,
        to=OpeningFacts(target, "u"),
        now=INSIDE,
        window=WINDOW,
        policy=Policy(max_applications_per_person=3),
    )
    assert len(after) == len(active)
    assert target in after and from_code not in after
