"""A8's door: the hearings a user may manage, chair or read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from cadrex.accounts.models import Role, User
from cadrex.competition.hearing.models import Hearing


def access_hearing(user: User, pk: int, *, chair: bool = False, read: bool = False):
    """A hearing: the office manages every one; the offering unit's leader chairs their own;
    with ``read`` the orgdept reviewer may read any (the score summary is in the package)."""
    qs = Hearing.objects.select_related("opening__unit", "opening__campaign")
    if user.role == Role.UNIT_LEADER and chair:
        qs = qs.filter(opening__unit_id=user.unit_id)
    elif user.role != Role.OFFICE and not (read and user.role == Role.ORGDEPT):
        raise PermissionDenied("您的角色无权管理公开竞岗。")
    try:
        return qs.get(pk=pk)
    except Hearing.DoesNotExist:
        raise Http404("没有找到该场公开竞岗，或您无权查看。") from None
