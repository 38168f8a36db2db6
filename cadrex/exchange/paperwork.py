"""Part B's records as the plain values its tables take (``cadrex.documents.values``).

Each builder reads its rows in a fixed number of queries and hands the renderer strings,
numbers and dates. Who may see which rows is the view's business; what a record means (how a
person was placed, what a unit may know of the preferences) is decided here.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch
from django.utils import timezone

from cadrex.campaigns.models import Campaign
from cadrex.documents import values as v
from cadrex.exchange import results
from cadrex.exchange import selectors as q
from cadrex.exchange.models import (
    ExchangeCandidate,
    MatchingRun,
    Placement,
    PlacementKind,
    Preference,
    Proposal,
)
from cadrex.registry.models import Unit

# ------------------------------------------------------------------ B1, B3


def candidate_table(title: str, candidates: Iterable[ExchangeCandidate]) -> v.CandidateTable:
    """B1 《人员基本情况表》 of ``candidates`` (as ``selectors.candidates`` gives them)."""
    return v.CandidateTable(
        title=title,
        rows=tuple(
            v.CandidateRow(
                unit=c.home_unit.name,
                name=c.cadre.name,
                sex=c.cadre.sex,
                birth_date=c.cadre.birth_date,
                education=c.cadre.education,
                rank=c.cadre.rank,
                current_post=c.cadre.current_post,
                signed_up=c.signed_up,
                added_reason=c.added_reason,
            )
            for c in candidates
        ),
    )


def preference_form(
    title: str, candidates: Iterable[ExchangeCandidate], max_preferences: int
) -> v.PreferenceForm:
    """B3 《意向表》 of ``candidates`` (as ``selectors.candidates`` gives them, preferences
    prefetched)."""
    return v.PreferenceForm(
        title=title,
        max_preferences=max_preferences,
        rows=tuple(
            v.PreferenceRow(
                name=c.cadre.name,
                unit=c.home_unit.name,
                choices=tuple(
                    p.unit.name for p in sorted(c.preferences.all(), key=lambda p: p.rank)
                ),
                filed_on=(
                    timezone.localdate(c.preferences_filed_at) if c.preferences_filed_at else None
                ),
            )
            for c in candidates
        ),
    )


# ------------------------------------------------------------------ B4


def proposal_form(
    campaign: Campaign, *, title: str, unit: Unit | None = None, with_choice: bool
) -> v.ProposalForm:
    """B4 《人选需求表》: each unit with published vacancies (or only ``unit``), the people it
    proposed in order. ``with_choice`` adds each person's preference rank for the unit: the
    office's internal copy only — a unit must never learn whether it was a first choice."""
    declarations = []
    if q.selection_of(campaign).vacancies_published_at:
        proposals = Proposal.objects.select_related(
            "candidate__cadre", "candidate__home_unit"
        ).order_by("rank")
        declarations = (
            q.submitted_declarations(campaign)
            .order_by("unit__code")
            .prefetch_related(Prefetch("proposals", queryset=proposals))
        )
        if unit is not None:
            declarations = declarations.filter(unit=unit)
    ranks = {}
    if with_choice:
        ranks = {
            (candidate, unit_id): rank
            for candidate, unit_id, rank in Preference.objects.filter(
                candidate__campaign=campaign
            ).values_list("candidate_id", "unit_id", "rank")
        }
    return v.ProposalForm(
        title=title,
        with_choice=with_choice,
        units=tuple(
            v.ProposalUnit(
                unit=d.unit.name,
                vacancies=d.vacancies,
                proposals=tuple(
                    v.ProposalLine(
                        rank=p.rank,
                        name=p.candidate.cadre.name,
                        home=p.candidate.home_unit.name,
                        choice=ranks.get((p.candidate_id, d.unit_id), ""),
                    )
                    for p in d.proposals.all()
                ),
            )
            for d in declarations
        ),
    )


# ------------------------------------------------------------------ B5–B6


def result_row(
    candidate: ExchangeCandidate, placement: Placement | None, message: str
) -> v.ResultRow:
    """One person's outcome: home unit → new unit, how, and for the unplaced the reason."""
    unit, how, answer, deadline = "", "待定向交流", "", None
    if placement is not None:
        unit = placement.unit.name if placement.unit else ""
        if placement.kind == PlacementKind.MATCHED:
            how = f"双向选择（第{placement.choice}意向）"
        elif placement.decided_at:
            how = "定向交流" if placement.unit else "未能安置"
        else:
            how = "定向交流（建议方案）"
        if placement.decided_at:
            answer = placement.get_answer_display()
        deadline = placement.reporting_deadline
    note = message if (placement is None or placement.kind != PlacementKind.MATCHED) else ""
    if placement is not None and placement.unplaced_reason and not placement.unit:
        note = placement.unplaced_reason
    return v.ResultRow(
        name=candidate.cadre.name,
        home=candidate.home_unit.name,
        unit=unit,
        how=how,
        note=note,
        answer=answer,
        deadline=deadline,
    )


def results_table(campaign: Campaign, run: MatchingRun, *, title: str) -> v.ResultsTable:
    """B5–B6: every candidate's outcome under the published ``run`` and directed placement."""
    by_candidate = {p.candidate_id: p for p in q.placements(campaign)}
    return v.ResultsTable(
        title=title,
        rows=tuple(
            result_row(row["candidate"], by_candidate.get(row["candidate"].pk), row["message"])
            for row in results.run_rows(run)
        ),
    )
