"""Reads of part B (selectors read and never write), and the adapters that hand its records to
the rules core. The results of the matching and the flows of people are read in ``results``."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from cadrex.accounts.models import UNIT_ROLES, Role
from cadrex.campaigns.models import Campaign
from cadrex.campaigns.selectors import window_for
from cadrex.exchange.models import (
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
from cadrex.registry.facts import unit_facts
from cadrex.registry.models import Cadre, Unit
from cadrex.rules import exchange_declaration
from cadrex.rules.schedule import Step, step_state
from cadrex.rules.scope import HeldPost


@dataclass(frozen=True)
class Named:
    """A key for the rules core whose ``str()`` is a name, so its messages name people and
    units; equal and hashed by ``key`` alone (two people may share a name)."""

    key: Any
    name: str = field(compare=False)

    def __str__(self) -> str:
        return self.name


def named_unit(unit: Unit) -> Named:
    return Named(unit.code, unit.name)


def named_candidate(candidate: ExchangeCandidate) -> Named:
    return Named(candidate.pk, candidate.cadre.name)


# ------------------------------------------------------------------ B1 who may take part


def general_cadre_problem(cadre: Cadre) -> str | None:
    """S1 and B1: why ``cadre`` cannot be an exchange candidate, or None (the rules decide)."""
    post = getattr(cadre, "middle_level_post", None)
    held = None
    if post is not None:
        held = HeldPost(
            person_id=str(cadre.pk), unit=post.unit.code, kind=post.kind, level=post.level
        )
    return exchange_declaration.general_cadre_problem(
        cadre.name, unit=unit_facts(cadre.unit), post=held, post_title=post.title if post else ""
    )


def in_scope_units():
    return Unit.objects.filter(vertically_managed=False)


def general_cadres_of(unit: Unit):
    return (
        Cadre.objects.filter(unit=unit, middle_level_post__isnull=True)
        .select_related("unit")
        .order_by("name", "id")
    )


def signup_of(campaign: Campaign, cadre: Cadre) -> ExchangeSignup | None:
    return ExchangeSignup.objects.filter(campaign=campaign, cadre=cadre).first()


def candidate_of(campaign: Campaign, cadre: Cadre) -> ExchangeCandidate | None:
    return (
        ExchangeCandidate.objects.filter(campaign=campaign, cadre=cadre)
        .select_related("cadre__unit", "home_unit", "declaration")
        .first()
    )


def selection_of(campaign: Campaign) -> TwoWaySelection:
    """Part B's milestones; an unsaved blank one until the first milestone is recorded."""
    return TwoWaySelection.objects.filter(campaign=campaign).first() or TwoWaySelection(
        campaign=campaign
    )


def declaration_of(campaign: Campaign, unit: Unit) -> ExchangeDeclaration | None:
    return ExchangeDeclaration.objects.filter(campaign=campaign, unit=unit).first()


def unit_pool(campaign: Campaign, unit: Unit) -> list[dict]:
    """B1: the unit's general cadres, signed-up ones first, each with whether they are picked."""
    signed = {
        s.cadre_id
        for s in ExchangeSignup.objects.filter(
            campaign=campaign, cadre__unit=unit, withdrawn_at__isnull=True
        )
    }
    picked = {
        c.cadre_id: c
        for c in ExchangeCandidate.objects.filter(campaign=campaign, declaration__unit=unit)
    }
    rows = [
        {
            "cadre": cadre,
            "signed_up": cadre.pk in signed,
            "candidate": picked.get(cadre.pk),
        }
        for cadre in general_cadres_of(unit)
    ]
    rows.sort(key=lambda r: (not r["signed_up"], r["candidate"] is None, r["cadre"].name))
    return rows


def balance_of(declaration: ExchangeDeclaration | None) -> dict:
    """B1: people sent out and taken in; the rules decide whether it may be submitted."""
    sent_out = declaration.candidates.count() if declaration else 0
    vacancies = declaration.vacancies if declaration else 0
    return {"sent_out": sent_out, "vacancies": vacancies, "difference": vacancies - sent_out}


def declaration_rows(campaign: Campaign) -> list[dict]:
    """B1–B2 status of every in-scope unit for the office's page."""
    declarations = {
        d.unit_id: d
        for d in ExchangeDeclaration.objects.filter(campaign=campaign).annotate(
            sent_out=Count("candidates", distinct=True),
            signed=Count("candidates", filter=Q(candidates__signed_up=True), distinct=True),
        )
    }
    signups = Counter(
        ExchangeSignup.objects.filter(campaign=campaign, withdrawn_at__isnull=True).values_list(
            "cadre__unit_id", flat=True
        )
    )
    rows = []
    for unit in in_scope_units().order_by("kind", "code"):
        declaration = declarations.get(unit.pk)
        sent_out = declaration.sent_out if declaration else 0
        vacancies = declaration.vacancies if declaration else 0
        rows.append(
            {
                "unit": unit,
                "declaration": declaration,
                "signups": signups.get(unit.pk, 0),
                "sent_out": sent_out,
                "signed": declaration.signed if declaration else 0,
                "vacancies": vacancies,
                "difference": vacancies - sent_out,
                "status": declaration.status if declaration else "",
            }
        )
    return rows


def pending_units(campaign: Campaign):
    """Units that started a declaration (people or vacancies) but have not submitted it."""
    return (
        ExchangeDeclaration.objects.filter(campaign=campaign)
        .exclude(status=DeclarationStatus.SUBMITTED)
        .annotate(n=Count("candidates"))
        .filter(Q(n__gt=0) | Q(vacancies__gt=0))
        .select_related("unit")
    )


def undeclared_units(campaign: Campaign):
    """B2: in-scope units that declared nothing — no declaration, or an empty draft never
    submitted. They take no part unless they declare; the office acknowledges them by name
    before publishing, so that 71 silent units cannot slip by unnoticed."""
    declared = ExchangeDeclaration.objects.filter(campaign=campaign).filter(
        Q(status=DeclarationStatus.SUBMITTED) | Q(vacancies__gt=0) | Q(candidates__isnull=False)
    )
    return in_scope_units().exclude(pk__in=declared.values("unit_id")).order_by("kind", "code")


def submitted_declarations(campaign: Campaign):
    return ExchangeDeclaration.objects.filter(
        campaign=campaign, status=DeclarationStatus.SUBMITTED
    ).select_related("unit")


def published_vacancies(campaign: Campaign) -> dict[Unit, int]:
    """B2: unit → vacancies as published (empty until the office publishes)."""
    if not selection_of(campaign).vacancies_published_at:
        return {}
    return {d.unit: d.vacancies for d in submitted_declarations(campaign).order_by("unit__code")}


def vacancy_notice_rows(campaign: Campaign) -> list[dict]:
    """B2 notice: unit · vacancies · people sent out (no names)."""
    if not selection_of(campaign).vacancies_published_at:
        return []
    return [
        {"unit": d.unit, "vacancies": d.vacancies, "sent_out": d.n}
        for d in submitted_declarations(campaign)
        .annotate(n=Count("candidates"))
        .order_by("unit__kind", "unit__code")
    ]


def candidates(campaign: Campaign, unit: Unit | None = None):
    qs = ExchangeCandidate.objects.filter(campaign=campaign).select_related(
        "cadre__unit", "home_unit", "declaration"
    )
    if unit is not None:
        qs = qs.filter(home_unit=unit)
    return qs.prefetch_related(
        Prefetch("preferences", queryset=Preference.objects.select_related("unit"))
    ).order_by("home_unit__code", "cadre__name", "id")


# ------------------------------------------------------------------ B3 preferences


def preference_state(candidate: ExchangeCandidate, campaign: Campaign, now: datetime | None = None):
    """B3: ``filed``, ``open`` (may still file), ``upcoming`` or ``not_filed`` (window closed).

    Not filing is derived from the closed window, so no job has to mark anybody. In round 2
    and later (ADR 0011) a person not yet placed files that round's form again; a placed
    person's form stays filed.
    """
    if in_current_round(candidate, campaign):
        filed = candidate.preferences.filter(round=selection_of(campaign).round).exists()
    else:
        filed = bool(candidate.preferences_filed_at)
    if filed:
        return "filed"
    window = window_for(campaign, Step.PREFERENCES)
    state = step_state(window.as_rule if window else None, now or timezone.now())
    return {"closed": "not_filed", "open": "open"}.get(state, "upcoming")


def in_current_round(candidate: ExchangeCandidate, campaign: Campaign) -> bool:
    """B5: whether ``candidate`` takes part in a round after the first now under way: not
    placed by an earlier round (before directed placement only matched ones exist)."""
    return (
        selection_of(campaign).round > 1
        and not Placement.objects.filter(candidate=candidate).exists()
    )


def own_preferences(candidate: ExchangeCandidate, campaign: Campaign) -> list[Preference]:
    """B3: the candidate's form as they see it: the current round's while they take part in
    it, else the last one they filed."""
    rows = candidate.preferences.select_related("unit")
    if in_current_round(candidate, campaign):
        return list(rows.filter(round=selection_of(campaign).round).order_by("rank"))
    last = rows.order_by("-round").values_list("round", flat=True).first() or 1
    return list(rows.filter(round=last).order_by("rank"))


def listed_by(campaign: Campaign, unit: Unit, round_number: int | None = None):
    """B4: the candidates who listed ``unit`` in the round (default: the current one), in an
    order that says nothing of their rank.

    Sorted by home unit and name — never by preference rank or filing time, so the unit
    cannot tell a first choice from a second.
    """
    number = round_number or selection_of(campaign).round
    return (
        ExchangeCandidate.objects.filter(
            campaign=campaign, preferences__unit=unit, preferences__round=number
        )
        .select_related("cadre", "home_unit")
        .order_by("home_unit__code", "cadre__name", "id")
        .distinct()
    )


def proposals_of(
    declaration: ExchangeDeclaration | None, round_number: int | None = None
) -> list[Proposal]:
    """B4: the unit's proposal list of the round (default: the current one)."""
    if declaration is None:
        return []
    number = round_number or selection_of(declaration.campaign).round
    return list(
        declaration.proposals.filter(round=number)
        .select_related("candidate__cadre", "candidate__home_unit")
        .order_by("rank")
    )


# ------------------------------------------------------------------ B5–B7, C3


def published_run(campaign: Campaign) -> MatchingRun | None:
    """The latest published matching run (the last round published; ADR 0011)."""
    return (
        MatchingRun.objects.filter(campaign=campaign, published_at__isnull=False)
        .order_by("-round", "-id")
        .first()
    )


def placements(campaign: Campaign):
    return Placement.objects.filter(candidate__campaign=campaign).select_related(
        "candidate__cadre", "candidate__home_unit", "unit", "proposed_unit"
    )


def remaining_after_directed(campaign: Campaign, run: MatchingRun, *, exclude=None) -> dict:
    """Unit code → vacancies left after matching and the directed placements drafted so far."""
    inputs, result = json.loads(run.inputs), json.loads(run.result)
    left = dict(inputs["vacancies"])
    for code in result["assignment"].values():
        left[code] -= 1
    directed = placements(campaign).filter(kind=PlacementKind.DIRECTED, unit__isnull=False)
    if exclude is not None:
        directed = directed.exclude(pk=exclude.pk)
    for code in directed.values_list("unit__code", flat=True):
        left[code] = left.get(code, 0) - 1
    return left


def standbys(campaign: Campaign):
    return Standby.objects.filter(placement__candidate__campaign=campaign).select_related(
        "placement__candidate__cadre",
        "placement__candidate__home_unit",
        "placement__unit",
        "outcome_unit",
    )


def arrivals(campaign: Campaign, unit: Unit):
    """C3: the people placed into ``unit`` who accepted: the new unit's checklist."""
    return (
        placements(campaign)
        .filter(unit=unit, decided_at__isnull=False)
        .order_by("candidate__cadre__name")
    )


def acceptance_deadline(campaign: Campaign) -> datetime | None:
    """B7: placed people answer before the acceptance window closes."""
    window = window_for(campaign, Step.ACCEPTANCE)
    return window.end if window else None


# ------------------------------------------------------------------ home page to-dos


def exchange_todos(user, campaign: Campaign) -> list[dict]:
    """The part B items waiting for this person, with links (added to part A's list)."""
    items: list[dict] = []

    def add(count: int, text: str, url: str) -> None:
        if count:
            items.append({"count": count, "text": text, "url": url})

    now = timezone.now()
    selection = selection_of(campaign)
    if user.role == Role.OFFICE:
        if not selection.vacancies_published_at:
            add(
                submitted_declarations(campaign).count(),
                "个单位已报送交流对象和缺员数，待公布",
                "exchange:office",
            )
    elif user.role == Role.ORGDEPT:
        if published_run(campaign) and not selection.directed_confirmed_at:
            add(
                ExchangeCandidate.objects.filter(campaign=campaign)
                .exclude(placement__kind=PlacementKind.MATCHED)
                .count(),
                "名落岗或未填报意向的交流对象待定向交流",
                "exchange:directed",
            )
        add(
            standbys(campaign)
            .filter(outcome=StandbyOutcome.ONGOING, end__lte=timezone.localdate(now))
            .count(),
            "名待岗人员已期满，待作出安排",
            "exchange:standbys",
        )
    elif user.role in UNIT_ROLES:
        declaration = declaration_of(campaign, user.unit)
        if _open(campaign, Step.EXCHANGE_SIGNUP, now) and (
            declaration is None or declaration.status != DeclarationStatus.SUBMITTED
        ):
            add(1, "份本单位交流对象和缺员数待报送", "exchange:unit")
        if (
            _open(campaign, Step.PROPOSALS, now)
            and declaration
            and not declaration.proposals_saved_at
        ):
            add(
                listed_by(campaign, user.unit).count(),
                "名交流对象填报了本单位，待提出建议人选",
                "exchange:proposals",
            )
        if user.role == Role.UNIT_OPERATOR:
            waiting = [
                p
                for p in arrivals(campaign, user.unit).filter(answer=Answer.ACCEPTED)
                if not p.transfers_done
            ]
            add(len(waiting), "名交流到本单位的人员待办理报到和关系转接", "exchange:arrivals")
    elif user.role == Role.CADRE:
        candidate = candidate_of(campaign, user.cadre)
        if candidate and preference_state(candidate, campaign, now) == "open":
            add(1, "份《一般干部跨单位双向选择意向表》待填报", "exchange:preferences")
        placement = getattr(candidate, "placement", None) if candidate else None
        if (
            placement
            and placement.decided_at
            and placement.unit_id
            and placement.answer == Answer.PENDING
            and _open(campaign, Step.ACCEPTANCE, now)
        ):
            add(1, "项交流安排待您表态", "exchange:my")
    return items


def _open(campaign: Campaign, step: Step, now: datetime) -> bool:
    window = window_for(campaign, step)
    return step_state(window.as_rule if window else None, now) == "open"
