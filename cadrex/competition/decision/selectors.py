"""Reads of the decision (A9–A11, C4): the hearing's ranking the vetting starts from, the
contestants still owed a talk, and the appointments waiting on someone's home page."""

from __future__ import annotations

from cadrex.accounts.models import Role
from cadrex.campaigns.models import Campaign
from cadrex.competition.decision.models import Appointment, AppointmentStatus
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
