"""Part A registration's doors: openings and applications a user may see or manage."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Q
from django.http import Http404

from cadrex.accounts.models import UNIT_ROLES, Role, User
from cadrex.competition.registration.models import REACHED_OFFICE, Application, Opening


def access_opening(user: User, pk: int, *, campaign, read: bool = False):
    """An opening to manage: the office sees all; a unit role only its own unit's; with
    ``read`` the orgdept reviewer may look at any (A11: it reviews the whole package)."""
    qs = Opening.objects.filter(campaign=campaign).select_related("unit", "campaign", "declaration")
    if user.role in UNIT_ROLES:
        qs = qs.filter(unit_id=user.unit_id)
    elif user.role != Role.OFFICE and not (read and user.role == Role.ORGDEPT):
        raise PermissionDenied("您的角色无权管理竞岗职位。")
    try:
        return qs.get(pk=pk)
    except Opening.DoesNotExist:
        raise Http404("没有找到该职位，或您无权查看。") from None


def applications_for(user: User, campaign):
    """Applications a user may read: the office all; a cadre their own; a unit's leader and
    operator those of their own cadres and those that reached their unit's openings."""
    qs = Application.objects.filter(campaign=campaign)
    if user.role == Role.OFFICE:
        return qs
    if user.role == Role.CADRE:
        return qs.filter(cadre_id=user.cadre_id)
    if user.role in UNIT_ROLES:
        own_people = Q(cadre__unit_id=user.unit_id)
        to_us = Q(opening__unit_id=user.unit_id, status__in=REACHED_OFFICE)
        return qs.filter(own_people | to_us)
    return qs.none()


def access_application(user: User, pk: int, *, campaign):
    try:
        return (
            applications_for(user, campaign)
            .select_related("cadre__unit", "opening__unit", "campaign")
            .get(pk=pk)
        )
    except ObjectDoesNotExist:
        raise Http404("没有找到该报名，或您无权查看。") from None


def access_consent(user: User, pk: int, *, campaign):
    """A3: an application the user's unit decides on: only its own cadres' (a leader also
    sees applications that reached the unit's openings, but does not consent to them)."""
    application = access_application(user, pk, campaign=campaign)
    if application.cadre.unit_id != user.unit_id:
        raise Http404("没有找到该报名，或您无权表态。")
    return application
