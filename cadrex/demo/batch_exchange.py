"""Part B's services for many units or people at once, for the demo (see ``bulk``).

Each function does what calling its service once per row does — ``signup_create``,
``declaration_save``, ``declaration_submit``, ``preferences_save``, ``proposals_save`` of
``cadrex.exchange.services`` — with the same checks from ``cadrex.rules`` and the same
records and audit events, reading what it needs once for the batch. All or nothing: the
caller's transaction rolls back on the first refusal, as a service's own would.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime

from cadrex.campaigns import transitions
from cadrex.campaigns.models import Campaign
from cadrex.demo.bulk import Log, Schedule
from cadrex.exchange.models import (
    DeclarationStatus,
    ExchangeCandidate,
    ExchangeDeclaration,
    ExchangeSignup,
    Preference,
    Proposal,
    TwoWaySelection,
)
from cadrex.exchange.selectors import (
    Named,
    general_cadre_problem,
    named_candidate,
    named_unit,
    submitted_declarations,
)
from cadrex.registry.models import Cadre, Unit
from cadrex.registry.selectors import units_with_headcount
from cadrex.rules.exchange import (
    check_balance,
    check_preference_units_exist,
    check_preferences,
    check_proposals,
    vacancy_count,
)
from cadrex.rules.exchange_declaration import (
    check_declaration_editable,
    check_exchange_candidate,
    check_not_published,
    check_published,
    check_signup,
)
from cadrex.rules.schedule import Step
from cadrex.rules.transitions import EXCHANGE_DECLARATION

DECLARING = (Step.EXCHANGE_SIGNUP, Step.VACANCIES)


def _published(campaign: Campaign) -> bool:
    return TwoWaySelection.objects.filter(
        campaign=campaign, vacancies_published_at__isnull=False
    ).exists()


def _cadres(pks) -> dict[int, Cadre]:
    """The people with their unit (its headcount counted once for all) and post, as
    ``general_cadre_problem`` reads them."""
    cadres = {
        c.pk: c
        for c in Cadre.objects.filter(pk__in=list(pks)).select_related(
            "unit", "middle_level_post__unit"
        )
    }
    units = {
        u.pk: u
        for u in units_with_headcount(
            Unit.objects.filter(pk__in=[c.unit_id for c in cadres.values()])
        )
    }
    for cadre in cadres.values():
        cadre.unit = units[cadre.unit_id]
    return cadres


# ------------------------------------------------------------------ B1 sign-ups


def signups_create(campaign: Campaign, cadre_ids: Sequence[int], *, now: datetime) -> None:
    """B1 ``signup_create`` for each person: an eligible general cadre signs up (again)."""
    Schedule(campaign, [Step.EXCHANGE_SIGNUP]).require(now, Step.EXCHANGE_SIGNUP)
    cadres = _cadres(cadre_ids)
    existing = {
        s.cadre_id: s
        for s in ExchangeSignup.objects.filter(campaign=campaign, cadre_id__in=list(cadre_ids))
    }
    new, again = [], []
    for pk in cadre_ids:
        cadre, signup = cadres[pk], existing.get(pk)
        check_signup(
            problem=general_cadre_problem(cadre), signed_up=signup is not None and signup.active
        )
        if signup is None:
            new.append(ExchangeSignup(campaign=campaign, cadre=cadre, created_at=now))
        else:
            signup.withdrawn_at, signup.created_at, signup.cadre = None, now, cadre
            again.append(signup)
    ExchangeSignup.objects.bulk_create(new, batch_size=500)
    ExchangeSignup.objects.bulk_update(again, ["withdrawn_at", "created_at"], batch_size=500)
    log = Log()
    for signup in [*new, *again]:
        log.add("exchange_signup", signup, after={"unit": signup.cadre.unit.code})
    log.write()


# ------------------------------------------------------------------ B1–B2 declarations


def _declarations(campaign: Campaign, units: Sequence[Unit]) -> dict[int, ExchangeDeclaration]:
    """Each unit's declaration, made when missing (as ``_editable_declaration`` does), and
    refused when it was submitted already or the vacancies are published."""
    check_not_published(published=_published(campaign))
    found = {
        d.unit_id: d
        for d in ExchangeDeclaration.objects.filter(
            campaign=campaign, unit__in=[u.pk for u in units]
        )
    }
    missing = [ExchangeDeclaration(campaign=campaign, unit=u) for u in units if u.pk not in found]
    ExchangeDeclaration.objects.bulk_create(missing)
    found |= {d.unit_id: d for d in missing}
    for unit in units:
        found[unit.pk].unit = unit
        check_declaration_editable(submitted=found[unit.pk].status == DeclarationStatus.SUBMITTED)
    return found


def _snapshot(declaration: ExchangeDeclaration, cadre_ids) -> dict:
    return {
        "vacancies": declaration.vacancies,
        "candidates": sorted(cadre_ids),
        "status": declaration.status,
    }


def declarations_save(
    campaign: Campaign,
    forms: Sequence[tuple[Unit, Sequence[int], Mapping[int, str], int]],
    *,
    now: datetime,
) -> dict[int, ExchangeDeclaration]:
    """B1–B2 ``declaration_save`` for each unit's form ``(unit, cadre_ids, added,
    vacancies)``: its exchange candidates and vacancy count, replacing its draft."""
    Schedule(campaign, DECLARING).require(now, *DECLARING)
    declarations = _declarations(campaign, [unit for unit, *_ in forms])
    wanted = [int(pk) for _, ids, _, _ in forms for pk in ids]
    cadres = _cadres(wanted)
    signed = set(
        ExchangeSignup.objects.filter(
            campaign=campaign, cadre_id__in=wanted, withdrawn_at__isnull=True
        ).values_list("cadre_id", flat=True)
    )
    held = defaultdict(dict)
    for row in ExchangeCandidate.objects.filter(declaration__in=list(declarations.values())):
        held[row.declaration_id][row.cadre_id] = row
    log, gone, new, changed = Log(), [], [], []
    for unit, cadre_ids, added, vacancies in forms:
        declaration = declarations[unit.pk]
        rows = held[declaration.pk]
        before = _snapshot(declaration, rows)
        count = vacancy_count(unit.name, vacancies)
        added = {int(k): (v or "").strip() for k, v in (added or {}).items()}
        chosen = list(dict.fromkeys(int(pk) for pk in cadre_ids))
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
        gone += [row.pk for pk, row in rows.items() if pk not in chosen]
        for pk in chosen:
            row = rows.get(pk) or ExchangeCandidate(
                campaign=campaign, declaration=declaration, cadre_id=pk, home_unit=unit
            )
            row.signed_up = pk in signed
            row.added_reason = "" if row.signed_up else added[pk]
            (changed if row.pk else new).append(row)
        declaration.vacancies = count
        log.add(
            "exchange_declaration_save",
            declaration,
            before=before,
            after=_snapshot(declaration, chosen),
        )
    ExchangeCandidate.objects.filter(pk__in=gone).delete()
    ExchangeCandidate.objects.bulk_create(new, batch_size=500)
    ExchangeCandidate.objects.bulk_update(changed, ["signed_up", "added_reason"], batch_size=500)
    ExchangeDeclaration.objects.bulk_update(list(declarations.values()), ["vacancies"])
    log.write()
    return declarations


def declarations_submit(campaign: Campaign, units: Sequence[Unit], *, now: datetime) -> None:
    """B1 ``declaration_submit`` for each unit: in balance, or with the office's exception."""
    schedule = Schedule(campaign, DECLARING)
    schedule.require(now, *DECLARING)
    declarations = _declarations(campaign, units)
    sent = defaultdict(int)
    for declaration_id in ExchangeCandidate.objects.filter(
        declaration__in=list(declarations.values())
    ).values_list("declaration_id", flat=True):
        sent[declaration_id] += 1
    for unit in units:
        declaration = declarations[unit.pk]
        sent_out = sent[declaration.pk]
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
            actor=None,
            campaign=campaign,
            now=now,
            windows=schedule.windows,
            fields={"returned_reason": "", "submitted_at": now, "submitted_by": None},
            after={
                "sent_out": sent_out,
                "vacancies": declaration.vacancies,
                "difference": difference,
            },
        )


# ------------------------------------------------------------------ B3 preferences


def preferences_save(
    campaign: Campaign, forms: Sequence[tuple[ExchangeCandidate, Sequence[int]]], *, now: datetime
) -> None:
    """B3 ``preferences_save`` for each candidate's form ``(candidate, unit_ids)``: up to
    ``max_preferences`` units in order, never their own, only units with published
    vacancies; an empty list withdraws the form."""
    Schedule(campaign, [Step.PREFERENCES]).require(now, Step.PREFERENCES)
    check_published("B3", published=_published(campaign))
    policy = campaign.policy
    codes = submitted_declarations(campaign).filter(vacancies__gt=0)
    open_units = {Named(code, code) for code in codes.values_list("unit__code", flat=True)}
    candidates = {
        c.pk: c
        for c in ExchangeCandidate.objects.filter(pk__in=[c.pk for c, _ in forms]).select_related(
            "cadre", "home_unit"
        )
    }
    asked = {pk for _, unit_ids in forms for pk in unit_ids}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=list(asked))}
    before = defaultdict(list)
    held = Preference.objects.filter(candidate__in=list(candidates)).select_related("unit")
    for p in held.order_by("rank"):
        before[p.candidate_id].append(p.unit.code)
    log, rows = Log(), []
    for form, unit_ids in forms:
        candidate = candidates[form.pk]
        check_preference_units_exist(unit_ids, {pk: units[pk] for pk in unit_ids if pk in units})
        listed = [named_unit(units[pk]) for pk in unit_ids]
        check_preferences(
            named_candidate(candidate),
            listed,
            home_unit=named_unit(candidate.home_unit),
            vacancies=open_units,
            policy=policy,
        )
        rows += [
            Preference(candidate=candidate, unit=units[pk], rank=rank)
            for rank, pk in enumerate(unit_ids, start=1)
        ]
        candidate.preferences_filed_at = now if unit_ids else None
        log.add(
            "exchange_preferences_save",
            candidate,
            before=before[candidate.pk],
            after=[units[pk].code for pk in unit_ids],
        )
    Preference.objects.filter(candidate__in=list(candidates)).delete()
    Preference.objects.bulk_create(rows, batch_size=500)
    ExchangeCandidate.objects.bulk_update(list(candidates.values()), ["preferences_filed_at"])
    log.write()


# ------------------------------------------------------------------ B4 proposals


def proposals_save(
    campaign: Campaign, forms: Sequence[tuple[Unit, Sequence[int]]], *, now: datetime
) -> None:
    """B4 ``proposals_save`` for each unit's form ``(unit, candidate_ids)``: in strict order,
    at most ``proposal_ratio × vacancies`` people, each of whom listed the unit."""
    Schedule(campaign, [Step.PROPOSALS]).require(now, Step.PROPOSALS)
    check_published("B4", published=_published(campaign))
    policy = campaign.policy
    declarations = {
        d.unit_id: d
        for d in submitted_declarations(campaign).filter(unit__in=[u.pk for u, _ in forms])
    }
    vacancies = {
        named_unit(d.unit): d.vacancies
        for d in submitted_declarations(campaign).order_by("unit__code")
    }
    wanted = [pk for _, ids in forms for pk in ids]
    chosen = {
        c.pk: c
        for c in ExchangeCandidate.objects.filter(campaign=campaign, pk__in=wanted).select_related(
            "cadre"
        )
    }
    listed: dict[int, list[Named]] = {pk: [] for pk in chosen}
    for p in (
        Preference.objects.filter(candidate__in=list(chosen))
        .select_related("unit")
        .order_by("rank")
    ):
        listed[p.candidate_id].append(named_unit(p.unit))
    before = defaultdict(list)
    for p in Proposal.objects.filter(declaration__in=list(declarations.values())).order_by("rank"):
        before[p.declaration_id].append(p.candidate_id)
    log, rows = Log(), []
    for unit, candidate_ids in forms:
        declaration = declarations[unit.pk]
        declaration.unit = unit
        people = [
            named_candidate(chosen[pk]) if pk in chosen else Named(pk, f"编号{pk}")
            for pk in candidate_ids
        ]
        preferences = {
            named_candidate(chosen[pk]): listed[pk] for pk in candidate_ids if pk in chosen
        }
        check_proposals(
            named_unit(unit), people, vacancies=vacancies, preferences=preferences, policy=policy
        )
        rows += [
            Proposal(declaration=declaration, candidate=chosen[pk], rank=rank)
            for rank, pk in enumerate(candidate_ids, start=1)
        ]
        declaration.proposals_saved_at = now
        log.add(
            "exchange_proposals_save",
            declaration,
            before=before[declaration.pk],
            after=list(candidate_ids),
        )
    Proposal.objects.filter(declaration__in=list(declarations.values())).delete()
    Proposal.objects.bulk_create(rows, batch_size=500)
    ExchangeDeclaration.objects.bulk_update(list(declarations.values()), ["proposals_saved_at"])
    log.write()
