"""Cities of two sizes for the public notices, and the public cache turned on.

``city(n)`` builds part A's world the way its users would (tests/competition/conftest.py):
D01 and T01 plus ``n - 2`` more departments each publish one opening, three people of D02
apply to each, the office reviews, fixes and publishes the contestants, every hearing is
scored by its panel and its results are published, and the counts of the day are taken.
"""

from __future__ import annotations

import pytest
from django.core.cache import caches

from cadrex.competition.hearing import scoring
from cadrex.competition.hearing import selectors as hearing_selectors
from cadrex.competition.hearing import services as hearing_services
from cadrex.competition.registration import screening, services
from cadrex.registry.models import MiddleLevelPost, Unit
from cadrex.rules.schedule import Step
from tests.competition.conftest import (  # noqa: F401 (part_a, ready, scored: fixtures)
    LEADER_SCORES,
    STAFF_SCORES,
    add_cadre,
    open_only,
    opening_data,
    part_a,
    ready,
    refreeze,
    scored,
)


@pytest.fixture
def public_cache(settings):
    """The public cache as in production (per process), empty at the start of the test."""
    settings.CACHES = {
        **settings.CACHES,
        "public": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cadrex-public-tests",
            "TIMEOUT": 300,
        },
    }
    store = caches["public"]
    store.clear()
    yield store
    store.clear()


def _offering_units(world, n: int) -> list[Unit]:
    units = world["units"]
    extra = [
        Unit.objects.create(code=f"X{i:02d}", name=f"市测试{i}局", kind="department")
        for i in range(n - 2)
    ]
    return [units["D01"], units["T01"], *extra]


def _publish_openings(world, campaign, offering: list[Unit]) -> list:
    for i in range(7):  # D01 has 8 middle-level cadres: it must offer (A1)
        cadre = add_cadre(world["units"]["D01"], 700 + i * 2)
        MiddleLevelPost.objects.create(
            cadre=cadre, unit=world["units"]["D01"], section=f"科{i}", level="deputy"
        )
    refreeze(campaign)
    open_only(campaign, Step.DECLARE_OPENINGS)
    openings = [
        services.opening_add(
            actor=None,
            campaign=campaign,
            unit=unit,
            data=opening_data(post_name=f"{unit.code}副主任"),
        )
        for unit in offering
    ]
    for unit in Unit.objects.filter(vertically_managed=False):
        services.declaration_submit(actor=None, campaign=campaign, unit=unit)
    open_only(campaign, Step.PUBLISH_OPENINGS)
    services.openings_publish(actor=None, campaign=campaign)
    for opening in openings:
        opening.refresh_from_db()
    return openings


def _apply(world, campaign, openings: list) -> None:
    open_only(campaign, Step.REGISTRATION)
    for k, opening in enumerate(openings):
        for i in range(3):
            person = add_cadre(world["units"]["D02"], 300 + k * 8 + i * 2, name=f"竞岗{k}人{i}")
            application = services.application_submit(
                actor=None, cadre=person, opening=opening, recusal_confirmed=True
            )
            services.application_consent(actor=None, application=application, agree=True)
    services.counts_snapshot(campaign=campaign)


def _shortlist(campaign, openings: list) -> None:
    open_only(campaign, Step.QUALIFICATION_REVIEW)
    screening.review_qualify_all(actor=None, campaign=campaign)
    screening.review_close(actor=None, campaign=campaign)
    open_only(campaign, Step.SHORTLIST)
    for opening in openings:
        screening.shortlist_record(actor=None, opening=opening)
    screening.contestants_publish(actor=None, campaign=campaign)


def _hearings(campaign, openings: list, now) -> list:
    hearings = []
    for opening in openings:
        opening.refresh_from_db()
        hearing = hearing_services.hearing_schedule(
            actor=None, opening=opening, scheduled_at=now, room="三楼会议室"
        )
        hearing_services.hearing_draw_lots(actor=None, hearing=hearing)
        for i in range(7):
            hearing_services.juror_add(
                actor=None, hearing=hearing, jury="leader", name=f"领导{i}", office_assigned=i < 2
            )
        hearing_services.jurors_add_staff(
            actor=None, hearing=hearing, names=[f"群众{i}" for i in range(5)]
        )
        hearings.append(hearing)
    open_only(campaign, Step.HEARING)
    for hearing in hearings:
        staff = list(hearing.jurors.filter(jury="staff"))
        for contestant in hearing.contestants.order_by("order"):
            scoring.scoring_open(actor=None, contestant=contestant)
            leaders = hearing_selectors.panel_for(contestant).leaders
            for juror, value in [
                *zip(leaders, LEADER_SCORES, strict=True),
                *zip(staff, STAFF_SCORES, strict=True),
            ]:
                scoring.score_submit(juror=juror, contestant_id=contestant.pk, value=value)
            scoring.scoring_close(actor=None, contestant=contestant)
        scoring.results_publish(actor=None, hearing=hearing)
    return hearings


@pytest.fixture
def city(world, campaign, clock):
    """``city(n)``: ``n`` openings, each with published contestants and results."""

    def build(n: int) -> dict:
        offering = _offering_units(world, n)
        openings = _publish_openings(world, campaign, offering)
        _apply(world, campaign, openings)
        _shortlist(campaign, openings)
        hearings = _hearings(campaign, openings, clock.now)
        campaign.refresh_from_db()
        return {**world, "campaign": campaign, "openings": openings, "hearings": hearings}

    return build
