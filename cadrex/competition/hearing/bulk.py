"""A8 in one go, for the demo's fast-forward: a hearing's turns recorded at once.

The records are those the chair's page and the phones leave — each contestant's scoring
opened and closed through the transition table (one audit event each), every score in its
juror's chain, the hearing sealed at each close, the ranks — after the same checks (the
window, the panel after recusals by ``rules.scoring``, one score per juror and contestant,
the whole leader jury before the close). What differs is the cost: the hearing is read once,
the chain hashes are computed here in order, the entries, scores and seals go in with bulk
inserts, and the ranks are computed once, at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction

from cadrex.campaigns import transitions
from cadrex.competition.chain import score_payload
from cadrex.competition.hearing import ledger
from cadrex.competition.hearing.models import (
    ChainEntry,
    ChainSeal,
    Hearing,
    HearingContestant,
    HearingStatus,
    Juror,
    Jury,
    Score,
    ScoringState,
)
from cadrex.competition.hearing.scoring import (
    _close,
    _rerank,
    _score_value,
    policy_for,
    still_scoring,
)
from cadrex.competition.hearing.selectors import Panel, check_panel, live_scores_of, panels
from cadrex.competition.hearing.services import locked_hearing
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from cadrex.rules.scoring import HearingScore, check_leader_jury, hearing_score
from cadrex.rules.transitions import CONTESTANT, HEARING


@dataclass(frozen=True)
class Turn:
    """One contestant's turn in the room: the chair opens the scoring (``opened_at``; None
    when it is open already), the panel's sheets come in (juror, value, when), the chair
    closes it (``closed_at``)."""

    contestant: HearingContestant
    opened_at: datetime | None
    sheets: Sequence[tuple[Juror, str, datetime]]
    closed_at: datetime


class _Hearing:
    """What the turns need, read once: the contestants (locked), their panels and live
    scores, the juror chains' heads, the window."""

    def __init__(self, hearing: Hearing, turns: Sequence[Turn]) -> None:
        self.hearing = hearing
        self.campaign = hearing.opening.campaign
        self.policy = policy_for(hearing)
        self.windows = transitions.windows_for(self.campaign, [Step.HEARING])
        rows = HearingContestant.objects.select_for_update(of=("self",))
        self.rows = {
            c.pk: c for c in rows.filter(hearing=hearing).select_related("application__cadre")
        }
        taking = [self.rows[t.contestant.pk] for t in turns if t.contestant.pk in self.rows]
        self.panels: dict[int, Panel] = panels(hearing, taking)
        self.live = live_scores_of(taking)
        self.heads = ledger.heads(hearing)
        self.entries: list[ChainEntry] = []
        self.scores: list[Score] = []
        self.seals: list[ChainSeal] = []
        self.results: dict[int, HearingScore] = {}  # what each close computed


@transaction.atomic
def turns_record(*, actor, hearing: Hearing, turns: Sequence[Turn]) -> Hearing:
    """A8: record ``turns`` in order, as the chair and the phones would have, then rank the
    hearing once. Nothing is written when any check refuses."""
    hearing = locked_hearing(hearing)
    state = _Hearing(hearing, turns)
    if any(t.opened_at is not None for t in turns):
        check_panel(hearing)
    for turn in turns:
        contestant = state.rows.get(turn.contestant.pk)
        if contestant is None:
            raise RuleViolation("A8", f"{turn.contestant}不是本场公开竞岗的竞岗对象。")
        if contestant.scoring == ScoringState.WAITING:
            _open(actor, state, contestant, turn.opened_at)
        elif contestant.scoring != ScoringState.OPEN:
            raise RuleViolation("A8", f"{contestant}已评过分。")  # as scoring_open says
        leaders, staff = _sheets(state, contestant, turn.sheets)
        result = hearing_score(leaders, staff, state.policy)
        _close(actor, hearing, contestant, result, turn.closed_at, len(staff), state.windows)
        heads = dict(state.heads)
        state.seals.append(ledger.next_seal(hearing, contestant.pk, result, turn.closed_at, heads))
        state.results[contestant.pk] = result
    for rows in (state.entries, state.scores, state.seals):
        ledger.insert_many(rows)
    hearing.save(update_fields=["chain_head", "chain_length"])
    _rerank(hearing, state.results)
    return hearing


def _open(actor, state: _Hearing, contestant: HearingContestant, at: datetime | None) -> None:
    """``scoring.scoring_open``'s checks and move, on what ``state`` has read."""
    if at is None:
        raise RuleViolation("A8", f"{contestant}的评分尚未开始。")
    scoring_now = next((c for c in state.rows.values() if c.scoring == ScoringState.OPEN), None)
    if scoring_now is not None:
        raise RuleViolation("A8", still_scoring(state.hearing, scoring_now))
    leaders = state.panels[contestant.pk].leaders
    check_leader_jury(
        jurors=len(leaders),
        office_assigned=sum(j.office_assigned for j in leaders),
        policy=state.policy,
    )
    hearing, campaign = state.hearing, state.campaign
    transitions.transition(
        contestant,
        CONTESTANT,
        "scoring_open",
        actor=actor,
        campaign=campaign,
        now=at,
        windows=state.windows,
        fields={"opened_at": at},
    )
    if hearing.status == HearingStatus.PLANNED:
        transitions.transition(
            hearing,
            HEARING,
            "hearing_start",
            actor=actor,
            campaign=campaign,
            now=at,
            windows=state.windows,
        )


def _sheets(state: _Hearing, contestant: HearingContestant, sheets) -> tuple[list, list]:
    """The sheets as entries of their jurors' chains and score rows (not yet saved); the
    live leader and staff scores for the close."""
    panel = state.panels[contestant.pk]
    taking = {j.pk for j in (*panel.leaders, *panel.staff)}
    standing = state.live[contestant.pk]
    done = {s.juror_id for part in standing for s in part}
    leaders, staff = ([s.value for s in part] for part in standing)
    for juror, value, at in sheets:
        # Refused in score_submit's words: the same act, refused the same way.
        if juror.pk not in taking:
            raise RuleViolation("A8", "您不参加对该竞岗对象的评分（回避或非本轮评委）。")
        if juror.pk in done:
            raise RuleViolation("A8", "您已对该竞岗对象评分，提交后不能修改。")
        number, _ = _score_value(value, None, None, state.policy)
        at = at.astimezone(UTC).replace(microsecond=0)
        head = state.heads.get(juror.pk, (0, ""))
        score = Score(
            contestant=contestant,
            juror=juror,
            jury=juror.jury,
            value=number,
            items=[],
            submitted_at=at,
            chain_seq=head[0] + 1,
        )
        entry = ledger.next_entry(state.hearing.pk, juror, head, "score", score_payload(score), at)
        state.heads[juror.pk] = (entry.seq, entry.hash)
        state.entries.append(entry)
        state.scores.append(score)
        done.add(juror.pk)
        (leaders if juror.jury == Jury.LEADER else staff).append(number)
    missing = len(panel.leaders) - len(leaders)
    if missing:
        raise RuleViolation("A8", f"还有{missing}位领导评委未评分，不能结束评分。")
    return leaders, staff
