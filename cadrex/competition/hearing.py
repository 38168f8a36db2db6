"""A8 services: setting up the hearing, scoring on phones, closing and ranking, integrity.

Every number a contestant gets is computed by ``rules.scoring`` from the raw scores; the
page only shows it. Every score and every void is appended to the hearing's hash chain
under a lock on the hearing row, so 200 jurors submitting at once line up, each once.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from cadrex.audit.services import event_record
from cadrex.campaigns import transitions
from cadrex.competition.chain import entry_hash, score_payload
from cadrex.competition.models import (
    Application,
    ApplicationStatus,
    ChainEntry,
    Hearing,
    HearingContestant,
    HearingStatus,
    Juror,
    Jury,
    Opening,
    OpeningStatus,
    Recusal,
    Score,
    ScoringState,
    TieBreak,
)
from cadrex.competition.services import require_step
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from cadrex.rules.scoring import (
    check_leader_jury,
    check_staff_jury,
    check_tie_break,
    hearing_score,
    parse_score,
    rank,
    sheet_total,
)
from cadrex.rules.transitions import CONTESTANT, HEARING
from cadrex.rules.vetting import vetting_size


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _locked(hearing: Hearing) -> Hearing:
    # of=("self",): lock the hearing's row only, not the opening and campaign joined to it.
    return (
        Hearing.objects.select_for_update(of=("self",))
        .select_related("opening__campaign")
        .get(pk=hearing.pk)
    )


def _policy(hearing: Hearing):
    return hearing.opening.campaign.policy


# ------------------------------------------------------------------ set-up


@transaction.atomic
def hearing_schedule(*, actor, opening: Opening, scheduled_at: datetime, room: str) -> Hearing:
    """A8: a hearing for an opening whose contestant list is published."""
    if opening.status != OpeningStatus.PUBLISHED or not opening.contestants_published_at:
        raise RuleViolation("A8", "该职位的竞岗对象名单尚未公布，不能安排公开竞岗。")
    if not room.strip():
        raise RuleViolation("A8", "请填写竞岗地点。", field="room")
    after = {"at": scheduled_at.isoformat(), "room": room.strip()}
    hearing = Hearing.objects.select_for_update().filter(opening=opening).first()
    if hearing is None:
        hearing = Hearing(opening=opening, scheduled_at=scheduled_at, room=room.strip())
        return transitions.create(
            hearing,
            HEARING,
            "hearing_schedule",
            actor=actor,
            campaign=opening.campaign,
            after=after,
        )
    if hearing.status != HearingStatus.PLANNED:
        raise RuleViolation("A8", "公开竞岗已经开始，不能再修改时间地点。")
    hearing.scheduled_at, hearing.room = scheduled_at, room.strip()
    hearing.save(update_fields=["scheduled_at", "room"])
    event_record(actor=actor, action="hearing_reschedule", obj=hearing, after=after)
    return hearing


@transaction.atomic
def hearing_draw_lots(*, actor, hearing: Hearing, now=None) -> list[HearingContestant]:
    """A8: draw the speaking order by lot, once; the seed is kept so anyone can redo the draw."""
    hearing = _locked(hearing)
    if hearing.lots_drawn_at:
        raise RuleViolation("A8", "已经抽签，演说顺序不能重抽。")
    contestants = list(
        Application.objects.filter(
            opening=hearing.opening, active=True, status=ApplicationStatus.CONTESTANT
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not contestants:
        raise RuleViolation("A8", "该职位没有竞岗对象。")
    seed = secrets.token_hex(16)
    order = draw_order(contestants, seed)
    rows = [
        transitions.create(
            HearingContestant(hearing=hearing, application_id=pk, order=i),
            CONTESTANT,
            "contestant_enter",
            actor=actor,
            campaign=None,
            record=False,  # the draw's one event below lists the whole order
        )
        for i, pk in enumerate(order, start=1)
    ]
    hearing.lots_drawn_at, hearing.lots_seed = _now(now), seed
    hearing.save(update_fields=["lots_drawn_at", "lots_seed"])
    event_record(
        actor=actor, action="hearing_draw_lots", obj=hearing, after={"seed": seed, "order": order}
    )
    return rows


def draw_order(application_ids: list[int], seed: str) -> list[int]:
    """The draw itself: a shuffle of the ids in ascending order, seeded — reproducible."""
    order = sorted(application_ids)
    random.Random(seed).shuffle(order)
    return order


def _require_planned(hearing: Hearing) -> None:
    if hearing.status != HearingStatus.PLANNED:
        raise RuleViolation("A8", "公开竞岗已经开始，评委组成不能再变动。")


@transaction.atomic
def juror_add(
    *,
    actor,
    hearing: Hearing,
    jury: str,
    name: str,
    affiliation: str = "",
    office_assigned: bool = False,
    substitute: bool = False,
) -> Juror:
    hearing = _locked(hearing)
    _require_planned(hearing)
    if jury not in Jury.values:
        raise RuleViolation("A8", "评委组只能是领导评委或群众评委。", field="jury")
    if not name.strip():
        raise RuleViolation("A8", "请填写评委姓名。", field="name")
    if len(name.strip()) > 50 or len(affiliation.strip()) > 100:
        raise RuleViolation("A8", "评委姓名不超过50字，单位及职务不超过100字。", field="name")
    if jury == Jury.LEADER and not substitute:
        seated = hearing.jurors.filter(jury=Jury.LEADER, substitute=False).count()
        if seated >= _policy(hearing).leader_jury_size:
            raise RuleViolation(
                "A8", f"领导评委已满{_policy(hearing).leader_jury_size}人。", field="jury"
            )
    juror = Juror.objects.create(
        hearing=hearing,
        jury=jury,
        name=name.strip(),
        affiliation=affiliation.strip(),
        office_assigned=office_assigned and jury == Jury.LEADER,
        substitute=substitute and jury == Jury.LEADER,
        token=secrets.token_urlsafe(24),
    )
    event_record(
        actor=actor, action="juror_add", obj=juror, after={"jury": jury, "name": juror.name}
    )
    return juror


@transaction.atomic
def jurors_add_staff(*, actor, hearing: Hearing, names: list[str]) -> int:
    """Staff jurors in bulk: all staff of the unit, or the named representatives."""
    hearing = _locked(hearing)
    _require_planned(hearing)
    clean = [n.strip() for n in names if n.strip()]
    for line, name in enumerate(clean, start=1):
        if len(name) > 50:
            raise RuleViolation("A8", f"第{line}行的评委姓名过长（不超过50字）。", field="names")
    Juror.objects.bulk_create(
        [
            Juror(hearing=hearing, jury=Jury.STAFF, name=n, token=secrets.token_urlsafe(24))
            for n in clean
        ]
    )
    event_record(actor=actor, action="jurors_add_staff", obj=hearing, after={"added": len(clean)})
    return len(clean)


@transaction.atomic
def juror_remove(*, actor, juror: Juror) -> None:
    _require_planned(juror.hearing)
    event_record(actor=actor, action="juror_remove", obj=juror, before={"name": juror.name})
    juror.delete()


def check_panel(hearing: Hearing) -> None:
    """A8: 7 leader jurors, at least 2 sent by the office; a staff jury large enough to trim."""
    policy = _policy(hearing)
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
    recusals = {r.juror_id: r for r in contestant.recusals.select_related("substitute")}
    jurors = list(contestant.hearing.jurors.all())
    leaders = [
        j for j in jurors if j.jury == Jury.LEADER and not j.substitute and j.pk not in recusals
    ]
    leaders += [r.substitute for r in recusals.values() if r.substitute is not None]
    staff = [j for j in jurors if j.jury == Jury.STAFF and j.pk not in recusals]
    return Panel(tuple(leaders), tuple(staff))


def scores_contestant(juror: Juror, contestant: HearingContestant) -> bool:
    """A8: does this juror score this contestant? The same answer as ``panel_for`` gives,
    in two indexed queries instead of loading the whole panel (200 phones ask at once)."""
    if juror.substitute:
        return Recusal.objects.filter(contestant=contestant, substitute=juror).exists()
    return not Recusal.objects.filter(contestant=contestant, juror=juror).exists()


@transaction.atomic
def recusal_declare(
    *,
    actor,
    juror: Juror,
    contestant: HearingContestant,
    reason: str,
    substitute: Juror | None = None,
) -> Recusal:
    """A8 / 公务员法 Art. 74: the juror does not score this contestant."""
    if contestant.hearing_id != juror.hearing_id:
        raise RuleViolation("A8", "评委与竞岗对象不属于同一场公开竞岗。")
    if contestant.scoring != ScoringState.WAITING:
        raise RuleViolation("A8", "该竞岗对象已开始评分，回避须在评分前提出。")
    if not reason.strip():
        raise RuleViolation("A8", "请写明回避原因（如亲属关系）。", field="reason")
    if juror.jury == Jury.LEADER:
        if (
            substitute is None
            or substitute.jury != Jury.LEADER
            or substitute.hearing_id != juror.hearing_id
        ):
            raise RuleViolation(
                "A8",
                "领导评委回避时，须由办公室指定一名替补领导评委，保持7人。",
                field="substitute",
            )
        if (
            substitute.pk == juror.pk
            or Recusal.objects.filter(contestant=contestant, juror=substitute).exists()
        ):
            raise RuleViolation("A8", "替补评委不能是回避的评委本人。", field="substitute")
    else:
        substitute = None
        remaining = len(panel_for(contestant).staff) - 1
        check_staff_jury(jurors=remaining, policy=_policy(juror.hearing))
    recusal = Recusal.objects.create(
        juror=juror, contestant=contestant, reason=reason.strip(), substitute=substitute
    )
    event_record(
        actor=actor,
        action="recusal_declare",
        obj=recusal,
        after={
            "juror": juror.name,
            "contestant": contestant.pk,
            "substitute": substitute.name if substitute else None,
        },
        note=reason,
    )
    return recusal


# ------------------------------------------------------------------ scoring


@transaction.atomic
def scoring_open(*, actor, contestant: HearingContestant, now=None) -> HearingContestant:
    """A8: the chair opens scoring for one contestant at a time, after the speech."""
    hearing = _locked(contestant.hearing)
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
        policy=_policy(hearing),
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
    number, item_values = _score_value(value, items, maxima, _policy(hearing))
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
    hearing = _locked(score.contestant.hearing)
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


def live_scores(contestant: HearingContestant) -> tuple[list[Score], list[Score]]:
    scores = list(
        contestant.scores.filter(voided=False).select_related("juror").order_by("juror_id")
    )
    return [s for s in scores if s.jury == Jury.LEADER], [s for s in scores if s.jury == Jury.STAFF]


def compute(contestant: HearingContestant):
    """A8: the contestant's HearingScore, from the raw scores, by the rules core."""
    leaders, staff = live_scores(contestant)
    return hearing_score(
        [s.value for s in leaders], [s.value for s in staff], _policy(contestant.hearing)
    )


@transaction.atomic
def scoring_close(*, actor, contestant: HearingContestant, now=None) -> HearingContestant:
    """A8: close the contestant's scoring; the result appears at once, ranks are refreshed."""
    hearing = _locked(contestant.hearing)
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


def tie_breaks(hearing: Hearing) -> dict[int, list[str]]:
    """A8: the office's recorded orders for shared ranks, keyed by the shared rank."""
    return {t.rank: [str(k) for k in t.order] for t in hearing.tie_breaks.all()}


def ranking(hearing: Hearing, contestants=None):
    """A8 ranks of the closed contestants (keys: application ids as text), recomputed by the
    rules core from the raw scores, with the office's tie breaks applied."""
    closed = contestants
    if closed is None:
        closed = hearing.contestants.filter(scoring=ScoringState.CLOSED)
    entries = [(str(c.application_id), compute(c)) for c in closed]
    return rank(entries, _policy(hearing), resolved=tie_breaks(hearing))


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
    hearing = _locked(hearing)
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
    cut = vetting_size(len(rows), opening.seats, _policy(hearing))
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
    hearing = _locked(hearing)
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


# ------------------------------------------------------------------ the juror's link


def device_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def juror_claim(*, juror: Juror, secret: str | None) -> tuple[Juror, str | None]:
    """Bind the link to the first device that opens it. Returns the juror and a new secret
    to store in that device's cookie (None when the device is already bound)."""
    if juror.device_hash:  # the common case, every request of a bound phone: no write
        if secret and secrets.compare_digest(device_hash(secret), juror.device_hash):
            return juror, None
        raise RuleViolation(
            "A8",
            "该评分链接已在另一台设备上打开过，不能再次使用。如需更换设备，请联系现场工作人员。",
        )
    return _juror_bind(juror=juror, secret=secret)


@transaction.atomic
def _juror_bind(*, juror: Juror, secret: str | None) -> tuple[Juror, str | None]:
    juror = Juror.objects.select_for_update().get(pk=juror.pk)
    if juror.device_hash:  # another request bound it first
        if secret and secrets.compare_digest(device_hash(secret), juror.device_hash):
            return juror, None
        raise RuleViolation(
            "A8",
            "该评分链接已在另一台设备上打开过，不能再次使用。如需更换设备，请联系现场工作人员。",
        )
    new = secrets.token_urlsafe(24)
    juror.device_hash, juror.claimed_at = device_hash(new), timezone.now()
    juror.save(update_fields=["device_hash", "claimed_at"])
    return juror, new


@transaction.atomic
def juror_release(*, actor, juror: Juror) -> Juror:
    """The office frees a link for a new device (a flat battery, a broken phone)."""
    juror.device_hash, juror.claimed_at = "", None
    juror.save(update_fields=["device_hash", "claimed_at"])
    event_record(actor=actor, action="juror_release", obj=juror)
    return juror
