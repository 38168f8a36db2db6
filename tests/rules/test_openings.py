"""A1 which units must offer openings; A2 all published together."""

from __future__ import annotations

import pytest

from cadrex.rules import RuleViolation
from cadrex.rules.openings import (
    OpeningFacts,
    check_declaration,
    check_publication,
    check_seats,
    must_offer,
    required_openings,
    units_missing_openings,
)
from cadrex.rules.policy import Policy
from cadrex.rules.scope import PostLevel, UnitFacts, UnitKind

TOWN = UnitFacts("wutong", UnitKind.TOWN, middle_level_headcount=3, name="梧桐街道")
BIG = UnitFacts("finance", UnitKind.DEPARTMENT, middle_level_headcount=8, name="市财政局")
SMALL = UnitFacts("archives", UnitKind.DEPARTMENT, middle_level_headcount=7, name="市档案局")
TAX = UnitFacts("tax", UnitKind.DEPARTMENT, vertically_managed=True, middle_level_headcount=20)


def opening(code, unit="finance", seats=1):
    return OpeningFacts(code, unit, post_name=f"{code}科副科长", seats=seats)


def test_a1_every_town_must_offer():
    assert must_offer(TOWN)
    assert required_openings(TOWN) == 1


def test_a1_department_with_8_middle_level_cadres_must_offer_with_7_may_not():
    assert must_offer(BIG)
    assert not must_offer(SMALL)
    assert required_openings(SMALL) == 0


def test_a1_threshold_and_town_rule_follow_the_policy():
    policy = Policy(
        mandatory_offer_threshold=5, towns_must_offer=False, min_openings_when_mandatory=2
    )
    assert must_offer(SMALL, policy)
    assert required_openings(SMALL, policy) == 2
    assert not must_offer(TOWN, policy)  # a town with 3 is now under the threshold


def test_a1_vertically_managed_units_never_offer():
    assert not must_offer(TAX)
    with pytest.raises(RuleViolation) as caught:
        check_declaration(TAX, [opening("x", unit="tax")])
    assert caught.value.rule == "S1"


def test_a1_obliged_unit_declaring_nothing_is_refused():
    with pytest.raises(RuleViolation) as caught:
        check_declaration(BIG, [])
    assert caught.value.rule == "A1"
    assert "市财政局现有中层干部8名" in caught.value.message
    assert "至少须推出1个" in caught.value.message
    with pytest.raises(RuleViolation, match="梧桐街道为镇（街道）"):
        check_declaration(TOWN, [])


def test_a1_declarations_that_satisfy_the_rule():
    check_declaration(BIG, [opening("a")])
    check_declaration(SMALL, [])  # a small department may offer none
    check_declaration(SMALL, [opening("b", unit="archives")])
    policy = Policy(min_openings_when_mandatory=2)
    check_declaration(BIG, [opening("a", seats=2)], policy)  # seats count, not rows


def test_a1_openings_of_another_unit_or_twice_are_refused():
    with pytest.raises(RuleViolation, match="不属于"):
        check_declaration(BIG, [opening("a", unit="archives")])
    with pytest.raises(RuleViolation, match="重复"):
        check_declaration(BIG, [opening("a"), opening("a")])


def test_a1_an_opening_has_at_least_one_seat_and_a_known_level():
    with pytest.raises(RuleViolation, match="至少为1个"):
        opening("a", seats=0)
    assert OpeningFacts("a", "finance", level="chief").level is PostLevel.CHIEF
    with pytest.raises(RuleViolation, match="正职或副职"):
        OpeningFacts("a", "finance", level="boss")


@pytest.mark.parametrize("seats", [0, -1, True, 1.5, "1"])
def test_a1_check_seats_refuses_anything_but_a_whole_number_from_one(seats):
    with pytest.raises(RuleViolation) as caught:
        check_seats(seats)
    assert (caught.value.rule, caught.value.field) == ("A1", "seats")
    assert caught.value.message == "职数至少为1个。"


def test_a1_check_seats_names_the_post_when_it_has_a_name():
    check_seats(1)
    check_seats(3, "财务科副科长")
    with pytest.raises(RuleViolation) as caught:
        check_seats(0, "财务科副科长")
    assert caught.value.message == "职位“财务科副科长”的职数至少为1个。"


def test_a2_publication_waits_for_every_obliged_unit():
    units = [TOWN, BIG, SMALL, TAX]
    assert units_missing_openings(units, [opening("a")]) == ("wutong",)
    with pytest.raises(RuleViolation) as caught:
        check_publication(units, [opening("a")])
    assert caught.value.rule == "A2"
    assert "梧桐街道" in caught.value.message
    check_publication(units, [opening("a"), opening("t", unit="wutong")])
