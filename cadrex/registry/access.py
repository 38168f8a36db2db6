"""The registry's doors: which units and cadres a user may see (built on accounts' roles)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from cadrex.accounts.access import ROSTER_WIDE
from cadrex.accounts.models import UNIT_ROLES, Role, User
from cadrex.registry.models import Cadre, Unit


def units_for(user: User) -> QuerySet[Unit]:
    if user.role in ROSTER_WIDE:
        return Unit.objects.all()
    if user.role in UNIT_ROLES:
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.none()


def access_unit(user: User, code: str) -> Unit:
    try:
        return units_for(user).get(code=code)
    except Unit.DoesNotExist:
        raise Http404("没有找到该单位，或您无权查看。") from None


def cadres_for(user: User) -> QuerySet[Cadre]:
    if user.role in ROSTER_WIDE:
        return Cadre.objects.all()
    if user.role in UNIT_ROLES:
        return Cadre.objects.filter(unit_id=user.unit_id)
    if user.role == Role.CADRE:
        return Cadre.objects.filter(pk=user.cadre_id)
    return Cadre.objects.none()


def access_cadre(user: User, pk: int) -> Cadre:
    try:
        return cadres_for(user).select_related("unit").get(pk=pk)
    except Cadre.DoesNotExist:
        raise Http404("没有找到该干部，或您无权查看。") from None
