"""A10 services: the committee's competitive ballot (差额票决), one round at a time.

Every round is recorded, including a meeting without quorum (it decides nothing). When a
round ends — counted, or recorded without quorum — it is sealed: a SHA-256 over what the
round was (attendance, candidates, the papers as a sorted multiset, the result) and the
previous round's seal. The opening keeps the last seal, so ``manage.py verify_ballot``
notices a round or a paper deleted, added or changed after the count.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import date, datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cadrex.audit.services import event_record
from cadrex.campaigns import transitions
from cadrex.competition.chain import canonical
from cadrex.competition.decision.models import (
    BallotMode,
    BallotPaper,
    BallotRound,
    BallotStatus,
    BallotVoter,
    VettingCandidate,
    VettingOpinion,
)
from cadrex.competition.registration.models import Opening
from cadrex.competition.windows import require_step
from cadrex.rules import RuleViolation
from cadrex.rules.ballot import check_attendance, check_competitive, quorum_met, tally
from cadrex.rules.schedule import Step
from cadrex.rules.transitions import BALLOT

COUNTED = (BallotStatus.DECIDED, BallotStatus.UNDECIDED)


def _today(now: datetime | None) -> date:
    return timezone.localdate(now or timezone.now())


def _last_counted(opening: Opening) -> BallotRound | None:
    return opening.ballots.filter(status__in=COUNTED).order_by("-round").first()


def ballot_candidates(opening: Opening) -> list[str]:
    """Fit vetting candidates; after a tie at the last seat, only those tied (re-vote)."""
    last = _last_counted(opening)
    if last and last.tally and last.tally.get("revote_among"):
        return list(last.tally["revote_among"])
    fit = VettingCandidate.objects.filter(opening=opening, opinion=VettingOpinion.FIT)
    return [str(pk) for pk in fit.order_by("id").values_list("application_id", flat=True)]


def _check_meeting(opening: Opening, *, held_on: date, committee: str, mode: str, now) -> None:
    if held_on is None:
        raise RuleViolation("A10", "请填写会议日期。", field="held_on")
    if held_on > _today(now):
        raise RuleViolation("A10", "会议日期不能晚于今天：票决在会上当场进行。", field="held_on")
    previous = opening.ballots.order_by("-round").first()
    if previous and held_on < previous.held_on:
        raise RuleViolation(
            "A10",
            f"会议日期不能早于上一轮票决（{previous.held_on:%Y年%m月%d日}）。",
            field="held_on",
        )
    if not committee.strip():
        raise RuleViolation("A10", "请填写党委（党组）名称。", field="committee")
    if mode not in BallotMode.values:
        raise RuleViolation("A10", "请选择投票方式。", field="mode")


def _check_after_vetting(opening: Opening, held_on: date) -> None:
    """A9 → A10: the committee decides on the vetting, so it meets on or after it."""
    last = VettingCandidate.objects.filter(opening=opening).aggregate(day=Max("vetted_on"))["day"]
    if last and held_on < last:
        raise RuleViolation(
            "A10", f"会议日期不能早于考察日期（{last:%Y年%m月%d日}）。", field="held_on"
        )


def _check_vetting_done(opening: Opening) -> None:
    if VettingCandidate.objects.filter(opening=opening, opinion="").exists():
        raise RuleViolation("A10", "还有考察对象未形成考察意见，考察结束后才能票决。")


@transaction.atomic
def ballot_open(
    *,
    actor,
    opening: Opening,
    held_on: date,
    committee: str,
    expected: int,
    present: int,
    mode: str,
    members: str = "",
    on_leave: str = "",
    supervisor: str = "",
    counter: str = "",
    voters: list[str] | tuple[str, ...] = (),
    now: datetime | None = None,
) -> BallotRound:
    """A10: a round of the committee's ballot. A meeting without quorum is recorded as a
    round that decides nothing (status ``no_quorum``); otherwise the round opens. A secret
    round takes the roll of the members present (``voters``, one name each)."""
    require_step(opening.campaign, Step.BALLOT, now)
    opening = Opening.objects.select_for_update().select_related("campaign").get(pk=opening.pk)
    if opening.ballots.filter(status=BallotStatus.DECIDED).exists():
        raise RuleViolation("A10", "已经票决产生任职人选，无需再次票决。")
    if opening.ballots.filter(status=BallotStatus.OPEN).exists():
        raise RuleViolation("A10", "上一轮票决尚未计票。")
    check_attendance(expected=expected, present=present)
    _check_meeting(opening, held_on=held_on, committee=committee, mode=mode, now=now)
    roll = _roll(voters, present) if mode == BallotMode.SECRET else []
    _check_vetting_done(opening)
    _check_after_vetting(opening, held_on)
    candidates = ballot_candidates(opening)
    last = _last_counted(opening)
    if not (last and last.tally and last.tally.get("revote_among")):
        check_competitive(candidates, seats=opening.seats)
    previous = opening.ballots.order_by("-round").first()
    ballot = BallotRound(
        opening=opening,
        round=(previous.round + 1 if previous else 1),
        held_on=held_on,
        committee=committee.strip(),
        members=members.strip(),
        expected=expected,
        present=present,
        on_leave=on_leave.strip(),
        supervisor=supervisor.strip(),
        counter=counter.strip(),
        mode=mode,
        candidates=candidates,
    )
    after = {"expected": expected, "present": present, "candidates": candidates}
    if not quorum_met(expected=expected, present=present):
        transitions.create(
            ballot,
            BALLOT,
            "ballot_no_quorum",
            actor=actor,
            campaign=opening.campaign,
            now=now,
            after=after,
        )
        _seal(opening, ballot)
        return ballot
    transitions.create(
        ballot, BALLOT, "ballot_open", actor=actor, campaign=opening.campaign, now=now, after=after
    )
    if mode == BallotMode.SECRET:
        ballot.terminal_token = secrets.token_urlsafe(24)
        ballot.save(update_fields=["terminal_token"])
        BallotVoter.objects.bulk_create([BallotVoter(ballot=ballot, name=n) for n in roll])
    return ballot


def _roll(voters, present: int) -> list[str]:
    """A10: the members present, by name, each once, as many as the meeting says."""
    names = [str(n).strip() for n in voters if str(n).strip()]
    if len(set(names)) != len(names):
        raise RuleViolation("A10", "到会成员名单中有重复的姓名。", field="voters")
    if len(names) != present:
        raise RuleViolation(
            "A10",
            f"现场电子票决须逐一填写到会成员：实到会{present}人，名单中有{len(names)}人。",
            field="voters",
        )
    if any(len(n) > 50 for n in names):
        raise RuleViolation("A10", "到会成员姓名过长。", field="voters")
    return names


def _valid_marks(marks: dict) -> dict:
    return {str(k): v for k, v in marks.items() if v}


@transaction.atomic
def ballot_enter_papers(*, actor, ballot: BallotRound, papers: list[dict]) -> int:
    """A10: the counters type in the paper ballots (one dict of marks per ballot)."""
    ballot = BallotRound.objects.select_for_update().get(pk=ballot.pk)
    if ballot.status != BallotStatus.OPEN or ballot.mode != BallotMode.COUNTED:
        raise RuleViolation("A10", "该轮票决不能再录入选票。")
    if len(papers) > ballot.present:
        raise RuleViolation(
            "A10", f"收回选票{len(papers)}张，多于实到会人数{ballot.present}人，本次票决无效。"
        )
    ballot.papers.all().delete()
    BallotPaper.objects.bulk_create(
        [BallotPaper(ballot=ballot, marks=_valid_marks(p)) for p in papers]
    )
    event_record(
        actor=actor, action="ballot_enter_papers", obj=ballot, after={"papers": len(papers)}
    )
    return len(papers)


@transaction.atomic
def ballot_enter_and_count(*, actor, ballot: BallotRound, papers: list[dict]) -> BallotRound:
    """A10: the paper ballots typed in and counted as one act: when the count is refused
    (its window closed, say) none of the papers stays entered."""
    ballot_enter_papers(actor=actor, ballot=ballot, papers=papers)
    return ballot_count(actor=actor, ballot=ballot)


def _unvoted(ballot: BallotRound, papers: int, *, confirm: bool) -> int:
    """A10 secret ballot: counting while members present have not voted is the chair's
    recorded decision (they are taken as not voting), never a silent one. A ballot handed
    out but not yet cast counts as not voted."""
    if ballot.mode != BallotMode.SECRET:
        return 0
    missing = ballot.present - papers
    if missing and not confirm:
        raise RuleViolation(
            "A10",
            f"实到会{ballot.present}人，已投票{papers}人，尚有{missing}人未投票。"
            "如确认这些成员不再投票，请勾选确认后再计票。",
            field="confirm_unvoted",
        )
    return missing


@transaction.atomic
def ballot_count(
    *,
    actor,
    ballot: BallotRound,
    confirm_unvoted: bool = False,
    unvoted_note: str = "",
    now: datetime | None = None,
) -> BallotRound:
    """A10: count with rules.ballot.tally; elected, or no decision (recorded; re-vote)."""
    ballot = (
        BallotRound.objects.select_for_update()
        .select_related("opening__campaign")
        .get(pk=ballot.pk)
    )
    require_step(ballot.opening.campaign, Step.BALLOT, now)
    if ballot.status == BallotStatus.OPEN and ballot.mode == BallotMode.SECRET:
        _empty_box(ballot)
    papers = [p.marks for p in ballot.papers.all()]
    missing = _unvoted(ballot, len(papers), confirm=confirm_unvoted)
    outcome = tally(
        ballot.candidates,
        papers,
        expected=ballot.expected,
        present=ballot.present,
        seats=ballot.opening.seats,
    )
    result = tally_record(outcome)
    transitions.transition(
        ballot,
        BALLOT,
        "ballot_count" if outcome.decided else "ballot_count_undecided",
        actor=actor,
        campaign=ballot.opening.campaign,
        now=now,
        fields={
            "tally": result,
            "counted_at": now or timezone.now(),
            "elected_id": int(outcome.elected[0]) if outcome.decided else None,
            "unvoted": missing,
            "unvoted_note": (unvoted_note or "").strip()[:200],
        },
        after={**result, "unvoted": missing},
        note=unvoted_note if missing else "",
    )
    opening = Opening.objects.select_for_update().get(pk=ballot.opening_id)
    _seal(opening, ballot)
    return ballot


def _empty_box(ballot: BallotRound) -> None:
    """A10 secret ballot: at the count the box's papers become rows, in sorted order (the
    box is a multiset: it never knew the order in which they were cast)."""
    papers = [json.loads(text) for text, n in sorted(ballot.box.items()) for _ in range(int(n))]
    BallotPaper.objects.bulk_create([BallotPaper(ballot=ballot, marks=m) for m in papers])
    ballot.box = {}
    ballot.issued = False
    ballot.save(update_fields=["box", "issued"])


def tally_record(outcome) -> dict:
    """The stored form of a ``rules.ballot`` outcome (what the summary table prints)."""
    return {
        "counts": {
            str(k): {"for": v.for_, "against": v.against, "abstain": v.abstain}
            for k, v in outcome.counts.items()
        },
        "returned": outcome.ballots_returned,
        "valid": outcome.valid,
        "invalid": outcome.invalid,
        "quorum_met": outcome.quorum_met,
        "threshold": outcome.threshold,
        "elected": [str(k) for k in outcome.elected],
        "revote_among": [str(k) for k in outcome.revote_among],
        "decided": outcome.decided,
    }


# ------------------------------------------------------------------ the seal


def seal_of(ballot: BallotRound, papers: list[dict], previous: str) -> str:
    """What a round commits to. Papers go in sorted, so the seal says nothing of their order."""
    material = {
        "opening": ballot.opening_id,
        "round": ballot.round,
        "held_on": ballot.held_on.isoformat(),
        "committee": ballot.committee,
        "members": ballot.members,
        "expected": ballot.expected,
        "present": ballot.present,
        "on_leave": ballot.on_leave,
        "supervisor": ballot.supervisor,
        "counter": ballot.counter,
        "mode": ballot.mode,
        "status": ballot.status,
        "candidates": [str(c) for c in ballot.candidates],
        "papers": sorted(canonical(p) for p in papers),
        "tally": ballot.tally,
        "elected": ballot.elected_id,
        "unvoted": ballot.unvoted,
        "previous": previous,
    }
    return hashlib.sha256(canonical(material).encode("utf-8")).hexdigest()


def _seal(opening: Opening, ballot: BallotRound) -> None:
    papers = [p.marks for p in ballot.papers.all()]
    ballot.seal = seal_of(ballot, papers, opening.ballot_head)
    ballot.save(update_fields=["seal"])
    opening.ballot_head = ballot.seal
    opening.save(update_fields=["ballot_head"])
