"""A8 scoring: opening and closing each contestant's scoring, the jurors' scores on their
phones, voids, tie breaks and the published results.

Every number a contestant gets is computed by ``rules.scoring`` from the raw scores; the
page only shows it. Every score and every void goes into its juror's own hash chain
(``ledger``), and the hearing is sealed whenever a contestant's scoring closes. A phone's
score is four statements from request to response: the juror's link (with the campaign's
policy and the juror's chain head, in ``views``), the contestant's state and the juror's
part in it under a lock the phones share, the chain entry and the score.

A phone that lost its network keeps the score and sends it again with the submission key
it made when the juror confirmed: the key is read with the contestant's state (no fifth
statement), a submission that already landed is answered as landed, and the unique
(juror, key) constraint settles two retries racing past that read (ADR 0003).
"""

from __future__ import annotations

import functools
import json
from datetime import UTC, datetime
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from cadrex.audit.services import event_record
from cadrex.campaigns import transitions
from cadrex.competition.chain import canonical, score_payload
from cadrex.competition.hearing import ledger
from cadrex.competition.hearing.models import (
    Hearing,
    HearingContestant,
    HearingStatus,
    Juror,
    Recusal,
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
    tie_breaks,
)
from cadrex.competition.hearing.services import locked_hearing
from cadrex.competition.registration.models import Application
from cadrex.competition.windows import require_step
from cadrex.registry.models import Cadre
from cadrex.rules import RuleViolation
from cadrex.rules.policy import Policy
from cadrex.rules.schedule import Step
from cadrex.rules.scoring import (
    check_leader_jury,
    check_tie_break,
    parse_score,
    policy_sheet_values,
    rank,
    sheet_total,
)
from cadrex.rules.transitions import CONTESTANT, HEARING
from cadrex.rules.vetting import vetting_size

ALREADY_SCORED = "您已对该竞岗对象评分，提交后不能修改。"


class ScoringClosed(RuleViolation):
    """The contestant's scoring has closed: a score sent now is refused, even one a phone
    saved before the close and could only send after it."""


class _Taken(Exception):
    """The score's insert met a unique constraint: one live score per juror and contestant,
    or one score per submission key — which one, the caller asks after the rollback."""


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def still_scoring(hearing, contestant) -> str:
    """The refusal while another contestant is being scored, naming the hearing and them."""
    return f"{hearing}：{contestant}的评分尚未结束，结束后才能开始下一位的评分。"


@transaction.atomic
def scoring_open(*, actor, contestant: HearingContestant, now=None) -> HearingContestant:
    """A8: the chair opens scoring for one contestant at a time, after the speech."""
    hearing = locked_hearing(contestant.hearing)
    require_step(hearing.opening.campaign, Step.HEARING, now)
    check_panel(hearing)
    contestant = HearingContestant.objects.select_for_update().get(pk=contestant.pk)
    if contestant.scoring == ScoringState.OPEN:
        raise RuleViolation("A8", f"{contestant}正在评分中，不能重复开始评分。")
    if contestant.scoring != ScoringState.WAITING:
        raise RuleViolation("A8", f"{contestant}已评过分。")
    scoring_now = hearing.contestants.filter(scoring=ScoringState.OPEN).first()
    if scoring_now is not None:
        raise RuleViolation("A8", still_scoring(hearing, scoring_now))
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


@functools.lru_cache(maxsize=64)
def _policy(overrides: str) -> Policy:
    return Policy.from_overrides(json.loads(overrides))


def policy_for(hearing: Hearing) -> Policy:
    """The campaign's policy (a frozen value), built and checked once per process for each
    set of overrides rather than on every phone's request. The overrides themselves are
    read with the juror, so a change of policy applies at once."""
    return _policy(canonical(hearing.opening.campaign.policy_overrides))


def _score_value(value, items, maxima, policy) -> tuple[Decimal, list]:
    """The score a juror gives and its items: from the policy's item sheet when it sets one
    (``maxima`` None: the server, not the phone, knows the maxima and adds the items up),
    from a sheet given with its maxima, or one total (a paper sheet typed in by its total).
    The phone's page posts items whenever the policy sets a sheet (``views``)."""
    cents = Decimal("0.01")  # stored with two places; parse_score already refused a third
    if policy.score_items and maxima is None and items is not None:
        parts = policy_sheet_values(items, policy)
        return sum(parts, Decimal(0)).quantize(cents), [str(p) for p in parts]
    if items:
        parts = [str(parse_score(i, policy, what="分项得分")) for i in items]
        return sheet_total(items, maxima, policy).quantize(cents), parts
    return parse_score(value, policy, what="分数").quantize(cents), []


@functools.cache
def _state_sql(vendor: str, column: str) -> str:
    """The contestant, their name, whether the juror's recusal (``column`` = juror_id) or
    substitution (``column`` = substitute_id) names them, and the juror's score that
    already carries the submission key, if any; on PostgreSQL FOR SHARE."""
    q = connection.ops.quote_name
    c, a, p, r = (m._meta.db_table for m in (HearingContestant, Application, Cadre, Recusal))
    s = Score._meta.db_table
    lock = " FOR SHARE OF c" if vendor == "postgresql" else ""
    return (
        f"SELECT c.id, c.hearing_id, c.application_id, c.{q('order')}, c.scoring, a.cadre_id,"
        f" p.name, EXISTS (SELECT 1 FROM {q(r)} r"
        f" WHERE r.contestant_id = c.id AND r.{column} = %s),"
        f" (SELECT s.id FROM {q(s)} s WHERE s.juror_id = %s AND s.submission_key = %s)"
        f" FROM {q(c)} c JOIN {q(a)} a ON a.id = c.application_id"
        f" JOIN {q(p)} p ON p.id = a.cadre_id WHERE c.id = %s{lock}"
    )


def _contestant_for(
    juror: Juror, contestant_id: int, key=None
) -> tuple[HearingContestant | None, bool, int | None]:
    """The contestant as they stand now, whether this juror scores them (A8: a recused
    juror does not; a substitute scores only whom they stand in for), and the id of the
    juror's score that landed with submission ``key`` (None if none) — one statement.

    On PostgreSQL the row is read FOR SHARE: the phones share the lock, and the chair's
    close (FOR NO KEY UPDATE, which conflicts with it) waits until every phone that saw
    scoring open has committed, while a phone that comes after the close sees it closed. SQLite takes the database's write
    lock at BEGIN (``transaction_mode`` IMMEDIATE), which serialises the same way. The
    Django ORM has no FOR SHARE, hence the SQL."""
    column = "substitute_id" if juror.substitute else "juror_id"
    key = Score._meta.get_field("submission_key").get_db_prep_value(key, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            _state_sql(connection.vendor, column), [juror.pk, juror.pk, key, contestant_id]
        )
        row = cursor.fetchone()
    if row is None:
        return None, False, None
    pk, hearing_id, application_id, order, state, cadre_id, name, named, landed = row
    db = connection.alias
    cadre = Cadre.from_db(db, ["id", "name"], [cadre_id, name])
    application = Application.from_db(db, ["id", "cadre_id"], [application_id, cadre_id])
    application.cadre = cadre
    contestant = HearingContestant.from_db(
        db,
        ["id", "hearing_id", "application_id", "order", "scoring"],
        [pk, hearing_id, application_id, order, state],
    )
    contestant.application = application
    return contestant, named if juror.substitute else not named, landed


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
    key=None,
) -> Score:
    """A8: one juror's score for the contestant being scored; once, and only by its panel.

    The score goes into the juror's own chain: no lock on the hearing, so the panel's phones
    do not wait for one another. Should another entry take the chain's next place first
    (the same phone sending twice at once), the submission goes again behind it.

    ``key`` is the phone's submission key (a UUID): a submission whose key already landed
    is not scored again, and its score comes back with ``replayed`` set — even after the
    contestant's scoring closed or the score was voided, for it did land. A new score has
    ``replayed`` False.
    """
    # The chain hashes the ISO time; the database hands it back in UTC, so store it so.
    at = _now(now).astimezone(UTC).replace(microsecond=0)
    policy = policy_for(juror.hearing)
    for attempt in range(ledger.RETRIES):
        head = ledger.head_of(juror, fresh=attempt > 0)
        try:
            with transaction.atomic():
                score, entry = _score_once(
                    juror,
                    contestant_id,
                    (value, items, maxima, policy),
                    (paper, actor, at, key),
                    head,
                )
        except ledger.Behind:
            continue
        except _Taken:
            # Rolled back. Two retries of one submission raced past the key's read, or the
            # juror had scored this contestant by another submission: one query says which.
            return _landed(juror, key, contestant_id, raising=ALREADY_SCORED)
        if entry is not None:
            ledger.remember(juror, entry)
        return score
    raise RuleViolation("A8", ledger.BUSY)


def _landed(juror: Juror, key, contestant_id: int, *, raising: str, pk=None) -> Score:
    """The score the juror's submission ``key`` landed as, marked ``replayed``; refused
    with ``raising`` when none did, and when it landed for another contestant."""
    found = Score.objects.filter(juror=juror).select_related("contestant__application__cadre")
    score = found.filter(pk=pk).first() if pk else found.filter(submission_key=key).first()
    if key is None or score is None:
        raise RuleViolation("A8", raising)
    if score.contestant_id != contestant_id:
        raise RuleViolation("A8", "该提交编号已用于对另一位竞岗对象的评分，本次提交无效。")
    score.replayed = True
    return score


def _score_once(juror: Juror, contestant_id: int, sheet, how, head):
    paper, actor, at, key = how
    contestant, scores, landed = _contestant_for(juror, contestant_id, key)
    if contestant is None or contestant.hearing_id != juror.hearing_id:
        raise RuleViolation("A8", "该评分链接只能用于本场公开竞岗，不能为其他场次评分。")
    if landed is not None:  # this very submission is in already: answer as it was answered
        return _landed(juror, key, contestant_id, raising=ALREADY_SCORED, pk=landed), None
    _require_scoring(contestant.scoring, contestant)
    if not scores:
        raise RuleViolation("A8", "您不参加对该竞岗对象的评分（回避或非本轮评委）。")
    number, item_values = _score_value(*sheet)
    score = Score(
        contestant=contestant,
        juror=juror,
        jury=juror.jury,
        value=number,
        items=item_values,
        paper=paper,
        entered_by=actor,
        submitted_at=at,
        chain_seq=head[0] + 1,
        submission_key=key,
    )
    score.replayed = False
    entry = ledger.next_entry(juror.hearing_id, juror, head, "score", score_payload(score), at)
    try:
        ledger.insert(entry)
    except IntegrityError:
        raise ledger.Behind from None  # rolls back; the caller reads the head again
    try:
        ledger.insert(score)
    except IntegrityError:
        # The unique constraints are the check: a second live score by the same juror, or
        # (with a key) this submission landed by a retry racing this one. The chain entry
        # above goes with the rollback this exception triggers.
        if key is not None:
            raise _Taken from None
        raise RuleViolation("A8", ALREADY_SCORED) from None
    if paper:
        event_record(
            actor=actor,
            action="score_paper",
            obj=score,
            after={"juror": juror.name, "value": str(number)},
        )
    return score, entry


def _require_scoring(state: str, contestant: HearingContestant) -> None:
    if state == ScoringState.WAITING:
        raise RuleViolation("A8", f"{contestant}的评分尚未开始。")
    if state == ScoringState.CLOSED:
        raise ScoringClosed("A8", f"{contestant}的评分已经结束，不能再提交。")


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
    payload = {"score_seq": score.chain_seq, "reason": reason.strip()}
    ledger.append(hearing, score.juror, "void", payload, _now(None))
    score.voided, score.void_reason = True, reason.strip()
    score.save(update_fields=["voided", "void_reason"])
    event_record(
        actor=actor, action="score_void", obj=score, before={"value": str(score.value)}, note=reason
    )
    return score


@transaction.atomic
def scoring_close(*, actor, contestant: HearingContestant, now=None) -> HearingContestant:
    """A8: close the contestant's scoring; the result appears at once, ranks are refreshed,
    and the hearing is sealed over every juror's chain as it now stands."""
    hearing = locked_hearing(contestant.hearing)
    # Waits for the phones still scoring (they hold the row FOR SHARE); the hearing's row is
    # locked FOR NO KEY UPDATE, so their commits' foreign-key checks do not wait for us.
    contestant = HearingContestant.objects.select_for_update(no_key=True).get(pk=contestant.pk)
    if contestant.scoring != ScoringState.OPEN:
        raise RuleViolation("A8", f"{contestant}不在评分中。")
    panel = panel_for(contestant)
    leaders, staff = live_scores(contestant)
    missing = len(panel.leaders) - len(leaders)
    if missing:
        raise RuleViolation("A8", f"还有{missing}位领导评委未评分，不能结束评分。")
    result = compute(contestant)
    closed_at = _now(now)
    _close(actor, hearing, contestant, result, closed_at, len(staff))
    ledger.seal(hearing, contestant.pk, result, closed_at)
    _rerank(hearing)
    contestant.refresh_from_db()
    return contestant


def _close(actor, hearing, contestant, result, closed_at, staff_scores: int, windows=None):
    transitions.transition(
        contestant,
        CONTESTANT,
        "scoring_close",
        actor=actor,
        campaign=hearing.opening.campaign,
        now=closed_at,
        windows=windows,
        fields={
            "closed_at": closed_at,
            "leader_mean": result.leader_mean,
            "staff_mean": result.staff_mean,
            "total": result.total,
        },
        after={
            "leader_mean": str(result.leader_mean),
            "staff_mean": str(result.staff_mean),
            "total": str(result.total),
            "staff_scores": staff_scores,
        },
    )


def _rerank(hearing: Hearing, results: dict | None = None) -> None:
    """A8 ranks of the closed contestants, computed once, from their live scores — or from
    ``results`` (contestant id → HearingScore) when the caller has just computed them all."""
    closed = list(hearing.contestants.filter(scoring=ScoringState.CLOSED))
    by_key = {str(c.application_id): c for c in closed}
    if results is not None and all(c.pk in results for c in closed):
        entries = [(str(c.application_id), results[c.pk]) for c in closed]
        rows = rank(entries, policy_for(hearing), resolved=tie_breaks(hearing))
    else:
        rows = ranking(hearing, closed)
    changed = []
    for row in rows:
        c = by_key[row.key]
        if (c.rank, c.rank_tied) != (row.rank, row.tied):
            c.rank, c.rank_tied = row.rank, row.tied
            changed.append(c)
    HearingContestant.objects.bulk_update(changed, ["rank", "rank_tied"])


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
