"""C1's doors: the office keeps the leading group and its office; a unit's operator or leader
keeps their own unit's responsible leader and task team, never another unit's (404: we do not
confirm another unit's record exists)."""

from __future__ import annotations

from django.http import Http404

from cadrex.accounts.access import require_role
from cadrex.accounts.models import UNIT_ROLES, Role, User
from cadrex.organisation.models import GroupMember, TaskTeamMember


def access_group_member(user: User, pk: int, *, campaign) -> GroupMember:
    require_role(user, Role.OFFICE)
    try:
        return GroupMember.objects.get(pk=pk, campaign=campaign)
    except GroupMember.DoesNotExist:
        raise Http404("没有找到该领导小组（办公室）成员。") from None


def access_team_member(user: User, pk: int, *, campaign) -> TaskTeamMember:
    require_role(user, *UNIT_ROLES)
    try:
        return TaskTeamMember.objects.select_related("unit").get(
            pk=pk, campaign=campaign, unit_id=user.unit_id
        )
    except TaskTeamMember.DoesNotExist:
        raise Http404("没有找到该工作专班成员，或您无权修改。") from None
