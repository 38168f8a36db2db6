"""A9 vetting candidates: 1:2 per seat by hearing rank; a departure needs a written reason."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cadrex.rules import RuleViolation
from cadrex.rules.policy import Policy
from cadrex.rules.scoring import check_tie_break, hearing_score, rank, tie_that_matters
from cadrex.rules.vetting import VettingTie, vetting_candidates, vetting_size, vetting_tie

STAFF = [80, 80, 80]


def ranking(*leader_levels: int):
    """Contestants c0, c1 … whose leader juries all score the given level."""
    return rank(
        [(f"c{i}", hearing_score([level] * 7, STAFF)) for i, level in enumerate(leader_levels)]
    )


def test_a9_default_is_the_top_two_for_one_seat():
    pick = vetting_candidates(ranking(70, 90, 80, 60))
    assert pick.candidates == ("c1", "c2")
    assert pick.in_score_order is True
    assert pick.reason is None


def test_a9_ratio_times_seats_and_never_more_than_contestants():
    assert vetting_size(10, seats=2) == 4
    assert vetting_size(3, seats=2) == 3
    assert vetting_size(10, seats=1, policy=Policy(vetting_ratio=3)) == 3
    pick = vetting_candidates(ranking(70, 90, 80, 60, 85), seats=2)
    assert pick.candidates == ("c1", "c4", "c2", "c0")
    assert vetting_candidates(ranking(70)).candidates == ("c0",)


def test_a8_a9_a_tie_at_the_cut_waits_for_the_office():
    rows = ranking(90, 80, 80, 60)
    for chosen in (None, ["c0", "c2"]):
        with pytest.raises(RuleViolation) as caught:
            vetting_candidates(rows, chosen=chosen)
        assert caught.value.rule == "A9"
        assert "第2名并列" in caught.value.message and "办公室" in caught.value.message
    # The office orders the tied (rules.scoring.check_tie_break); then the cut is plain.
    resolved = rank(
        [(f"c{i}", hearing_score([v] * 7, STAFF)) for i, v in enumerate((90, 80, 80, 60))],
        resolved={2: ["c2", "c1"]},
    )
    assert [(r.key, r.rank, r.tied) for r in resolved] == [
        ("c0", 1, False),
        ("c2", 2, False),
        ("c1", 3, False),
        ("c3", 4, False),
    ]
    assert vetting_candidates(resolved).candidates == ("c0", "c2")


def test_a8_a_tie_below_the_cut_does_not_matter():
    pick = vetting_candidates(ranking(90, 85, 70, 70))
    assert pick.candidates == ("c0", "c1")


def test_a8_the_tie_break_names_exactly_the_tied():
    rows = ranking(90, 80, 80, 60)
    for at, order in ((2, ["c1"]), (2, ["c1", "c1"]), (2, ["c1", "c3"]), (1, ["c0", "c1"])):
        with pytest.raises(RuleViolation) as caught:
            check_tie_break(rows, at, order)
        assert caught.value.rule == "A8"
    check_tie_break(rows, 2, ["c2", "c1"])
    assert tie_that_matters(rows, 2) == 2
    assert tie_that_matters(rows, 3) is None


def test_a8_a9_the_tie_the_office_may_order_is_the_first_within_the_vetting_places():
    # 90, 80, 80, 60: rank 2 is shared across the cut of two → the vetting waits for it.
    assert vetting_tie(ranking(90, 80, 80, 60)) == VettingTie(rank=2, blocking=True)
    # 90, 90, 80: both tied are vetted → the office may order them, but need not.
    assert vetting_tie(ranking(90, 90, 80)) == VettingTie(rank=1, blocking=False)
    # Two seats, four places: the first shared rank counts, not a later one.
    assert vetting_tie(ranking(90, 90, 80, 80, 70), seats=2) == VettingTie(1, blocking=False)
    assert vetting_tie(ranking(90, 80, 70, 70, 60), seats=2) == VettingTie(3, blocking=False)
    assert vetting_tie(ranking(90, 80, 70, 70, 60), seats=1) is None  # below the cut
    assert vetting_tie(ranking(90, 85, 70, 70)) is None
    assert vetting_tie(ranking(90, 80, 80, 60), policy=Policy(vetting_ratio=3)) == VettingTie(
        2, blocking=False
    )
    assert vetting_tie([]) is None


def test_a9_departure_from_score_order_needs_a_written_reason():
    rows = ranking(90, 80, 70)
    with pytest.raises(RuleViolation) as caught:
        vetting_candidates(rows, chosen=["c0", "c2"])
    assert caught.value.field == "reason"
    assert "理由" in caught.value.message
    with pytest.raises(RuleViolation):
        vetting_candidates(rows, chosen=["c0", "c2"], reason="   ")
    pick = vetting_candidates(rows, chosen=["c0", "c2"], reason=" 初步比选中实绩突出 ")
    assert pick.candidates == ("c0", "c2")
    assert pick.in_score_order is False
    assert pick.reason == "初步比选中实绩突出"


def test_a9_choice_in_score_order_is_accepted_without_reason():
    pick = vetting_candidates(ranking(90, 80, 70), chosen=["c1", "c0"])
    assert pick.in_score_order is True


def test_a9_choice_must_be_contestants_without_duplicates_and_the_right_size():
    rows = ranking(90, 80, 70)
    with pytest.raises(RuleViolation, match="不是该职位的竞岗对象"):
        vetting_candidates(rows, chosen=["c0", "zz"], reason="x")
    with pytest.raises(RuleViolation, match="重复"):
        vetting_candidates(rows, chosen=["c0", "c0"], reason="x")
    with pytest.raises(RuleViolation, match="应确定2名"):
        vetting_candidates(rows, chosen=["c0"], reason="x")


def test_a9_the_rank_includes_the_staff_mean():
    rows = rank(
        [
            ("a", hearing_score([80] * 7, [90, 90, 90])),  # 83.00
            ("b", hearing_score([82] * 7, [80, 80, 80])),  # 81.40
            ("c", hearing_score([81] * 7, [70, 70, 70])),  # 77.70
        ]
    )
    assert [row.score.total for row in rows] == [
        Decimal("83.00"),
        Decimal("81.40"),
        Decimal("77.70"),
    ]
    assert vetting_candidates(rows).candidates == ("a", "b")
