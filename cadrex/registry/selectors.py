"""Reads of the registry: headcounts are derived here, never typed."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from cadrex.registry.models import Cadre, MiddleLevelPost, Unit

PAGE_SIZE = 50
# The list's order: a unit's people together, by name; the id breaks ties. The index
# registry_cadre_list_order holds exactly this, so a page is an index range, not a sort.
LIST_ORDER = ("unit_id", "name", "id")


def units_with_headcount(units: QuerySet[Unit], *, cadres: bool = True) -> QuerySet[Unit]:
    """S2: a unit's middle-level headcount is the number of people holding such posts;
    with ``cadres``, also how many people the unit has (``cadre_count``).

    Each count is its own subquery per unit (an index range on ``unit_id``), not a join of
    posts × cadres counted DISTINCT: the cost grows with the roster, not with its square.
    A page that shows no cadre count asks for none (``cadres=False``)."""
    counts = {"middle_level_headcount": count_per_unit(MiddleLevelPost)}
    if cadres:
        counts["cadre_count"] = count_per_unit(Cadre)
    return units.annotate(**counts).order_by("kind", "code")


def count_per_unit(model) -> Coalesce:
    """``model``'s rows of the outer query's unit (``model.unit``), counted in a correlated
    subquery: COUNT(*) over the ``unit_id`` index (PostgreSQL answers it from the index
    alone once the table is vacuumed); 0 where there is none."""
    rows = (
        model.objects.filter(unit=OuterRef("pk"))
        .order_by()
        .values("unit")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def cadre_search(
    cadres: QuerySet[Cadre],
    *,
    q: str = "",
    unit: str = "",
    rank: str = "",
    middle_level: str = "",
) -> QuerySet[Cadre]:
    """Filter a (scoped) cadre queryset by the list page's search box and filters, in the
    list's order."""
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
    return cadres.select_related("unit", "middle_level_post").order_by(*LIST_ORDER)


@dataclass
class CadrePage:
    """One page of the roster list: its rows, how many match in all, and the cursors of the
    pages before and after it (None where there is none)."""

    rows: list[Cadre] = field(default_factory=list)
    count: int = 0
    previous_before: int | None = None
    next_after: int | None = None

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def _key_of(cadres: QuerySet[Cadre], pk) -> tuple | None:
    """The list key (unit, name, id) of the row a cursor names; None for a cursor that
    names no row of ``cadres`` (deleted, out of scope, or garbage)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**63:
        return None
    return cadres.filter(pk=pk).values_list(*LIST_ORDER).first()


def _beyond(cadres: QuerySet[Cadre], key: tuple, operator: str) -> QuerySet[Cadre]:
    """Rows whose (unit, name, id) come after (``>``) or before (``<``) ``key``: one row-value
    comparison, which both databases answer from the list's index."""
    table = connection.ops.quote_name(Cadre._meta.db_table)
    columns = ", ".join(
        f"{table}.{connection.ops.quote_name(Cadre._meta.get_field(name).column)}"
        for name in ("unit", "name", "id")
    )
    condition = RawSQL(f"({columns}) {operator} (%s, %s, %s)", key, output_field=BooleanField())
    return cadres.filter(condition)


def cadre_page(
    cadres: QuerySet[Cadre], *, after=None, before=None, size: int = PAGE_SIZE
) -> CadrePage:
    """A page of ``cadres`` (already filtered and ordered by ``cadre_search``) by keyset:
    the rows after the cadre ``after`` names, or before the one ``before`` names, or the
    first rows. Three queries whatever the roster's size: the count, the cursor's key and
    the page; no OFFSET, so a page deep in the roster costs what the first one does."""
    page = CadrePage(count=cadres.count())
    key = _key_of(cadres, before) if before else None
    if key is not None:
        backwards = _beyond(cadres, key, "<").order_by(*(f"-{name}" for name in LIST_ORDER))
        rows = list(backwards[: size + 1])
        if rows:
            page.rows = rows[:size][::-1]
            page.next_after = page.rows[-1].pk
            if len(rows) > size:
                page.previous_before = page.rows[0].pk
            return page
        after = None  # nothing before it: the first page
    key = _key_of(cadres, after) if after else None
    query = _beyond(cadres, key, ">") if key is not None else cadres
    rows = list(query[: size + 1])
    page.rows = rows[:size]
    if len(rows) > size:
        page.next_after = page.rows[-1].pk
    if key is not None and page.rows:
        page.previous_before = page.rows[0].pk
    return page
