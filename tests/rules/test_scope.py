"""S1 who takes part; S2 what counts as a middle-level post and the headcount."""

from __future__ import annotations

import pytest

from cadrex.rules import RuleViolation
from cadrex.rules.scope import (
    HeldPost,
    PostKind,
    PostLevel,
    UnitFacts,
    UnitKind,
    in_scope,
    is_middle_level_post,
    middle_level_headcount,
    scope_problem,
)

TOWN = UnitFacts("wutong", UnitKind.TOWN, name="梧桐街道")
DEPT = UnitFacts("finance", UnitKind.DEPARTMENT, name="市财政局")
TAX = UnitFacts("tax", UnitKind.DEPARTMENT, vertically_managed=True, name="市税务局")


def test_s1_towns_and_departments_take_part():
    assert in_scope(TOWN)
    assert in_scope(DEPT)


def test_s1_vertically_managed_units_and_their_people_are_out():
    assert not in_scope(TAX)
    problem = scope_problem(TAX)
    assert problem is not None and "垂直管理部门" in problem
    assert "市税务局" in problem


def test_s1_mass_organisations_and_institutions_only_when_managed_as_civil_service():
    youth = UnitFacts("youth", UnitKind.MASS_ORGANISATION)
    centre = UnitFacts("centre", "public_institution", civil_service_managed=False)
    assert in_scope(youth)
    assert not in_scope(centre)
    assert "参照公务员法管理" in scope_problem(centre)


def test_s1_only_civil_servants_and_those_managed_as_such():
    assert scope_problem(DEPT) is None
    assert "公务员" in scope_problem(DEPT, civil_servant=False)


def test_s1_unit_kind_labels_are_chinese():
    assert UnitKind.TOWN.label == "镇（街道）"
    assert PostLevel.CHIEF.label == "正职"
    assert PostLevel.DEPUTY.label == "副职"


def post(person, unit="finance", kind=PostKind.INTERNAL_SECTION, level=PostLevel.DEPUTY, **kw):
    return HeldPost(person, unit, kind, level, **kw)


def test_s2_section_and_agency_chiefs_and_deputies_are_middle_level():
    assert is_middle_level_post(post("a", level="chief"), UnitKind.DEPARTMENT)
    assert is_middle_level_post(post("a"), UnitKind.DEPARTMENT)
    assert is_middle_level_post(post("a", kind="dispatched_agency"), UnitKind.DEPARTMENT)


def test_s2_posts_outside_the_establishment_plan_or_without_level_are_not():
    assert not is_middle_level_post(post("a", in_establishment_plan=False), UnitKind.DEPARTMENT)
    assert not is_middle_level_post(post("a", level=None), UnitKind.DEPARTMENT)
    assert not is_middle_level_post(post("a", kind=PostKind.OTHER), UnitKind.DEPARTMENT)


def test_s2_section_level_treatment_counts_only_in_towns():
    treated = post("a", unit="wutong", kind=PostKind.TOWN_SECTION_LEVEL, level=None)
    assert is_middle_level_post(treated, UnitKind.TOWN)
    assert not is_middle_level_post(treated, UnitKind.DEPARTMENT)


def test_s2_headcount_counts_people_not_posts_in_the_unit():
    posts = [
        post("a", level=PostLevel.CHIEF),
        post("a", kind=PostKind.DISPATCHED_AGENCY),  # the same person twice
        post("b"),
        post("c", in_establishment_plan=False),
        post("d", unit="other"),
        post("e", kind=PostKind.OTHER),
    ]
    assert middle_level_headcount(posts, DEPT) == 2
    assert middle_level_headcount([], DEPT) == 0


def test_s2_town_headcount_includes_section_level_treatment():
    posts = [
        post("a", unit="wutong"),
        post("b", unit="wutong", kind=PostKind.TOWN_SECTION_LEVEL, level=None),
    ]
    assert middle_level_headcount(posts, TOWN) == 2


def test_s1_s2_unknown_kinds_and_levels_are_refused_in_chinese():
    with pytest.raises(RuleViolation) as caught:
        UnitFacts("x", "ministry")
    assert caught.value.rule == "S1"
    with pytest.raises(RuleViolation) as caught:
        HeldPost("a", "x", "office")
    assert caught.value.rule == "S2"
    with pytest.raises(RuleViolation, match="正职或副职"):
        HeldPost("a", "x", PostKind.INTERNAL_SECTION, "boss")
    with pytest.raises(RuleViolation):
        UnitFacts("x", UnitKind.TOWN, middle_level_headcount=-1)
