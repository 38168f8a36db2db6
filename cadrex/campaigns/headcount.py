"""A12: each unit's middle-level headcount before the competition, frozen as the campaign
opens; a unit's count now; and by how much a unit is over.

Reads never write: a unit added after the campaign opened reads as its count now until a
service freezes it (``headcount_freeze_unit``), before any appointment can move it.
"""

from __future__ import annotations

from django.db.models import Count

from cadrex.audit.services import event_record
from cadrex.campaigns.models import Campaign, HeadcountFreeze
from cadrex.registry.models import MiddleLevelPost, Unit
from cadrex.rules.headcount import headcount_excess


def current_headcount(unit: Unit) -> int:
    return MiddleLevelPost.objects.filter(unit=unit).count()


def frozen_headcount(campaign: Campaign, unit: Unit) -> int:
    """A12: the unit's headcount when the campaign opened (or, not yet frozen, now)."""
    frozen = (
        HeadcountFreeze.objects.filter(campaign=campaign, unit=unit)
        .values_list("headcount", flat=True)
        .first()
    )
    return current_headcount(unit) if frozen is None else frozen


def headcount_freeze_unit(campaign: Campaign, unit: Unit, *, actor=None) -> int:
    """A12: freeze one unit's count if it was not (a unit added after the campaign opened);
    a freeze it writes is logged, by whoever's action needed the count."""
    freeze, created = HeadcountFreeze.objects.get_or_create(
        campaign=campaign, unit=unit, defaults={"headcount": current_headcount(unit)}
    )
    if created:
        event_record(
            actor=actor,
            action="headcount_freeze_unit",
            obj=freeze,
            after={"unit": unit.code, "headcount": freeze.headcount},
        )
    return freeze.headcount


def headcounts_freeze(campaign: Campaign, *, actor=None) -> int:
    """A12: freeze every unit's headcount at the campaign's opening (one event)."""
    existing = HeadcountFreeze.objects.filter(campaign=campaign).values_list("unit_id", flat=True)
    counts = dict.fromkeys(
        Unit.objects.exclude(pk__in=list(existing)).values_list("pk", flat=True), 0
    )
    rows = (
        MiddleLevelPost.objects.filter(unit_id__in=list(counts))
        .values_list("unit_id")
        .annotate(n=Count("id"))
    )
    counts.update(dict(rows))
    HeadcountFreeze.objects.bulk_create(
        [HeadcountFreeze(campaign=campaign, unit_id=pk, headcount=n) for pk, n in counts.items()]
    )
    event_record(
        actor=actor,
        action="headcounts_freeze",
        obj=campaign,
        after={"units": len(counts), "headcount": sum(counts.values())},
    )
    return len(counts)


def headcount_rows(campaign: Campaign) -> list[dict]:
    """A12 for the office: frozen, current, and by how much a unit is over."""
    frozen = dict(
        HeadcountFreeze.objects.filter(campaign=campaign).values_list("unit_id", "headcount")
    )
    # One row per unit, counted by the database (not one row per post read into Python).
    current = dict(MiddleLevelPost.objects.order_by().values_list("unit_id").annotate(n=Count("*")))
    rows = []
    for unit in Unit.objects.filter(vertically_managed=False).order_by("code"):
        before = frozen.get(unit.pk, current.get(unit.pk, 0))
        now = current.get(unit.pk, 0)
        rows.append(
            {
                "unit": unit,
                "before": before,
                "current": now,
                "over": headcount_excess(before=before, after=now),
            }
        )
    return rows
