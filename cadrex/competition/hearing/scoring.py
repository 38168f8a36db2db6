"""A8 scoring: opening and closing each contestant's scoring, the jurors' scores on their
phones, voids, tie breaks and the published results.

Every number a contestant gets is computed by ``rules.scoring`` from the raw scores; the
page only shows it. Every score and every void is appended to the hearing's hash chain
under a lock on the hearing row, so 200 jurors submitting at once line up, each once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from cadrex.audit.services import event_record
from cadrex.campaigns import transitions
from cadrex.competition.chain import entry_hash, score_payload
from cadrex.competition.hearing.models import (
    ChainEntry,
    Hearing,
    HearingContestant,
    HearingStatus,
    Juror,
    Score,
    ScoringState,
    TieBreak,
)
from cadrex.competition.hearing.selectors import (
    check_panel,
    compute,
    live_scores,
    panel_for,
    policy_of,
    ranking,
    scores_contestant,
)
from cadrex.competition.hearing.services import locked_hearing
from cadrex.competition.windows import require_step
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from cadrex.rules.scoring import check_leader_jury, check_tie_break, parse_score, sheet_total
from cadrex.rules.transitions import CONTESTANT, HEARING
from cadrex.rules.vetting import vetting_size


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


@transaction.atomic
def scoring_open(*, actor, contestant: HearingContestant, now=None) -> HearingContestant:
    """A8: the chair opens scoring for one contestant at a time, after the speech."""
    hearing = locked_hearing(contestant.hearing)
    require_step(hearing.opening.campaign, Step.HEARING, now)
    check_panel(hearing)
    contestant = HearingContestant.objects.select_for_update().get(pk=contestant.pk)
    if contestant.scoring != ScoringState.WAITING:
        raise RuleViolation("A8", f"{contestant}已评过分。")
    if hearing.contestants.filter(scoring=ScoringState.OPEN).exists():
        raise RuleViolation("A8", "上一位竞岗对象的评分尚未结束。")
    leaders = panel_for(contestant).leaders
    check_leader_jury(
        jurors=len(leaders),
        office_assigned=sum(j.office_assigned for j in leaders),
        policy=policy_of(hearing),
    )
    campaign = hearing.opening.campaign
    transitions.transition(
        contestant,
        CONTESTANT,
        "scoring_open",
        actor=actor,
        campaign=campaign,
        now=now,
        fields={"opened_at": _now(now)},
    )
    if hearing.status == HearingStatus.PLANNED:
        transitions.transition(
            hearing, HEARING, "hearing_start", actor=actor, campaign=campaign, now=now
        )
    return contestant


def _append(hearing: Hearing, kind: str, payload: dict, at: datetime) -> ChainEntry:
    """Append to the chain; the caller holds the hearing's row lock."""
    seq = hearing.chain_length + 1
    digest = entry_hash(hearing.chain_head, kind, seq, payload)
    entry = ChainEntry.objects.create(
        hearing=hearing,
        seq=seq,
        kind=kind,
        payload=payload,
        prev_hash=hearing.chain_head,
        hash=digest,
        at=at,
    )
    hearing.chain_head, hearing.chain_length = digest, seq
    hearing.save(update_fields=["chain_head", "chain_length"])
    return entry


def _score_value(value, items, maxima, policy) -> tuple[Decimal, list]:
    cents = Decimal("0.01")  # stored with two places; parse_score already refused a third
    if items:
        parts = [str(parse_score(i, policy, what="分项得分")) for i in items]
        return sheet_total(items, maxima, policy).quantize(cents), parts
    return parse_score(value, policy, what="分数").quantize(cents), []


def score_submit(
    *,
    juror: Juror,
    contestant_id: int,
    value=None,
    items=None,
    maxima=None,
    paper: bool = False,
    actor=None,
    now=None,
) -> Score:
    """A8: one juror's score for the contestant being scored; once, and only by its panel.

    Everything that can be checked without the lock is checked first; the hearing's row is
    locked only to append to the chain, so 200 phones queue for a few statements each.
    """
    hearing = juror.hearing
    contestant = (
        HearingContestant.objects.filter(pk=contestant_id)
        .select_related("application__cadre")
        .first()
    )
    if contestant is None or contestant.hearing_id != hearing.pk:
        raise RuleViolation("A8", "该评分链接只能用于本场公开竞岗，不能为其他场次评分。")
    _require_scoring(contestant.scoring, contestant)
    if not scores_contestant(juror, contestant):
        raise RuleViolation("A8", "您不参加对该竞岗对象的评分（回避或非本轮评委）。")
    number, item_values = _score_value(value, items, maxima, policy_of(hearing))
    score = Score(
        contestant=contestant,
        juror=juror,
        jury=juror.jury,
        value=number,
        items=item_values,
        paper=paper,
        entered_by=actor,
        # The chain hashes the ISO time; the database hands it back in UTC, so store it so.
        submitted_at=_now(now).astimezone(UTC).replace(microsecond=0),
        chain_seq=0,
    )
    with transaction.atomic():
        chain = _lock_chain(hearing)
        # Re-read under the lock: the chair may have closed scoring a moment ago.
        _require_scoring(
            HearingContestant.objects.values_list("scoring", flat=True).get(pk=contestant.pk),
            contestant,
        )
        score.chain_seq = _append(chain, "score", score_payload(score), score.submitted_at).seq
        try:
            score.save()
        except IntegrityError:
            # The unique constraint is the check: a second live score by the same juror.
            # The chain entry above goes with the rollback this exception triggers.
            raise RuleViolation("A8", "您已对该竞岗对象评分，提交后不能修改。") from None
        if paper:
            event_record(
                actor=actor,
                action="score_paper",
                obj=score,
                after={"juror": juror.name, "value": str(number)},
            )
    return score


def _require_scoring(state: str, contestant: HearingContestant) -> None:
    if state == ScoringState.WAITING:
        raise RuleViolation("A8", f"{contestant}的评分尚未开始。")
    if state == ScoringState.CLOSED:
        raise RuleViolation("A8", f"{contestant}的评分已经结束，不能再提交。")


def _lock_chain(hearing: Hearing) -> Hearing:
    """Lock only the hearing's own row (not its opening or campaign) to append to its chain."""
    return (
        Hearing.objects.select_for_update()
        .only("id", "chain_head", "chain_length")
        .get(pk=hearing.pk)
    )


@transaction.atomic
def score_void(*, actor, score: Score, reason: str) -> Score:
    """The office voids a sheet with a reason (audited); the juror may then score again."""
    hearing = locked_hearing(score.contestant.hearing)
    score = Score.objects.select_for_update().get(pk=score.pk)
    if score.voided:
        raise RuleViolation("A8", "该评分已作废。")
    if score.contestant.scoring == ScoringState.CLOSED:
        raise RuleViolation("A8", "该竞岗对象评分已结束，结果已计算，不能再作废评分。")
    if not reason.strip():
        raise RuleViolation("A8", "作废评分须写明原因。", field="reason")
    _append(hearing, "void", {"score_seq": score.chain_seq, "reason": reason.strip()}, _now(None))
    score.voided, score.void_reason = True, reason.strip()
    score.save(update_fields=["voided", "void_reason"])
    event_record(
        actor=actor, action="score_void", obj=score, before={"value": str(score.value)}, note=reason
    )
    return score


@transaction.atomic
def scoring_close(*, actor, contestant: HearingContestant, now=None) -> HearingContestant:
    """A8: close the contestant's scoring; the result appears at once, ranks are refreshed."""
    hearing = locked_hearing(contestant.hearing)
    contestant = HearingContestant.objects.select_for_update().get(pk=contestant.pk)
    if contestant.scoring != ScoringState.OPEN:
        raise RuleViolation("A8", f"{contestant}不在评分中。")
    panel = panel_for(contestant)
    leaders, staff = live_scores(contestant)
    missing = len(panel.leaders) - len(leaders)
    if missing:
        raise RuleViolation("A8", f"还有{missing}位领导评委未评分，不能结束评分。")
    result = compute(contestant)
    transitions.transition(
        contestant,
        CONTESTANT,
        "scoring_close",
        actor=actor,
        campaign=hearing.opening.campaign,
        now=now,
        fields={
            "closed_at": _now(now),
            "leader_mean": result.leader_mean,
            "staff_mean": result.staff_mean,
            "total": result.total,
        },
        after={
            "leader_mean": str(result.leader_mean),
            "staff_mean": str(result.staff_mean),
            "total": str(result.total),
            "staff_scores": len(staff),
        },
    )
    _rerank(hearing)
    contestant.refresh_from_db()
    return contestant


def _rerank(hearing: Hearing) -> None:
    closed = list(hearing.contestants.filter(scoring=ScoringState.CLOSED))
    by_key = {str(c.application_id): c for c in closed}
    for row in ranking(hearing, closed):
        c = by_key[row.key]
        if (c.rank, c.rank_tied) != (row.rank, row.tied):
            c.rank, c.rank_tied = row.rank, row.tied
            c.save(update_fields=["rank", "rank_tied"])


@transaction.atomic
def tie_break(
    *, actor, hearing: Hearing, at: int, order: list[str], reason: str, now=None
) -> TieBreak:
    """A8: the office orders contestants sharing a rank that decides who is vetted (A9),
    with a written reason. Once recorded it stands: the vetting is built on it."""
    hearing = locked_hearing(hearing)
    opening = hearing.opening
    if hearing.contestants.exclude(scoring=ScoringState.CLOSED).exists():
        raise RuleViolation("A8", "评分尚未全部结束，不能确定并列名次。")
    if opening.vetting.exists():
        raise RuleViolation("A8", "考察对象已经确定，不能再调整并列名次。")
    if hearing.tie_breaks.filter(rank=at).exists():
        raise RuleViolation("A8", f"并列第{at}名的先后已经确定，不能更改。")
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("A8", "确定并列名次须写明理由。", field="reason")
    rows = ranking(hearing)
    cut = vetting_size(len(rows), opening.seats, policy_of(hearing))
    if at > cut:
        raise RuleViolation(
            "A8", f"第{at}名的并列不影响前{cut}名考察对象的确定，无需确定先后。", field="order"
        )
    order = [str(k) for k in order]
    check_tie_break(rows, at, order)
    tie = TieBreak.objects.create(
        hearing=hearing,
        rank=at,
        order=order,
        reason=reason,
        decided_by=actor if getattr(actor, "is_authenticated", False) else None,
        decided_at=_now(now),
    )
    _rerank(hearing)
    event_record(
        actor=actor,
        action="tie_break",
        obj=hearing,
        after={"rank": at, "order": order},
        note=reason,
    )
    return tie


@transaction.atomic
def results_publish(*, actor, hearing: Hearing, now=None) -> Hearing:
    """A8: publish contestant, total and rank once every contestant has been scored."""
    hearing = locked_hearing(hearing)
    waiting = hearing.contestants.exclude(scoring=ScoringState.CLOSED).count()
    if waiting or not hearing.contestants.exists():
        raise RuleViolation("A8", f"还有{waiting}位竞岗对象未完成评分，不能公布结果。")
    transitions.transition(
        hearing,
        HEARING,
        "results_publish",
        actor=actor,
        campaign=hearing.opening.campaign,
        now=now,
        fields={"results_published_at": _now(now)},
    )
    return hearing
