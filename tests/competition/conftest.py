"""Part A fixtures: a campaign whose steps can be opened one at a time, and openings."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cadrex.campaigns.services import campaign_schedule_update
from cadrex.competition.hearing import scoring
from cadrex.competition.hearing import selectors as hearing_selectors
from cadrex.competition.hearing import services as svc
from cadrex.competition.registration import screening, services
from cadrex.registry import idnumber
from cadrex.registry.models import Cadre, MiddleLevelPost, Unit
from cadrex.rules.schedule import STEP_INFO, Step
from tests.clock import current as current_clock
from tests.conftest import make_id


def good_appraisals() -> dict[str, str]:
    """称职, 优秀, 称职 for the three years A3 checks today (the roster's shape)."""
    grades = ("称职", "优秀", "称职")
    return {
        str(year): grade
        for year, grade in zip(current_clock().appraisal_years, grades, strict=True)
    }


def open_only(campaign, *steps: Step) -> None:
    """Open ``steps`` now; every other step ran in the past (closed)."""
    now = current_clock().now
    windows = {}
    for i, step in enumerate(STEP_INFO):
        if step in steps:
            windows[step] = (now - timedelta(days=1), now + timedelta(days=1))
        else:
            start = now - timedelta(days=60 - i)
            windows[step] = (start, start + timedelta(hours=12))
    campaign_schedule_update(actor=None, campaign=campaign, windows=windows)


def refreeze(campaign) -> None:
    """Fixtures add posts after creating the campaign; freeze the roster as it now stands,
    as if it had been complete when the campaign opened (A12)."""
    from cadrex.campaigns.headcount import headcounts_freeze
    from cadrex.campaigns.models import HeadcountFreeze

    HeadcountFreeze.objects.filter(campaign=campaign).delete()
    headcounts_freeze(campaign)


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
    """A cadre turning 38 this year, with good appraisals unless ``appraisals`` is given."""
    number = make_id(current_clock().born(38, 8, 8), seq)
    appraisals = fields.pop("appraisals") if "appraisals" in fields else good_appraisals()
    return Cadre.objects.create(
        id_number=number,
        name=name or f"干部{seq}",
        sex=idnumber.sex(number),
        birth_date=idnumber.birth_date(number),
        unit=unit,
        appraisals=appraisals,
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
    refreeze(campaign)
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
        cadre.appraisals = good_appraisals()
        cadre.save()
    d01.refresh_from_db()
    t01.refresh_from_db()
    campaign.refresh_from_db()
    return {"campaign": campaign, "d01": d01, "t01": t01, **world}


LEADER_SCORES = ["80", "82", "85", "88", "90", "91", "95"]
STAFF_SCORES = ["70", "75", "80", "85", "78"]


@pytest.fixture
def ready(part_a, clock):
    """D01's opening with three published contestants, a full panel, the hearing window open."""
    campaign = part_a["campaign"]
    people = [add_cadre(part_a["units"]["D02"], 500 + i * 2, name=f"竞岗人{i}") for i in range(3)]
    for person in people:
        a = services.application_submit(
            actor=None, cadre=person, opening=part_a["d01"], recusal_confirmed=True
        )
        services.application_consent(actor=None, application=a, agree=True)
    open_only(campaign, Step.QUALIFICATION_REVIEW)
    screening.review_qualify_all(actor=None, campaign=campaign)
    screening.review_close(actor=None, campaign=campaign)
    open_only(campaign, Step.SHORTLIST)
    screening.shortlist_record(actor=None, opening=part_a["d01"])
    screening.contestants_publish(actor=None, campaign=campaign)
    opening = part_a["d01"]
    opening.refresh_from_db()
    hearing = svc.hearing_schedule(
        actor=None, opening=opening, scheduled_at=clock.now, room="三楼会议室"
    )
    contestants = svc.hearing_draw_lots(actor=None, hearing=hearing)
    leaders = [
        svc.juror_add(
            actor=None, hearing=hearing, jury="leader", name=f"领导{i}", office_assigned=i < 2
        )
        for i in range(7)
    ]
    svc.jurors_add_staff(actor=None, hearing=hearing, names=[f"群众{i}" for i in range(5)])
    open_only(campaign, Step.HEARING)
    hearing.refresh_from_db()
    return {
        **part_a,
        "hearing": hearing,
        "contestants": contestants,
        "leaders": leaders,
        "staff": list(hearing.jurors.filter(jury="staff")),
    }


@pytest.fixture
def scored(ready):
    """All three contestants scored: the ranking is 2nd speaker, 1st, 3rd by design."""
    by_order = sorted(ready["contestants"], key=lambda c: c.order)
    for contestant, bump in zip(by_order, (0, 3, -6), strict=True):
        scoring.scoring_open(actor=None, contestant=contestant)
        for juror, value in zip(
            hearing_selectors.panel_for(contestant).leaders, LEADER_SCORES, strict=True
        ):
            scoring.score_submit(
                juror=juror, contestant_id=contestant.pk, value=str(int(value) + bump)
            )
        for juror, value in zip(ready["staff"], STAFF_SCORES, strict=True):
            scoring.score_submit(juror=juror, contestant_id=contestant.pk, value=value)
        scoring.scoring_close(actor=None, contestant=contestant)
    open_only(ready["campaign"], Step.VETTING)
    top, second, third = by_order[1], by_order[0], by_order[2]
    return {
        **ready,
        "top": top.application,
        "second": second.application,
        "third": third.application,
    }
