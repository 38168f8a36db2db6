"""Reads of the registry: headcounts are derived here, never typed."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from cadrex.registry.models import Cadre, Unit


def units_with_headcount(units: QuerySet[Unit]) -> QuerySet[Unit]:
    """S2: a unit's middle-level headcount is the number of people holding such posts."""
    return units.annotate(
        middle_level_headcount=Count("middle_level_posts", distinct=True),
        cadre_count=Count("cadres", distinct=True),
    ).order_by("kind", "code")


def cadre_search(
    cadres: QuerySet[Cadre],
    *,
    q: str = "",
    unit: str = "",
    rank: str = "",
    middle_level: str = "",
) -> QuerySet[Cadre]:
    """Filter a (scoped) cadre queryset by the list page's search box and filters."""
    q = q.strip()
    if q:
        cadres = cadres.filter(
            Q(name__contains=q) | Q(id_number=q.upper()) | Q(current_post__contains=q)
        )
    if unit:
        cadres = cadres.filter(unit__code=unit)
    if rank:
        cadres = cadres.filter(rank=rank)
    if middle_level == "yes":
        cadres = cadres.filter(middle_level_post__isnull=False)
    elif middle_level == "no":
        cadres = cadres.filter(middle_level_post__isnull=True)
    return cadres.select_related("unit", "middle_level_post").order_by("unit__code", "name", "id")
