"""A11 services: the appointment of the elected contestant — the package, the orgdept's
review, the publicity notice (任前公示), the published appointment — and the probation of a
promotion. Each status moves only through ``rules.transitions.APPOINTMENT`` / ``PROBATION``.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from cadrex.audit.services import event_record
from cadrex.campaigns import transitions
from cadrex.campaigns.calendar import work_calendar
from cadrex.campaigns.headcount import current_headcount, headcount_freeze_unit
from cadrex.competition.decision.models import (
    Appointment,
    AppointmentStatus,
    BallotStatus,
    FamilyMember,
    Probation,
    ProbationOutcome,
)
from cadrex.competition.registration.models import Opening
from cadrex.competition.windows import require_step
from cadrex.registry.models import Cadre, MiddleLevelPost
from cadrex.rules import RuleViolation
from cadrex.rules.appointment import (
    Standing,
    conclusion_note,
    is_promotion,
    probation_end,
    probation_move,
    publicity_end,
    review_note,
)
from cadrex.rules.headcount import check_not_over
from cadrex.rules.schedule import Step
from cadrex.rules.scope import check_not_own_case
from cadrex.rules.transitions import APPOINTMENT, PROBATION


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _today(now: datetime | None) -> date:
    return timezone.localdate(_now(now))


def _standing(cadre: Cadre) -> Standing:
    post = MiddleLevelPost.objects.filter(cadre=cadre).first()
    return Standing(post.level if post else None, cadre.rank or None)


def _locked(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("opening__unit", "opening__campaign", "application__cadre")
        .get(pk=appointment.pk)
    )


@transaction.atomic
def appointment_prepare(
    *, actor, opening: Opening, reason: str, proposed_post: str = "", now=None
) -> Appointment:
    """A11: the package for the elected contestant, with whether it is a promotion."""
    require_step(opening.campaign, Step.APPOINTMENT, now)
    ballot = (
        opening.ballots.filter(status=BallotStatus.DECIDED)
        .select_related("elected__cadre__unit")
        .first()
    )
    if ballot is None:
        raise RuleViolation("A11", "党委（党组）尚未票决产生任职人选。")
    application = ballot.elected
    cadre = application.cadre
    post = MiddleLevelPost.objects.filter(cadre=cadre).first()
    values = {
        "application": application,
        "proposed_post": (proposed_post or f"{opening.unit.name}{opening.post_name}").strip(),
        "post_to_leave": f"{cadre.unit.name}{cadre.current_post}" if post else "",
        "reason": reason.strip(),
        "promotion": is_promotion(_standing(cadre), Standing(opening.level, cadre.rank or None)),
        "before": {
            "unit": cadre.unit.code,
            "post": cadre.current_post,
            "rank": cadre.rank,
            "section": post.section if post else "",
            "level": post.level if post else "",
        },
        "decided_on": ballot.held_on,
    }
    existing = Appointment.objects.select_for_update().filter(opening=opening).first()
    if existing is None:
        return transitions.create(
            Appointment(opening=opening, **values),
            APPOINTMENT,
            "appointment_prepare",
            actor=actor,
            campaign=opening.campaign,
            now=now,
            after={"promotion": values["promotion"]},
        )
    if existing.status not in (AppointmentStatus.DRAFT, AppointmentStatus.RETURNED):
        raise RuleViolation("A11", "任职材料已报送，不能再修改。")
    for name, value in values.items():
        setattr(existing, name, value)
    existing.save(update_fields=list(values))
    event_record(
        actor=actor,
        action="appointment_revise",
        obj=existing,
        after={"promotion": existing.promotion},
    )
    return existing


EDITABLE = (AppointmentStatus.DRAFT, AppointmentStatus.RETURNED)


@transaction.atomic
def appointment_form_details_update(
    *, actor, appointment: Appointment, resume: str, family: list[dict], **_
) -> Appointment:
    """A11: the unit's 简历 and 家庭主要成员及重要社会关系 for its approval form, while the
    package is being prepared or has been returned; refused once it is with the orgdept."""
    appointment = _locked(appointment)
    if appointment.status not in EDITABLE:
        raise RuleViolation(
            "A11",
            f"任职材料{appointment.get_status_display()}，不能再修改简历和家庭成员；"
            "只有准备材料中或被退回的材料可以修改。",
        )
    before = {
        "resume": appointment.resume,
        "family": list(appointment.family.values("relation", "name", "born", "politics", "work")),
    }
    appointment.resume = resume.strip()
    appointment.save(update_fields=["resume"])
    appointment.family.all().delete()
    FamilyMember.objects.bulk_create(
        FamilyMember(appointment=appointment, position=i, **row) for i, row in enumerate(family)
    )
    event_record(
        actor=actor,
        action="appointment_form_details_update",
        obj=appointment,
        before=before,
        after={"resume": appointment.resume, "family": family},
    )
    return appointment


@transaction.atomic
def appointment_submit(*, actor, appointment: Appointment, now=None) -> Appointment:
    appointment = _locked(appointment)
    require_step(appointment.opening.campaign, Step.APPOINTMENT, now)
    if not appointment.reason.strip():
        raise RuleViolation("A11", "请填写任免理由。", field="reason")
    transitions.transition(
        appointment,
        APPOINTMENT,
        "appointment_submit",
        actor=actor,
        campaign=appointment.opening.campaign,
        now=now,
        fields={"submitted_at": _now(now)},
    )
    return appointment


@transaction.atomic
def appointment_review(
    *, actor, appointment: Appointment, approve: bool, note: str = "", now=None
) -> Appointment:
    """A11: the orgdept approves the package or returns it with a reason — never a package
    about the reviewer themselves (one person, several roles: ADR 0014)."""
    appointment = _locked(appointment)
    check_not_own_case(
        getattr(actor, "cadre_id", None), appointment.application.cadre_id, rule="A11"
    )
    note = review_note(approve=approve, note=note)
    transitions.transition(
        appointment,
        APPOINTMENT,
        "appointment_approve" if approve else "appointment_return",
        actor=actor,
        campaign=appointment.opening.campaign,
        now=now,
        fields={"reviewed_at": _now(now), "review_note": note, "reviewed_by": actor},
        note=note,
    )
    return appointment


def _approved_on(appointment: Appointment, today: date) -> date:
    # Rows approved before the approval time was kept: the day it was submitted, at least.
    moment = appointment.reviewed_at or appointment.submitted_at
    return timezone.localdate(moment) if moment else today


@transaction.atomic
def appointment_publicise(
    *, actor, appointment: Appointment, start: date, end: date | None = None, now=None
) -> Appointment:
    """A11: the publicity notice (任前公示): from today or later, after the approval, for
    at least the policy's working days (``end`` may be later, never earlier)."""
    appointment = _locked(appointment)
    if start is None:
        raise RuleViolation("A11", "请填写任前公示开始日期。", field="start")
    today = _today(now)
    minimum = publicity_end(
        start, policy=appointment.opening.campaign.policy, calendar=work_calendar()
    )
    end = end or minimum
    transitions.transition(
        appointment,
        APPOINTMENT,
        "appointment_publicise",
        actor=actor,
        campaign=appointment.opening.campaign,
        now=now,
        facts={
            "start": start,
            "end": end,
            "minimum_end": minimum,
            "today": today,
            "approved_on": _approved_on(appointment, today),
        },
        fields={"publicity_start": start, "publicity_end": end},
        after={"publicity_start": start.isoformat(), "publicity_end": end.isoformat()},
    )
    return appointment


@transaction.atomic
def appointment_publish(*, actor, appointment: Appointment, on: date, now=None) -> Appointment:
    """A11/A12: publish the appointment after the publicity; the record moves; a promotion
    starts its probation. Refused while the unit is above its pre-competition headcount."""
    appointment = _locked(appointment)
    if on is None:
        raise RuleViolation("A11", "请填写发文日期。", field="on")
    opening, campaign = appointment.opening, appointment.opening.campaign
    facts = {"on": on, "today": _today(now), "publicity_end": appointment.publicity_end}
    if appointment.status == AppointmentStatus.PUBLICISED:  # else the table says why not
        transitions.check(
            APPOINTMENT,
            "appointment_publish",
            current=appointment.status,
            campaign=campaign,
            now=now,
            facts=facts,
        )
    else:
        raise RuleViolation("A11", "须在任前公示期满后发文任职。")
    unit = opening.unit
    before = headcount_freeze_unit(campaign, unit, actor=actor)
    check_not_over(before=before, current=current_headcount(unit))
    cadre = Cadre.objects.select_for_update().get(pk=appointment.application.cadre_id)
    headcount_freeze_unit(campaign, cadre.unit, actor=actor)  # the home unit's, before it drops
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
    transitions.transition(
        appointment,
        APPOINTMENT,
        "appointment_publish",
        actor=actor,
        campaign=campaign,
        now=now,
        facts=facts,
        fields={"published_on": on},
        after={"published_on": on.isoformat()},
    )
    return appointment


@transaction.atomic
def probation_conclude(
    *, actor, probation: Probation, outcome: str, note: str = "", now=None
) -> Probation:
    """A11: confirmed at the end of probation, or removed and returned to the former rank.

    Neither before the term is served: the regulation decides at the end of the year
    (条例 第六十条); a removal for cause during it is another procedure (ADR 0005).
    """
    probation = (
        Probation.objects.select_for_update(of=("self",))
        .select_related("appointment__application__cadre", "appointment__opening__campaign")
        .get(pk=probation.pk)
    )
    move = probation_move(outcome, concluded=bool(probation.outcome))
    facts = {"today": _today(now), "end": probation.end}
    campaign = probation.appointment.opening.campaign
    transitions.check(
        PROBATION, move, current=probation.outcome, campaign=campaign, now=now, facts=facts
    )
    note = conclusion_note(outcome=outcome, note=note)
    cadre = probation.appointment.application.cadre
    if outcome == ProbationOutcome.REMOVED:
        MiddleLevelPost.objects.filter(cadre=cadre).delete()
        cadre.rank = probation.appointment.before.get("rank", cadre.rank)
        cadre.current_post = "科员"
    cadre.probation_until = None
    cadre.save()
    transitions.transition(
        probation,
        PROBATION,
        move,
        actor=actor,
        campaign=campaign,
        now=now,
        facts=facts,
        fields={"note": note, "recorded_at": _now(now), "recorded_by": actor},
        note=note,
    )
    return probation
