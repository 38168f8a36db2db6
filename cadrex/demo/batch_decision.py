"""Part A decision's services for many openings at once, for the demo (see ``bulk``):
``vetting_fix`` and ``vetting_record`` (A9), and a counted round of the committee's ballot —
``ballot_open``, ``ballot_enter_papers``, ``ballot_count`` (A10).

The same checks from ``cadrex.rules``, the same records, seals and one audit event per act
(a status moves through ``campaigns.transitions``), with what the checks read — earlier
rounds, vetting records, the hearing's last score — read once for all openings. The
hearing's ranking is computed once per opening by the caller and handed in. A secret round,
or anything begun by hand, is left to the services themselves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime

from django.db.models import Max
from django.utils import timezone

from cadrex.campaigns import transitions
from cadrex.competition.decision.ballot import COUNTED, seal_of, tally_record
from cadrex.competition.models import (
    BallotMode,
    BallotPaper,
    BallotRound,
    BallotStatus,
    HearingContestant,
    Opening,
    VettingCandidate,
    VettingOpinion,
)
from cadrex.demo.bulk import Log, Schedule
from cadrex.rules import RuleViolation
from cadrex.rules.ballot import check_attendance, check_competitive, quorum_met, tally
from cadrex.rules.schedule import Step
from cadrex.rules.transitions import BALLOT
from cadrex.rules.vetting import vetting_candidates

# ------------------------------------------------------------------ A9 vetting


class Vetting:
    """A9 for many openings: ``fix`` is ``vetting_fix`` (the candidates are written by
    ``flush``), ``record`` is ``vetting_record`` (written by ``finish``)."""

    def __init__(self, openings: Sequence[Opening]) -> None:
        ids = [o.pk for o in openings]
        self.rows: dict[int, list[VettingCandidate]] = defaultdict(list)
        for row in VettingCandidate.objects.filter(opening_id__in=ids).select_related(
            "application__cadre"
        ):
            self.rows[row.opening_id].append(row)
        self.balloted = set(
            BallotRound.objects.filter(opening_id__in=ids).values_list("opening_id", flat=True)
        )
        closed = dict(
            HearingContestant.objects.filter(hearing__opening_id__in=ids)
            .values_list("hearing__opening_id")
            .annotate(last=Max("closed_at"))
        )
        self.closed = closed
        self.fixed: list[Opening] = []
        self.recorded: list[VettingCandidate] = []
        self.log = Log()

    def fix(self, opening: Opening, ranking, *, now: datetime, schedule: Schedule) -> None:
        """A9: the vetting candidates at 1:2 — the top two by the hearing's ``ranking``."""
        schedule.require(now, Step.VETTING)
        if any(row.opinion for row in self.rows[opening.pk]):
            raise RuleViolation("A9", "已有考察对象形成考察意见，不能再更改考察对象。")
        pick = vetting_candidates(
            ranking, seats=opening.seats, policy=opening.campaign.policy, chosen=None, reason=""
        )
        self.rows[opening.pk] = [
            VettingCandidate(opening=opening, application_id=int(pk)) for pk in pick.candidates
        ]
        opening.vetting_reason = pick.reason or ""
        self.fixed.append(opening)
        self.log.add(
            "vetting_fix",
            opening,
            after={
                "candidates": [int(k) for k in pick.candidates],
                "in_score_order": pick.in_score_order,
            },
            note=pick.reason or "",
        )

    def flush(self) -> None:
        """Write the candidates fixed so far, in place of any earlier ones."""
        VettingCandidate.objects.filter(opening__in=self.fixed).delete()
        rows = [row for opening in self.fixed for row in self.rows[opening.pk]]
        VettingCandidate.objects.bulk_create(rows)
        made = VettingCandidate.objects.filter(pk__in=[r.pk for r in rows]).select_related(
            "application__cadre"
        )
        for row in made:  # with the person, for the record's name
            self.rows[row.opening_id] = [
                row if r.pk == row.pk else r for r in self.rows[row.opening_id]
            ]
        Opening.objects.bulk_update(self.fixed, ["vetting_reason"])
        self.fixed = []

    def waiting(self, opening: Opening) -> list[VettingCandidate]:
        """The opening's candidates with no opinion yet, in the order they were fixed."""
        return sorted((r for r in self.rows[opening.pk] if not r.opinion), key=lambda r: r.pk)

    def record(
        self,
        candidate: VettingCandidate,
        *,
        methods: list[str],
        findings: str,
        opinion: str,
        vetted_on: date,
        now: datetime,
        schedule: Schedule,
    ) -> None:
        """A9: the vetting record — methods, findings, opinion and date."""
        schedule.require(now, Step.VETTING)
        opening = candidate.opening_id
        if opening in self.balloted:
            raise RuleViolation("A9", "党委（党组）已开始票决，考察意见不能再更改。")
        if not methods:
            raise RuleViolation("A9", "请至少选择一种考察方式。", field="methods")
        if opinion not in (VettingOpinion.FIT, VettingOpinion.UNFIT):
            raise RuleViolation("A9", "请填写考察意见。", field="opinion")
        if not findings.strip():
            raise RuleViolation("A9", "请如实填写考察情况。", field="findings")
        if vetted_on is None:
            raise RuleViolation("A9", "请填写考察日期。", field="vetted_on")
        if vetted_on > timezone.localdate(now):
            raise RuleViolation("A9", "考察日期不能晚于今天。", field="vetted_on")
        heard = timezone.localdate(
            self.closed.get(opening) or candidate.opening.hearing.scheduled_at
        )
        if vetted_on < heard:
            raise RuleViolation(
                "A9", f"考察日期不能早于公开竞岗日期（{heard:%Y年%m月%d日}）。", field="vetted_on"
            )
        candidate.methods, candidate.findings = methods, findings.strip()
        candidate.opinion, candidate.vetted_on = opinion, vetted_on
        self.recorded.append(candidate)
        self.log.add("vetting_record", candidate, after={"opinion": opinion, "methods": methods})

    def finish(self) -> None:
        VettingCandidate.objects.bulk_update(
            self.recorded, ["methods", "findings", "opinion", "vetted_on"]
        )
        self.log.write()


# ------------------------------------------------------------------ A10 ballot


class Ballots:
    """A10 counted rounds for many openings: ``open`` is ``ballot_open``, ``enter_papers``
    ``ballot_enter_papers``, ``count`` ``ballot_count``."""

    def __init__(self, openings: Sequence[Opening]) -> None:
        ids = [o.pk for o in openings]
        self.rounds: dict[int, list[BallotRound]] = defaultdict(list)
        for ballot in BallotRound.objects.filter(opening_id__in=ids).order_by("round"):
            self.rounds[ballot.opening_id].append(ballot)
        self.vetting: dict[int, list[VettingCandidate]] = defaultdict(list)
        for row in VettingCandidate.objects.filter(opening_id__in=ids).order_by("id"):
            self.vetting[row.opening_id].append(row)
        self.papers: dict[int, list[dict]] = {}

    def _last_counted(self, opening: Opening) -> BallotRound | None:
        counted = [b for b in self.rounds[opening.pk] if b.status in COUNTED]
        return counted[-1] if counted else None

    def candidates(self, opening: Opening) -> list[str]:
        """Fit vetting candidates; after a tie at the last seat, only those tied (re-vote)."""
        last = self._last_counted(opening)
        if last and last.tally and last.tally.get("revote_among"):
            return list(last.tally["revote_among"])
        fit = [v for v in self.vetting[opening.pk] if v.opinion == VettingOpinion.FIT]
        return [str(v.application_id) for v in fit]

    def competitive(self, opening: Opening) -> bool:
        """A10: more candidates than seats, unless the round re-votes among those tied."""
        last = self._last_counted(opening)
        if last is not None and last.tally and last.tally.get("revote_among"):
            return True
        return len(self.candidates(opening)) > opening.seats

    def latest(self, opening: Opening) -> BallotRound | None:
        return self.rounds[opening.pk][-1] if self.rounds[opening.pk] else None

    def open(
        self,
        opening: Opening,
        *,
        held_on: date,
        committee: str,
        expected: int,
        present: int,
        on_leave: str = "",
        supervisor: str = "",
        counter: str = "",
        now: datetime,
        schedule: Schedule,
    ) -> BallotRound:
        """A10: a counted round of the committee's ballot; without quorum it is recorded
        as a round that decides nothing (and sealed)."""
        schedule.require(now, Step.BALLOT)
        rounds = self.rounds[opening.pk]
        if any(b.status == BallotStatus.DECIDED for b in rounds):
            raise RuleViolation("A10", "已经票决产生任职人选，无需再次票决。")
        if any(b.status == BallotStatus.OPEN for b in rounds):
            raise RuleViolation("A10", "上一轮票决尚未计票。")
        check_attendance(expected=expected, present=present)
        previous = rounds[-1] if rounds else None
        if held_on is None:
            raise RuleViolation("A10", "请填写会议日期。", field="held_on")
        if held_on > timezone.localdate(now):
            raise RuleViolation(
                "A10", "会议日期不能晚于今天：票决在会上当场进行。", field="held_on"
            )
        if previous and held_on < previous.held_on:
            raise RuleViolation(
                "A10",
                f"会议日期不能早于上一轮票决（{previous.held_on:%Y年%m月%d日}）。",
                field="held_on",
            )
        if not committee.strip():
            raise RuleViolation("A10", "请填写党委（党组）名称。", field="committee")
        vetting = self.vetting[opening.pk]
        if any(v.opinion == "" for v in vetting):
            raise RuleViolation("A10", "还有考察对象未形成考察意见，考察结束后才能票决。")
        last_vetted = max((v.vetted_on for v in vetting if v.vetted_on), default=None)
        if last_vetted and held_on < last_vetted:
            raise RuleViolation(
                "A10", f"会议日期不能早于考察日期（{last_vetted:%Y年%m月%d日}）。", field="held_on"
            )
        candidates = self.candidates(opening)
        last = self._last_counted(opening)
        if not (last and last.tally and last.tally.get("revote_among")):
            check_competitive(candidates, seats=opening.seats)
        ballot = BallotRound(
            opening=opening,
            round=(previous.round + 1 if previous else 1),
            held_on=held_on,
            committee=committee.strip(),
            members="",
            expected=expected,
            present=present,
            on_leave=on_leave.strip(),
            supervisor=supervisor.strip(),
            counter=counter.strip(),
            mode=BallotMode.COUNTED,
            candidates=candidates,
        )
        quorum = quorum_met(expected=expected, present=present)
        transitions.create(
            ballot,
            BALLOT,
            "ballot_open" if quorum else "ballot_no_quorum",
            actor=None,
            campaign=opening.campaign,
            now=now,
            windows=schedule.windows,
            after={"expected": expected, "present": present, "candidates": candidates},
        )
        rounds.append(ballot)
        self.papers[ballot.pk] = []
        if not quorum:
            self._seal(opening, ballot)
        return ballot

    def enter_papers(self, ballot: BallotRound, papers: list[dict]) -> int:
        """A10: the counters type in the paper ballots (one dict of marks per ballot)."""
        if ballot.status != BallotStatus.OPEN or ballot.mode != BallotMode.COUNTED:
            raise RuleViolation("A10", "该轮票决不能再录入选票。")
        if len(papers) > ballot.present:
            raise RuleViolation(
                "A10", f"收回选票{len(papers)}张，多于实到会人数{ballot.present}人，本次票决无效。"
            )
        marks = [{str(k): v for k, v in p.items() if v} for p in papers]
        BallotPaper.objects.filter(ballot=ballot).delete()
        BallotPaper.objects.bulk_create([BallotPaper(ballot=ballot, marks=m) for m in marks])
        self.papers[ballot.pk] = marks
        log = Log()
        log.add("ballot_enter_papers", ballot, after={"papers": len(papers)})
        log.write()
        return len(papers)

    def count(self, ballot: BallotRound, *, now: datetime, schedule: Schedule) -> BallotRound:
        """A10: count a counted round with rules.ballot.tally; elected, or no decision
        (recorded; a re-vote follows); then seal it."""
        schedule.require(now, Step.BALLOT)
        if ballot.mode != BallotMode.COUNTED:
            raise RuleViolation("A10", "现场电子票决由票决终端计票。")
        opening = ballot.opening
        papers = self.papers[ballot.pk]
        outcome = tally(
            ballot.candidates,
            papers,
            expected=ballot.expected,
            present=ballot.present,
            seats=opening.seats,
        )
        result = tally_record(outcome)
        transitions.transition(
            ballot,
            BALLOT,
            "ballot_count" if outcome.decided else "ballot_count_undecided",
            actor=None,
            campaign=opening.campaign,
            now=now,
            windows=schedule.windows,
            fields={
                "tally": result,
                "counted_at": now,
                "elected_id": int(outcome.elected[0]) if outcome.decided else None,
                "unvoted": 0,
                "unvoted_note": "",
            },
            after={**result, "unvoted": 0},
            note="",
        )
        self._seal(opening, ballot)
        return ballot

    def _seal(self, opening: Opening, ballot: BallotRound) -> None:
        ballot.seal = seal_of(ballot, self.papers[ballot.pk], opening.ballot_head)
        ballot.save(update_fields=["seal"])
        opening.ballot_head = ballot.seal
        opening.save(update_fields=["ballot_head"])
