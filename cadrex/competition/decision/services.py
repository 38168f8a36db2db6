"""A9, A12 and C4 services: vetting, the unit's own adjustment under the headcount cap,
talks with unsuccessful contestants. The committee's ballot is in ``ballot`` and
``secret_ballot``, the appointment and its probation in ``appointment``."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cadrex.audit.services import event_record
from cadrex.campaigns.headcount import current_headcount, headcount_freeze_unit
from cadrex.campaigns.models import Campaign
from cadrex.competition.decision.models import (
    Adjustment,
    Talk,
    VettingCandidate,
    VettingOpinion,
)
from cadrex.competition.decision.selectors import hearing_ranking
from cadrex.competition.registration.models import Opening
from cadrex.competition.windows import require_any_step, require_step
from cadrex.registry.models import Cadre, MiddleLevelPost, Unit
from cadrex.rules import RuleViolation
from cadrex.rules.care import check_talk
from cadrex.rules.headcount import adjustment_change, check_within_cap
from cadrex.rules.schedule import Step
from cadrex.rules.vetting import vetting_candidates

# ------------------------------------------------------------------ A12 headcount


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
    post = MiddleLevelPost.objects.filter(cadre=cadre).first()
    change = adjustment_change(
        action=action,
        cadre=cadre.name,
        own=cadre.unit_id == unit.pk,
        holds_post=post is not None,
        section=section,
        level=level,
    )
    if change > 0:
        check_within_cap(
            before=headcount_freeze_unit(campaign, unit, actor=actor),
            current=current_headcount(unit),
        )
    if change < 0:
        post.delete()
    elif post is None:
        MiddleLevelPost.objects.create(
            cadre=cadre, unit=unit, section=section.strip(), level=level, since=timezone.localdate()
        )
    else:  # a move between sections keeps the headcount
        post.section, post.level = section.strip(), level
        post.save(update_fields=["section", "level"])
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
        chosen=None if chosen is None else [str(pk) for pk in chosen],
        reason=reason,
    )
    VettingCandidate.objects.filter(opening=opening).delete()
    rows = [
        VettingCandidate.objects.create(opening=opening, application_id=int(pk))
        for pk in pick.candidates
    ]
    opening.vetting_reason = pick.reason or ""
    opening.save(update_fields=["vetting_reason"])
    event_record(
        actor=actor,
        action="vetting_fix",
        obj=opening,
        after={
            "candidates": [int(k) for k in pick.candidates],
            "in_score_order": pick.in_score_order,
        },
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
    """A9: the vetting record — methods, findings, opinion and date; settled once the
    committee has started to ballot."""
    require_step(candidate.opening.campaign, Step.VETTING, now)
    candidate = VettingCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.opening.ballots.exists():
        raise RuleViolation("A9", "党委（党组）已开始票决，考察意见不能再更改。")
    if not methods:
        raise RuleViolation("A9", "请至少选择一种考察方式。", field="methods")
    if opinion not in (VettingOpinion.FIT, VettingOpinion.UNFIT):
        raise RuleViolation("A9", "请填写考察意见。", field="opinion")
    if not findings.strip():
        raise RuleViolation("A9", "请如实填写考察情况。", field="findings")
    if vetted_on is None:
        raise RuleViolation("A9", "请填写考察日期。", field="vetted_on")
    if vetted_on > timezone.localdate(now or timezone.now()):
        raise RuleViolation("A9", "考察日期不能晚于今天。", field="vetted_on")
    closed = candidate.opening.hearing.contestants.aggregate(last=Max("closed_at"))["last"]
    heard = timezone.localdate(closed or candidate.opening.hearing.scheduled_at)
    if vetted_on < heard:
        raise RuleViolation(
            "A9", f"考察日期不能早于公开竞岗日期（{heard:%Y年%m月%d日}）。", field="vetted_on"
        )
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


# ------------------------------------------------------------------ C4 talks


@transaction.atomic
def talk_record(*, actor, application, talked_on: date, by: str, note: str) -> Talk:
    """C4: a talk with a contestant of the unit's opening who was not appointed; each talk
    is kept beside the earlier ones (who held it, when, what was said)."""
    check_talk(by=by, talked_on=talked_on, today=timezone.localdate())
    talk = Talk.objects.create(
        application=application, talked_on=talked_on, by=by.strip(), note=note.strip()
    )
    event_record(
        actor=actor,
        action="talk_record",
        obj=talk,
        after={"with": application.cadre.name, "talked_on": talked_on, "by": talk.by},
    )
    return talk
