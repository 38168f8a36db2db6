"""B7 deadlines that act (ADR 0012): the day a placed person must answer by, the daily
sweep that marks the silent ones 逾期未答复, and the orgdept's two ways to settle one —
treat the silence as a refusal (the B7 standby follows) or set a new deadline.

Each write is one transaction and one audit event; the sweep writes one event per
placement it marks and none when run again the same day.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction

from cadrex.audit.services import event_record
from cadrex.campaigns.calendar import work_calendar
from cadrex.campaigns.models import Campaign
from cadrex.exchange.answer_window import (
    answer_deadline_for,
    answer_opens_on,
    answer_window_opened,
)
from cadrex.exchange.guards import now_of, today_of
from cadrex.exchange.models import Answer, Placement
from cadrex.exchange.placements import placement_answer
from cadrex.rules import RuleViolation
from cadrex.rules.deadlines import (
    check_answer_window_set,
    check_new_answer_deadline,
    check_overdue,
)
from cadrex.rules.scope import check_not_own_case

__all__ = [
    "answer_deadline_for",
    "overdue_placements",
    "placement_deadline_extend",
    "placement_overdue_mark",
    "placement_overdue_refuse",
    "placements_overdue_sweep",
    "sweep",
]


def overdue_placements(campaign: Campaign):
    """B7: the placements marked 逾期未答复 and still unanswered, for the orgdept's list."""
    return (
        Placement.objects.filter(
            candidate__campaign=campaign, answer=Answer.PENDING, overdue_at__isnull=False
        )
        .select_related("candidate__cadre", "candidate__home_unit", "unit")
        .order_by("answer_deadline", "candidate__home_unit__code", "candidate__cadre__name")
    )


def _locked(placement: Placement) -> Placement:
    return (
        Placement.objects.select_for_update(of=("self",))
        .select_related("candidate__cadre", "candidate__campaign", "unit")
        .get(pk=placement.pk)
    )


@transaction.atomic
def placement_overdue_mark(*, actor, placement: Placement, now: datetime | None = None) -> bool:
    """B7: mark one unanswered placement past its deadline 逾期未答复; False (and nothing
    written) when it is already marked — the sweep may run twice."""
    placement = _locked(placement)
    if placement.overdue_at is not None:
        return False
    moment = now_of(now)
    check_overdue(
        deadline=placement.answer_deadline,
        answered=placement.answer != Answer.PENDING,
        today=today_of(moment),
        window_opened=answer_window_opened(placement.candidate.campaign, moment),
    )
    placement.overdue_at = moment
    placement.save(update_fields=["overdue_at"])
    event_record(
        actor=actor,
        action="placement_overdue",
        obj=placement,
        before={"answer_deadline": placement.answer_deadline, "overdue": False},
        after={"answer_deadline": placement.answer_deadline, "overdue": True},
    )
    return True


def placements_overdue_sweep(*, campaign: Campaign, now: datetime | None = None) -> int:
    """B7: mark every unanswered placement whose deadline has passed (each in its own
    transaction, one event each); the number newly marked. Nobody is marked while the
    answering window has not opened: until then nobody could answer."""
    if not answer_window_opened(campaign, now_of(now)):
        return 0
    today = today_of(now)
    due = Placement.objects.filter(
        candidate__campaign=campaign,
        answer=Answer.PENDING,
        decided_at__isnull=False,
        answer_deadline__lt=today,
        overdue_at__isnull=True,
    )
    return sum(placement_overdue_mark(actor=None, placement=p, now=now) for p in due.order_by("pk"))


def _require_overdue(placement: Placement, actor) -> None:
    if not placement.is_overdue:
        raise RuleViolation("B7", "该交流安排没有逾期未答复，无需处理。")
    # ADR 0014: a cadre holding an orgdept grant does not settle their own placement.
    check_not_own_case(getattr(actor, "cadre_id", None), placement.candidate.cadre_id, rule="B7")


@transaction.atomic
def placement_overdue_refuse(
    *, actor, placement: Placement, note: str = "", now: datetime | None = None
) -> Placement:
    """B7: the orgdept treats an overdue silence as a refusal: the placement is refused (the
    move ``placement_refuse``, its one event) and the standby follows."""
    _require_overdue(_locked(placement), actor)
    reason = "逾期未答复，市委组织部决定视为不服从安排"
    note = (note or "").strip()
    return placement_answer(
        actor=actor,
        placement=placement,
        accept=False,
        note=f"{reason}：{note}" if note else reason,
        now=now,
    )


@transaction.atomic
def placement_deadline_extend(
    *, actor, placement: Placement, deadline: date, note: str = "", now: datetime | None = None
) -> Placement:
    """B7: the orgdept gives an overdue person a new last day to answer; the mark goes."""
    placement = _locked(placement)
    _require_overdue(placement, actor)
    opens_on = answer_opens_on(placement.candidate.campaign)
    check_answer_window_set(opens_on)
    check_new_answer_deadline(
        new=deadline, today=today_of(now), calendar=work_calendar(), opens_on=opens_on
    )
    before = {"answer_deadline": placement.answer_deadline, "overdue": True}
    placement.answer_deadline, placement.overdue_at = deadline, None
    placement.save(update_fields=["answer_deadline", "overdue_at"])
    event_record(
        actor=actor,
        action="placement_deadline_extend",
        obj=placement,
        before=before,
        after={"answer_deadline": deadline, "overdue": False},
        note=(note or "").strip()[:300],
    )
    return placement


def sweep(*, campaign: Campaign, now: datetime | None = None) -> list[tuple[str, int]]:
    """The part B entry of the daily sweep (``campaigns.sweeps``)."""
    return [("逾期未答复的交流安排", placements_overdue_sweep(campaign=campaign, now=now))]
