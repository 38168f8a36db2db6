"""Reads of the hearing (A8): who scores whom once recusals apply, the live scores, and
each contestant's result and rank as the rules core computes them from the raw scores."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When

from cadrex.competition.hearing.models import (
    Hearing,
    HearingContestant,
    Juror,
    Jury,
    Recusal,
    Score,
    ScoringState,
)
from cadrex.competition.registration.models import Application, ApplicationStatus
from cadrex.registry.models import Cadre
from cadrex.rules.scoring import check_leader_jury, check_staff_jury, hearing_score, rank


def policy_of(hearing: Hearing):
    return hearing.opening.campaign.policy


def check_panel(hearing: Hearing) -> None:
    """A8: 7 leader jurors, at least 2 sent by the office; a staff jury large enough to trim."""
    policy = policy_of(hearing)
    leaders = hearing.jurors.filter(jury=Jury.LEADER, substitute=False)
    check_leader_jury(
        jurors=leaders.count(),
        office_assigned=leaders.filter(office_assigned=True).count(),
        policy=policy,
    )
    check_staff_jury(jurors=hearing.jurors.filter(jury=Jury.STAFF).count(), policy=policy)


@dataclass(frozen=True)
class Panel:
    """Who scores one contestant once recusals are applied."""

    leaders: tuple[Juror, ...]
    staff: tuple[Juror, ...]


def panel_for(contestant: HearingContestant) -> Panel:
    """A8: a recused leader juror is replaced by the substitute the office named for this
    contestant (the leader jury stays at 7); a recused staff juror is simply left out."""
    recusals = list(contestant.recusals.select_related("substitute"))
    return _panel(list(contestant.hearing.jurors.all()), recusals)


def panels(hearing: Hearing, contestants) -> dict[int, Panel]:
    """``panel_for`` of each of ``contestants`` (of ``hearing``), by contestant id: two
    queries, however many contestants and jurors."""
    jurors = list(hearing.jurors.all())
    recusals: dict[int, list[Recusal]] = {c.pk: [] for c in contestants}
    for r in Recusal.objects.filter(contestant_id__in=list(recusals)).select_related("substitute"):
        recusals[r.contestant_id].append(r)
    return {pk: _panel(jurors, rows) for pk, rows in recusals.items()}


def _panel(jurors: list[Juror], recusals: list[Recusal]) -> Panel:
    recused = {r.juror_id: r for r in recusals}
    leaders = [
        j for j in jurors if j.jury == Jury.LEADER and not j.substitute and j.pk not in recused
    ]
    leaders += [r.substitute for r in recused.values() if r.substitute is not None]
    staff = [j for j in jurors if j.jury == Jury.STAFF and j.pk not in recused]
    return Panel(tuple(leaders), tuple(staff))


def scores_contestant(juror: Juror, contestant: HearingContestant) -> bool:
    """A8: does this juror score this contestant? The same answer as ``panel_for`` gives,
    in two indexed queries instead of loading the whole panel (200 phones ask at once)."""
    if juror.substitute:
        return Recusal.objects.filter(contestant=contestant, substitute=juror).exists()
    return not Recusal.objects.filter(contestant=contestant, juror=juror).exists()


def live_scores(contestant: HearingContestant) -> tuple[list[Score], list[Score]]:
    return live_scores_of([contestant])[contestant.pk]


def live_scores_of(contestants) -> dict[int, tuple[list[Score], list[Score]]]:
    """``live_scores`` of each of ``contestants``, by contestant id, in one query: the
    leaders' and the staff's scores that stand (not voided), each by juror."""
    found: dict[int, tuple[list[Score], list[Score]]] = {c.pk: ([], []) for c in contestants}
    scores = Score.objects.filter(contestant_id__in=list(found), voided=False)
    for s in scores.select_related("juror").order_by("contestant_id", "juror_id"):
        leaders, staff = found[s.contestant_id]
        if s.jury == Jury.LEADER:
            leaders.append(s)
        elif s.jury == Jury.STAFF:
            staff.append(s)
    return found


def compute(contestant: HearingContestant, scores=None, policy=None):
    """A8: the contestant's HearingScore, from the raw scores, by the rules core (``scores``:
    its ``live_scores`` when already read; ``policy``: the hearing's, when already known)."""
    leaders, staff = scores or live_scores(contestant)
    return hearing_score(
        [s.value for s in leaders],
        [s.value for s in staff],
        policy or policy_of(contestant.hearing),
    )


def tie_breaks(hearing: Hearing) -> dict[int, list[str]]:
    """A8: the office's recorded orders for shared ranks, keyed by the shared rank."""
    return {t.rank: [str(k) for k in t.order] for t in hearing.tie_breaks.all()}


def ranking(hearing: Hearing, contestants=None):
    """A8 ranks of the closed contestants (keys: application ids as text), recomputed by the
    rules core from the raw scores, with the office's tie breaks applied."""
    closed = contestants
    if closed is None:
        closed = hearing.contestants.filter(scoring=ScoringState.CLOSED)
    closed, policy = list(closed), policy_of(hearing)
    scores = live_scores_of(closed)  # one query for all, not one per contestant
    entries = [(str(c.application_id), compute(c, scores[c.pk], policy)) for c in closed]
    return rank(entries, policy, resolved=tie_breaks(hearing))


def undrawn_contestants(hearing: Hearing) -> list:
    """A8: the opening's contestants before the draw (no speaking order yet: 未抽签)."""
    return list(
        Application.objects.filter(
            opening=hearing.opening, active=True, status=ApplicationStatus.CONTESTANT
        )
        .select_related("cadre__unit", "home_unit")
        .order_by("pk")
    )


# How many of the unit's cadres a search offers at most (the page is no roster browser).
CANDIDATE_LIMIT = 30


def leader_candidates(hearing: Hearing, query: str = "") -> list:
    """A8: the unit's people the office may seat as leader jurors. The roster keeps no list
    of a unit's leadership (班子成员), so the proposal is the unit's cadres holding a
    middle-level chief post, then deputies; a search (name or post) looks through all the
    unit's cadres. Those already on the panel and the contestants are left out."""
    taken = set(hearing.jurors.values_list("name", flat=True))
    contestants = Application.objects.filter(
        opening=hearing.opening, active=True, status=ApplicationStatus.CONTESTANT
    ).values("cadre_id")
    cadres = Cadre.objects.filter(unit=hearing.opening.unit_id).exclude(pk__in=contestants)
    query = (query or "").strip()
    if query:
        cadres = cadres.filter(Q(name__contains=query) | Q(current_post__contains=query))
    else:
        cadres = cadres.filter(middle_level_post__isnull=False)
    cadres = cadres.annotate(
        weight=Case(
            When(middle_level_post__level="chief", then=Value(0)),
            When(middle_level_post__level="deputy", then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("weight", "id")
    picked = [c for c in cadres.select_related("unit")[: CANDIDATE_LIMIT + len(taken)]]
    return [c for c in picked if c.name not in taken][:CANDIDATE_LIMIT]
