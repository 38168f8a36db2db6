"""A8 services: setting up the hearing (schedule, lots, jurors, recusals) and the juror's
link. Scoring, ranking and publishing the results are in ``scoring``."""

from __future__ import annotations

import hashlib
import random
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from cadrex.accounts.models import User
from cadrex.audit.services import event_record
from cadrex.campaigns import transitions
from cadrex.competition.hearing.models import (
    Hearing,
    HearingContestant,
    HearingStatus,
    Juror,
    Jury,
    Recusal,
    ScoringState,
)
from cadrex.competition.hearing.selectors import panel_for, policy_of
from cadrex.competition.registration.models import (
    Application,
    ApplicationStatus,
    Opening,
    OpeningStatus,
)
from cadrex.registry.models import Cadre
from cadrex.rules import RuleViolation
from cadrex.rules.scoring import (
    check_juror_name,
    check_one_seat_per_person,
    check_staff_jury,
)
from cadrex.rules.transitions import CONTESTANT, HEARING


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def locked_hearing(hearing: Hearing) -> Hearing:
    # of=("self",): lock the hearing's row only, not the opening and campaign joined to it.
    # no_key: FOR NO KEY UPDATE (nothing here changes its id), which leaves the row free for
    # the foreign-key checks of the phones' chain entries (FOR KEY SHARE, at their commit);
    # FOR UPDATE would deadlock with a phone the chair's close is waiting for.
    return (
        Hearing.objects.select_for_update(of=("self",), no_key=True)
        .select_related("opening__campaign")
        .get(pk=hearing.pk)
    )


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
    hearing = locked_hearing(hearing)
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
    row = JurorRow(jury, name, affiliation, office_assigned, substitute)
    return jurors_add(actor=actor, hearing=hearing, rows=[row])[0]


@dataclass(frozen=True)
class JurorRow:
    """One juror to add (``jurors_add``): the fields the office types in."""

    jury: str
    name: str
    affiliation: str = ""
    office_assigned: bool = False
    substitute: bool = False
    # The juror's own login, when the roster person has one: the seat then shows among that
    # person's roles (one person, several roles: ADR 0014).
    user_id: int | None = None


def _seats(hearing: Hearing) -> list[tuple[str, str]]:
    """A8: the hearing's seats as (name, jury label), substitutes included."""
    labels = dict(Jury.choices)
    return [(name, labels[jury]) for name, jury in hearing.jurors.values_list("name", "jury")]


@transaction.atomic
def jurors_add(*, actor, hearing: Hearing, rows: list[JurorRow]) -> list[Juror]:
    """A8: jurors added to the panel one after the other, each checked as the office's
    form checks it (the leader jury full at 7), each with its link and its audit event; the
    hearing is read and locked once for all of them (the demo seats a panel at a time)."""
    hearing = locked_hearing(hearing)
    _require_planned(hearing)
    size = policy_of(hearing).leader_jury_size
    seated = hearing.jurors.filter(jury=Jury.LEADER, substitute=False).count()
    seats = _seats(hearing)
    jurors = []
    for row in rows:
        if row.jury not in Jury.values:
            raise RuleViolation("A8", "评委组只能是领导评委或群众评委。", field="jury")
        name, affiliation = check_juror_name(row.name), (row.affiliation or "").strip()
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in affiliation):
            raise RuleViolation(
                "A8", "单位及职务含有不可见的控制字符，请重新输入。", field="affiliation"
            )
        if len(affiliation) > 100:
            raise RuleViolation("A8", "单位及职务不超过100字。", field="affiliation")
        check_one_seat_per_person(name, seats)
        seats.append((name, Jury(row.jury).label))
        leader = row.jury == Jury.LEADER
        if leader and not row.substitute:
            if seated >= size:
                raise RuleViolation("A8", f"领导评委已满{size}人。", field="jury")
            seated += 1
        jurors.append(
            Juror(
                hearing=hearing,
                jury=row.jury,
                name=name,
                affiliation=affiliation,
                office_assigned=row.office_assigned and leader,
                substitute=row.substitute and leader,
                token=secrets.token_urlsafe(24),
                user_id=row.user_id,
            )
        )
    Juror.objects.bulk_create(jurors)
    for juror in jurors:
        event_record(
            actor=actor,
            action="juror_add",
            obj=juror,
            after={"jury": juror.jury, "name": juror.name},
        )
    return jurors


def jurors_add_cadres(*, actor, hearing: Hearing, cadre_ids: list[int]) -> list[Juror]:
    """A8: leader jurors chosen from the roster of the opening's unit (its leadership as
    the office knows it), each named with their unit and post as the roster has them."""
    ids = sorted(set(cadre_ids))
    if not ids:
        raise RuleViolation("A8", "请勾选要作为领导评委的本单位干部。", field="cadres")
    cadres = list(
        Cadre.objects.filter(pk__in=ids, unit_id=hearing.opening.unit_id)
        .select_related("unit")
        .order_by("id")
    )
    if len(cadres) != len(ids):
        raise RuleViolation(
            "A8", "所选人员不在本单位干部名册中，只能从本单位干部中选择。", field="cadres"
        )
    logins = dict(
        User.objects.filter(cadre_id__in=ids, is_active=True).values_list("cadre_id", "pk")
    )
    rows = [
        JurorRow(Jury.LEADER, c.name, f"{c.unit.name}{c.current_post}", user_id=logins.get(c.pk))
        for c in cadres
    ]
    return jurors_add(actor=actor, hearing=hearing, rows=rows)


@transaction.atomic
def jurors_add_staff(*, actor, hearing: Hearing, names: list[str]) -> int:
    """Staff jurors in bulk: all staff of the unit, or the named representatives, each by
    their real name (``check_juror_name``: a refusal names the line)."""
    hearing = locked_hearing(hearing)
    _require_planned(hearing)
    clean = []
    seats = _seats(hearing)
    for line, name in enumerate(names, start=1):
        if name.strip():
            clean.append(check_juror_name(name, what=f"第{line}行的评委姓名", field="names"))
            check_one_seat_per_person(clean[-1], seats, field="names")
            seats.append((clean[-1], Jury.STAFF.label))
    if not clean:  # nobody to add: nothing changes, nothing is recorded (the form refuses)
        return 0
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
    # Locked and read afresh: the phones read the recusals with the scoring state, so a
    # recusal must never land once the chair has opened the scoring.
    contestant = HearingContestant.objects.select_for_update().get(pk=contestant.pk)
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
        check_staff_jury(jurors=remaining, policy=policy_of(juror.hearing))
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
    # The juror opened their own link: logged without the device's hash (a secret).
    event_record(actor=None, action="juror_bind", obj=juror, after={"claimed_at": juror.claimed_at})
    return juror, new


@transaction.atomic
def juror_release(*, actor, juror: Juror) -> Juror:
    """The office frees a link for a new device (a flat battery, a broken phone)."""
    juror.device_hash, juror.claimed_at = "", None
    juror.save(update_fields=["device_hash", "claimed_at"])
    event_record(actor=actor, action="juror_release", obj=juror)
    return juror
