"""C1 writes: the office keeps the leading group and its office; each unit keeps its own
responsible leader and task team. One transaction and one audit event each."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from cadrex.audit.services import event_record
from cadrex.campaigns.models import Campaign
from cadrex.organisation.models import (
    GroupMember,
    GroupOffice,
    ResponsibleLeader,
    TaskTeamMember,
)
from cadrex.registry.models import Unit
from cadrex.rules.organisation import (
    HEADS,
    check_office_seat,
    check_position,
    check_takes_part,
    required_texts,
)

MEMBER_FIELDS = ("position", "name", "post", "phone", "seq")
OFFICE_FIELDS = ("seat", "phone", "address")
LEADER_FIELDS = ("name", "post", "phone")
TEAM_FIELDS = ("name", "post", "duty", "phone", "seq")


def _clean(values: dict) -> dict:
    return required_texts(values)


def _changes(obj, values: dict) -> tuple[dict, dict]:
    """Set ``values`` on ``obj``; the fields that changed, before and after."""
    before, after = {}, {}
    for field, value in values.items():
        old = getattr(obj, field)
        if old != value:
            before[field], after[field] = old, value
            setattr(obj, field, value)
    return before, after


def _filled(obj, fields) -> dict:
    """What a record held, for the log of its removal (its empty fields left out)."""
    return {f: getattr(obj, f) for f in fields if getattr(obj, f) not in ("", None)}


def _next_seq(qs) -> int:
    return (qs.aggregate(top=Max("seq"))["top"] or 0) + 1


# ------------------------------------------------------------------ the leading group


def _lock_campaign(campaign: Campaign) -> None:
    """One writer of a campaign's group at a time: the one-head check then holds."""
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()


def _check_position(campaign: Campaign, body: str, position: str, *, member_pk=None) -> None:
    """C1 (rules.organisation): the position fits the body; its head, if another holds it."""
    head = None
    if position in HEADS:
        head = (
            GroupMember.objects.filter(campaign=campaign, body=body, position=position)
            .exclude(pk=member_pk)
            .values_list("name", flat=True)
            .first()
        )
    check_position(body, position, head=head)


@transaction.atomic
def group_member_add(
    *,
    actor,
    campaign: Campaign,
    body: str,
    position: str,
    name: str,
    post: str,
    phone: str = "",
    seq: int | None = None,
) -> GroupMember:
    """C1: a member of the leading group or of its office."""
    _lock_campaign(campaign)
    values = _clean({"position": position, "name": name, "post": post, "phone": phone})
    _check_position(campaign, body, values["position"])
    if seq is None:
        seq = _next_seq(GroupMember.objects.filter(campaign=campaign, body=body))
    member = GroupMember.objects.create(campaign=campaign, body=body, seq=seq, **values)
    event_record(
        actor=actor,
        action="group_member_add",
        obj=member,
        after={"body": body, **values, "seq": seq},
    )
    return member


@transaction.atomic
def group_member_update(
    *,
    actor,
    member: GroupMember,
    position: str,
    name: str,
    post: str,
    phone: str = "",
    seq: int | None = None,
) -> GroupMember:
    """C1: a member's position, name, post, phone or place in the list."""
    _lock_campaign(member.campaign)
    member = GroupMember.objects.select_for_update().get(pk=member.pk)
    values = _clean({"position": position, "name": name, "post": post, "phone": phone})
    if seq is not None:
        values["seq"] = seq
    _check_position(member.campaign, member.body, values["position"], member_pk=member.pk)
    before, after = _changes(member, values)
    if after:
        member.save(update_fields=list(after))
        event_record(
            actor=actor, action="group_member_update", obj=member, before=before, after=after
        )
    return member


@transaction.atomic
def group_member_remove(*, actor, member: GroupMember) -> None:
    """C1: a member leaves the leading group or its office."""
    before = _filled(member, ("body", *MEMBER_FIELDS))
    event_record(actor=actor, action="group_member_remove", obj=member, before=before)
    GroupMember.objects.filter(pk=member.pk).delete()


@transaction.atomic
def group_office_update(
    *, actor, campaign: Campaign, seat: str, phone: str = "", address: str = ""
) -> GroupOffice:
    """C1: where the leading group's office sits (the organisation department) and how to
    reach it."""
    values = _clean({"seat": seat, "phone": phone, "address": address})
    check_office_seat(values["seat"])
    office, created = GroupOffice.objects.select_for_update().get_or_create(campaign=campaign)
    before, after = _changes(office, values)
    if created or after:
        office.save()
        event_record(
            actor=actor,
            action="group_office_update",
            obj=office,
            before=None if created else before,
            after=values if created else after,
        )
    return office


# ------------------------------------------------------------------ each unit


def _check_unit(unit: Unit) -> None:
    check_takes_part(unit.name, vertically_managed=unit.vertically_managed)


@transaction.atomic
def responsible_leader_set(
    *, actor, campaign: Campaign, unit: Unit, name: str, post: str, phone: str = ""
) -> ResponsibleLeader:
    """C1: the unit's principal leader, its first person responsible for the work."""
    _check_unit(unit)
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    values = _clean({"name": name, "post": post, "phone": phone})
    leader = ResponsibleLeader.objects.filter(campaign=campaign, unit=unit).first()
    if leader is None:
        leader = ResponsibleLeader.objects.create(campaign=campaign, unit=unit, **values)
        before, after = None, {"unit": unit.code, **values}
    else:
        before, after = _changes(leader, values)
        if not after:
            return leader
        leader.save(update_fields=list(after))
    event_record(
        actor=actor, action="responsible_leader_set", obj=leader, before=before, after=after
    )
    return leader


@transaction.atomic
def task_team_member_add(
    *,
    actor,
    campaign: Campaign,
    unit: Unit,
    name: str,
    post: str,
    duty: str,
    phone: str = "",
    seq: int | None = None,
) -> TaskTeamMember:
    """C1: a member of the unit's task team (工作专班) and their duty."""
    _check_unit(unit)
    values = _clean({"name": name, "post": post, "duty": duty, "phone": phone})
    if seq is None:
        seq = _next_seq(TaskTeamMember.objects.filter(campaign=campaign, unit=unit))
    member = TaskTeamMember.objects.create(campaign=campaign, unit=unit, seq=seq, **values)
    event_record(
        actor=actor,
        action="task_team_member_add",
        obj=member,
        after={"unit": unit.code, **values, "seq": seq},
    )
    return member


@transaction.atomic
def task_team_member_update(
    *,
    actor,
    member: TaskTeamMember,
    name: str,
    post: str,
    duty: str,
    phone: str = "",
    seq: int | None = None,
) -> TaskTeamMember:
    """C1: a task team member's name, post, duty, phone or place in the list."""
    member = TaskTeamMember.objects.select_for_update().select_related("unit").get(pk=member.pk)
    values = _clean({"name": name, "post": post, "duty": duty, "phone": phone})
    if seq is not None:
        values["seq"] = seq
    before, after = _changes(member, values)
    if after:
        member.save(update_fields=list(after))
        event_record(
            actor=actor, action="task_team_member_update", obj=member, before=before, after=after
        )
    return member


@transaction.atomic
def task_team_member_remove(*, actor, member: TaskTeamMember) -> None:
    """C1: a member leaves the unit's task team."""
    before = {"unit": member.unit.code, **_filled(member, TEAM_FIELDS)}
    event_record(actor=actor, action="task_team_member_remove", obj=member, before=before)
    TaskTeamMember.objects.filter(pk=member.pk).delete()
