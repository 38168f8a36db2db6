"""Reads of the decision (A9–A11, C4): the hearing's ranking the vetting starts from, the
contestants still owed a talk, and the appointments waiting on someone's home page."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch

from cadrex.accounts.models import Role
from cadrex.campaigns.models import Campaign
from cadrex.competition.decision.models import Appointment, AppointmentStatus, Talk
from cadrex.competition.hearing.models import HearingContestant, ScoringState
from cadrex.competition.hearing.selectors import ranking
from cadrex.competition.registration.models import Opening
from cadrex.registry.models import Unit
from cadrex.rules import RuleViolation


def hearing_ranking(opening: Opening):
    """A8 ranks of the opening's contestants (keys: application ids as text), recomputed by
    the rules core from raw scores, with the office's tie breaks."""
    hearing = getattr(opening, "hearing", None)
    if hearing is None:
        raise RuleViolation("A9", "该职位尚未进行公开竞岗，不能确定考察对象。")
    contestants = list(hearing.contestants.select_related("application__cadre"))
    if not contestants or any(c.scoring != ScoringState.CLOSED for c in contestants):
        raise RuleViolation("A9", "公开竞岗评分尚未全部结束，不能确定考察对象。")
    return ranking(hearing, contestants)


def contestants_not_appointed(unit: Unit | int, campaign: Campaign):
    """C4: contestants of this unit's openings whose appointment is published and who were
    not appointed: the people the unit talks to (谈心谈话), each as often as it needs."""
    decided = Appointment.objects.filter(
        opening__campaign=campaign, opening__unit=unit, status=AppointmentStatus.PUBLISHED
    )
    return (
        HearingContestant.objects.filter(hearing__opening_id__in=decided.values("opening_id"))
        .exclude(application_id__in=decided.values("application_id"))
        .select_related("application__cadre__unit", "application__home_unit", "hearing__opening")
        .order_by("hearing__opening_id", "application__cadre__name", "pk")
    )


def contestants_to_talk(unit: Unit | int, campaign: Campaign):
    """C4: those of them not yet talked to (one talk is enough to be no longer pending)."""
    talked = Talk.objects.filter(application_id=OuterRef("application_id"))
    return contestants_not_appointed(unit, campaign).exclude(Exists(talked))


def talk_rows(unit: Unit, campaign: Campaign) -> list:
    """C4: every contestant not appointed, each with their talks in the order held
    (``contestant.talks``), those still owed a first talk first."""
    rows = list(
        contestants_not_appointed(unit, campaign).prefetch_related(
            Prefetch("application__talks", queryset=Talk.objects.order_by("talked_on", "id"))
        )
    )
    for row in rows:
        row.talks = list(row.application.talks.all())
    return sorted(rows, key=lambda row: bool(row.talks))


def decision_todos(user, campaign: Campaign, add) -> None:
    """A11: appointments waiting for the orgdept, and for the unit to submit or publish."""
    appointments = Appointment.objects.filter(opening__campaign=campaign)
    if user.role == Role.ORGDEPT:
        add(
            appointments.filter(status=AppointmentStatus.SUBMITTED).count(),
            "份任职材料待审核",
            "competition:appointments",
        )
    if user.role in (Role.UNIT_LEADER, Role.UNIT_OPERATOR):
        own = appointments.filter(opening__unit_id=user.unit_id)
        waiting = (AppointmentStatus.DRAFT, AppointmentStatus.RETURNED)
        add(
            own.filter(status__in=waiting).count(),
            "份任职材料待报送（主要领导报送）",
            "competition:decisions",
        )
        add(
            own.filter(status=AppointmentStatus.APPROVED).count(),
            "份任职已审核通过，待发布任前公示",
            "competition:decisions",
        )
        add(
            contestants_to_talk(user.unit_id, campaign).count(),
            "名竞岗未任职人员待谈心谈话",
            "competition:talks",
        )
