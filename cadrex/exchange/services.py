"""Every write of part B (B1–B7, C3). One transaction each, one audit event each.

Services gather facts, ask ``cadrex.rules`` and store the answer. A refusal raises
``RuleViolation`` (Chinese message, rule ID); the transaction then rolls back, so a refused
action changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from cadrex.audit.services import event_record
from cadrex.campaigns.models import Campaign
from cadrex.campaigns.selectors import window_for
from cadrex.exchange import frozen
from cadrex.exchange.models import (
    TRANSFER_ITEMS,
    Answer,
    DeclarationStatus,
    ExchangeCandidate,
    ExchangeDeclaration,
    ExchangeSignup,
    MatchingRun,
    Placement,
    PlacementKind,
    Preference,
    Proposal,
    Standby,
    StandbyOutcome,
    TwoWaySelection,
)
from cadrex.exchange.selectors import (
    Named,
    general_cadre_problem,
    matching_inputs,
    named_candidate,
    named_unit,
    pending_units,
    published_run,
    published_vacancies,
    remaining_after_directed,
    submitted_declarations,
)
from cadrex.registry.models import Cadre, Unit
from cadrex.rules import RuleViolation
from cadrex.rules.exchange import (
    check_balance,
    check_preferences,
    check_proposals,
    check_vacancies,
    reporting_deadline,
    standby_end,
)
from cadrex.rules.placement import place
from cadrex.rules.schedule import Step, require_open


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _today(now: datetime | None) -> date:
    return timezone.localdate(_now(now))


def require_step(campaign: Campaign, *steps: Step, now: datetime | None = None) -> None:
    """S3: open when any of ``steps`` is; otherwise the first step's refusal says when."""
    moment = _now(now)
    for step in steps:
        window = window_for(campaign, step)
        if window and window.as_rule.contains(moment):
            return
    window = window_for(campaign, steps[0])
    require_open(steps[0], window.as_rule if window else None, moment)


def _selection(campaign: Campaign) -> TwoWaySelection:
    selection, _ = TwoWaySelection.objects.select_for_update().get_or_create(campaign=campaign)
    return selection


def _require_not_published(campaign: Campaign) -> None:
    if TwoWaySelection.objects.filter(
        campaign=campaign, vacancies_published_at__isnull=False
    ).exists():
        raise RuleViolation("B2", "各单位缺员人数已经公布，交流对象和缺员人数不能再修改。")


def _require_published(campaign: Campaign, rule: str) -> None:
    if not TwoWaySelection.objects.filter(
        campaign=campaign, vacancies_published_at__isnull=False
    ).exists():
        raise RuleViolation(rule, "竞岗交流工作办公室尚未公布各单位缺员人数。")


# ------------------------------------------------------------------ B1 sign-up


@transaction.atomic
def signup_create(*, actor, campaign: Campaign, cadre: Cadre, now=None) -> ExchangeSignup:
    """B1: a general cadre of an in-scope unit signs up for the two-way selection."""
    require_step(campaign, Step.EXCHANGE_SIGNUP, now=now)
    cadre = Cadre.objects.select_for_update().select_related("unit").get(pk=cadre.pk)
    problem = general_cadre_problem(cadre)
    if problem:
        raise RuleViolation("B1", problem)
    signup, created = ExchangeSignup.objects.get_or_create(
        campaign=campaign, cadre=cadre, defaults={"created_at": _now(now)}
    )
    if not created:
        if signup.active:
            raise RuleViolation("B1", "您已报名参加一般干部跨单位双向选择，无需重复报名。")
        signup.withdrawn_at, signup.created_at = None, _now(now)
        signup.save(update_fields=["withdrawn_at", "created_at"])
    event_record(actor=actor, action="exchange_signup", obj=signup, after={"unit": cadre.unit.code})
    return signup


@transaction.atomic
def signup_withdraw(*, actor, campaign: Campaign, cadre: Cadre, now=None) -> ExchangeSignup:
    require_step(campaign, Step.EXCHANGE_SIGNUP, now=now)
    signup = (
        ExchangeSignup.objects.select_for_update().filter(campaign=campaign, cadre=cadre).first()
    )
    if signup is None or not signup.active:
        raise RuleViolation("B1", "您尚未报名，无需撤回。")
    if ExchangeCandidate.objects.filter(campaign=campaign, cadre=cadre).exists():
        raise RuleViolation(
            "B1", "本单位已将您确定为交流对象，不能自行撤回报名；如有特殊情况请与本单位联系。"
        )
    signup.withdrawn_at = _now(now)
    signup.save(update_fields=["withdrawn_at"])
    event_record(actor=actor, action="exchange_signup_withdraw", obj=signup)
    return signup


# ------------------------------------------------------------------ B1–B2 the unit's declaration


def _editable_declaration(campaign: Campaign, unit: Unit) -> ExchangeDeclaration:
    _require_not_published(campaign)
    declaration, _ = ExchangeDeclaration.objects.select_for_update().get_or_create(
        campaign=campaign, unit=unit
    )
    if declaration.status == DeclarationStatus.SUBMITTED:
        raise RuleViolation(
            "B1", "本单位交流对象和缺员人数已报送，如需修改请联系竞岗交流工作办公室退回。"
        )
    return declaration


def _declaration_snapshot(declaration: ExchangeDeclaration) -> dict:
    return {
        "vacancies": declaration.vacancies,
        "candidates": sorted(declaration.candidates.values_list("cadre_id", flat=True)),
        "status": declaration.status,
    }


def _vacancy_count(unit: Unit, raw) -> int:
    """B2: the vacancy count as typed; the rules say whether it is a whole number ≥ 0."""
    if isinstance(raw, str):
        raw = raw.strip()
        raw = int(raw) if raw.lstrip("-").isdigit() else raw
    return check_vacancies(unit.name, raw)


@transaction.atomic
def declaration_save(
    *,
    actor,
    campaign: Campaign,
    unit: Unit,
    cadre_ids: Sequence[int],
    added: Mapping[int, str] | None = None,
    vacancies,
    now=None,
) -> ExchangeDeclaration:
    """B1–B2: the unit's exchange candidates (from those who signed up, or others with a
    written reason) and its vacancy count; replaces the unit's draft as a whole."""
    require_step(campaign, Step.EXCHANGE_SIGNUP, Step.VACANCIES, now=now)
    declaration = _editable_declaration(campaign, unit)
    before = _declaration_snapshot(declaration)
    count = _vacancy_count(unit, vacancies)
    added = {int(k): (v or "").strip() for k, v in (added or {}).items()}
    chosen = list(dict.fromkeys(int(pk) for pk in cadre_ids))
    cadres = {
        c.pk: c
        for c in Cadre.objects.filter(pk__in=chosen).select_related("unit", "middle_level_post")
    }
    signed = set(
        ExchangeSignup.objects.filter(
            campaign=campaign, cadre_id__in=chosen, withdrawn_at__isnull=True
        ).values_list("cadre_id", flat=True)
    )
    for pk in chosen:
        cadre = cadres.get(pk)
        if cadre is None or cadre.unit_id != unit.pk:
            raise RuleViolation("B1", "只能从本单位干部中确定交流对象。", field="candidates")
        problem = general_cadre_problem(cadre)
        if problem:
            raise RuleViolation("B1", problem, field="candidates")
        if pk not in signed and not added.get(pk):
            raise RuleViolation(
                "B1",
                f"{cadre.name}未本人报名，确定为交流对象须填写理由。",
                field="candidates",
            )
    declaration.candidates.exclude(cadre_id__in=chosen).delete()
    existing = {c.cadre_id: c for c in declaration.candidates.all()}
    for pk in chosen:
        row = existing.get(pk) or ExchangeCandidate(
            campaign=campaign, declaration=declaration, cadre_id=pk, home_unit=unit
        )
        row.signed_up = pk in signed
        row.added_reason = "" if row.signed_up else added[pk]
        row.save()
    declaration.vacancies = count
    declaration.save(update_fields=["vacancies"])
    event_record(
        actor=actor,
        action="exchange_declaration_save",
        obj=declaration,
        before=before,
        after=_declaration_snapshot(declaration),
    )
    return declaration


@transaction.atomic
def declaration_submit(*, actor, campaign: Campaign, unit: Unit, now=None) -> ExchangeDeclaration:
    """B1: the unit leader submits; out of balance only with the office's recorded exception."""
    require_step(campaign, Step.EXCHANGE_SIGNUP, Step.VACANCIES, now=now)
    declaration = _editable_declaration(campaign, unit)
    sent_out = declaration.candidates.count()
    difference = check_balance(
        unit.name,
        sent_out=sent_out,
        vacancies=declaration.vacancies,
        exception_allowed=declaration.exception_allowed,
    )
    before = declaration.status
    declaration.status = DeclarationStatus.SUBMITTED
    declaration.submitted_by, declaration.submitted_at = actor, _now(now)
    declaration.returned_reason = ""
    declaration.save()
    event_record(
        actor=actor,
        action="exchange_declaration_submit",
        obj=declaration,
        before={"status": before},
        after={
            "status": declaration.status,
            "sent_out": sent_out,
            "vacancies": declaration.vacancies,
            "difference": difference,
        },
    )
    return declaration


@transaction.atomic
def declaration_return(
    *, actor, declaration: ExchangeDeclaration, reason: str, now=None
) -> ExchangeDeclaration:
    """B1: the office sends a submitted declaration back to the unit, with a reason."""
    campaign = declaration.campaign
    require_step(campaign, Step.EXCHANGE_SIGNUP, Step.VACANCIES, now=now)
    _require_not_published(campaign)
    declaration = ExchangeDeclaration.objects.select_for_update().get(pk=declaration.pk)
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("B1", "退回时须填写退回原因。", field="reason")
    if declaration.status != DeclarationStatus.SUBMITTED:
        raise RuleViolation("B1", f"{declaration.unit.name}尚未报送，无需退回。")
    declaration.status, declaration.returned_reason = DeclarationStatus.RETURNED, reason
    declaration.save(update_fields=["status", "returned_reason"])
    event_record(
        actor=actor,
        action="exchange_declaration_return",
        obj=declaration,
        before={"status": "submitted"},
        after={"status": "returned"},
        note=reason,
    )
    return declaration


@transaction.atomic
def balance_exception_allow(
    *, actor, declaration: ExchangeDeclaration, reason: str, now=None
) -> ExchangeDeclaration:
    """B1: the office allows one unit to be out of balance; the reason is kept and logged."""
    campaign = declaration.campaign
    require_step(campaign, Step.EXCHANGE_SIGNUP, Step.VACANCIES, now=now)
    _require_not_published(campaign)
    declaration = ExchangeDeclaration.objects.select_for_update().get(pk=declaration.pk)
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("B1", "同意进出不平衡例外时须写明理由。", field="reason")
    if declaration.exception_allowed:
        raise RuleViolation("B1", f"已同意{declaration.unit.name}例外处理，无需重复办理。")
    declaration.exception_reason = reason
    declaration.exception_by, declaration.exception_at = actor, _now(now)
    declaration.save(update_fields=["exception_reason", "exception_by", "exception_at"])
    event_record(
        actor=actor,
        action="exchange_balance_exception",
        obj=declaration,
        after={"exception": True},
        note=reason,
    )
    return declaration


@transaction.atomic
def vacancies_publish(*, actor, campaign: Campaign, now=None) -> int:
    """B2: the office publishes every unit's vacancies at once, after every unit submitted."""
    require_step(campaign, Step.VACANCIES, now=now)
    selection = _selection(campaign)
    if selection.vacancies_published_at:
        raise RuleViolation("B2", "各单位缺员人数已经公布，不能重复公布。")
    waiting = list(pending_units(campaign))
    if waiting:
        names = "、".join(d.unit.name for d in waiting[:10])
        raise RuleViolation("B2", f"以下单位尚未报送交流对象和缺员人数：{names}。")
    declarations = list(submitted_declarations(campaign))
    if not declarations:
        raise RuleViolation("B2", "还没有单位报送交流对象和缺员人数，无可公布。")
    for declaration in declarations:  # B1 again: nothing unbalanced slips through
        check_balance(
            declaration.unit.name,
            sent_out=declaration.candidates.count(),
            vacancies=declaration.vacancies,
            exception_allowed=declaration.exception_allowed,
        )
    selection.vacancies_published_at, selection.vacancies_published_by = _now(now), actor
    selection.save(update_fields=["vacancies_published_at", "vacancies_published_by"])
    total = sum(d.vacancies for d in declarations)
    event_record(
        actor=actor,
        action="exchange_vacancies_publish",
        obj=campaign,
        after={"units": len(declarations), "vacancies": total},
    )
    return total


# ------------------------------------------------------------------ B3 preferences


@transaction.atomic
def preferences_save(
    *, actor, candidate: ExchangeCandidate, unit_ids: Sequence[int], now=None
) -> list[Preference]:
    """B3: the candidate's preference form — up to ``max_preferences`` units, in order, never
    their own, only units with published vacancies. An empty list withdraws the form."""
    campaign = candidate.campaign
    require_step(campaign, Step.PREFERENCES, now=now)
    _require_published(campaign, "B3")
    candidate = (
        ExchangeCandidate.objects.select_for_update()
        .select_related("cadre", "home_unit")
        .get(pk=candidate.pk)
    )
    # B3: only units whose published vacancies are above zero (keys alone decide equality).
    open_codes = submitted_declarations(campaign).filter(vacancies__gt=0)
    open_units = {Named(code, code) for code in open_codes.values_list("unit__code", flat=True)}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=list(unit_ids))}
    if len(units) != len(set(unit_ids)):
        raise RuleViolation("B3", "所填意向单位不存在。", field="preferences")
    listed = [named_unit(units[pk]) for pk in unit_ids]
    check_preferences(
        named_candidate(candidate),
        listed,
        home_unit=named_unit(candidate.home_unit),
        vacancies=open_units,
        policy=campaign.policy,
    )
    before = list(candidate.preferences.order_by("rank").values_list("unit__code", flat=True))
    candidate.preferences.all().delete()
    rows = [
        Preference.objects.create(candidate=candidate, unit=units[pk], rank=rank)
        for rank, pk in enumerate(unit_ids, start=1)
    ]
    candidate.preferences_filed_at = _now(now) if rows else None
    candidate.save(update_fields=["preferences_filed_at"])
    event_record(
        actor=actor,
        action="exchange_preferences_save",
        obj=candidate,
        before=before,
        after=[units[pk].code for pk in unit_ids],
    )
    return rows


# ------------------------------------------------------------------ B4 proposals


def _preferences_of(campaign: Campaign, candidate_ids: Sequence[int]) -> dict[Named, list[Named]]:
    """The listed units of the given candidates of ``campaign``, as the rules' B4 check reads
    them; an id that is not a candidate of this campaign is left out (the rules refuse it)."""
    rows = ExchangeCandidate.objects.filter(campaign=campaign, pk__in=list(candidate_ids))
    lists: dict[Named, list[Named]] = {named_candidate(c): [] for c in rows.select_related("cadre")}
    keys = {key.key: key for key in lists}
    for p in Preference.objects.filter(candidate__in=rows).select_related("unit").order_by("rank"):
        lists[keys[p.candidate_id]].append(named_unit(p.unit))
    return lists


@transaction.atomic
def proposals_save(
    *, actor, campaign: Campaign, unit: Unit, candidate_ids: Sequence[int], now=None
) -> list[Proposal]:
    """B4: the unit's proposal form — in strict order, at most ``proposal_ratio × vacancies``
    people, each of whom listed the unit. Replaces the list as a whole."""
    require_step(campaign, Step.PROPOSALS, now=now)
    _require_published(campaign, "B4")
    declaration = (
        ExchangeDeclaration.objects.select_for_update()
        .filter(campaign=campaign, unit=unit, status=DeclarationStatus.SUBMITTED)
        .first()
    )
    vacancies = {named_unit(u): n for u, n in published_vacancies(campaign).items()}
    chosen = {
        c.pk: c
        for c in ExchangeCandidate.objects.filter(
            campaign=campaign, pk__in=list(candidate_ids)
        ).select_related("cadre")
    }
    people = [
        named_candidate(chosen[pk]) if pk in chosen else Named(pk, f"编号{pk}")
        for pk in candidate_ids
    ]
    check_proposals(
        named_unit(unit),
        people,
        vacancies=vacancies,
        preferences=_preferences_of(campaign, candidate_ids),
        policy=campaign.policy,
    )
    before = list(declaration.proposals.order_by("rank").values_list("candidate_id", flat=True))
    declaration.proposals.all().delete()
    rows = [
        Proposal.objects.create(declaration=declaration, candidate=chosen[pk], rank=rank)
        for rank, pk in enumerate(candidate_ids, start=1)
    ]
    declaration.proposals_saved_at = _now(now)
    declaration.save(update_fields=["proposals_saved_at"])
    event_record(
        actor=actor,
        action="exchange_proposals_save",
        obj=declaration,
        before=before,
        after=list(candidate_ids),
    )
    return rows


# ------------------------------------------------------------------ B5 matching


@transaction.atomic
def matching_run(*, actor, campaign: Campaign, now=None) -> MatchingRun:
    """B5: match the closed forms (a preview until published); inputs and result are frozen.

    The same forms give the same texts and therefore the same two hashes.
    """
    require_step(campaign, Step.MATCHING, now=now)
    _require_published(campaign, "B5")
    _selection(campaign)  # lock: one run or publication at a time
    if published_run(campaign):
        raise RuleViolation("B5", "双向选择匹配结果已经公布，不能重新匹配。")
    inputs_text, result_text, pairs = frozen.freeze(matching_inputs(campaign))
    run = MatchingRun.objects.create(
        campaign=campaign,
        created_at=_now(now),
        created_by=actor,
        inputs=inputs_text,
        inputs_sha256=frozen.sha256(inputs_text),
        result=result_text,
        result_sha256=frozen.sha256(result_text),
        blocking_pairs=pairs,
    )
    result = json.loads(result_text)
    event_record(
        actor=actor,
        action="exchange_matching_run",
        obj=run,
        after={
            "inputs_sha256": run.inputs_sha256,
            "result_sha256": run.result_sha256,
            "matched": len(result["assignment"]),
            "unplaced": len(result["unplaced"]),
        },
    )
    return run


@transaction.atomic
def matching_publish(*, actor, run: MatchingRun, now=None) -> MatchingRun:
    """B5: publish a previewed run — only if it is stable, reproduces, and the forms are
    still the ones it read. The matched people's placements are decided with it."""
    campaign = run.campaign
    require_step(campaign, Step.MATCHING, now=now)
    _selection(campaign)
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    if published_run(campaign):
        raise RuleViolation("B5", "双向选择匹配结果已经公布，不能重复公布。")
    if frozen.sha256(frozen.canonical(matching_inputs(campaign))) != run.inputs_sha256:
        raise RuleViolation("B5", "该次匹配之后意向或建议人选有变动，请重新运行匹配后再公布。")
    problems = frozen.verify(run.inputs, run.inputs_sha256, run.result, run.result_sha256)
    if problems:
        raise RuleViolation("B5", "该次匹配结果未通过核验：" + "；".join(problems[:3]))
    result = json.loads(run.result)
    units = {u.code: u for u in Unit.objects.filter(code__in=set(result["assignment"].values()))}
    moment = _now(now)
    for cid, code in result["assignment"].items():
        Placement.objects.create(
            candidate_id=int(cid),
            kind=PlacementKind.MATCHED,
            unit=units[code],
            choice=result["outcomes"][cid]["choice"],
            decided_at=moment,
        )
    run.published_at, run.published_by = moment, actor
    run.save(update_fields=["published_at", "published_by"])
    event_record(
        actor=actor,
        action="exchange_matching_publish",
        obj=run,
        after={"result_sha256": run.result_sha256, "matched": len(result["assignment"])},
    )
    return run


# ------------------------------------------------------------------ B6 directed placement


def _require_directed_open(campaign: Campaign, now) -> tuple[TwoWaySelection, MatchingRun]:
    require_step(campaign, Step.DIRECTED_PLACEMENT, now=now)
    selection = _selection(campaign)
    run = published_run(campaign)
    if run is None:
        raise RuleViolation("B6", "双向选择匹配结果尚未公布，暂不能定向交流。")
    if selection.directed_confirmed_at:
        raise RuleViolation("B6", "定向交流已经部务会议研究确定，不能再修改。")
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
        for c in ExchangeCandidate.objects.filter(campaign=campaign).select_related("home_unit")
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
    """B6: one person to one unit is allowed when the rules' ``place`` would put them there,
    alone, into that unit's vacancies still free (never their home unit)."""
    left = remaining_after_directed(campaign, run, exclude=placement).get(unit.code, 0)
    person = named_candidate(placement.candidate)
    home = named_unit(placement.candidate.home_unit)
    target = named_unit(unit)
    trial = place([person], {person: home}, {target: max(left, 1)})
    if person not in trial.assignment:  # the home unit, whatever its vacancies
        raise RuleViolation("B6", trial.unplaced[person])
    if left <= 0:
        raise RuleViolation("B6", f"“{unit.name}”已没有剩余缺员，不能安排{person}。")


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
    if placement.kind != PlacementKind.DIRECTED:
        raise RuleViolation("B6", "该人员已通过双向选择匹配，不属于定向交流。")
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
    ranks = dict(candidate.preferences.values_list("unit_id", "rank"))
    return ranks.get(unit.pk, 0)


@transaction.atomic
def directed_confirm(
    *, actor, campaign: Campaign, meeting_date: date, note: str = "", now=None
) -> int:
    """B6: the orgdept meeting's decision: every drafted placement becomes decided."""
    selection, run = _require_directed_open(campaign, now)
    if meeting_date is None:
        raise RuleViolation("B6", "请填写部务会议日期。", field="meeting_date")
    if meeting_date > _today(now):
        raise RuleViolation("B6", "部务会议日期不能晚于今天。", field="meeting_date")
    drafts = list(
        Placement.objects.select_for_update(of=("self",))
        .filter(candidate__campaign=campaign, kind=PlacementKind.DIRECTED)
        .select_related("candidate__cadre", "candidate__home_unit", "unit")
    )
    result = json.loads(run.result)
    if len(drafts) != len(result["unplaced"]):
        raise RuleViolation("B6", "请先生成定向交流建议方案，再提交部务会议确定。")
    for placement in drafts:  # the whole plan again: edits may have crossed each other
        if placement.unit is not None:
            _check_directed(campaign, run, placement, placement.unit)
    moment = _now(now)
    for placement in drafts:
        placement.decided_at = moment
        placement.save(update_fields=["decided_at"])
    selection.meeting_date, selection.meeting_note = meeting_date, (note or "").strip()
    selection.directed_confirmed_at, selection.directed_confirmed_by = moment, actor
    selection.save()
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


@transaction.atomic
def placement_answer(
    *, actor, placement: Placement, accept: bool, note: str = "", now=None
) -> Placement:
    """B7 / C3: the placed person accepts (a reporting deadline follows) or refuses (standby
    of ``standby_months`` with the assessment bonus withheld) within the acceptance window."""
    campaign = placement.candidate.campaign
    require_step(campaign, Step.ACCEPTANCE, now=now)
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=placement.pk)
    )
    if placement.decided_at is None or placement.unit is None:
        raise RuleViolation("B7", "您的交流安排尚未确定，暂无需表态。")
    if placement.answer != Answer.PENDING:
        raise RuleViolation("B7", f"您已表态（{placement.get_answer_display()}），不能更改。")
    today = _today(now)
    policy = campaign.policy
    placement.answer = Answer.ACCEPTED if accept else Answer.REFUSED
    placement.answered_at, placement.answer_note = _now(now), (note or "").strip()[:300]
    if accept:
        placement.reporting_deadline = reporting_deadline(today, policy=policy)
    placement.save()
    after = {"answer": placement.answer}
    if accept:
        after["reporting_deadline"] = placement.reporting_deadline.isoformat()
    else:
        # B7 for a directed placement; C3 for refusing any other exchange decision.
        rule = "B7" if placement.kind == PlacementKind.DIRECTED else "C3"
        standby = Standby.objects.create(
            placement=placement, rule=rule, start=today, end=standby_end(today, policy=policy)
        )
        after.update({"standby_end": standby.end.isoformat(), "rule": rule})
    event_record(
        actor=actor,
        action="exchange_placement_answer",
        obj=placement,
        before={"answer": "pending"},
        after=after,
        note=placement.answer_note,
    )
    return placement


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
    """B7: after the standby the orgdept places the person by their conduct; poor conduct,
    after vetting, sets that year's annual assessment to 不称职."""
    standby = (
        Standby.objects.select_for_update(of=("self",))
        .select_related("placement__candidate__cadre")
        .get(pk=standby.pk)
    )
    if standby.outcome != StandbyOutcome.ONGOING:
        raise RuleViolation("B7", "该待岗人员的结果已经记录。")
    today = _today(now)
    cadre = standby.placement.candidate.cadre
    after: dict = {"outcome": outcome}
    if outcome == StandbyOutcome.PLACED:
        if today < standby.end:
            raise RuleViolation(
                "B7", f"待岗期至 {standby.end:%Y年%m月%d日} 届满，期满后方可根据表现作出安排。"
            )
        if unit is None:
            raise RuleViolation("B7", "请选择安排的单位。", field="unit")
        standby.outcome_unit, standby.outcome_note = unit, (note or "").strip()
        after["unit"] = unit.code
    elif outcome == StandbyOutcome.INCOMPETENT:
        vetting_note = (vetting_note or "").strip()
        if not vetting_note:
            raise RuleViolation(
                "B7",
                "确定为不称职等次须经考察和讨论研究，请填写考察和研究意见。",
                field="vetting_note",
            )
        year = year or standby.start.year
        before_grade = (cadre.appraisals or {}).get(str(year))
        cadre.appraisals = {**(cadre.appraisals or {}), str(year): "不称职"}
        cadre.save(update_fields=["appraisals"])
        standby.vetting_note, standby.appraisal_year = vetting_note, year
        standby.outcome_note = (note or "").strip()
        after.update({"year": year, "grade_before": before_grade, "grade": "不称职"})
    else:
        raise RuleViolation("B7", "请选择待岗期满后的安排结果。", field="outcome")
    standby.outcome, standby.outcome_at = outcome, _now(now)
    standby.save()
    event_record(
        actor=actor,
        action="exchange_standby_outcome",
        obj=standby,
        before={"outcome": "ongoing"},
        after=after,
        note=standby.vetting_note or standby.outcome_note,
    )
    return standby


# ------------------------------------------------------------------ C3 reporting, relations


@transaction.atomic
def transfer_tick(
    *, actor, placement: Placement, item: str, done: bool = True, now=None
) -> Placement:
    """C3: the new unit records the arrival and each relation moved (administrative, salary,
    party). Only for people who accepted their placement."""
    if item not in TRANSFER_ITEMS:
        raise RuleViolation("C3", "未知的转接事项。", field="item")
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.answer != Answer.ACCEPTED:
        raise RuleViolation("C3", "本人尚未表示服从安排，暂不能办理报到和关系转接。")
    before = getattr(placement, item)
    if bool(before) == done:
        state = "已登记" if done else "尚未登记"
        raise RuleViolation("C3", f"“{TRANSFER_ITEMS[item]}”{state}，无需重复操作。")
    setattr(placement, item, _now(now) if done else None)
    placement.save(update_fields=[item])
    moved = _move_on_administrative_transfer(placement, item, done)
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
