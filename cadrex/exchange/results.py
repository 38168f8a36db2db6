"""Reads (selectors) of part B's results: the closed forms as the matching reads them and
why each person ended where they did (B5), and the flows of people between units (B5–B7).
Like ``selectors``, these read and never write."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from cadrex.campaigns.models import Campaign
from cadrex.exchange.models import (
    Answer,
    ExchangeCandidate,
    MatchingRun,
    Placement,
    PlacementKind,
    Preference,
    Proposal,
    StandbyOutcome,
)
from cadrex.exchange.rounds import round_facts
from cadrex.exchange.selectors import (
    Named,
    candidates,
    placements,
    published_run,
    standbys,
)
from cadrex.registry.models import Unit
from cadrex.rules.matching import Matching
from cadrex.rules.matching_explain import Explanation, explain


def preferences_by_candidate(
    campaign: Campaign, round_number: int = 1
) -> dict[int, list[Preference]]:
    lists: dict[int, list[Preference]] = defaultdict(list)
    rows = Preference.objects.filter(candidate__campaign=campaign, round=round_number)
    for p in rows.select_related("unit"):
        lists[p.candidate_id].append(p)
    for items in lists.values():
        items.sort(key=lambda p: p.rank)
    return lists


# ------------------------------------------------------------------ B5 matching


def matching_inputs(campaign: Campaign, round_number: int | None = None) -> dict:
    """B5: the closed forms of a round (default: the current one) as plain JSON-ready data
    (candidate numbers, unit codes). Round 1: every candidate, the published vacancies;
    round ``n`` > 1: the people round ``n - 1`` left unplaced, the vacancies it left, and
    the forms of round ``n`` (ADR 0011; the key ``round`` only then, so round 1's text is
    what it always was)."""
    policy = campaign.policy
    facts = round_facts(campaign, round_number)
    vacancies = dict(facts.vacancies)
    lists = preferences_by_candidate(campaign, facts.number)
    preferences = {
        str(c.pk): [p.unit.code for p in lists.get(c.pk, [])]
        for c in ExchangeCandidate.objects.filter(campaign=campaign).order_by("id")
        if facts.takes_part(c.pk)
    }
    proposals: dict[str, list[str]] = defaultdict(list)
    for p in (
        Proposal.objects.filter(declaration__campaign=campaign, round=facts.number)
        .select_related("declaration__unit")
        .order_by("declaration__unit__code", "rank")
    ):
        proposals[p.declaration.unit.code].append(str(p.candidate_id))
    extra = {"round": facts.number} if facts.number > 1 else {}
    return {
        **extra,
        "format": "cadrex.matching/1",
        "campaign": campaign.pk,
        "policy": {
            "max_preferences": policy.max_preferences,
            "proposal_ratio": policy.proposal_ratio,
        },
        "proposing": "cadres",
        "vacancies": vacancies,
        "preferences": preferences,
        "proposals": dict(proposals),
    }


def run_explanations(run: MatchingRun) -> dict[int, Explanation]:
    """B5: per candidate, why they ended where they did, in sentences that name them.

    The frozen run holds numbers and codes; here they are swapped for names (keys stay the
    numbers, so namesakes remain distinct) and the rules' ``explain`` writes the sentences.
    """
    inputs, result = json.loads(run.inputs), json.loads(run.result)
    people = {
        str(c.pk): Named(str(c.pk), c.cadre.name)
        for c in ExchangeCandidate.objects.filter(campaign=run.campaign).select_related("cadre")
    }
    units = {u.code: Named(u.code, u.name) for u in Unit.objects.all()}

    def person(key: str) -> Named:
        return people.get(key) or Named(key, f"交流对象{key}")

    def place(code: str) -> Named:
        return units.get(code) or Named(code, code)

    preferences = {person(c): [place(u) for u in us] for c, us in inputs["preferences"].items()}
    proposals = {place(u): [person(c) for c in cs] for u, cs in inputs["proposals"].items()}
    matching = Matching(
        assignment={person(c): place(u) for c, u in result["assignment"].items()},
        unplaced=tuple(person(c) for c in result["unplaced"]),
    )
    return {int(k.key): e for k, e in explain(matching, preferences, proposals).items()}


def run_rows(run: MatchingRun) -> list[dict]:
    """B5 preview: one row per candidate, with their new unit and the explanation."""
    result = json.loads(run.result)
    explanations = run_explanations(run)
    units = {u.code: u for u in Unit.objects.all()}
    taking_part = json.loads(run.inputs)["preferences"]  # a later round: its people only
    rows = []
    for candidate in candidates(run.campaign):
        if str(candidate.pk) not in taking_part:
            continue
        code = result["assignment"].get(str(candidate.pk))
        explanation = explanations.get(candidate.pk)
        rows.append(
            {
                "candidate": candidate,
                "unit": units.get(code) if code else None,
                "outcome": explanation.outcome if explanation else "",
                "choice": explanation.choice if explanation else None,
                "message": explanation.message if explanation else "",
            }
        )
    return rows


def run_summary(run: MatchingRun) -> dict:
    result = json.loads(run.result)
    outcomes = Counter(o["outcome"] for o in result["outcomes"].values())
    choices = Counter(o["choice"] for o in result["outcomes"].values() if o["choice"])
    return {
        "total": len(result["outcomes"]),
        "matched": len(result["assignment"]),
        "unplaced": len(result["unplaced"]),
        "first": choices.get(1, 0),
        "second": choices.get(2, 0),
        "later": sum(n for k, n in choices.items() if k > 2),
        "listed_nothing": outcomes.get("listed_nothing", 0),
        "not_proposed": outcomes.get("not_proposed", 0),
        "outranked": outcomes.get("outranked", 0),
    }


OUTCOME_LABELS = {
    "matched": "匹配成功",
    "listed_nothing": "未填报意向",
    "not_proposed": "未被列为建议人选",
    "outranked": "名额已满（排序靠后）",
}


def own_result_sentence(explanation: Explanation | None) -> str:
    """What a candidate is told about their own matching (never a unit's ranking of them)."""
    if explanation is None:
        return ""
    return {
        "matched": f"您以第 {explanation.choice} 意向匹配到“{explanation.unit}”。",
        "listed_nothing": "您未填报意向单位，未参加双向选择匹配，转由市委组织部定向交流。",
        "not_proposed": "您所填的意向单位均未将您列为建议人选，转由市委组织部定向交流。",
        "outranked": "您所填的意向单位名额已由排序更靠前的人选占满，转由市委组织部定向交流。",
    }.get(str(explanation.outcome), explanation.message)


# ------------------------------------------------------------------ flows at a glance


OTHER_NODES = {"standby": "待岗", "pending": "待定向交流", "unplaced": "未能安置"}


def flow_edges(campaign: Campaign) -> list[tuple[Unit | str, Unit | str, int]]:
    """Home unit → destination, with counts; the destination is a unit or one of
    ``OTHER_NODES`` (on standby, awaiting directed placement, not placed)."""
    run = published_run(campaign)
    if run is None:
        return []
    by_candidate = {p.candidate_id: p for p in placements(campaign).select_related("standby")}
    edges: Counter = Counter()
    for candidate in ExchangeCandidate.objects.filter(campaign=campaign).select_related(
        "home_unit"
    ):
        placement = by_candidate.get(candidate.pk)
        edges[(candidate.home_unit, _destination(placement))] += 1
    return [(src, dst, n) for (src, dst), n in edges.items()]


def _destination(placement: Placement | None) -> Unit | str:
    if placement is None or placement.decided_at is None:
        return "pending"
    if placement.answer == Answer.REFUSED:
        return "standby"
    return placement.unit or "unplaced"


def outcome_counts(campaign: Campaign) -> dict:
    """Counts by outcome: first choice, second choice, directed, standby, still open."""
    total = ExchangeCandidate.objects.filter(campaign=campaign).count()
    rows = placements(campaign)
    decided = rows.filter(decided_at__isnull=False)
    return {
        "total": total,
        "first": decided.filter(kind=PlacementKind.MATCHED, choice=1).count(),
        "second": decided.filter(kind=PlacementKind.MATCHED, choice=2).count(),
        "later": decided.filter(kind=PlacementKind.MATCHED, choice__gt=2).count(),
        "directed": decided.filter(kind=PlacementKind.DIRECTED, unit__isnull=False).count(),
        "standby": decided.filter(answer=Answer.REFUSED).count(),
        "accepted": decided.filter(answer=Answer.ACCEPTED).count(),
        "pending": total - decided.count(),
        "incompetent": standbys(campaign).filter(outcome=StandbyOutcome.INCOMPETENT).count(),
    }
