"""Writes about roles (ADR 0014): granting and revoking a further role, and switching the
role a person acts in. Each is one transaction with one audit event."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cadrex.accounts.models import UNIT_ROLES, Role, RoleGrant, User
from cadrex.accounts.roles import HeldRole
from cadrex.audit.services import event_record
from cadrex.rules import RuleViolation


def _grant_view(grant: RoleGrant) -> dict:
    return {"role": grant.role, "unit": grant.unit.code if grant.unit_id else None}


@transaction.atomic
def role_grant_add(*, actor, user: User, role: str, unit=None, note: str = "") -> RoleGrant:
    """A further role for ``user``. A unit role names its unit, no other role does; a cadre
    role needs the person's own roster record; the juror role comes with a juror seat (the
    office seats jurors on a hearing), never by a grant; a role held already is refused."""
    if role not in Role.values:
        raise RuleViolation("", "没有这个角色。", field="role")
    if role == Role.JUROR:
        raise RuleViolation("", "评委角色随公开竞岗的评委席位取得，不能单独授予。", field="role")
    if role in UNIT_ROLES and unit is None:
        raise RuleViolation("", "单位经办人和单位主要领导须指定所属单位。", field="unit")
    if role not in UNIT_ROLES and unit is not None:
        raise RuleViolation("", "只有单位经办人和单位主要领导才指定单位。", field="unit")
    if role == Role.CADRE and user.cadre_id is None:
        raise RuleViolation("", "该账号没有对应的干部名册记录，不能授予干部角色。", field="role")
    if len(note) > 200 or any(ord(ch) < 32 for ch in note):
        raise RuleViolation("", "依据不超过200字，且不能含控制字符。", field="note")
    unit_id = unit.pk if unit is not None else None
    user = User.objects.select_for_update().get(pk=user.pk)
    if (user.role, user.unit_id) == (role, unit_id) or RoleGrant.objects.filter(
        user=user, role=role, unit_id=unit_id
    ).exists():
        raise RuleViolation("", "该账号已经担任这个角色。", field="role")
    grant = RoleGrant.objects.create(
        user=user,
        role=role,
        unit=unit,
        granted_at=timezone.now(),
        granted_by=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
    )
    event_record(
        actor=actor,
        action="role_grant_add",
        obj=grant,
        after={"user": user.username, **_grant_view(grant)},
        note=note,
    )
    return grant


@transaction.atomic
def role_grant_remove(*, actor, grant: RoleGrant, note: str = "") -> None:
    """Revoke a further role. A session acting in it falls back to the primary role on its
    next request (``accounts.roles.apply_session_role``)."""
    grant = (
        RoleGrant.objects.select_related("user", "unit")
        .select_for_update(of=("self",))
        .get(pk=grant.pk)
    )
    event_record(
        actor=actor,
        action="role_grant_remove",
        obj=grant,
        before={"user": grant.user.username, **_grant_view(grant)},
        note=note[:200],
    )
    grant.delete()


@transaction.atomic
def role_switch(*, actor: User, before: HeldRole, after: HeldRole) -> None:
    """The person now acts in ``after`` (the view keeps it in their session): recorded, so
    that the log says in which role each later act was done."""
    event_record(
        actor=actor,
        action="role_switch",
        object_type="user",
        object_id=str(actor.pk),
        object_repr=actor.get_username(),
        before={"label": before.label},
        after={"label": after.label},
    )
