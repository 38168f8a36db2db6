"""Fast-forward of A9–A11: vetting (the office orders a tie at the cut first), the
committee's ballot, the appointment and its publicity."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, time, timedelta

from django.db.models import Max
from django.utils import timezone

from cadrex.competition.decision import appointment as appointments
from cadrex.competition.decision import ballot as ballots
from cadrex.competition.decision import secret_ballot
from cadrex.competition.decision import selectors as decision_selectors
from cadrex.competition.hearing import scoring
from cadrex.competition.models import (
    Application,
    AppointmentStatus,
    BallotMode,
    BallotRound,
    BallotStatus,
    Hearing,
    HearingContestant,
    Opening,
    ScoringState,
)
from cadrex.demo import batch_appointment
from cadrex.demo import batch_decision as batch
from cadrex.demo.part_a_hearing import _hearing_floor
from cadrex.demo.timeline import (
    APPOINT_REASON,
    FINDINGS,
    MINUTE,
    TIE_REASON,
    _after,
    _day,
    _decided_by_units,
    _latest,
    _logged,
    _logged_all,
    _Timeline,
)
from cadrex.rules import RuleViolation
from cadrex.rules.ballot import votes_needed
from cadrex.rules.schedule import Step
from cadrex.rules.scoring import tie_that_matters
from cadrex.rules.vetting import vetting_size

# ------------------------------------------------------------------ A9 vetting


def _break_tie(hearing: Hearing, opening: Opening, t: datetime):
    """A8/A9: a shared rank across the 1:2 cut is ordered by the office, with its reason.
    Returns the hearing's ranking (one per hearing, again only after the office's order)."""
    rows = decision_selectors.hearing_ranking(opening)
    at = tie_that_matters(rows, vetting_size(len(rows), opening.seats, opening.campaign.policy))
    if at is None:
        return rows
    ranks = dict(
        Application.objects.filter(pk__in=[int(r.key) for r in rows]).values_list(
            "pk", "prescreen_rank"
        )
    )
    tied = sorted((int(r.key) for r in rows if r.rank == at), key=lambda k: (ranks[k] or 99, k))
    scoring.tie_break(
        actor=None, hearing=hearing, at=at, order=[str(k) for k in tied], reason=TIE_REASON, now=t
    )
    return decision_selectors.hearing_ranking(opening)


def _vet(tl: _Timeline) -> None:
    """A9: each unit fixes its two vetting candidates from the ranking (after the office
    has ordered a tie at the cut), vets them, and records a fit opinion the next day.

    Every opening's candidates are fixed first, then every opening's records are made (each
    opening's acts keep their moments): the records of a hearing held a moment ago fall
    after the planned vetting window, and the schedule then moves once, not once for each."""
    plans = []
    decided = list(_decided_by_units(tl.campaign))
    hearings = {h.opening_id: h for h in Hearing.objects.filter(opening__in=decided)}
    open_hearings = set(
        HearingContestant.objects.filter(hearing__opening__in=decided)
        .exclude(scoring=ScoringState.CLOSED)
        .values_list("hearing__opening_id", flat=True)
    )
    vetting = batch.Vetting(decided)
    for i, opening in enumerate(decided):
        hearing = hearings.get(opening.pk)
        if hearing is None or opening.pk in open_hearings:
            continue
        opening.hearing = hearing
        rows = vetting.rows[opening.pk]
        if rows and all(v.opinion for v in rows):
            continue
        floor = _latest(
            _hearing_floor(opening, hearing),
            hearing.results_published_at,
            hearing.tie_breaks.aggregate(m=Max("decided_at"))["m"],
            _logged(opening, "vetting_fix") if rows else None,  # fixed by hand
            _day(max((v.vetted_on for v in rows if v.vetted_on), default=None)),
            tl.last.get(opening.pk),
        )
        t = tl.when(Step.VETTING, _after(tl.first(Step.VETTING) + i * MINUTE, floor))
        plans.append((t, opening, hearing))
    fixed = []
    for t, opening, hearing in sorted(plans, key=lambda row: (row[0], row[1].pk)):
        if not vetting.rows[opening.pk]:
            ranking = _break_tie(hearing, opening, tl.by(t))
            t = tl.at(Step.VETTING, t + MINUTE)
            vetting.fix(opening, ranking, now=t, schedule=tl.schedule())
        fixed.append((t, opening))
    vetting.flush()
    for t, opening in fixed:
        t += timedelta(days=1)  # talks, appraisals and the files take a day
        for candidate in vetting.waiting(opening):
            t = tl.at(Step.VETTING, t + MINUTE)
            vetting.record(
                candidate,
                methods=["talks", "appraisal", "files"],
                findings=FINDINGS,
                opinion="fit",
                vetted_on=timezone.localdate(t),
                now=t,
                schedule=tl.schedule(),
            )
        tl.mark(opening, t)
    vetting.finish()


# ------------------------------------------------------------------ A10 ballot


def _papers(ballot: BallotRound) -> list[dict]:
    """Paper ballots that elect the first candidate: more than half of the members expected
    vote for them, the others present for the next one."""
    seats = ballot.opening.seats
    first = ballot.candidates[:seats]
    other = ballot.candidates[seats:][:seats] or ballot.candidates[-seats:]
    need = votes_needed(expected=ballot.expected)
    return [dict.fromkeys(first, "for")] * need + [dict.fromkeys(other, "for")] * max(
        0, ballot.present - need
    )


def _vote(ballot: BallotRound) -> int:
    """The members present vote in an open round; returns how many of them did not.

    Paper ballots are typed in when there are none yet. A secret round is voted at its one
    terminal (ADR 0008): the supervisor starts it with a PIN and hands each member on the roll
    who has not voted a ballot, the first candidate's supporters first. A terminal started on
    another device, or with a ballot in someone's hand, is left alone: the chair then counts,
    recording the members who did not vote."""
    if ballot.mode == BallotMode.COUNTED:
        if not ballot.papers.exists():
            ballots.ballot_enter_papers(actor=None, ballot=ballot, papers=_papers(ballot))
        return 0
    waiting = list(ballot.voters.filter(voted=False).order_by("id"))
    if ballot.terminal_device or ballot.issued:
        return len(waiting)
    pin = f"{random.Random(ballot.pk).randrange(10**6):06d}"
    device = secret_ballot.terminal_claim(token=ballot.terminal_token, pin=pin, pin_again=pin)
    first, last = ballot.candidates[0], ballot.candidates[-1]
    have = sum(int(n) for paper, n in ballot.box.items() if json.loads(paper).get(first) == "for")
    for voter in waiting:
        pick = first if have < votes_needed(expected=ballot.expected) else last
        secret_ballot.ballot_issue(
            token=ballot.terminal_token, secret=device, voter_id=voter.pk, pin=pin
        )
        secret_ballot.ballot_cast(token=ballot.terminal_token, secret=device, marks={pick: "for"})
        have += pick == first
    return 0


def _competitive(opening: Opening) -> bool:
    """A10: more candidates than seats, unless the round re-votes among those tied."""
    last = opening.ballots.filter(status__in=ballots.COUNTED).order_by("-round").first()
    if last is not None and last.tally and last.tally.get("revote_among"):
        return True
    return len(ballots.ballot_candidates(opening)) > opening.seats


def _ballot(tl: _Timeline) -> None:
    """A10: each unit's committee ballots its fit candidates: 9 members expected, 8 present;
    an open round is voted and counted, a round without a decision is re-run."""
    plans = []
    decided = list(_decided_by_units(tl.campaign))
    committees = batch.Ballots(decided)
    for i, opening in enumerate(decided):
        vetting = committees.vetting[opening.pk]
        if not vetting or not all(v.opinion for v in vetting):
            continue
        if any(b.status == BallotStatus.DECIDED for b in committees.rounds[opening.pk]):
            continue
        last = committees.latest(opening)
        floor = _latest(
            _day(max(v.vetted_on for v in vetting if v.vetted_on)),
            _day(last.held_on) if last else None,
            last.counted_at if last else None,
            _logged(last) if last and last.status == BallotStatus.OPEN else None,  # by hand
            tl.last.get(opening.pk),
        )
        t = _after(tl.first(Step.BALLOT) + i * 5 * MINUTE, floor, timedelta(hours=1))
        plans.append((tl.when(Step.BALLOT, t), opening))
    for t, opening in sorted(plans, key=lambda row: (row[0], row[1].pk)):
        if committees.rounds[opening.pk]:  # begun by hand: round by round, by the services
            tl.mark(opening, _ballot_until_decided(tl, opening, t))
        else:
            tl.mark(opening, _ballot_at_once(tl, committees, opening, t))


def _committee(opening: Opening) -> str:
    return f"{opening.unit.name}{'党委' if opening.unit.kind == 'town' else '党组'}"


def _ballot_at_once(tl: _Timeline, committees, opening: Opening, t: datetime) -> datetime:
    """A10: ``_ballot_until_decided`` for an opening with no round yet — counted rounds on
    paper — through the batched forms (``batch_decision.Ballots``)."""
    for _ in range(3):
        ballot = committees.latest(opening)
        if ballot is not None and ballot.status == BallotStatus.DECIDED:
            return t
        if not committees.competitive(opening):
            tl.notes.append(
                f"{opening}：同意作为拟任人选的考察对象不多于职数，不能差额票决，留待单位研究。"
            )
            return t
        t = tl.at(Step.BALLOT, t + MINUTE)
        ballot = committees.open(
            opening,
            held_on=timezone.localdate(t),
            committee=_committee(opening),
            expected=9,
            present=8,
            on_leave="1人因公出差",
            supervisor="纪检组长",
            counter="办公室主任",
            now=t,
            schedule=tl.schedule(),
        )
        committees.enter_papers(ballot, _papers(ballot))
        t = tl.at(Step.BALLOT, t + 20 * MINUTE)
        committees.count(ballot, now=t, schedule=tl.schedule())
    if committees.latest(opening).status != BallotStatus.DECIDED:
        tl.notes.append(f"{opening}：三轮票决仍未产生任职人选，留待单位再次票决。")
    return t


def _ballot_until_decided(tl: _Timeline, opening: Opening, t: datetime) -> datetime:
    """A10: the rounds of one committee meeting: an open round is voted and counted, a round
    that decided nothing (no quorum, nobody elected) is followed by a new one; at most three."""
    committee = _committee(opening)
    for _ in range(3):
        ballot = opening.ballots.order_by("-round").first()
        if ballot is not None and ballot.status == BallotStatus.DECIDED:
            return t
        if ballot is None or ballot.status != BallotStatus.OPEN:
            if not _competitive(opening):
                tl.notes.append(
                    f"{opening}：同意作为拟任人选的考察对象不多于职数，不能差额票决，留待单位研究。"
                )
                return t
            t = tl.at(Step.BALLOT, t + MINUTE)
            ballot = ballots.ballot_open(
                actor=None,
                opening=opening,
                held_on=timezone.localdate(t),
                committee=committee,
                expected=9,
                present=8,
                on_leave="1人因公出差",
                mode=BallotMode.COUNTED,
                supervisor="纪检组长",
                counter="办公室主任",
                now=t,
            )
        unvoted = _vote(ballot)
        t = tl.at(Step.BALLOT, t + 20 * MINUTE)
        ballots.ballot_count(
            actor=None,
            ballot=ballot,
            confirm_unvoted=bool(unvoted),
            unvoted_note=f"{unvoted}人未投票，主持人确认按未投票计票" if unvoted else "",
            now=t,
        )
    if not opening.ballots.filter(status=BallotStatus.DECIDED).exists():
        tl.notes.append(f"{opening}：三轮票决仍未产生任职人选，留待单位再次票决。")
    return t


# ------------------------------------------------------------------ A11 appointment


def _appoint(tl: _Timeline) -> None:
    """A11: the unit sends the package, the orgdept approves it, the publicity runs its
    working days from the day of the approval, and the appointment is published on the day
    after it ends — if that day has come; else the notice is still running. The package,
    approval and notice fall on the window's first day, however late it starts, so that the
    publicity can end in time."""
    today = timezone.localdate(tl.now)
    rows = []
    decided_by_units = list(_decided_by_units(tl.campaign))
    book = batch_appointment.Appointments(decided_by_units)
    for opening in decided_by_units:
        decided = book.decided.get(opening.pk)
        appointment = book.found.get(opening.pk)
        if decided is None or getattr(appointment, "status", "") == AppointmentStatus.PUBLISHED:
            continue
        rows.append((opening, decided, appointment))
    logged = _logged_all(a for _, _, a in rows if a is not None)
    first = tl.first(Step.APPOINTMENT)
    midnight = _day(timezone.localdate(first) + timedelta(days=1))
    pace = min(MINUTE, max(timedelta(seconds=1), (midnight - first) / (len(rows) + 4)))
    plans = []
    for i, (opening, decided, appointment) in enumerate(rows):
        done = [decided.counted_at, _day(decided.held_on), tl.last.get(opening.pk)]
        if appointment is not None:  # a draft keeps no time: the log says when it was made
            done += [appointment.submitted_at, appointment.reviewed_at, logged.get(appointment.pk)]
        floor = _latest(*done)
        plans.append((_after(first + i * pace, floor, pace), opening))
    waiting: dict[date, list[str]] = {}  # the publicity's last day → its openings
    for t, opening in sorted(plans, key=lambda row: (row[0], row[1].pk)):
        appointment = book.found.get(opening.pk)
        if appointment is None:
            t = tl.at(Step.APPOINTMENT, t)
            appointment = book.prepare(
                opening, reason=APPOINT_REASON, now=t, schedule=tl.schedule()
            )
        elif appointment.status == AppointmentStatus.RETURNED:  # revised by its service
            t = tl.at(Step.APPOINTMENT, t)
            appointment = appointments.appointment_prepare(
                actor=None, opening=opening, reason=APPOINT_REASON, now=t
            )
        if appointment.status in (AppointmentStatus.DRAFT, AppointmentStatus.RETURNED):
            t = tl.at(Step.APPOINTMENT, t + pace)
            book.submit(appointment, now=t, schedule=tl.schedule())
        if appointment.status == AppointmentStatus.SUBMITTED:
            t = tl.by(t + pace)  # the orgdept's review
            book.approve(appointment, now=t, schedule=tl.schedule())
        if appointment.status == AppointmentStatus.APPROVED:
            t = tl.by(_after(t + pace, appointment.reviewed_at, pace))
            book.publicise(appointment, start=timezone.localdate(t), now=t, schedule=tl.schedule())
        tl.mark(opening, t)
        on = appointment.publicity_end + timedelta(days=1)
        if on > today:
            waiting.setdefault(appointment.publicity_end, []).append(str(opening))
            continue
        moment = tl.by(timezone.make_aware(datetime.combine(on, time(10))))
        try:
            appointments.appointment_publish(actor=None, appointment=appointment, on=on, now=moment)
        except RuleViolation as violation:
            if violation.rule != "A12":
                raise
            tl.notes.append(f"{opening}：{violation.message}")  # shows on the headcount page
        tl.mark(opening, moment)
    for end, names in sorted(waiting.items()):
        tl.notes.append(
            f"{len(names)}项任职的任前公示至{end:%Y-%m-%d}，{end + timedelta(days=1):%Y-%m-%d}起"
            f"可发文任职（届时再次快进即可）：{'、'.join(names[:5])}{'等' if len(names) > 5 else ''}。"
        )
