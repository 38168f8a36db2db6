"""Part A fixtures: a campaign whose steps can be opened one at a time, and openings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cadrex.campaigns.services import campaign_schedule_update
from cadrex.competition import services
from cadrex.registry import idnumber
from cadrex.registry.models import Cadre, MiddleLevelPost, Unit
from cadrex.rules.schedule import STEP_INFO, Step
from tests.conftest import make_id

GOOD = {"2023": "称职", "2024": "优秀", "2025": "称职"}


def open_only(campaign, *steps: Step) -> None:
    """Open ``steps`` now; every other step ran in the past (closed)."""
    now = timezone.now()
    windows = {}
    for i, step in enumerate(STEP_INFO):
        if step in steps:
            windows[step] = (now - timedelta(days=1), now + timedelta(days=1))
        else:
            start = now - timedelta(days=60 - i)
            windows[step] = (start, start + timedelta(hours=12))
    campaign_schedule_update(actor=None, campaign=campaign, windows=windows)


def opening_data(**extra) -> dict:
    data = {
        "post_name": "办公室副主任",
        "section": "办公室",
        "level": "deputy",
        "seats": 1,
        "duties": "协助主任工作",
        "conditions": "本科以上",
        "contact": "0573-80000000",
    }
    data.update(extra)
    return data


def add_cadre(unit: Unit, seq: int, name: str = "", **fields) -> Cadre:
    number = make_id("19880808", seq)
    return Cadre.objects.create(
        id_number=number,
        name=name or f"干部{seq}",
        sex=idnumber.sex(number),
        birth_date=idnumber.birth_date(number),
        unit=unit,
        appraisals=fields.pop("appraisals", GOOD),
        **fields,
    )


@pytest.fixture
def part_a(world, campaign):
    """D01 (8 middle-level cadres: must offer) and T01 each publish one opening."""
    units = world["units"]
    for i in range(7):
        cadre = add_cadre(units["D01"], 700 + i * 2)
        MiddleLevelPost.objects.create(
            cadre=cadre, unit=units["D01"], section=f"科{i}", level="deputy"
        )
    open_only(campaign, Step.DECLARE_OPENINGS)
    d01 = services.opening_add(
        actor=None, campaign=campaign, unit=units["D01"], data=opening_data()
    )
    t01 = services.opening_add(
        actor=None,
        campaign=campaign,
        unit=units["T01"],
        data=opening_data(post_name="党政办公室副主任"),
    )
    for unit in (units["D01"], units["T01"], units["D02"]):
        services.declaration_submit(actor=None, campaign=campaign, unit=unit)
    open_only(campaign, Step.PUBLISH_OPENINGS)
    services.openings_publish(actor=None, campaign=campaign)
    open_only(campaign, Step.REGISTRATION)
    for cadre in world["cadres"].values():
        cadre.appraisals = GOOD
        cadre.save()
    d01.refresh_from_db()
    t01.refresh_from_db()
    campaign.refresh_from_db()
    return {"campaign": campaign, "d01": d01, "t01": t01, **world}
