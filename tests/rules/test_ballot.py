"""A10 committee competitive ballot: quorum, threshold of the expected, ties, invalid ballots."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadrex.rules import RuleViolation
from cadrex.rules.ballot import MARKS, check_competitive, passes, quorum_met, tally, votes_needed

PAIR = ("张三", "李四")


def votes(for_zhang: int, for_li: int = 0, blank: int = 0) -> list[dict[str, str]]:
    """Ballots for a one-seat pair: ``for_zhang`` for 张三, ``for_li`` for 李四, then blanks."""
    return (
        [{"张三": "for", "李四": "against"}] * for_zhang
        + [{"张三": "against", "李四": "for"}] * for_li
        + [{}] * blank
    )


def test_a10_nine_expected_five_present_has_no_quorum():
    outcome = tally(PAIR, votes(5), expected=9, present=5)
    assert outcome.quorum_met is False
    assert outcome.elected == ()
    assert outcome.decided is False
    assert outcome.counts["张三"].for_ == 5  # still counted and recorded


def test_a10_nine_expected_six_present_four_for_is_not_elected():
    outcome = tally(PAIR, votes(4, 2), expected=9, present=6)
    assert outcome.quorum_met is True
    assert outcome.threshold == 5
    assert outcome.elected == ()
    assert outcome.decided is False


def test_a10_nine_expected_six_present_five_for_is_elected():
    outcome = tally(PAIR, votes(5, 1), expected=9, present=6)
    assert outcome.elected == ("张三",)
    assert outcome.decided is True
    assert outcome.counts["张三"].for_ == 5
    assert outcome.counts["张三"].against == 1
    assert outcome.counts["李四"].for_ == 1


@pytest.mark.parametrize(
    ("expected", "present", "met"),
    [(9, 6, True), (9, 5, False), (10, 7, True), (10, 6, False), (3, 2, True), (1, 1, True)],
)
def test_a10_quorum_edges(expected, present, met):
    assert quorum_met(expected=expected, present=present) is met
    outcome = tally(PAIR, [], expected=expected, present=present)
    assert outcome.quorum_met is met


# Thirds of the members: "present * 3", "expected * 2 / 3", "3 * present", "// 3" near them.
_THIRDS = re.compile(
    r"\b(present|expected)\b[^\n]*(\*\s*3\b|/\s*3\b)|\b3\s*\*\s*[\w.]*\b(present|expected)\b"
)


def test_a10_the_two_thirds_quorum_is_decided_only_by_rules_ballot():
    """A10's quorum has one definition, ``quorum_met``: no other module of cadrex/ weighs
    the members present against those expected by thirds (services, views, the verifier,
    the demo and the forms ask ``rules.ballot``)."""
    package = Path(__file__).resolve().parents[2] / "cadrex"
    home = package / "rules" / "ballot.py"
    copies = [
        f"{path.relative_to(package)}:{number}"
        for path in package.rglob("*.py")
        if path != home and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _THIRDS.search(line)
    ]
    assert copies == []
    assert _THIRDS.search("return present * 3 >= expected * 2")  # the pattern finds one


def test_a10_threshold_edges_with_ten_expected():
    not_enough = tally(PAIR, votes(5, 0, 3), expected=10, present=8)
    assert not_enough.threshold == 6
    assert not_enough.elected == ()
    enough = tally(PAIR, votes(6, 0, 2), expected=10, present=8)
    assert enough.elected == ("张三",)
    assert passes(6, expected=10) and not passes(5, expected=10)


def test_a10_threshold_counts_the_expected_not_the_present():
    # 7 of 10 present and 5 for: a majority of those present, but not of the 10 expected.
    outcome = tally(PAIR, votes(5, 2), expected=10, present=7)
    assert outcome.quorum_met is True
    assert outcome.elected == ()


def test_a10_a_missing_candidate_counts_as_abstain():
    outcome = tally(PAIR, [{"张三": "for"}] * 6, expected=9, present=6)
    assert outcome.counts["李四"].abstain == 6
    assert outcome.counts["张三"].abstain == 0
    assert outcome.valid == 6


def test_a10_invalid_ballots_are_counted_apart():
    ballots = [
        *votes(5),
        {"张三": "for", "李四": "for"},  # more "for" than seats
        {"王五": "for"},  # unknown candidate
        {"张三": "同意"},  # unknown mark
        "for 张三",  # not a ballot at all
    ]
    outcome = tally(PAIR, ballots, expected=9, present=9)
    assert outcome.ballots_returned == 9
    assert outcome.invalid == 4
    assert outcome.valid == 5
    assert outcome.counts["张三"].for_ == 5
    assert outcome.counts["李四"].for_ == 0
    assert outcome.elected == ("张三",)


def test_a10_more_ballots_than_members_present_is_refused():
    with pytest.raises(RuleViolation) as caught:
        tally(PAIR, votes(7), expected=9, present=6)
    assert caught.value.rule == "A10"
    assert "多于实到会人数" in caught.value.message


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"expected": 9, "present": 10}, "实到会人数"),
        ({"expected": 9, "present": -1}, "实到会人数"),
        ({"expected": 0, "present": 0}, "应到会人数"),
        ({"expected": 9, "present": 6, "seats": 0}, "拟任职数"),
        ({"expected": True, "present": 1}, "整数"),
    ],
)
def test_a10_impossible_settings_are_refused(kwargs, message):
    with pytest.raises(RuleViolation, match=message) as caught:
        tally(PAIR, [], **kwargs)
    assert caught.value.rule == "A10"


def test_a10_competitive_ballot_needs_more_candidates_than_seats():
    with pytest.raises(RuleViolation, match="差额票决"):
        check_competitive(["张三"], seats=1)
    with pytest.raises(RuleViolation, match="差额票决"):
        check_competitive(["甲", "乙"], seats=2)
    check_competitive(["甲", "乙"], seats=1)  # two for one seat is competitive


def test_a10_tally_counts_a_single_candidate_at_the_threshold_edges():
    # The count itself does not refuse one candidate (a re-vote may have just the tied).
    assert tally(["张三"], [{"张三": "for"}] * 4 + [{}] * 2, expected=9, present=6).elected == ()
    five = [{"张三": "for"}] * 5 + [{}]
    assert tally(["张三"], five, expected=9, present=6).elected == ("张三",)
    assert tally(["张三"], five[:5], expected=9, present=5).elected == ()  # no quorum


def test_a10_candidates_must_be_distinct():
    with pytest.raises(RuleViolation, match="重复"):
        tally(["张三", "张三"], [], expected=9, present=9)


def test_a10_two_seats_elect_the_two_best_passing():
    candidates = ("甲", "乙", "丙")
    ballots = [{"甲": "for", "乙": "for"}] * 5 + [{"甲": "for", "丙": "for"}] * 2
    outcome = tally(candidates, ballots, expected=9, present=7, seats=2)
    assert outcome.elected == ("甲", "乙")  # 7 and 5 for; 丙 has 2
    assert outcome.decided is True


def test_a10_tie_at_the_last_seat_elects_nobody_to_it():
    candidates = ("甲", "乙", "丙")
    ballots = (
        [{"甲": "for", "乙": "for"}] * 3
        + [{"甲": "for", "丙": "for"}] * 3
        + [{"乙": "for", "丙": "for"}] * 2
        + [{"甲": "for"}]
    )
    outcome = tally(candidates, ballots, expected=9, present=9, seats=2)
    # 甲 7, 乙 5, 丙 5: both 乙 and 丙 pass but tie for the second seat.
    assert outcome.elected == ("甲",)
    assert outcome.revote_among == ("乙", "丙")
    assert outcome.unfilled_seats == 1
    assert outcome.decided is False


def test_a10_nobody_passing_decides_nothing():
    outcome = tally(
        ("甲", "乙", "丙"), [{"甲": "for"}] * 3 + [{"乙": "for"}] * 3, expected=9, present=6
    )
    assert outcome.quorum_met is True
    assert outcome.elected == ()
    assert outcome.revote_among == ()
    assert outcome.decided is False


# Properties -------------------------------------------------------------------------------

CANDIDATES = ("甲", "乙", "丙", "丁")


@st.composite
def ballot_settings(draw):
    expected = draw(st.integers(1, 15))
    present = draw(st.integers(0, expected))
    seats = draw(st.integers(1, 3))
    ballot = st.dictionaries(st.sampled_from(CANDIDATES), st.sampled_from(MARKS), max_size=4)
    ballots = draw(st.lists(ballot, max_size=present))
    return expected, present, seats, ballots


@settings(max_examples=200, deadline=None)
@given(ballot_settings())
def test_a10_properties_of_every_outcome(case):
    expected, present, seats, ballots = case
    outcome = tally(CANDIDATES, ballots, expected=expected, present=present, seats=seats)
    if not outcome.quorum_met:
        assert outcome.elected == ()
        assert outcome.decided is False
    assert len(outcome.elected) <= seats
    for candidate in outcome.elected:
        assert outcome.counts[candidate].for_ * 2 > expected
    for count in outcome.counts.values():
        assert count.for_ + count.against + count.abstain == outcome.valid
    assert outcome.valid + outcome.invalid == len(ballots)
    assert set(outcome.elected).isdisjoint(outcome.revote_among)
    elected_votes = [outcome.counts[c].for_ for c in outcome.elected]
    assert elected_votes == sorted(elected_votes, reverse=True)


@pytest.mark.parametrize("expected", range(1, 40))
def test_a10_votes_needed_is_the_fewest_that_pass(expected):
    need = votes_needed(expected=expected)
    assert passes(need, expected=expected) and not passes(need - 1, expected=expected)


def test_a10_the_committee_is_named_by_the_units_kind():
    from cadrex.rules.ballot import committee_title

    assert committee_title("town", "城南街道") == "党工委"
    assert committee_title("town", "青山镇") == "党委"
    assert committee_title("department", "市财政局") == "党组"
    assert committee_title("mass_organisation", "市总工会") == "党组"
    assert committee_title("public_institution", "市档案馆") == "党委"
