"""Adapters: registry rows → the frozen facts the rules core reads."""

from __future__ import annotations

from cadrex.registry.models import Cadre, Unit
from cadrex.rules.applications import CadreFacts
from cadrex.rules.scope import UnitFacts


def unit_facts(unit: Unit, headcount: int | None = None) -> UnitFacts:
    """``headcount`` defaults to the unit's current middle-level headcount (S2)."""
    if headcount is None:
        headcount = getattr(unit, "middle_level_headcount", None)
    if headcount is None:
        headcount = unit.middle_level_posts.count()
    return UnitFacts(
        code=unit.code,
        kind=unit.kind,
        vertically_managed=unit.vertically_managed,
        middle_level_headcount=headcount,
        name=unit.name,
    )


def cadre_facts(cadre: Cadre) -> CadreFacts:
    return CadreFacts(
        person_id=str(cadre.pk),
        unit=cadre.unit.code,
        name=cadre.name,
        birth=cadre.birth_date,
        education=cadre.education or None,
        post_since=cadre.post_since,
        rank_since=cadre.rank_since,
        appraisals=cadre.appraisals or {},
        sanction_until=cadre.sanction_until,
        probation_until=cadre.probation_until,
    )
