"""The hearing's records (A8) as the plain values the official forms take (``cadrex.documents.values``).

Each builder reads what its form shows in a fixed number of queries, whatever the number of
rows, and hands the renderer strings, numbers, dates and rows. What the records mean — which
status is a "no", what the roster held before the move, whether the viewer may read an ID
number in full — is decided here; how a form prints it is decided in ``cadrex.documents``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch
from django.utils import timezone

from cadrex.competition.hearing.models import Hearing, HearingContestant, Jury, Score, ScoringState
from cadrex.competition.hearing.selectors import live_scores
from cadrex.documents import values as v
from cadrex.documents.score_summary import marked
from cadrex.rules.policy import Policy
from cadrex.rules.scoring import hearing_score, trim_words

# ------------------------------------------------------------------ A8 score summary


def _score_line(
    contestant: HearingContestant, scores: Iterable[Score], policy: Policy
) -> v.ScoreLine:
    leaders = [s for s in scores if s.jury == Jury.LEADER]
    staff = [s for s in scores if s.jury == Jury.STAFF]
    result = hearing_score([s.value for s in leaders], [s.value for s in staff], policy)
    application = contestant.application
    return v.ScoreLine(
        rank=contestant.rank,
        tied=contestant.rank_tied,
        order=contestant.order,
        name=application.cadre.name,
        unit=application.applied_from.name,
        leader=marked(
            result.leader_scores,
            result.leader_dropped_high,
            result.leader_dropped_low,
            [s.juror.name for s in leaders],
        ),
        staff=marked(result.staff_scores, result.staff_dropped_high, result.staff_dropped_low),
        result=result,
    )


def score_line(contestant: HearingContestant, scores: list[Score] | None = None) -> v.ScoreLine:
    """One closed contestant's line of the summary (the chair's page shows it at once);
    ``scores``: its live scores, when the caller has read them already."""
    if scores is None:
        leaders, staff = live_scores(contestant)
        scores = leaders + staff
    return _score_line(contestant, scores, contestant.hearing.opening.campaign.policy)


def score_summary(hearing: Hearing) -> v.ScoreSummary:
    """《竞岗得分汇总表》: every closed contestant by rank, each score with the dropped ones
    marked. Three queries, however many contestants and jurors."""
    policy = hearing.opening.campaign.policy
    live = Score.objects.filter(voided=False).select_related("juror").order_by("juror_id")
    closed = (
        hearing.contestants.filter(scoring=ScoringState.CLOSED)
        .select_related("application__cadre__unit", "application__home_unit")
        .prefetch_related(Prefetch("scores", queryset=live, to_attr="live_scores"))
        .order_by("rank", "order")
    )
    return v.ScoreSummary(
        unit_name=hearing.opening.unit.name,
        post_name=hearing.opening.post_name,
        held_on=timezone.localdate(hearing.scheduled_at),
        room=hearing.room,
        leader_weight=policy.leader_weight,
        staff_weight=policy.staff_weight,
        lines=tuple(_score_line(c, c.live_scores, policy) for c in closed),
        trim_words=trim_words(policy),
    )
