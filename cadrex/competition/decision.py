"""A9–A12 and C4 services: vetting, the committee ballot, the appointment and its probation,
the headcount cap and the unit's own adjustment, talks with unsuccessful contestants."""

from __future__ import annotations

import secrets
from datetime import date

from django.db import transaction
from django.utils import timezone

from cadrex.audit.services import event_record
from cadrex.campaigns.models import Campaign
from cadrex.competition.models import (
    Adjustment,
    Appointment,
    AppointmentStatus,
    BallotMode,
    BallotPaper,
    BallotRound,
    BallotToken,
    HeadcountFreeze,
    HearingContestant,
    Opening,
    Probation,
    ProbationOutcome,
    ScoringState,
    Talk,
    VettingCandidate,
    VettingOpinion,
)
from cadrex.competition.services import require_any_step, require_step
from cadrex.registry.models import Cadre, MiddleLevelPost, Unit
from cadrex.rules import RuleViolation
from cadrex.rules.appointment import Standing, is_promotion, probation_end, publicity_end
from cadrex.rules.ballot import check_competitive, tally
from cadrex.rules.headcount import check_not_over, check_within_cap, headcount_excess
from cadrex.rules.schedule import Step
from cadrex.rules.scoring import rank
from cadrex.rules.vetting import vetting_candidates

# ------------------------------------------------------------------ A12 headcount


def frozen_headcount(campaign: Campaign, unit: Unit) -> int:
    """A12: the unit's headcount when the campaign opened (frozen then; a unit first seen
    later is frozen at its first use, before any appointment can touch it)."""
    freeze, _ = HeadcountFreeze.objects.get_or_create(
        campaign=campaign, unit=unit, defaults={"headcount": current_headcount(unit)}
    )
    return freeze.headcount


def current_headcount(unit: Unit) -> int:
    return MiddleLevelPost.objects.filter(unit=unit).count()


def headcounts_freeze(campaign: Campaign) -> int:
    """A12: freeze every unit's headcount at the campaign's opening."""
    existing = set(
        HeadcountFreeze.objects.filter(campaign=campaign).values_list("unit_id", flat=True)
    )
    counts = {u.pk: 0 for u in Unit.objects.exclude(pk__in=existing)}
    for unit_id in MiddleLevelPost.objects.filter(unit_id__in=counts).values_list(
        "unit_id", flat=True
    ):
        counts[unit_id] += 1
    HeadcountFreeze.objects.bulk_create(
        [HeadcountFreeze(campaign=campaign, unit_id=pk, headcount=n) for pk, n in counts.items()]
    )
    return len(counts)


def headcount_rows(campaign: Campaign) -> list[dict]:
    """A12 for the office: frozen, current, and by how much a unit is over."""
    frozen = dict(
        HeadcountFreeze.objects.filter(campaign=campaign).values_list("unit_id", "headcount")
    )
    current: dict[int, int] = {}
    for unit_id in MiddleLevelPost.objects.values_list("unit_id", flat=True):
        current[unit_id] = current.get(unit_id, 0) + 1
    rows = []
    for unit in Unit.objects.filter(vertically_managed=False).order_by("code"):
        before = frozen.get(unit.pk, current.get(unit.pk, 0))
        now = current.get(unit.pk, 0)
        rows.append(
            {
                "unit": unit,
                "before": before,
                "current": now,
                "over": headcount_excess(before=before, after=now),
            }
        )
    return rows


@transaction.atomic
def adjustment_record(
    *,
    actor,
    campaign: Campaign,
    unit: Unit,
    kind: str,
    cadre: Cadre,
    action: str,
    section: str = "",
    level: str = "",
    note: str = "",
) -> Adjustment:
    """A12: the unit's own 全员竞岗 / 局部轮岗: release a middle-level post or assign one,
    never above the pre-competition headcount."""
    require_any_step(campaign, (Step.ADJUSTMENT, Step.APPOINTMENT), None)
    if cadre.unit_id != unit.pk:
        raise RuleViolation("A12", f"{cadre.name}不是本单位干部。", field="cadre")
    post = MiddleLevelPost.objects.filter(cadre=cadre).first()
    if action == "release":
        if post is None:
            raise RuleViolation("A12", f"{cadre.name}未担任中层职务，无需免去。", field="cadre")
        post.delete()
    elif action == "assign":
        if not section.strip() or level not in ("chief", "deputy"):
            raise RuleViolation("A12", "请填写科室（机构）和正副职。", field="section")
        if post is None:
            check_within_cap(
                before=frozen_headcount(campaign, unit), current=current_headcount(unit)
            )
            MiddleLevelPost.objects.create(
                cadre=cadre,
                unit=unit,
                section=section.strip(),
                level=level,
                since=timezone.localdate(),
            )
        else:  # a move between sections keeps the headcount
            post.section, post.level = section.strip(), level
            post.save(update_fields=["section", "level"])
    else:
        raise RuleViolation("A12", "调整方式只能是任职或免职。", field="action")
    adjustment = Adjustment.objects.create(
        campaign=campaign,
        unit=unit,
        kind=kind,
        cadre=cadre,
        action=action,
        section=section.strip(),
        level=level,
        note=note.strip(),
    )
    event_record(
        actor=actor,
        action="adjustment_record",
        obj=adjustment,
        after={
            "cadre": cadre.name,
            "action": action,
            "section": section,
            "level": level,
            "headcount": current_headcount(unit),
        },
    )
    return adjustment


# ------------------------------------------------------------------ A9 vetting


def hearing_ranking(opening: Opening):
    """A8 ranks of the opening's contestants, recomputed by the rules core from raw scores."""
    from cadrex.competition.hearing import compute

    hearing = getattr(opening, "hearing", None)
    if hearing is None:
        raise RuleViolation("A9", "该职位尚未进行公开竞岗，不能确定考察对象。")
    contestants = list(hearing.contestants.select_related("application__cadre"))
    if not contestants or any(c.scoring != ScoringState.CLOSED for c in contestants):
        raise RuleViolation("A9", "公开竞岗评分尚未全部结束，不能确定考察对象。")
    return rank([(c.application_id, compute(c)) for c in contestants], opening.campaign.policy)


@transaction.atomic
def vetting_fix(
    *, actor, opening: Opening, chosen: list[int] | None = None, reason: str = "", now=None
) -> list[VettingCandidate]:
    """A9: the vetting candidates at 1:2 — the top two by score unless the unit writes why not."""
    campaign = opening.campaign
    require_step(campaign, Step.VETTING, now)
    if VettingCandidate.objects.filter(opening=opening).exclude(opinion="").exists():
        raise RuleViolation("A9", "已有考察对象形成考察意见，不能再更改考察对象。")
    pick = vetting_candidates(
        hearing_ranking(opening),
        seats=opening.seats,
        policy=campaign.policy,
        chosen=chosen,
        reason=reason,
    )
    VettingCandidate.objects.filter(opening=opening).delete()
    rows = [
        VettingCandidate.objects.create(opening=opening, application_id=pk)
        for pk in pick.candidates
    ]
    opening.vetting_reason = pick.reason or ""
    opening.save(update_fields=["vetting_reason"])
    event_record(
        actor=actor,
        action="vetting_fix",
        obj=opening,
        after={"candidates": list(pick.candidates), "in_score_order": pick.in_score_order},
        note=pick.reason or "",
    )
    return rows


@transaction.atomic
def vetting_record(
    *,
    actor,
    candidate: VettingCandidate,
    methods: list[str],
    findings: str,
    opinion: str,
    vetted_on: date,
    now=None,
) -> VettingCandidate:
    """A9: the vetting record — methods, findings, opinion and date."""
    require_step(candidate.opening.campaign, Step.VETTING, now)
    if not methods:
        raise RuleViolation("A9", "请至少选择一种考察方式。", field="methods")
    if opinion not in (VettingOpinion.FIT, VettingOpinion.UNFIT):
        raise RuleViolation("A9", "请填写考察意见。", field="opinion")
    if not findings.strip():
        raise RuleViolation("A9", "请如实填写考察情况。", field="findings")
    if vetted_on > timezone.localdate():
        raise RuleViolation("A9", "考察日期不能晚于今天。", field="vetted_on")
    candidate.methods, candidate.findings, candidate.opinion, candidate.vetted_on = (
        methods,
        findings.strip(),
        opinion,
        vetted_on,
    )
    candidate.save()
    event_record(
        actor=actor,
        action="vetting_record",
        obj=candidate,
        after={"opinion": opinion, "methods": methods},
    )
    return candidate


# ------------------------------------------------------------------ A10 ballot


def _ballot_candidates(opening: Opening) -> list[str]:
    """Fit vetting candidates; after a tied round, only those tied (re-vote among them)."""
    last = opening.ballots.exclude(counted_at=None).order_by("-round").first()
    if last and last.outcome and last.outcome.get("revote_among"):
        return list(last.outcome["revote_among"])
    fit = VettingCandidate.objects.filter(opening=opening, opinion=VettingOpinion.FIT)
    return [str(pk) for pk in fit.order_by("id").values_list("application_id", flat=True)]


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
    now=None,
) -> BallotRound:
    """A10: a round of the committee's competitive ballot: quorum first, then the candidates."""
    require_step(opening.campaign, Step.BALLOT, now)
    if opening.ballots.filter(elected__isnull=False).exists():
        raise RuleViolation("A10", "已经票决产生任职人选，无需再次票决。")
    if opening.ballots.filter(counted_at__isnull=True).exists():
        raise RuleViolation("A10", "上一轮票决尚未计票。")
    if expected < 1 or not 0 <= present <= expected:
        raise RuleViolation(
            "A10", f"实到会人数（{present}）应在0到应到会人数（{expected}）之间。", field="present"
        )
    if held_on > timezone.localdate():
        raise RuleViolation("A10", "会议日期不能晚于今天：票决在会上当场进行。", field="held_on")
    if present * 3 < expected * 2:
        raise RuleViolation(
            "A10",
            f"应到会{expected}人，实到会{present}人，不足三分之二，不能进行票决。",
            field="present",
        )
    candidates = _ballot_candidates(opening)
    previous = opening.ballots.exclude(counted_at=None).order_by("-round").first()
    revote = bool(previous and previous.outcome and previous.outcome.get("revote_among"))
    if not revote:
        check_competitive(candidates, seats=opening.seats)
    if mode not in BallotMode.values:
        raise RuleViolation("A10", "请选择投票方式。", field="mode")
    ballot = BallotRound.objects.create(
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
    if mode == BallotMode.SECRET:
        BallotToken.objects.bulk_create(
            [BallotToken(ballot=ballot, token=secrets.token_urlsafe(16)) for _ in range(present)]
        )
    event_record(
        actor=actor,
        action="ballot_open",
        obj=ballot,
        after={"expected": expected, "present": present, "candidates": candidates},
    )
    return ballot


def _valid_marks(ballot: BallotRound, marks: dict) -> dict:
    return {str(k): v for k, v in marks.items() if v}


@transaction.atomic
def ballot_enter_papers(*, actor, ballot: BallotRound, papers: list[dict]) -> int:
    """A10: the counters type in the paper ballots (one dict of marks per ballot)."""
    ballot = BallotRound.objects.select_for_update().get(pk=ballot.pk)
    if ballot.counted_at or ballot.mode != BallotMode.COUNTED:
        raise RuleViolation("A10", "该轮票决不能再录入选票。")
    if len(papers) > ballot.present:
        raise RuleViolation(
            "A10", f"收回选票{len(papers)}张，多于实到会人数{ballot.present}人，本次票决无效。"
        )
    ballot.papers.all().delete()
    now = timezone.now()
    BallotPaper.objects.bulk_create(
        [BallotPaper(ballot=ballot, marks=_valid_marks(ballot, p), cast_at=now) for p in papers]
    )
    event_record(
        actor=actor, action="ballot_enter_papers", obj=ballot, after={"papers": len(papers)}
    )
    return len(papers)


@transaction.atomic
def ballot_cast(*, token: str, marks: dict) -> BallotPaper:
    """A10 secret ballot: one ballot per link, no proxy, the paper not linked to the member."""
    row = (
        BallotToken.objects.select_for_update().select_related("ballot").filter(token=token).first()
    )
    if row is None:
        raise RuleViolation("A10", "投票链接无效。")
    if row.used_at:
        raise RuleViolation("A10", "该投票链接已经投过票，每人只能投一次。")
    if row.ballot.counted_at:
        raise RuleViolation("A10", "本轮票决已经计票结束。")
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    return BallotPaper.objects.create(
        ballot=row.ballot, marks=_valid_marks(row.ballot, marks), cast_at=row.used_at
    )


@transaction.atomic
def ballot_count(*, actor, ballot: BallotRound, now=None) -> BallotRound:
    """A10: count with rules.ballot.tally; elected, or no decision (recorded; re-vote)."""
    ballot = (
        BallotRound.objects.select_for_update()
        .select_related("opening__campaign")
        .get(pk=ballot.pk)
    )
    require_step(ballot.opening.campaign, Step.BALLOT, now)
    if ballot.counted_at:
        raise RuleViolation("A10", "本轮已经计票。")
    papers = [p.marks for p in ballot.papers.all()]
    outcome = tally(
        ballot.candidates,
        papers,
        expected=ballot.expected,
        present=ballot.present,
        seats=ballot.opening.seats,
    )
    ballot.outcome = {
        "counts": {
            k: {"for": v.for_, "against": v.against, "abstain": v.abstain}
            for k, v in outcome.counts.items()
        },
        "returned": outcome.ballots_returned,
        "valid": outcome.valid,
        "invalid": outcome.invalid,
        "quorum_met": outcome.quorum_met,
        "threshold": outcome.threshold,
        "elected": list(outcome.elected),
        "revote_among": list(outcome.revote_among),
        "decided": outcome.decided,
    }
    ballot.counted_at = timezone.now()
    if outcome.decided:
        ballot.elected_id = int(outcome.elected[0])
    ballot.save()
    event_record(actor=actor, action="ballot_count", obj=ballot, after=ballot.outcome)
    return ballot


# ------------------------------------------------------------------ A11 appointment


def _standing(cadre: Cadre) -> Standing:
    post = MiddleLevelPost.objects.filter(cadre=cadre).first()
    return Standing(post.level if post else None, cadre.rank or None)


@transaction.atomic
def appointment_prepare(
    *, actor, opening: Opening, reason: str, proposed_post: str = "", now=None
) -> Appointment:
    """A11: the package for the elected contestant, with whether it is a promotion."""
    require_step(opening.campaign, Step.APPOINTMENT, now)
    ballot = (
        opening.ballots.filter(elected__isnull=False).select_related("elected__cadre__unit").first()
    )
    if ballot is None:
        raise RuleViolation("A11", "党委（党组）尚未票决产生任职人选。")
    application = ballot.elected
    cadre = application.cadre
    before = _standing(cadre)
    after = Standing(opening.level, cadre.rank or None)
    post = MiddleLevelPost.objects.filter(cadre=cadre).first()
    appointment, _ = Appointment.objects.update_or_create(
        opening=opening,
        defaults={
            "application": application,
            "proposed_post": (proposed_post or f"{opening.unit.name}{opening.post_name}").strip(),
            "post_to_leave": f"{cadre.unit.name}{cadre.current_post}" if post else "",
            "reason": reason.strip(),
            "promotion": is_promotion(before, after),
            "before": {
                "unit": cadre.unit.code,
                "post": cadre.current_post,
                "rank": cadre.rank,
                "section": post.section if post else "",
                "level": post.level if post else "",
            },
            "decided_on": ballot.held_on,
        },
    )
    if appointment.status not in (AppointmentStatus.DRAFT, AppointmentStatus.RETURNED):
        raise RuleViolation("A11", "任职材料已报送，不能再修改。")
    event_record(
        actor=actor,
        action="appointment_prepare",
        obj=appointment,
        after={"promotion": appointment.promotion},
    )
    return appointment


def _move(
    appointment: Appointment, status: str, allowed: tuple[str, ...], actor, action: str, **fields
) -> Appointment:
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.status not in allowed:
        raise RuleViolation(
            "A11", f"任职当前状态为“{appointment.get_status_display()}”，不能办理此事项。"
        )
    before = appointment.status
    appointment.status = status
    for name, value in fields.items():
        setattr(appointment, name, value)
    appointment.save()
    event_record(
        actor=actor,
        action=action,
        obj=appointment,
        before={"status": before},
        after={"status": status},
    )
    return appointment


@transaction.atomic
def appointment_submit(*, actor, appointment: Appointment, now=None) -> Appointment:
    require_step(appointment.opening.campaign, Step.APPOINTMENT, now)
    if not appointment.reason.strip():
        raise RuleViolation("A11", "请填写任免理由。", field="reason")
    return _move(
        appointment,
        AppointmentStatus.SUBMITTED,
        (AppointmentStatus.DRAFT, AppointmentStatus.RETURNED),
        actor,
        "appointment_submit",
        submitted_at=timezone.now(),
    )


@transaction.atomic
def appointment_review(
    *, actor, appointment: Appointment, approve: bool, note: str = ""
) -> Appointment:
    """A11: the orgdept approves the package or returns it with a reason."""
    if not approve and not note.strip():
        raise RuleViolation("A11", "退回时须写明原因。", field="note")
    status = AppointmentStatus.APPROVED if approve else AppointmentStatus.RETURNED
    return _move(
        appointment,
        status,
        (AppointmentStatus.SUBMITTED,),
        actor,
        "appointment_review",
        reviewed_by=actor,
        review_note=note.strip(),
    )


@transaction.atomic
def appointment_publicise(*, actor, appointment: Appointment, start: date) -> Appointment:
    """A11: the publicity notice (任前公示) for the policy's working days."""
    end = publicity_end(start, policy=appointment.opening.campaign.policy)
    return _move(
        appointment,
        AppointmentStatus.PUBLICISED,
        (AppointmentStatus.APPROVED,),
        actor,
        "appointment_publicise",
        publicity_start=start,
        publicity_end=end,
    )


@transaction.atomic
def appointment_publish(*, actor, appointment: Appointment, on: date) -> Appointment:
    """A11/A12: publish the appointment after the publicity; the record moves; a promotion
    starts its probation. Refused while the unit is above its pre-competition headcount."""
    appointment = (
        Appointment.objects.select_for_update()
        .select_related("opening__unit", "opening__campaign", "application__cadre")
        .get(pk=appointment.pk)
    )
    if appointment.status != AppointmentStatus.PUBLICISED:
        raise RuleViolation("A11", "须在任前公示后发文任职。")
    if on > timezone.localdate():
        raise RuleViolation("A11", "发文日期不能晚于今天。", field="on")
    if on <= appointment.publicity_end:
        raise RuleViolation(
            "A11", f"任前公示至{appointment.publicity_end:%Y-%m-%d}，期满后才能发文任职。"
        )
    opening, campaign = appointment.opening, appointment.opening.campaign
    unit = opening.unit
    check_not_over(before=frozen_headcount(campaign, unit), current=current_headcount(unit))
    cadre = Cadre.objects.select_for_update().get(pk=appointment.application.cadre_id)
    frozen_headcount(campaign, cadre.unit)  # the home unit's count is frozen before it drops
    MiddleLevelPost.objects.filter(cadre=cadre).delete()
    MiddleLevelPost.objects.create(
        cadre=cadre, unit=unit, section=opening.section, level=opening.level, since=on
    )
    cadre.unit, cadre.current_post, cadre.post_since = unit, opening.post_name, on
    if appointment.promotion:
        end = probation_end(
            decision_date=appointment.decided_on, notice_date=on, policy=campaign.policy
        )
        start = on if campaign.policy.probation_start == "notice" else appointment.decided_on
        Probation.objects.create(appointment=appointment, start=start, end=end)
        cadre.probation_until = end
    cadre.save()
    return _move(
        appointment,
        AppointmentStatus.PUBLISHED,
        (AppointmentStatus.PUBLICISED,),
        actor,
        "appointment_publish",
        published_on=on,
    )


@transaction.atomic
def probation_conclude(*, actor, probation: Probation, outcome: str, note: str = "") -> Probation:
    """A11: confirmed at the end of probation, or removed and returned to the former rank."""
    probation = (
        Probation.objects.select_for_update()
        .select_related("appointment__application__cadre")
        .get(pk=probation.pk)
    )
    if probation.outcome:
        raise RuleViolation("A11", "该试用期已有结论。")
    if outcome not in (ProbationOutcome.CONFIRMED, ProbationOutcome.REMOVED):
        raise RuleViolation("A11", "请选择试用期结论。", field="outcome")
    if outcome == ProbationOutcome.REMOVED and not note.strip():
        raise RuleViolation("A11", "免职须写明理由。", field="note")
    cadre = probation.appointment.application.cadre
    if outcome == ProbationOutcome.REMOVED:
        MiddleLevelPost.objects.filter(cadre=cadre).delete()
        cadre.rank = probation.appointment.before.get("rank", cadre.rank)
        cadre.current_post = "科员"
    cadre.probation_until = None
    cadre.save()
    probation.outcome, probation.note = outcome, note.strip()
    probation.recorded_by, probation.recorded_at = actor, timezone.now()
    probation.save()
    event_record(
        actor=actor,
        action="probation_conclude",
        obj=probation,
        after={"outcome": outcome},
        note=note,
    )
    return probation


# ------------------------------------------------------------------ C4 talks


def contestants_to_talk(unit: Unit, campaign: Campaign):
    """C4: contestants of this unit's openings who were not appointed and not yet talked to."""
    decided = Appointment.objects.filter(
        opening__campaign=campaign, opening__unit=unit, status=AppointmentStatus.PUBLISHED
    )
    appointed = set(decided.values_list("application_id", flat=True))
    closed_openings = decided.values_list("opening_id", flat=True)
    return (
        HearingContestant.objects.filter(hearing__opening_id__in=closed_openings)
        .exclude(application_id__in=appointed)
        .filter(application__talk__isnull=True)
        .select_related("application__cadre__unit", "hearing__opening")
    )


@transaction.atomic
def talk_record(*, actor, application, talked_on: date, by: str, note: str) -> Talk:
    if not by.strip():
        raise RuleViolation("C4", "请填写谈话人。", field="by")
    talk = Talk.objects.create(
        application=application, talked_on=talked_on, by=by.strip(), note=note.strip()
    )
    event_record(
        actor=actor, action="talk_record", obj=talk, after={"with": application.cadre.name}
    )
    return talk
