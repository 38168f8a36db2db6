"""The only door to protected objects: every view asks here before it reads or writes.

Each helper either returns what the user may see or raises ``PermissionDenied`` (a role
that never may) / ``Http404`` (an object outside the user's scope — we do not confirm that
another unit's record exists).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from cadrex.accounts.models import UNIT_ROLES, Role, User
from cadrex.registry.models import Cadre, Unit

# Who may see the whole roster (every unit and every cadre).
ROSTER_WIDE = (Role.OFFICE, Role.ORGDEPT)


def require_role(user: User, *roles: str) -> None:
    if not user.is_authenticated or user.role not in roles:
        raise PermissionDenied("您的角色无权办理此事项。")


def role_required(*roles: str) -> Callable:
    """View decorator: anonymous users go to the login page; other roles get 403."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


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


def sees_full_id_number(user: User) -> bool:
    """Only the office sees citizen ID numbers unmasked."""
    return user.is_authenticated and user.role == Role.OFFICE


# ------------------------------------------------------------------ part A records


def access_opening(user: User, pk: int, *, campaign, read: bool = False):
    """An opening to manage: the office sees all; a unit role only its own unit's; with
    ``read`` the orgdept reviewer may look at any (A11: it reviews the whole package)."""
    from cadrex.competition.models import Opening

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
    from cadrex.competition.models import REACHED_OFFICE, Application

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


def access_hearing(user: User, pk: int, *, chair: bool = False, read: bool = False):
    """A hearing: the office manages every one; the offering unit's leader chairs their own;
    with ``read`` the orgdept reviewer may read any (the score summary is in the package)."""
    from cadrex.competition.models import Hearing

    qs = Hearing.objects.select_related("opening__unit", "opening__campaign")
    if user.role == Role.UNIT_LEADER and chair:
        qs = qs.filter(opening__unit_id=user.unit_id)
    elif user.role != Role.OFFICE and not (read and user.role == Role.ORGDEPT):
        raise PermissionDenied("您的角色无权管理公开竞岗。")
    try:
        return qs.get(pk=pk)
    except Hearing.DoesNotExist:
        raise Http404("没有找到该场公开竞岗，或您无权查看。") from None


# ------------------------------------------------------------------ part B records


def access_exchange_declaration(user: User, pk: int, *, campaign):
    """A unit's part B declaration (candidates, vacancies): only the office acts on it by id."""
    from cadrex.exchange.models import ExchangeDeclaration

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
    from cadrex.exchange.models import Placement

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
    from cadrex.exchange.models import Standby

    require_role(user, *ROSTER_WIDE)
    try:
        return Standby.objects.select_related("placement__candidate__cadre").get(
            pk=pk, placement__candidate__campaign=campaign
        )
    except Standby.DoesNotExist:
        raise Http404("没有找到该待岗记录，或您无权查看。") from None


def access_matching_run(user: User, pk: int, *, campaign):
    """A matching run and its frozen inputs: the office and the orgdept."""
    from cadrex.exchange.models import MatchingRun

    require_role(user, *ROSTER_WIDE)
    try:
        return MatchingRun.objects.select_related("campaign").get(pk=pk, campaign=campaign)
    except MatchingRun.DoesNotExist:
        raise Http404("没有找到该次匹配。") from None
