"""Whom an audit event concerns, and what they are told (ADR 0013).

``notices_for(event)`` reads the records the event names and returns one ``Notice`` per
person: the people are users (a cadre's account, a unit's leaders), so a person holding several
roles is told once, in one inbox. An action not listed in ``HANDLERS`` concerns nobody.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cadrex.accounts.models import Role, User
from cadrex.audit.models import Event
from cadrex.competition.decision.models import Appointment, BallotRound, VettingCandidate
from cadrex.competition.hearing.models import Hearing
from cadrex.competition.registration.models import Application, ApplicationStatus, Opening
from cadrex.documents.values import cn_date
from cadrex.exchange.models import (
    ExchangeCandidate,
    MatchingRun,
    Placement,
    PlacementKind,
    TwoWaySelection,
)
from cadrex.notifications.models import Kind


@dataclass(frozen=True)
class Notice:
    user_id: int
    kind: str
    title: str
    body: str
    link: str = ""


def cadre_users(cadre_ids: Iterable[int]) -> dict[int, int]:
    """cadre id → the id of that person's (active) account; people without one are left out."""
    rows = User.objects.filter(cadre_id__in=set(cadre_ids), is_active=True)
    return dict(rows.values_list("cadre_id", "id"))


def unit_leaders(unit_ids: Iterable[int]) -> dict[int, list[int]]:
    """unit id → its leaders' user ids: the leader role as one's primary role or as a further
    one (``RoleGrant``, ADR 0014). Two queries, whatever the number of units."""
    units = set(unit_ids)
    found: dict[int, set[int]] = {}
    active = User.objects.filter(is_active=True)
    primary = active.filter(role=Role.UNIT_LEADER, unit_id__in=units).values_list("unit_id", "id")
    granted = active.filter(
        role_grants__role=Role.UNIT_LEADER, role_grants__unit_id__in=units
    ).values_list("role_grants__unit_id", "id")
    for unit_id, user_id in [*primary, *granted]:
        found.setdefault(unit_id, set()).add(user_id)
    return {unit_id: sorted(ids) for unit_id, ids in found.items()}


def cn_moment(moment) -> str:
    """A stored moment as the notices print it, in Beijing time: ``2026年12月5日 09:00``."""
    return f"{cn_date(moment)} {timezone.localtime(moment):%H:%M}"


def cn_last_day(end) -> str:
    """A window's exclusive end as the person reads it: a midnight end is the day before,
    inclusive (``2026年12月7日（含当日）``); any other end is its moment."""
    local = timezone.localtime(end)
    if (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0):
        return f"{cn_date(local.date() - timedelta(days=1))}（含当日）"
    return cn_moment(end)


def _application(event: Event) -> Application | None:
    return (
        Application.objects.select_related("opening__unit", "cadre", "home_unit")
        .filter(pk=event.object_id)
        .first()
    )


def _post(opening: Opening) -> str:
    return f"{opening.unit.name}{opening.post_name}"


def _to_cadre(application: Application, kind: str, title: str, body: str, link: str):
    user_id = cadre_users([application.cadre_id]).get(application.cadre_id)
    return [Notice(user_id, kind, title, body, link)] if user_id else []


# ------------------------------------------------------------------ part A


def consent_needed(event: Event) -> list[Notice]:
    """A3: the unit's leaders are asked to consent — all but the applicant (a leader does not
    decide on their own application, ``check_consent_not_own``). When nobody else leads the
    unit, the office is told instead: it arranges for another of the unit's leaders to hold
    the role (otherwise the application lapses when registration closes)."""
    application = _application(event)
    if application is None or application.status != ApplicationStatus.PENDING_CONSENT:
        return []
    unit_id = application.home_unit_id or application.cadre.unit_id
    own = cadre_users([application.cadre_id]).get(application.cadre_id)
    leaders = [u for u in unit_leaders([unit_id]).get(unit_id, []) if u != own]
    who = f"{application.cadre.name}报名竞岗“{_post(application.opening)}”"
    if leaders:
        body = f"{who}，请在报名期内签署所在单位意见。"
        link = reverse("competition:consents")
        return [
            Notice(user_id, Kind.CONSENT_NEEDED, "有干部报名待签署单位意见", body, link)
            for user_id in leaders
        ]
    if own is not None and own in unit_leaders([unit_id]).get(unit_id, []):
        why, title = "本人是所在单位唯一有账号的主要领导，不能对本人的报名表态", "单位无其他领导"
    else:
        why, title = "所在单位尚无主要领导账号，无人在系统中签署单位意见", "单位无领导账号"
    body = (
        f"{who}；{why}。请安排该单位主要负责同志（开通账号后）在报名期内签署意见，否则报名将失效。"
    )
    office = User.objects.filter(is_active=True).filter(
        Q(role=Role.OFFICE) | Q(role_grants__role=Role.OFFICE)
    )
    link = reverse("competition:review")
    return [
        Notice(user_id, Kind.CONSENT_NEEDED, f"报名待签署单位意见：{title}", body, link)
        for user_id in sorted(set(office.values_list("pk", flat=True)))
    ]


_CONSENT_TEXT = {
    "application_consent": ("所在单位同意您报名", "所在单位已同意您报名竞岗“{post}”。"),
    "application_decline": ("所在单位不同意您报名", "所在单位不同意您报名竞岗“{post}”。{note}"),
    "application_lapse": (
        "您的报名已失效",
        "报名期内所在单位未签署意见，您报名竞岗“{post}”已失效。",
    ),
    "application_shortlist": ("您已被确定为竞岗对象", "您已被确定为“{post}”的竞岗对象。"),
    "application_not_shortlist": ("您未被确定为竞岗对象", "您未被确定为“{post}”的竞岗对象。"),
}


def application_outcome(event: Event) -> list[Notice]:
    application = _application(event)
    if application is None:
        return []
    title, body = _CONSENT_TEXT[event.action]
    note = f"意见：{application.consent_note}" if application.consent_note else ""
    kind = Kind.SHORTLIST if "shortlist" in event.action else Kind.CONSENT
    body = body.format(post=_post(application.opening), note=note)
    return _to_cadre(application, kind, title, body, reverse("competition:my_applications"))


def hearing_time(event: Event) -> list[Notice]:
    hearing = Hearing.objects.select_related("opening__unit").filter(pk=event.object_id).first()
    if hearing is None:
        return []
    contestants = Application.objects.filter(
        opening=hearing.opening, status=ApplicationStatus.CONTESTANT, active=True
    ).values_list("cadre_id", flat=True)
    changed = event.action == "hearing_reschedule"
    title = "公开竞岗时间地点有变" if changed else "公开竞岗时间地点"
    body = (
        f"“{_post(hearing.opening)}”公开竞岗定于{cn_moment(hearing.scheduled_at)}"
        f"在{hearing.room}举行。"
    )
    link = reverse("competition:my_applications")
    users = cadre_users(contestants)
    return [Notice(u, Kind.HEARING, title, body, link) for u in users.values()]


def vetting(event: Event) -> list[Notice]:
    rows = VettingCandidate.objects.filter(opening_id=event.object_id).select_related(
        "application__opening__unit"
    )
    rows = list(rows)
    users = cadre_users(r.application.cadre_id for r in rows)
    link = reverse("competition:my_applications")
    notices = []
    for row in rows:
        user_id = users.get(row.application.cadre_id)
        if user_id:
            body = f"您已被确定为“{_post(row.application.opening)}”的考察对象，组织将进行考察。"
            notices.append(Notice(user_id, Kind.VETTING, "您已被确定为考察对象", body, link))
    return notices


def ballot_outcome(event: Event) -> list[Notice]:
    ballot = BallotRound.objects.select_related("opening__unit").filter(pk=event.object_id).first()
    if ballot is None:
        return []
    people = dict(
        Application.objects.filter(pk__in=ballot.candidates).values_list("pk", "cadre_id")
    )
    users = cadre_users(people.values())
    post = _post(ballot.opening)
    link = reverse("competition:my_applications")
    notices = []
    for application_id, cadre_id in people.items():
        user_id = users.get(cadre_id)
        if not user_id:
            continue
        if ballot.elected_id == application_id:
            title, body = "票决结果：您当选", f"“{post}”第{ballot.round}轮票决，您当选为任职人选。"
        elif ballot.elected_id:
            title, body = "票决结果：您未当选", f"“{post}”第{ballot.round}轮票决，您未当选。"
        else:
            title = "票决结果：未产生任职人选"
            body = f"“{post}”第{ballot.round}轮票决未产生任职人选，将重新票决。"
        notices.append(Notice(user_id, Kind.BALLOT, title, body, link))
    return notices


def appointment(event: Event) -> list[Notice]:
    found = (
        Appointment.objects.select_related("application", "opening__unit")
        .filter(pk=event.object_id)
        .first()
    )
    if found is None:
        return []
    post = _post(found.opening)
    if event.action == "appointment_publicise":
        title, body = "任前公示已发布", f"您拟任“{post}”的任前公示已发布。"
    else:
        title, body = "任职文件已印发", f"您任“{post}”的任职文件已印发。"
    link = reverse("competition:my_applications")
    return _to_cadre(found.application, Kind.APPOINTMENT, title, body, link)


# ------------------------------------------------------------------ part B


def placement_text(placement: Placement) -> str:
    where = placement.unit.name if placement.unit else "暂未安置"
    text = f"您被安排到：{where}。"
    if placement.unit and placement.answer_deadline:
        deadline = cn_date(placement.answer_deadline)
        text += f"表态截止日为{deadline}（含当日），请按时表态是否服从安排。"
    elif placement.unit:
        text += "请登录系统表态是否服从安排。"
    return text


def _placements(placements: list[Placement], kind: str, title: str) -> list[Notice]:
    users = cadre_users(p.candidate.cadre_id for p in placements)
    link = reverse("exchange:my")
    notices = []
    for placement in placements:
        user_id = users.get(placement.candidate.cadre_id)
        if user_id:
            notices.append(Notice(user_id, kind, title, placement_text(placement), link))
    return notices


def matching_result(event: Event) -> list[Notice]:
    run = MatchingRun.objects.filter(pk=event.object_id).first()
    if run is None or run.published_at is None:
        return []
    placed = list(
        Placement.objects.filter(
            candidate__campaign_id=run.campaign_id,
            kind=PlacementKind.MATCHED,
            decided_at=run.published_at,
        ).select_related("unit", "candidate")
    )
    notices = _placements(placed, Kind.MATCHING, "双向选择匹配结果")
    unplaced = [int(c) for c in json.loads(run.result).get("unplaced", [])]
    cadres = ExchangeCandidate.objects.filter(pk__in=unplaced).values_list("cadre_id", flat=True)
    body = "本轮双向选择您未匹配成功，请留意后续安排。"
    link = reverse("exchange:my")
    for user_id in cadre_users(cadres).values():
        notices.append(Notice(user_id, Kind.MATCHING, "双向选择匹配结果", body, link))
    return notices


def directed_placement(event: Event) -> list[Notice]:
    selection = TwoWaySelection.objects.filter(pk=event.object_id).first()
    if selection is None or selection.directed_confirmed_at is None:
        return []
    placed = list(
        Placement.objects.filter(
            candidate__campaign_id=selection.campaign_id,
            kind=PlacementKind.DIRECTED,
            decided_at=selection.directed_confirmed_at,
        ).select_related("unit", "candidate")
    )
    return _placements(placed, Kind.PLACEMENT, "定向交流安排")


def placement_deadline(event: Event) -> list[Notice]:
    """B7: the person did not answer in time, or the orgdept set a new deadline."""
    placement = (
        Placement.objects.select_related("unit", "candidate").filter(pk=event.object_id).first()
    )
    if placement is None:
        return []
    if event.action == "placement_overdue":
        title = "交流安排逾期未表态"
        deadline = cn_date(placement.answer_deadline)
        body = f"截至{deadline}（含当日）您未对交流安排表态，已列为逾期未答复。"
    else:
        title = "表态截止日已重新确定"
        body = placement_text(placement)
    return [
        Notice(n.user_id, n.kind, title, body, n.link)
        for n in _placements([placement], Kind.PLACEMENT, title)
    ]


HANDLERS: dict[str, Callable[[Event], list[Notice]]] = {
    "application_submit": consent_needed,
    "application_switch_in_pending": consent_needed,
    "application_consent": application_outcome,
    "application_decline": application_outcome,
    "application_lapse": application_outcome,
    "application_shortlist": application_outcome,
    "application_not_shortlist": application_outcome,
    "hearing_schedule": hearing_time,
    "hearing_reschedule": hearing_time,
    "vetting_fix": vetting,
    "ballot_count": ballot_outcome,
    "ballot_count_undecided": ballot_outcome,
    "appointment_publicise": appointment,
    "appointment_publish": appointment,
    "exchange_matching_publish": matching_result,
    "exchange_directed_confirm": directed_placement,
    "placement_overdue": placement_deadline,
    "placement_deadline_extend": placement_deadline,
}


def notices_for(event: Event) -> list[Notice]:
    handler = HANDLERS.get(event.action)
    return handler(event) if handler else []
