"""Every write of part B (B1–B7, C3). One transaction each, one audit event each.

B1–B4 are here; B5 lives in ``matching`` and B6–B7, C3 in ``placements``, re-exported
below so that pages, the demo and the tests reach every part B write as ``services.*``.

Services gather facts, ask ``cadrex.rules`` and store the answer. A refusal raises
``RuleViolation`` (Chinese message, rule ID); the transaction then rolls back, so a refused
action changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction

from cadrex.audit.services import event_record
from cadrex.campaigns import transitions
from cadrex.campaigns.models import Campaign
from cadrex.exchange.guards import (
    now_of,
    require_not_published,
    require_published,
    require_step,
    selection_locked,
)
from cadrex.exchange.matching import matching_publish, matching_run  # noqa: F401
from cadrex.exchange.models import (
    DeclarationStatus,
    ExchangeCandidate,
    ExchangeDeclaration,
    ExchangeSignup,
    Preference,
    Proposal,
)
from cadrex.exchange.placements import (  # noqa: F401
    directed_confirm,
    directed_draft,
    directed_placement_set,
    placement_answer,
    standby_outcome_record,
    transfer_tick,
)
from cadrex.exchange.rounds import round_facts, round_open, round_run  # noqa: F401
from cadrex.exchange.selectors import (
    Named,
    general_cadre_problem,
    named_candidate,
    named_unit,
    pending_units,
    submitted_declarations,
    undeclared_units,
)
from cadrex.registry.models import Cadre, Unit
from cadrex.rules.exchange import (
    check_balance,
    check_preference_units_exist,
    check_proposals,
    vacancy_count,
)
from cadrex.rules.exchange_declaration import (
    check_balance_exception,
    check_declaration_editable,
    check_exchange_candidate,
    check_publication,
    check_return,
    check_signup,
    check_signup_withdrawal,
)
from cadrex.rules.matching_rounds import (
    check_forms_open,
    check_round_participant,
    check_round_preferences,
    check_round_unit,
)
from cadrex.rules.schedule import Step
from cadrex.rules.transitions import EXCHANGE_DECLARATION

# ------------------------------------------------------------------ B1 sign-up


@transaction.atomic
def signup_create(*, actor, campaign: Campaign, cadre: Cadre, now=None) -> ExchangeSignup:
    """B1: a general cadre of an in-scope unit signs up for the two-way selection."""
    require_step(campaign, Step.EXCHANGE_SIGNUP, now=now)
    cadre = Cadre.objects.select_for_update().select_related("unit").get(pk=cadre.pk)
    signup, created = ExchangeSignup.objects.get_or_create(
        campaign=campaign, cadre=cadre, defaults={"created_at": now_of(now)}
    )  # a refusal below rolls the new row back with the transaction
    check_signup(problem=general_cadre_problem(cadre), signed_up=not created and signup.active)
    if not created:
        signup.withdrawn_at, signup.created_at = None, now_of(now)
        signup.save(update_fields=["withdrawn_at", "created_at"])
    event_record(actor=actor, action="exchange_signup", obj=signup, after={"unit": cadre.unit.code})
    return signup


@transaction.atomic
def signup_withdraw(*, actor, campaign: Campaign, cadre: Cadre, now=None) -> ExchangeSignup:
    require_step(campaign, Step.EXCHANGE_SIGNUP, now=now)
    signup = (
        ExchangeSignup.objects.select_for_update().filter(campaign=campaign, cadre=cadre).first()
    )
    check_signup_withdrawal(
        signed_up=bool(signup and signup.active),
        picked=ExchangeCandidate.objects.filter(campaign=campaign, cadre=cadre).exists(),
    )
    signup.withdrawn_at = now_of(now)
    signup.save(update_fields=["withdrawn_at"])
    event_record(actor=actor, action="exchange_signup_withdraw", obj=signup)
    return signup


# ------------------------------------------------------------------ B1–B2 the unit's declaration


def _editable_declaration(campaign: Campaign, unit: Unit) -> ExchangeDeclaration:
    require_not_published(campaign)
    declaration, _ = ExchangeDeclaration.objects.select_for_update().get_or_create(
        campaign=campaign, unit=unit
    )
    check_declaration_editable(submitted=declaration.status == DeclarationStatus.SUBMITTED)
    return declaration


def _declaration_snapshot(declaration: ExchangeDeclaration) -> dict:
    return {
        "vacancies": declaration.vacancies,
        "candidates": sorted(declaration.candidates.values_list("cadre_id", flat=True)),
        "status": declaration.status,
    }


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
    count = vacancy_count(unit.name, vacancies)
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
        own = cadre is not None and cadre.unit_id == unit.pk
        check_exchange_candidate(
            cadre.name if own else pk,
            own_unit=own,
            problem=general_cadre_problem(cadre) if own else None,
            signed_up=pk in signed,
            reason=added.get(pk, ""),
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
    transitions.transition(
        declaration,
        EXCHANGE_DECLARATION,
        "exchange_declaration_submit",
        actor=actor,
        campaign=campaign,
        now=now,
        fields={"returned_reason": "", "submitted_at": now_of(now), "submitted_by": actor},
        after={"sent_out": sent_out, "vacancies": declaration.vacancies, "difference": difference},
    )
    return declaration


@transaction.atomic
def declaration_return(
    *, actor, declaration: ExchangeDeclaration, reason: str, now=None
) -> ExchangeDeclaration:
    """B1: the office sends a submitted declaration back to the unit, with a reason."""
    campaign = declaration.campaign
    require_step(campaign, Step.EXCHANGE_SIGNUP, Step.VACANCIES, now=now)
    require_not_published(campaign)
    declaration = ExchangeDeclaration.objects.select_for_update().get(pk=declaration.pk)
    reason = check_return(
        declaration.unit.name,
        reason=reason,
        submitted=declaration.status == DeclarationStatus.SUBMITTED,
    )
    transitions.transition(
        declaration,
        EXCHANGE_DECLARATION,
        "exchange_declaration_return",
        actor=actor,
        campaign=campaign,
        now=now,
        fields={"returned_reason": reason},
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
    require_not_published(campaign)
    declaration = ExchangeDeclaration.objects.select_for_update().get(pk=declaration.pk)
    reason = check_balance_exception(
        declaration.unit.name,
        reason=reason,
        allowed=declaration.exception_allowed,
        difference=declaration.vacancies - declaration.candidates.count(),
    )
    declaration.exception_reason = reason
    declaration.exception_by, declaration.exception_at = actor, now_of(now)
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
def vacancies_publish(
    *, actor, campaign: Campaign, acknowledge_undeclared: bool = False, now=None
) -> int:
    """B2: the office publishes every unit's vacancies at once, after every unit that started
    a declaration submitted it. In-scope units that declared nothing take no part — only once
    the office has seen their names and ticked that it knows (``acknowledge_undeclared``);
    the audit event keeps the names it acknowledged."""
    require_step(campaign, Step.VACANCIES, now=now)
    selection = selection_locked(campaign)
    declarations = list(submitted_declarations(campaign))
    undeclared = list(undeclared_units(campaign))
    check_publication(
        published=bool(selection.vacancies_published_at),
        waiting=[d.unit.name for d in pending_units(campaign)],
        submitted=len(declarations),
        undeclared=[u.name for u in undeclared],
        acknowledged=acknowledge_undeclared,
    )
    for declaration in declarations:  # B1 again: nothing unbalanced slips through
        check_balance(
            declaration.unit.name,
            sent_out=declaration.candidates.count(),
            vacancies=declaration.vacancies,
            exception_allowed=declaration.exception_allowed,
        )
    selection.vacancies_published_at, selection.vacancies_published_by = now_of(now), actor
    selection.save(update_fields=["vacancies_published_at", "vacancies_published_by"])
    total = sum(d.vacancies for d in declarations)
    event_record(
        actor=actor,
        action="exchange_vacancies_publish",
        obj=campaign,
        after={
            "units": len(declarations),
            "vacancies": total,
            "undeclared_acknowledged": [f"{u.name}（{u.code}）" for u in undeclared],
        },
    )
    return total


# ------------------------------------------------------------------ B3 preferences


@transaction.atomic
def preferences_save(
    *, actor, candidate: ExchangeCandidate, unit_ids: Sequence[int], now=None
) -> list[Preference]:
    """B3: the candidate's preference form — up to ``max_preferences`` units, in order, never
    their own, only units with published vacancies. An empty list withdraws the form.

    In round 2 and later (ADR 0011) only the previous round's unplaced file, and only among
    the units with vacancies left; the form of that round is replaced, earlier ones stay."""
    campaign = candidate.campaign
    require_step(campaign, Step.PREFERENCES, now=now)
    require_published(campaign, "B3")
    candidate = (
        ExchangeCandidate.objects.select_for_update()
        .select_related("cadre", "home_unit")
        .get(pk=candidate.pk)
    )
    facts = round_facts(campaign)
    check_forms_open(
        "B3",
        round_number=facts.number,
        published=round_run(campaign, facts.number) is not None,
    )
    check_round_participant(
        named_candidate(candidate),
        round_number=facts.number,
        taking_part=facts.takes_part(candidate.pk),
    )
    units = {u.pk: u for u in Unit.objects.filter(pk__in=list(unit_ids))}
    check_preference_units_exist(unit_ids, units)
    listed = [named_unit(units[pk]) for pk in unit_ids]
    # B3: only units with vacancies above zero (keys alone decide equality).
    check_round_preferences(
        named_candidate(candidate),
        listed,
        round_number=facts.number,
        home_unit=named_unit(candidate.home_unit),
        vacancies={Named(code, code): n for code, n in facts.vacancies.items()},
        policy=campaign.policy,
    )
    mine = candidate.preferences.filter(round=facts.number)
    before = list(mine.order_by("rank").values_list("unit__code", flat=True))
    mine.delete()
    rows = [
        Preference.objects.create(
            candidate=candidate, unit=units[pk], rank=rank, round=facts.number
        )
        for rank, pk in enumerate(unit_ids, start=1)
    ]
    candidate.preferences_filed_at = now_of(now) if rows else None
    candidate.save(update_fields=["preferences_filed_at"])
    event_record(
        actor=actor,
        action="exchange_preferences_save",
        obj=candidate,
        before=before,
        after=[units[pk].code for pk in unit_ids],
        note=f"第 {facts.number} 轮" if facts.number > 1 else "",
    )
    return rows


# ------------------------------------------------------------------ B4 proposals


def _preferences_of(
    campaign: Campaign, candidate_ids: Sequence[int], round_number: int
) -> dict[Named, list[Named]]:
    """The units the given candidates of ``campaign`` listed in the round, as the rules' B4
    check reads them; an id that is not a candidate of this campaign is left out (the rules
    refuse it)."""
    rows = ExchangeCandidate.objects.filter(campaign=campaign, pk__in=list(candidate_ids))
    lists: dict[Named, list[Named]] = {named_candidate(c): [] for c in rows.select_related("cadre")}
    keys = {key.key: key for key in lists}
    listed = Preference.objects.filter(candidate__in=rows, round=round_number)
    for p in listed.select_related("unit").order_by("rank"):
        lists[keys[p.candidate_id]].append(named_unit(p.unit))
    return lists


@transaction.atomic
def proposals_save(
    *, actor, campaign: Campaign, unit: Unit, candidate_ids: Sequence[int], now=None
) -> list[Proposal]:
    """B4: the unit's proposal form — in strict order, at most ``proposal_ratio × vacancies``
    people, each of whom listed the unit. Replaces the list as a whole.

    In round 2 and later (ADR 0011): only a unit with vacancies left, against the vacancies
    left, from the previous round's unplaced who listed it in this round."""
    require_step(campaign, Step.PROPOSALS, now=now)
    require_published(campaign, "B4")
    declaration = (
        ExchangeDeclaration.objects.select_for_update()
        .filter(campaign=campaign, unit=unit, status=DeclarationStatus.SUBMITTED)
        .first()
    )
    facts = round_facts(campaign)
    check_forms_open(
        "B4",
        round_number=facts.number,
        published=round_run(campaign, facts.number) is not None,
    )
    names = {u.code: u.name for u in Unit.objects.filter(code__in=list(facts.vacancies))}
    vacancies = {Named(code, names.get(code, code)): n for code, n in facts.vacancies.items()}
    check_round_unit(named_unit(unit), round_number=facts.number, vacancies=vacancies)
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
    for person in people:
        if person.key in chosen:
            check_round_participant(
                person, round_number=facts.number, taking_part=facts.takes_part(person.key)
            )
    check_proposals(
        named_unit(unit),
        people,
        vacancies=vacancies,
        preferences=_preferences_of(campaign, candidate_ids, facts.number),
        policy=campaign.policy,
    )
    mine = declaration.proposals.filter(round=facts.number)
    before = list(mine.order_by("rank").values_list("candidate_id", flat=True))
    mine.delete()
    rows = [
        Proposal.objects.create(
            declaration=declaration, candidate=chosen[pk], rank=rank, round=facts.number
        )
        for rank, pk in enumerate(candidate_ids, start=1)
    ]
    declaration.proposals_saved_at = now_of(now)
    declaration.save(update_fields=["proposals_saved_at"])
    event_record(
        actor=actor,
        action="exchange_proposals_save",
        obj=declaration,
        before=before,
        after=list(candidate_ids),
        note=f"第 {facts.number} 轮" if facts.number > 1 else "",
    )
    return rows
