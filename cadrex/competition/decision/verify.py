"""Re-deriving the committee's decision from its evidence, the sealed ballot rounds (A10).
Returns the problems found, in Chinese, naming the round; an empty list means everything
re-derives.

Both directions are checked: every round and paper is counted and sealed as recorded, and
the last seal is the opening's — so a deleted, added or altered round or paper is named.
"""

from __future__ import annotations

from cadrex.competition.chain import canonical
from cadrex.competition.decision.ballot import COUNTED, seal_of, tally_record
from cadrex.competition.decision.models import (
    Appointment,
    BallotMode,
    BallotRound,
    BallotStatus,
)
from cadrex.competition.registration.models import Opening
from cadrex.rules import RuleViolation
from cadrex.rules.ballot import quorum_met, tally

# ------------------------------------------------------------------ A10 the ballot


def _recount(ballot: BallotRound, papers: list[dict], problems: list[str]) -> None:
    name = f"第{ballot.round}轮票决"
    if ballot.status == BallotStatus.NO_QUORUM:
        if quorum_met(expected=ballot.expected, present=ballot.present):
            problems.append(
                f"{name}记为到会不足三分之二，但应到{ballot.expected}人实到{ballot.present}人已达到。"
            )
        if papers:
            problems.append(f"{name}到会不足、未进行票决，却有{len(papers)}张选票。")
        return
    if ballot.status not in COUNTED:
        return
    try:
        outcome = tally(
            ballot.candidates,
            papers,
            expected=ballot.expected,
            present=ballot.present,
            seats=ballot.opening.seats,
        )
    except RuleViolation as violation:
        problems.append(f"{name}按现有选票无法重新计票：{violation.message}")
        return
    if tally_record(outcome) != ballot.tally:
        problems.append(f"{name}按现有{len(papers)}张选票重新计票，结果与记录的计票结果不符。")
    decided = BallotStatus.DECIDED if outcome.decided else BallotStatus.UNDECIDED
    elected = int(outcome.elected[0]) if outcome.decided else None
    if ballot.status != decided or ballot.elected_id != elected:
        problems.append(f"{name}记录的结论（{ballot.get_status_display()}）与重新计票不符。")


def _check_secret_roll(ballot: BallotRound, papers: int, problems: list[str]) -> None:
    """A10 secret ballot (ADR 0008): the roll has the members present; no more papers than
    ballots handed out; a counted round's papers and unvoted members add up to those present."""
    if ballot.mode != BallotMode.SECRET or ballot.status == BallotStatus.NO_QUORUM:
        return
    name = f"第{ballot.round}轮票决"
    roll = ballot.voters.count()
    handed = ballot.voters.filter(voted=True).count()
    if roll != ballot.present:
        problems.append(f"{name}到会成员名单{roll}人，与实到会人数{ballot.present}不符。")
    if ballot.status == BallotStatus.OPEN:
        in_box = sum(int(n) for n in ballot.box.values())
        if in_box + int(ballot.issued) != handed:
            problems.append(f"{name}票箱中有{in_box}张选票，与已发放的{handed}张不符。")
        return
    if papers > handed or papers + ballot.unvoted != ballot.present:
        problems.append(
            f"{name}有选票{papers}张，发放{handed}张，未投票{ballot.unvoted}人，"
            f"与实到会{ballot.present}人不符。"
        )


def verify_ballot(opening: Opening) -> list[str]:
    """A10: every round of the opening in order: numbered 1 … n, recounted from its papers
    and its recorded attendance, re-sealed, each seal covering the one before, the last one
    kept on the opening; the appointment (if any) goes to the round's elected."""
    opening = Opening.objects.select_related("unit").get(pk=opening.pk)
    problems: list[str] = []
    previous = ""
    rounds = list(opening.ballots.order_by("round"))
    for number, ballot in enumerate(rounds, start=1):
        if ballot.round != number:
            problems.append(f"缺少第{number}轮票决记录（下一条为第{ballot.round}轮），可能被删除。")
        papers = [p.marks for p in ballot.papers.all()]
        _recount(ballot, papers, problems)
        _check_secret_roll(ballot, len(papers), problems)
        if ballot.status == BallotStatus.OPEN:
            if ballot is not rounds[-1]:
                problems.append(f"第{ballot.round}轮票决未计票，其后却又有票决。")
            continue
        if ballot.seal != seal_of(ballot, papers, previous):
            problems.append(
                f"第{ballot.round}轮票决的封存哈希不符：到会人数、候选人、选票或结果在计票后被改动。"
            )
        previous = ballot.seal
    if previous != opening.ballot_head:
        problems.append("票决记录末端与本职位记录不符，可能有一轮票决被删除或添加。")
    _check_appointment(opening, rounds, problems)
    return problems


def _check_appointment(opening: Opening, rounds: list[BallotRound], problems: list[str]) -> None:
    appointment = Appointment.objects.filter(opening=opening).first()
    if appointment is None:
        return
    decided = [b for b in rounds if b.status == BallotStatus.DECIDED]
    if not decided or decided[-1].elected_id != appointment.application_id:
        problems.append("任职人选不是票决当选的候选人。")


def papers_fingerprint(ballot: BallotRound) -> list[str]:
    """The papers as the seal sees them: a sorted multiset, no order, no link to anyone."""
    return sorted(canonical(p.marks) for p in ballot.papers.all())
