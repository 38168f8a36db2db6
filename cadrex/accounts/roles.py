"""The roles one person holds, and acting in one of them (ADR 0014).

A person's roles: the primary one on their ``User`` row, their ``RoleGrant`` rows, and roles
that come from records of the apps above (a juror seat on an open hearing gives the juror
role). An app above registers such a source with ``role_source_register`` (``cadrex.home``
does, for the juror seats): accounts never imports it.

The role a request acts in is named in the session by its key; ``act_as`` puts it on the
user object in memory, where every existing door (``require_role``, each app's
``access.py``) reads it. ``User.save`` writes the primary role back whatever the object says.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import SimpleLazyObject, empty

from cadrex.accounts.models import UNIT_ROLES, Role, RoleGrant, User

SESSION_KEY = "cadrex_active_role"
PRIMARY = "primary"


@dataclass(frozen=True)
class HeldRole:
    """One role a person holds: ``key`` names it in the session and in the switch form."""

    key: str
    role: str
    unit_id: int | None = None
    unit_name: str = ""
    source: str = "primary"  # "primary", "grant" or the name of a registered source

    @property
    def role_display(self) -> str:
        return Role(self.role).label

    @property
    def label(self) -> str:
        if self.role in UNIT_ROLES and self.unit_name:
            return f"{self.unit_name} · {self.role_display}"
        return self.role_display


# Sources of roles held through records above accounts: user → the roles they give.
_SOURCES: list[Callable[[User], list[HeldRole]]] = []


def role_source_register(source: Callable[[User], list[HeldRole]]) -> None:
    """An app above registers a source of roles once (in its ``AppConfig.ready``)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def real_user(user):
    """The user object itself behind ``request.user``'s lazy wrapper (whose own ``__dict__``
    is not the user's)."""
    if isinstance(user, SimpleLazyObject):
        if user._wrapped is empty:
            user._setup()
        return user._wrapped
    return user


def _primary(user: User) -> HeldRole:
    role, unit_id = user.primary_role
    unit_name = ""
    if role in UNIT_ROLES and unit_id:
        unit = user.unit if user.unit_id == unit_id else None
        unit_name = unit.name if unit is not None else ""
        if not unit_name:
            unit_name = User._meta.get_field("unit").related_model.objects.get(pk=unit_id).name
    return HeldRole(PRIMARY, role, unit_id, unit_name, "primary")


def _usable(user: User, role: str) -> bool:
    """A cadre role needs the person's own roster record (as ``cadre_role_has_cadre`` on the
    user row demands of a primary one)."""
    return role != Role.CADRE or user.cadre_id is not None


def held_roles(user: User) -> list[HeldRole]:
    """Every role ``user`` holds, the primary first; each (role, unit) once."""
    if not getattr(user, "is_authenticated", False):
        return []
    held = [_primary(user)]
    seen = {(held[0].role, held[0].unit_id)}
    grants = RoleGrant.objects.filter(user_id=user.pk).select_related("unit").order_by("id")
    for grant in grants:
        if (grant.role, grant.unit_id) in seen or not _usable(user, grant.role):
            continue
        seen.add((grant.role, grant.unit_id))
        unit_name = grant.unit.name if grant.unit_id else ""
        held.append(HeldRole(f"g{grant.pk}", grant.role, grant.unit_id, unit_name, "grant"))
    for source in _SOURCES:
        for extra in source(user):
            if (extra.role, extra.unit_id) not in seen:
                seen.add((extra.role, extra.unit_id))
                held.append(extra)
    return held


def request_roles(user: User) -> list[HeldRole]:
    """The roles of the request's user, read once per request."""
    user = real_user(user)
    if "_held_roles" not in user.__dict__:
        user.__dict__["_held_roles"] = held_roles(user)
    return user.__dict__["_held_roles"]


def active_key(user: User) -> str:
    user = real_user(user)
    return user.__dict__.get("_active_key", PRIMARY)


def act_as(user: User, held: HeldRole) -> User:
    """Put ``held`` on ``user`` in memory (the primary is kept for ``User.save``)."""
    user = real_user(user)
    if "_primary" not in user.__dict__:
        user.__dict__["_primary"] = (user.role, user.unit_id)
    user.role, user.unit_id = held.role, held.unit_id
    user.__dict__["_active_key"] = held.key
    return user


def acting_copy(user: User, held: HeldRole) -> User:
    """A copy of ``user`` acting as ``held`` (to compute that role's to-dos beside the
    request's own role): the request's user is left as it was."""
    return act_as(copy.copy(real_user(user)), held)


def apply_session_role(user: User, session) -> User:
    """The role the session names, if the user still holds it; otherwise the primary (and
    the stale name leaves the session). Returns the user, changed in memory only."""
    user = real_user(user)
    key = session.get(SESSION_KEY)
    if not key or key == PRIMARY:
        return user
    held = held_roles(user)
    user.__dict__["_held_roles"] = held  # the switcher of this request reads them again
    chosen = next((h for h in held if h.key == key), None)
    if chosen is None:  # revoked, or never held: back to the primary
        session.pop(SESSION_KEY, None)
        user.__dict__["_role_fell_back"] = True
        return user
    return act_as(user, chosen)
