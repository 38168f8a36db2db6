"""Part B fixtures: a small world whose steps open one at a time through the services.

Three units each send two general cadres and declare two vacancies (balanced, B1):
D01 甲二 甲三, D02 乙一 乙二, T01 丙一 丙二. ``through_proposals`` files the forms below; the
cadre-proposing matching then gives 甲二→D02, 乙一→D01, 丙一→D01 (first choices), 丙二→D02
(second choice), and leaves 甲三 (outranked at D02) and 乙二 (listed nothing) unplaced.
"""

from __future__ import annotations

import pytest

from cadrex.exchange import services
from cadrex.exchange.models import ExchangeCandidate
from cadrex.rules.schedule import Step
from tests.competition.conftest import add_cadre, open_only

PREFERENCES = {
    "甲二": ["D02", "T01"],
    "甲三": ["D02"],
    "乙一": ["D01", "T01"],
    "乙二": [],
    "丙一": ["D01", "D02"],
    "丙二": ["D01", "D02"],
}
PROPOSALS = {"D01": ["丙一", "乙一"], "D02": ["丙二", "甲二", "甲三", "丙一"], "T01": ["乙一"]}


@pytest.fixture
def part_b(world, campaign):
    """Sign-ups, balanced declarations submitted, vacancies published; PREFERENCES open."""
    units = world["units"]
    cadres = dict(world["cadres"])
    cadres["甲三"] = add_cadre(units["D01"], 801, "甲三")
    cadres["丙二"] = add_cadre(units["T01"], 803, "丙二")
    open_only(campaign, Step.EXCHANGE_SIGNUP)
    plan = {"D01": ["甲二", "甲三"], "D02": ["乙一", "乙二"], "T01": ["丙一", "丙二"]}
    for names in plan.values():
        for name in names:
            services.signup_create(actor=None, campaign=campaign, cadre=cadres[name])
    for code, names in plan.items():
        services.declaration_save(
            actor=None,
            campaign=campaign,
            unit=units[code],
            cadre_ids=[cadres[n].pk for n in names],
            vacancies=2,
        )
        services.declaration_submit(actor=None, campaign=campaign, unit=units[code])
    open_only(campaign, Step.VACANCIES)
    services.vacancies_publish(actor=None, campaign=campaign)
    open_only(campaign, Step.PREFERENCES)
    candidates = {
        c.cadre.name: c
        for c in ExchangeCandidate.objects.filter(campaign=campaign).select_related("cadre")
    }
    return {**world, "campaign": campaign, "cadres": cadres, "candidates": candidates}


def file_preferences(part_b, table=PREFERENCES) -> None:
    units = part_b["units"]
    for name, codes in table.items():
        if codes:
            services.preferences_save(
                actor=None,
                candidate=part_b["candidates"][name],
                unit_ids=[units[c].pk for c in codes],
            )


def file_proposals(part_b, table=PROPOSALS) -> None:
    for code, names in table.items():
        services.proposals_save(
            actor=None,
            campaign=part_b["campaign"],
            unit=part_b["units"][code],
            candidate_ids=[part_b["candidates"][n].pk for n in names],
        )


@pytest.fixture
def through_proposals(part_b):
    """Preferences and proposals filed; the MATCHING window open."""
    file_preferences(part_b)
    open_only(part_b["campaign"], Step.PROPOSALS)
    file_proposals(part_b)
    open_only(part_b["campaign"], Step.MATCHING)
    return part_b


@pytest.fixture
def published(through_proposals):
    """The matching run and published; the DIRECTED_PLACEMENT window open."""
    office = through_proposals["users"]["office"]
    run = services.matching_run(actor=office, campaign=through_proposals["campaign"])
    services.matching_publish(actor=office, run=run)
    open_only(through_proposals["campaign"], Step.DIRECTED_PLACEMENT)
    return {**through_proposals, "run": run}


@pytest.fixture
def directed(published, clock):
    """The directed placements drafted and confirmed; the ACCEPTANCE window open."""
    orgdept = published["users"]["orgdept"]
    campaign = published["campaign"]
    services.directed_draft(actor=orgdept, campaign=campaign)
    services.directed_confirm(
        actor=orgdept, campaign=campaign, meeting_date=clock.today, note="研究同意"
    )
    open_only(campaign, Step.ACCEPTANCE)
    return published
