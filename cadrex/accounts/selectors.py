"""Reads about people and their roles (ADR 0014)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cadrex.accounts.models import User


def users_holding(role: str, unit=None) -> QuerySet[User]:
    """Everyone who holds ``role`` (for a unit role: in ``unit``), as their primary role or
    as a further one: whom a notice for "the unit's leader" reaches, for instance."""
    unit_id = getattr(unit, "pk", unit)
    primary = Q(role=role) & (Q(unit_id=unit_id) if unit_id is not None else Q())
    granted = Q(role_grants__role=role) & (
        Q(role_grants__unit_id=unit_id) if unit_id is not None else Q()
    )
    return User.objects.filter(is_active=True).filter(primary | granted).distinct()
