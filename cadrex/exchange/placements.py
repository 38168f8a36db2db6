"""Part B after the matching: directed placement by the orgdept meeting (B6), the placed
person's answer and the standby that follows a refusal (B7, C3), the new unit's checklist
(C3). Every decision is also appended to the campaign's ledger (``ledger``), under the lock
on its ``TwoWaySelection``, in the same transaction.

Statuses move only through their tables: a placement's answer through ``PLACEMENT``, a
standby's outcome through ``STANDBY`` (``cadrex.rules.transitions``).
"""

from __future__ import annotations

import json
from datetime import date, datetime

from django.db import transaction

from cadrex.audit.services import event_record
from cadrex.campaigns import transitions
from cadrex.campaigns.calendar import work_calendar
from cadrex.campaigns.models import Campaign
from cadrex.exchange import ledger
from cadrex.exchange.answer_window import answer_deadline_for
from cadrex.exchange.guards import now_of, require_step, selection_locked, today_of
from cadrex.exchange.models import (
    TRANSFER_ITEMS,
    Answer,
    ExchangeCandidate,
    MatchingRun,
    Placement,
    PlacementKind,
    Standby,
    StandbyOutcome,
    TwoWaySelection,
)
from cadrex.exchange.rounds import another_round_due
from cadrex.exchange.selectors import (
    named_candidate,
    named_unit,
    published_run,
    remaining_after_directed,
)
from cadrex.registry.facts import unit_facts
from cadrex.registry.models import Cadre, Unit
from cadrex.rules.exchange import (
    check_answer_open,
    check_standby_ongoing,
    check_standby_placement,
    check_transfer,
    check_transfer_item,
    incompetent_year,
    reporting_deadline,
    standby_end,
    standby_move,
    standby_rule,
)
from cadrex.rules.exchange_decision import (
    check_directed_kind,
    check_directed_open,
    check_directed_unit,
    check_meeting_date,
    check_plan_drafted,
)
from cadrex.rules.matching_rounds import check_directed_after_rounds
from cadrex.rules.placement import place
from cadrex.rules.schedule import Step
from cadrex.rules.scope import check_not_own_case
from cadrex.rules.transitions import PLACEMENT, STANDBY

# ------------------------------------------------------------------ B6 directed placement


def _require_directed_open(campaign: Campaign, now) -> tuple[TwoWaySelection, MatchingRun]:
    require_step(campaign, Step.DIRECTED_PLACEMENT, now=now)
    selection = selection_locked(campaign)
    run = published_run(campaign)
    check_directed_open(
        published=run is not None, confirmed=selection.directed_confirmed_at is not None
    )
    # B5–B6 (ADR 0011): only after the last round, on the last round's unplaced.
    check_directed_after_rounds(
        current=selection.round,
        published=run.round == selection.round,
        due=another_round_due(campaign, run, selection.round),
    )
    return selection, run


@transaction.atomic
def directed_draft(*, actor, campaign: Campaign, now=None) -> list[Placement]:
    """B6: propose a placement for every unplaced candidate and non-filer with the rules'
    ``place``: remaining vacancies, never the home unit, listed units first. Redrafting
    replaces the previous draft (and any edits to it)."""
    _locked, run = _require_directed_open(campaign, now)
    inputs, result = json.loads(run.inputs), json.loads(run.result)
    people = {
        str(c.pk): c
        for c in ExchangeCandidate.objects.filter(campaign=campaign).select_related(
            "home_unit", "cadre"
        )
    }
    order = [cid for cid in result["unplaced"] if cid in people]
    left = dict(inputs["vacancies"])
    for code in result["assignment"].values():
        left[code] -= 1
    proposal = place(
        order,
        {cid: people[cid].home_unit.code for cid in order},
        left,
        preferences={cid: inputs["preferences"].get(cid, []) for cid in order},
    )
    Placement.objects.filter(candidate__campaign=campaign, kind=PlacementKind.DIRECTED).delete()
    units = {u.code: u for u in Unit.objects.all()}
    rows = []
    for cid in order:
        unit = units.get(proposal.assignment.get(cid, ""))
        rows.append(
            Placement.objects.create(
                candidate=people[cid],
                kind=PlacementKind.DIRECTED,
                unit=unit,
                proposed_unit=unit,
                choice=proposal.choice.get(cid),
                unplaced_reason=_named_reason(proposal.unplaced.get(cid, ""), people, units),
            )
        )
    event_record(
        actor=actor,
        action="exchange_directed_draft",
        obj=campaign,
        after={"people": len(order), "placed": len(proposal.assignment)},
    )
    return rows


def _named_reason(reason: str, people, units) -> str:
    """``place`` names people and units by their keys (numbers, codes): show names instead."""
    for cid, candidate in people.items():
        reason = reason.replace(f"“{cid}”", f"“{candidate.cadre.name}”")
    for code, unit in units.items():
        reason = reason.replace(f"“{code}”", f"“{unit.name}”")
    return reason


def _check_directed(campaign: Campaign, run: MatchingRun, placement: Placement, unit: Unit) -> None:
    """B6: one person into one unit, with the vacancies it has left besides this person."""
    check_directed_unit(
        named_candidate(placement.candidate),
        named_unit(placement.candidate.home_unit),
        named_unit(unit),
        left=remaining_after_directed(campaign, run, exclude=placement).get(unit.code, 0),
    )


@transaction.atomic
def directed_placement_set(
    *, actor, placement: Placement, unit: Unit | None, now=None
) -> Placement:
    """B6: the orgdept edits one person's directed placement before the meeting confirms."""
    campaign = placement.candidate.campaign
    _selection_row, run = _require_directed_open(campaign, now)
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("candidate__cadre", "candidate__home_unit", "unit")
        .get(pk=placement.pk)
    )
    check_directed_kind(directed=placement.kind == PlacementKind.DIRECTED)
    # ADR 0014: a cadre holding an orgdept grant does not place themselves.
    check_not_own_case(getattr(actor, "cadre_id", None), placement.candidate.cadre_id, rule="B6")
    if unit is not None:
        _check_directed(campaign, run, placement, unit)
    before = placement.unit.code if placement.unit else None
    placement.unit = unit
    placement.choice = _choice_for(placement.candidate, unit)
    placement.save(update_fields=["unit", "choice"])
    event_record(
        actor=actor,
        action="exchange_directed_set",
        obj=placement,
        before={"unit": before},
        after={"unit": unit.code if unit else None},
    )
    return placement


def _choice_for(candidate: ExchangeCandidate, unit: Unit | None) -> int | None:
    if unit is None:
        return None
    # the ranks of the last round they filed in (B3; ADR 0011)
    last = candidate.preferences.order_by("-round").values_list("round", flat=True).first()
    ranks = dict(candidate.preferences.filter(round=last or 1).values_list("unit_id", "rank"))
    return ranks.get(unit.pk, 0)


@transaction.atomic
def directed_confirm(
    *, actor, campaign: Campaign, meeting_date: date, note: str = "", now=None
) -> int:
    """B6: the orgdept meeting's decision: every drafted placement becomes decided."""
    selection, run = _require_directed_open(campaign, now)
    check_meeting_date(meeting_date, today=today_of(now), published_on=today_of(run.published_at))
    drafts = list(
        Placement.objects.select_for_update(of=("self",))
        .filter(candidate__campaign=campaign, kind=PlacementKind.DIRECTED)
        .select_related("candidate__cadre", "candidate__home_unit", "unit")
    )
    check_plan_drafted(drafted=len(drafts), waiting=len(json.loads(run.result)["unplaced"]))
    for placement in drafts:  # the whole plan again: edits may have crossed each other
        if placement.unit is not None:
            _check_directed(campaign, run, placement, placement.unit)
    moment = now_of(now)
    # B7 (ADR 0012): a placed person answers within the policy's working days, counted
    # from the later of today and the answering window's opening.
    deadline = answer_deadline_for(campaign, today_of(moment))
    for placement in drafts:
        placement.decided_at = moment
        placement.answer_deadline = deadline if placement.unit_id else None
        placement.save(update_fields=["decided_at", "answer_deadline"])
    selection.meeting_date, selection.meeting_note = meeting_date, (note or "").strip()
    selection.directed_confirmed_at, selection.directed_confirmed_by = moment, actor
    selection.save()
    payload = ledger.meeting_payload(meeting_date, selection.meeting_note, drafts)
    ledger.append(selection, "meeting", payload, moment)
    placed = sum(1 for p in drafts if p.unit_id)
    event_record(
        actor=actor,
        action="exchange_directed_confirm",
        obj=selection,
        after={"meeting_date": meeting_date.isoformat(), "people": len(drafts), "placed": placed},
        note=selection.meeting_note,
    )
    return placed


# ------------------------------------------------------------------ B7 answers, standby


def _locked_placement(placement: Placement) -> Placement:
    return (
        Placement.objects.select_for_update(of=("self",))
        .select_related("unit", "candidate__cadre", "candidate__home_unit")
        .get(pk=placement.pk)
    )


@transaction.atomic
def placement_answer(
    *, actor, placement: Placement, accept: bool, note: str = "", now=None
) -> Placement:
    """B7 / C3: the placed person accepts (a reporting deadline follows) or refuses (standby
    of ``standby_months`` with the assessment bonus withheld) within the acceptance window."""
    campaign = placement.candidate.campaign
    selection = selection_locked(campaign)
    placement = _locked_placement(placement)
    check_answer_open(
        answered=placement.answer != Answer.PENDING, answer_label=placement.get_answer_display()
    )
    moment = now_of(now)
    today = today_of(moment)
    deadline = (
        reporting_deadline(today, policy=campaign.policy, calendar=work_calendar())
        if accept
        else None
    )
    note = (note or "").strip()[:300]
    transitions.transition(
        placement,
        PLACEMENT,
        "placement_accept" if accept else "placement_refuse",
        actor=actor,
        campaign=campaign,
        now=moment,
        facts={
            "decided": placement.decided_at is not None,
            "has_unit": placement.unit_id is not None,
        },
        fields={"answered_at": moment, "answer_note": note, "reporting_deadline": deadline},
        after={"reporting_deadline": deadline.isoformat() if deadline else None},
        note=note,
    )
    ledger.append(selection, "answer", ledger.answer_payload(placement), moment)
    if not accept:
        _standby_start(selection, placement, actor=actor, now=moment)
    return placement


def _standby_start(
    selection: TwoWaySelection, placement: Placement, *, actor, now: datetime
) -> Standby:
    """B7 for refusing a directed placement; C3 for refusing any other exchange decision.

    Either refusal is a refusal of an exchange decision, which C3 answers with a warning
    (警告处分) beside the standby: recorded on the standby and written into the person's
    奖惩情况 in the roster, which the application and approval forms print."""
    today, campaign = today_of(now), placement.candidate.campaign
    rule = standby_rule(directed=placement.kind == PlacementKind.DIRECTED)
    standby = Standby(
        placement=placement,
        rule=rule,
        start=today,
        end=standby_end(today, policy=campaign.policy),
        warning=True,
        warning_on=today,
    )
    before, sanctions = _warning_on_record(placement.candidate.cadre, today)
    transitions.create(
        standby,
        STANDBY,
        "standby_start",
        actor=actor,
        campaign=campaign,
        now=now,
        after={
            "rule": rule,
            "start": standby.start.isoformat(),
            "end": standby.end.isoformat(),
            "warning": True,
            "warning_on": today.isoformat(),
            "sanctions_before": before,
            "sanctions": sanctions,
        },
    )
    ledger.append(selection, "standby", ledger.standby_payload(standby), now)
    return standby


def _warning_on_record(cadre: Cadre, day: date) -> tuple[str, str]:
    """C3: the warning as one line of the roster's 奖惩情况 (“无” gives way to it; an earlier
    record is kept before it). Returns the text before and after."""
    line = f"{day.year}年{day.month}月因拒不服从交流决定受到警告处分"
    before = cadre.rewards_and_sanctions or ""
    kept = "" if before.strip() in ("", "无") else before.strip()
    if kept:
        room = Cadre._meta.get_field("rewards_and_sanctions").max_length - len(line) - 1
        line = f"{kept[:room]}；{line}"
    cadre.rewards_and_sanctions = line
    cadre.save(update_fields=["rewards_and_sanctions"])
    return before, line


@transaction.atomic
def standby_outcome_record(
    *,
    actor,
    standby: Standby,
    outcome: str,
    unit: Unit | None = None,
    note: str = "",
    vetting_note: str = "",
    year: int | None = None,
    now=None,
) -> Standby:
    """B7: once the standby is served, the orgdept places the person by their conduct; or,
    for poor conduct and after vetting, sets one of the standby's years to 不称职.

    Neither outcome before the term ends (the table's guard): the plan places the person
    "afterwards", and a grade for poor conduct judges the whole standby (ADR 0006).
    """
    campaign = standby.placement.candidate.campaign
    selection = selection_locked(campaign)
    standby = (
        Standby.objects.select_for_update(of=("self",))
        .select_related("placement__candidate__cadre", "placement__unit")
        .get(pk=standby.pk)
    )
    check_standby_ongoing(ongoing=standby.outcome == StandbyOutcome.ONGOING)
    # ADR 0014: a cadre holding an orgdept grant does not decide their own standby.
    cadre_id = standby.placement.candidate.cadre_id
    check_not_own_case(getattr(actor, "cadre_id", None), cadre_id, rule="B7")
    move = standby_move(outcome)
    moment = now_of(now)
    facts = {"today": today_of(moment), "end": standby.end}
    transitions.check(
        STANDBY, move, current=standby.outcome, campaign=campaign, now=moment, facts=facts
    )
    note = (note or "").strip()
    if move == "standby_place":
        fields, after = _placed_after_standby(standby, unit, note)
    else:
        fields, after = _incompetent_on_standby(standby, vetting_note, year, note)
    transitions.transition(
        standby,
        STANDBY,
        move,
        actor=actor,
        campaign=campaign,
        now=moment,
        facts=facts,
        fields={**fields, "outcome_at": moment},
        after=after,
        note=fields.get("vetting_note") or note,
    )
    ledger.append(selection, "standby_outcome", ledger.standby_outcome_payload(standby), moment)
    return standby


def _placed_after_standby(standby: Standby, unit: Unit | None, note: str) -> tuple[dict, dict]:
    """B7: the unit the person is placed into after the standby."""
    check_standby_placement(unit_facts(unit) if unit is not None else None)
    return {"outcome_unit": unit, "outcome_note": note}, {"unit": unit.code}


def _incompetent_on_standby(
    standby: Standby, vetting_note: str, year: int | None, note: str
) -> tuple[dict, dict]:
    """B7: after vetting, one annual assessment of the standby's years becomes 不称职; the
    roster keeps the grade."""
    vetting_note = (vetting_note or "").strip()
    year = incompetent_year(
        start=standby.start, end=standby.end, year=year, vetting_note=vetting_note
    )
    cadre = standby.placement.candidate.cadre
    grade_before = (cadre.appraisals or {}).get(str(year))
    cadre.appraisals = {**(cadre.appraisals or {}), str(year): "不称职"}
    cadre.save(update_fields=["appraisals"])
    fields = {"vetting_note": vetting_note, "appraisal_year": year, "outcome_note": note}
    return fields, {"year": year, "grade_before": grade_before, "grade": "不称职"}


# ------------------------------------------------------------------ C3 reporting, relations


@transaction.atomic
def transfer_tick(
    *, actor, placement: Placement, item: str, done: bool = True, now=None
) -> Placement:
    """C3: the new unit records the arrival and each relation moved (administrative, salary,
    party). Only for people who accepted their placement."""
    check_transfer_item(TRANSFER_ITEMS.get(item))
    selection = selection_locked(placement.candidate.campaign)
    placement = _locked_placement(placement)
    before = getattr(placement, item)
    check_transfer(
        TRANSFER_ITEMS[item],
        accepted=placement.answer == Answer.ACCEPTED,
        done_before=bool(before),
        done=done,
    )
    moment = now_of(now)
    setattr(placement, item, moment if done else None)
    placement.save(update_fields=[item])
    moved = _move_on_administrative_transfer(placement, item, done)
    payload = ledger.transfer_payload(placement, item, done, moved)
    ledger.append(selection, "transfer", payload, moment)
    event_record(
        actor=actor,
        action="exchange_transfer_tick",
        obj=placement,
        before={item: bool(before)},
        after={item: done, **({"unit": moved} if moved else {})},
        note=TRANSFER_ITEMS[item],
    )
    return placement


def _move_on_administrative_transfer(placement: Placement, item: str, done: bool) -> str | None:
    """C3: once the administrative relation has moved, the person belongs to the new unit's
    roster (and back to the home unit if the tick is withdrawn). Returns the new unit code."""
    if item != "administrative_at":
        return None
    cadre = placement.candidate.cadre
    target = placement.unit if done else placement.candidate.home_unit
    if target is None or cadre.unit_id == target.pk:
        return None
    cadre.unit = target
    cadre.save(update_fields=["unit"])
    return target.code
