"""A10 the committee's competitive ballot (差额票决).

From 《党政领导干部选拔任用工作条例》: a ballot needs at least 2/3 of the members present
(present × 3 ≥ expected × 2), and a candidate needs yes votes from more than half of the
members expected to attend (for × 2 > expected) — not of those present.

Worked examples: 9 expected, 5 present → no quorum (15 < 18); 9 expected, 6 present → quorum;
then 4 for is not elected (8 ≤ 9) and 5 for is (10 > 9). Expected 10: 7 present meets
quorum (21 ≥ 20), 6 does not; 5 for is not elected, 6 is.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from cadrex.rules.errors import RuleViolation

MARKS: tuple[str, ...] = ("for", "against", "abstain")
MARK_LABELS: dict[str, str] = {"for": "同意", "against": "不同意", "abstain": "弃权"}


def committee_title(kind: str, unit_name: str) -> str:
    """A10: what the unit's ballot-holding committee is called. A subdistrict's (街道) is its
    党工委, a town's its 党委; a city department's and a mass organisation's leading body is
    its 党组, a public institution's its 党委. (The office may type another name.)"""
    if kind == "town":
        return "党工委" if unit_name.endswith(("街道", "街道办事处")) else "党委"
    if kind == "public_institution":
        return "党委"
    return "党组"


@dataclass(frozen=True)
class VoteCount:
    """A10: one candidate's votes on the valid ballots."""

    for_: int = 0
    against: int = 0
    abstain: int = 0


@dataclass(frozen=True)
class BallotOutcome:
    """A10: the ballot summary (票决情况汇总表) as numbers."""

    candidates: tuple[Hashable, ...]
    seats: int
    expected: int
    present: int
    counts: Mapping[Hashable, VoteCount]
    ballots_returned: int
    valid: int
    invalid: int
    quorum_met: bool
    threshold: int  # the smallest "for" count that passes
    elected: tuple[Hashable, ...]  # most "for" first, at most ``seats``
    revote_among: tuple[Hashable, ...]  # tied at the last seat: re-vote among them
    decided: bool  # quorum met and every seat filled

    @property
    def unfilled_seats(self) -> int:
        return self.seats - len(self.elected)


def check_competitive(candidates: Sequence[Hashable], *, seats: int = 1) -> None:
    """A10: a competitive ballot (差额票决) puts more candidates than seats to the vote.

    Checked when the unit sets up the ballot, not in :func:`tally`: a count is a count, and
    a re-vote among the tied may legitimately have as many candidates as open seats.
    """
    if len(tuple(candidates)) <= seats:
        raise RuleViolation(
            "A10",
            f"差额票决要求候选人数多于拟任职数：现有候选人{len(tuple(candidates))}名，职数{seats}个。",
            field="candidates",
        )


def quorum_met(*, expected: int, present: int) -> bool:
    """A10: at least two thirds of the members present, in integers (no rounding)."""
    return present * 3 >= expected * 2


def passes(votes_for: int, *, expected: int) -> bool:
    """A10: yes votes from more than half of the members expected to attend."""
    return votes_for * 2 > expected


def votes_needed(*, expected: int) -> int:
    """A10: the fewest yes votes that pass (``passes`` holds from here on)."""
    return expected // 2 + 1


def tally(
    candidates: Sequence[Hashable],
    ballots: Sequence[Mapping[Hashable, str]],
    *,
    expected: int,
    present: int,
    seats: int = 1,
) -> BallotOutcome:
    """A10: count a competitive ballot and say who is elected.

    A ballot marks each candidate "for", "against" or "abstain" (missing = abstain). It is
    invalid, and counted apart, if it names an unknown candidate, uses an unknown mark, or
    marks more candidates "for" than there are seats. Without quorum nobody is elected.
    A tie for the last seat elects nobody to it: ``revote_among`` lists the tied.
    """
    candidates = tuple(candidates)
    _check_setting(candidates, len(ballots), expected=expected, present=present, seats=seats)
    counts = {candidate: [0, 0, 0] for candidate in candidates}
    invalid = 0
    for ballot in ballots:
        if not _ballot_is_valid(ballot, counts, seats):
            invalid += 1
            continue
        for candidate in candidates:
            counts[candidate][MARKS.index(ballot.get(candidate, "abstain"))] += 1
    final = {candidate: VoteCount(*numbers) for candidate, numbers in counts.items()}
    quorum = quorum_met(expected=expected, present=present)
    elected, revote = _elect(candidates, final, expected, seats) if quorum else ((), ())
    return BallotOutcome(
        candidates=candidates,
        seats=seats,
        expected=expected,
        present=present,
        counts=final,
        ballots_returned=len(ballots),
        valid=len(ballots) - invalid,
        invalid=invalid,
        quorum_met=quorum,
        threshold=expected // 2 + 1,
        elected=elected,
        revote_among=revote,
        decided=quorum and len(elected) == seats,
    )


def check_attendance(*, expected: int, present: int) -> None:
    """A10: the meeting's numbers: whole numbers, someone expected, 0 ≤ present ≤ expected.

    Quorum is not checked here: a meeting without quorum is recorded (and decides nothing).
    """
    for name, value in (("expected", expected), ("present", present)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise RuleViolation("A10", f"{_LABELS[name]}须填写0或正整数。", field=name)
    if expected < 1:
        raise RuleViolation("A10", "应到会人数至少为1人。", field="expected")
    if not 0 <= present <= expected:
        raise RuleViolation(
            "A10", f"实到会人数（{present}）应在0到应到会人数（{expected}）之间。", field="present"
        )


def _check_setting(
    candidates: tuple[Hashable, ...], returned: int, *, expected: int, present: int, seats: int
) -> None:
    check_attendance(expected=expected, present=present)
    if isinstance(seats, bool) or not isinstance(seats, int):
        raise RuleViolation("A10", f"{_LABELS['seats']}必须是整数。", field="seats")
    if seats < 1:
        raise RuleViolation("A10", "拟任职数至少为1个。", field="seats")
    if len(set(candidates)) != len(candidates):
        raise RuleViolation("A10", "候选人名单中有重复。", field="candidates")
    if returned > present:
        raise RuleViolation(
            "A10",
            f"收回选票{returned}张，多于实到会人数{present}人，本次票决无效。",
            field="ballots",
        )


_LABELS = {"expected": "应到会人数", "present": "实到会人数", "seats": "拟任职数"}


def _ballot_is_valid(ballot: object, counts: Mapping[Hashable, object], seats: int) -> bool:
    if not isinstance(ballot, Mapping):
        return False
    if any(candidate not in counts for candidate in ballot):
        return False
    if any(mark not in MARKS for mark in ballot.values()):
        return False
    return sum(1 for mark in ballot.values() if mark == "for") <= seats


def _elect(
    candidates: tuple[Hashable, ...],
    counts: Mapping[Hashable, VoteCount],
    expected: int,
    seats: int,
) -> tuple[tuple[Hashable, ...], tuple[Hashable, ...]]:
    """A10: the passing candidates, best first, up to the seats; a tie at the cut re-votes."""
    passing = [c for c in candidates if passes(counts[c].for_, expected=expected)]
    # Stable sort: equal counts keep the list's order, which matters only for display.
    passing.sort(key=lambda c: counts[c].for_, reverse=True)
    if len(passing) <= seats:
        return tuple(passing), ()
    cut = counts[passing[seats - 1]].for_
    if counts[passing[seats]].for_ < cut:
        return tuple(passing[:seats]), ()
    return (
        tuple(c for c in passing if counts[c].for_ > cut),
        tuple(c for c in passing if counts[c].for_ == cut),
    )
