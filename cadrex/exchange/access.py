"""Part B's doors: declarations, placements, standbys and matching runs a user may see."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Q
from django.http import Http404

from cadrex.accounts.access import ROSTER_WIDE, require_role
from cadrex.accounts.models import UNIT_ROLES, Role, User
from cadrex.exchange.models import ExchangeDeclaration, MatchingRun, Placement, Standby


def access_exchange_declaration(user: User, pk: int, *, campaign):
    """A unit's part B declaration (candidates, vacancies): only the office acts on it by id."""
    require_role(user, Role.OFFICE)
    try:
        return ExchangeDeclaration.objects.select_related("unit", "campaign").get(
            pk=pk, campaign=campaign
        )
    except ExchangeDeclaration.DoesNotExist:
        raise Http404("没有找到该单位的申报，或您无权查看。") from None


def placements_for(user: User, campaign):
    """Part B placements a user may read: the office and orgdept all; a unit's people those
    placed into their unit or sent out from it; a cadre their own."""
    qs = Placement.objects.filter(candidate__campaign=campaign)
    if user.role in ROSTER_WIDE:
        return qs
    if user.role in UNIT_ROLES:
        return qs.filter(Q(unit_id=user.unit_id) | Q(candidate__home_unit_id=user.unit_id))
    if user.role == Role.CADRE:
        return qs.filter(candidate__cadre_id=user.cadre_id)
    return qs.none()


def access_placement(user: User, pk: int, *, campaign, arriving: bool = False):
    """One placement; with ``arriving`` only one into the user's own unit (C3 checklist)."""
    qs = placements_for(user, campaign)
    if arriving:
        if user.role not in UNIT_ROLES:
            raise PermissionDenied("只有接收单位可以办理报到和关系转接。")
        qs = qs.filter(unit_id=user.unit_id)
    try:
        return qs.select_related(
            "candidate__cadre", "candidate__home_unit", "candidate__campaign", "unit"
        ).get(pk=pk)
    except ObjectDoesNotExist:
        raise Http404("没有找到该交流安排，或您无权查看。") from None


def access_standby(user: User, pk: int, *, campaign):
    """A standby (待岗) record: the orgdept decides its outcome; the office may read it."""
    require_role(user, *ROSTER_WIDE)
    try:
        return Standby.objects.select_related("placement__candidate__cadre").get(
            pk=pk, placement__candidate__campaign=campaign
        )
    except Standby.DoesNotExist:
        raise Http404("没有找到该待岗记录，或您无权查看。") from None


def access_matching_run(user: User, pk: int, *, campaign):
    """A matching run and its frozen inputs: the office and the orgdept."""
    require_role(user, *ROSTER_WIDE)
    try:
        return MatchingRun.objects.select_related("campaign").get(pk=pk, campaign=campaign)
    except MatchingRun.DoesNotExist:
        raise Http404("没有找到该次匹配。") from None
