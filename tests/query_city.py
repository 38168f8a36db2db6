"""The city tests/test_query_counts.py measures pages in: the personas' world walked through
both parts with the services, stage by stage (``STAGES``), at a given ``Size``.

A size is ``blocks`` copies of one structure — a unit whose applicants compete for one of
D01's openings (hearing, vetting, ballot, appointment), and exchange candidates of that unit
and of D01 — with ``applicants`` per opening and ``staff`` jurors per hearing, so that
every list a page shows grows with the size. Dates come from the running test clock.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

from tests import clock as test_clock
from tests.competition.conftest import (
    LEADER_SCORES,
    add_cadre,
    good_appraisals,
    open_only,
    opening_data,
    refreeze,
)
from tests.conftest import make_id


@dataclass(frozen=True)
class Size:
    blocks: int  # units sending applicants, D01 openings, exchange blocks
    applicants: int  # per opening
    staff: int  # staff jurors per hearing


SMALL = Size(blocks=2, applicants=3, staff=5)
LARGE = Size(blocks=6, applicants=5, staff=9)


def world(clock) -> dict:
    """The personas' world of tests/conftest.py (``world``), built without a fixture so
    that one build serves the whole module: the same units, cadres and personas."""
    from cadrex.accounts.models import Role, User
    from cadrex.registry import idnumber
    from cadrex.registry.models import Cadre, MiddleLevelPost, Unit

    units = {
        "T01": Unit.objects.create(code="T01", name="东湖街道", kind="town"),
        "D01": Unit.objects.create(code="D01", name="市财政局", kind="department"),
        "D02": Unit.objects.create(code="D02", name="市民政局", kind="department"),
        "V01": Unit.objects.create(
            code="V01", name="青川市气象局", kind="department", vertically_managed=True
        ),
    }
    cadres = {}
    for i, (code, name) in enumerate(
        [("D01", "甲一"), ("D01", "甲二"), ("D02", "乙一"), ("D02", "乙二"), ("T01", "丙一")]
    ):
        number = make_id(clock.born(41), 100 + i * 2 + 1)
        cadres[name] = Cadre.objects.create(
            id_number=number,
            name=name,
            sex=idnumber.sex(number),
            birth_date=idnumber.birth_date(number),
            unit=units[code],
            current_post="科员",
            appraisals=good_appraisals(),
        )
    MiddleLevelPost.objects.create(
        cadre=cadres["甲一"], unit=units["D01"], section="办公室", level="chief"
    )

    def user(username, role, **extra):
        u = User(username=username, role=role, **extra)
        u.set_unusable_password()  # force_login needs none; hashing costs time
        u.save()
        return u

    users = {
        "office": user("office", Role.OFFICE),
        "orgdept": user("orgdept", Role.ORGDEPT),
        "operator": user("operator", Role.UNIT_OPERATOR, unit=units["D01"]),
        "leader": user("leader", Role.UNIT_LEADER, unit=units["D01"]),
        "cadre": user("cadre", Role.CADRE, cadre=cadres["乙一"]),
        "juror": user("juror", Role.JUROR),
    }
    # ID numbers of the cadres added later: one birthday (add_cadre's), a sequence each.
    return {"units": units, "cadres": cadres, "users": users, "seq": itertools.count(1)}


def _declare(city: dict, size: Size) -> None:
    """Block units with applicants; D01 (8 middle-level cadres, room for one appointment per
    block) declares one opening per block, T01 one; not yet submitted."""
    from cadrex.campaigns.models import HeadcountFreeze
    from cadrex.competition.registration import services
    from cadrex.registry.models import MiddleLevelPost, Unit
    from cadrex.rules.schedule import Step

    units, campaign = city["units"], city["campaign"]
    for i in range(7):
        cadre = add_cadre(units["D01"], next(city["seq"]))
        MiddleLevelPost.objects.create(
            cadre=cadre, unit=units["D01"], section=f"科{i}", level="deputy"
        )
    city["blocks"] = []
    for b in range(size.blocks):
        unit = Unit.objects.create(code=f"B{b:02d}", name=f"市第{b}局", kind="department")
        applicants = [
            add_cadre(unit, next(city["seq"]), name=f"竞岗人{b}-{j}")
            for j in range(size.applicants)
        ]
        city["blocks"].append({"unit": unit, "applicants": applicants})
    refreeze(campaign)
    # A12: D01's count before the competition leaves room for one newcomer per opening.
    HeadcountFreeze.objects.filter(campaign=campaign, unit=units["D01"]).update(
        headcount=8 + size.blocks
    )
    open_only(campaign, Step.DECLARE_OPENINGS)
    for b, block in enumerate(city["blocks"]):
        block["opening"] = services.opening_add(
            actor=None,
            campaign=campaign,
            unit=units["D01"],
            data=opening_data(post_name=f"业务{b}科副科长", section=f"业务{b}科"),
        )
    city["t01"] = services.opening_add(
        actor=None,
        campaign=campaign,
        unit=units["T01"],
        data=opening_data(post_name="党政办公室副主任"),
    )


def _refresh(city: dict) -> None:
    for opening in (city["t01"], *(b["opening"] for b in city["blocks"])):
        opening.refresh_from_db()
    city["campaign"].refresh_from_db()


def _register(city: dict, size: Size) -> None:
    """Published; each block's applicants consented to its opening, 乙一 to the first; one
    D01 cadre per block waits for the leader's consent to T01's opening; counts taken."""
    from cadrex.competition.registration import services
    from cadrex.rules.schedule import Step

    units, campaign = city["units"], city["campaign"]
    for unit in (units["D01"], units["T01"], units["D02"], *(b["unit"] for b in city["blocks"])):
        services.declaration_submit(actor=None, campaign=campaign, unit=unit)
    open_only(campaign, Step.PUBLISH_OPENINGS)
    services.openings_publish(actor=None, campaign=campaign)
    open_only(campaign, Step.REGISTRATION)
    _refresh(city)
    first = city["blocks"][0]["opening"]
    city["application"] = services.application_submit(
        actor=None, cadre=city["cadres"]["乙一"], opening=first, recusal_confirmed=True
    )
    services.application_consent(actor=None, application=city["application"], agree=True)
    for b, block in enumerate(city["blocks"]):
        for person in block["applicants"]:
            a = services.application_submit(
                actor=None, cadre=person, opening=block["opening"], recusal_confirmed=True
            )
            services.application_consent(actor=None, application=a, agree=True)
        waiting = add_cadre(units["D01"], next(city["seq"]), name=f"待同意{b}")
        services.application_submit(
            actor=None, cadre=waiting, opening=city["t01"], recusal_confirmed=True
        )
    services.counts_snapshot(campaign=campaign)


def _review(city: dict, size: Size) -> None:
    """The review open, nobody reviewed yet: a decision form in every row."""
    from cadrex.rules.schedule import Step

    open_only(city["campaign"], Step.QUALIFICATION_REVIEW)


def _shortlist(city: dict, size: Size) -> None:
    """Everyone qualified, the review closed; the shortlist open, no list fixed yet."""
    from cadrex.competition.registration import screening
    from cadrex.rules.schedule import Step

    campaign = city["campaign"]
    screening.review_qualify_all(actor=None, campaign=campaign)
    screening.review_close(actor=None, campaign=campaign)
    open_only(campaign, Step.SHORTLIST)
    _refresh(city)


def _hearings(city: dict, size: Size) -> None:
    """Shortlisted; every opening's hearing with 7 leaders and the staff jury; in the first
    hearing one contestant scored and closed, the next being scored."""
    from cadrex.competition.hearing import services as hearings
    from cadrex.competition.registration import screening
    from cadrex.rules.schedule import Step

    campaign, clock = city["campaign"], test_clock.current()
    for block in city["blocks"]:
        screening.shortlist_record(actor=None, opening=block["opening"])
    screening.contestants_publish(actor=None, campaign=campaign)
    _refresh(city)
    for b, block in enumerate(city["blocks"]):
        hearing = hearings.hearing_schedule(
            actor=None, opening=block["opening"], scheduled_at=clock.now, room=f"{b}号会议室"
        )
        block["contestants"] = sorted(
            hearings.hearing_draw_lots(actor=None, hearing=hearing), key=lambda c: c.order
        )
        for i in range(7):
            hearings.juror_add(
                actor=None, hearing=hearing, jury="leader", name=f"领导{i}", office_assigned=i < 2
            )
        hearings.jurors_add_staff(
            actor=None, hearing=hearing, names=[f"群众{i}" for i in range(size.staff)]
        )
        block["hearing"] = hearing
    open_only(campaign, Step.HEARING)
    first = city["blocks"][0]
    _score(first["contestants"][0])
    _score(first["contestants"][1], close=False, jurors=3)
    city["hearing"] = first["hearing"]
    city["token"] = first["hearing"].jurors.filter(jury="staff").order_by("pk").last().token


def _score(contestant, *, close: bool = True, jurors: int | None = None) -> None:
    """The contestant's panel scores (the first ``jurors`` of it, or all who have not yet),
    leaders from LEADER_SCORES and staff from 70 up, each raised by one point per application
    filed before theirs: the last to apply wins, whatever the lot (乙一, first, never does)."""
    from cadrex.competition.hearing import scoring
    from cadrex.competition.hearing import selectors as hearing_selectors
    from cadrex.competition.hearing.models import ScoringState

    if contestant.scoring == ScoringState.WAITING:
        contestant = scoring.scoring_open(actor=None, contestant=contestant)
    panel = hearing_selectors.panel_for(contestant)
    marks = [
        *zip(panel.leaders, LEADER_SCORES, strict=True),
        *((juror, str(70 + j % 9)) for j, juror in enumerate(panel.staff)),
    ]
    done = set(contestant.scores.values_list("juror_id", flat=True))
    bump = contestant.hearing.contestants.filter(application_id__lt=contestant.application_id)
    bump = bump.count()
    for juror, value in marks[:jurors]:
        if juror.pk not in done:
            scoring.score_submit(
                juror=juror, contestant_id=contestant.pk, value=str(int(value) + bump)
            )
    if close:
        scoring.scoring_close(actor=None, contestant=contestant)


def _decide(city: dict, size: Size) -> None:
    """Every contestant scored (distinct totals, first speaker highest), results published;
    the top two vetted, the committee elects the top one; appointments submitted."""
    from cadrex.competition.decision import appointment as appointments
    from cadrex.competition.decision import ballot as ballots
    from cadrex.competition.decision import services as decision
    from cadrex.competition.hearing import scoring
    from cadrex.competition.hearing.models import HearingContestant, ScoringState
    from cadrex.rules.schedule import Step

    campaign, today = city["campaign"], test_clock.current().today
    for block in city["blocks"]:
        for c in HearingContestant.objects.filter(hearing=block["hearing"]).exclude(
            scoring=ScoringState.CLOSED
        ):
            _score(c)
        scoring.results_publish(actor=None, hearing=block["hearing"])
    open_only(campaign, Step.VETTING)
    for block in city["blocks"]:
        for row in decision.vetting_fix(actor=None, opening=block["opening"]):
            decision.vetting_record(
                actor=None,
                candidate=row,
                methods=["talks", "files"],
                findings="德才表现良好",
                opinion="fit",
                vetted_on=today,
            )
    open_only(campaign, Step.BALLOT)
    city["appointments"] = []
    for block in city["blocks"]:
        ballot = ballots.ballot_open(
            actor=None,
            opening=block["opening"],
            held_on=today,
            committee="市财政局党组",
            expected=9,
            present=7,
            mode="counted",
            supervisor="监票人甲",
            counter="计票人乙",
        )
        top = ballot.candidates[0]
        ballots.ballot_enter_papers(actor=None, ballot=ballot, papers=[{top: "for"}] * 6 + [{}])
        block["ballot"] = ballots.ballot_count(actor=None, ballot=ballot)
    open_only(campaign, Step.APPOINTMENT)
    for block in city["blocks"]:
        appointment = appointments.appointment_prepare(
            actor=None, opening=block["opening"], reason="竞岗得分第一，考察、票决通过"
        )
        city["appointments"].append(
            appointments.appointment_submit(actor=None, appointment=appointment)
        )
    city["appointment"] = city["appointments"][0]
    city["ballot"] = city["blocks"][0]["ballot"]


def _appoint(city: dict, size: Size) -> None:
    """Approved, publicised from today, published the day after the publicity ends (the
    clock moves there); the adjustment window open."""
    from cadrex.competition.decision import appointment as appointments
    from cadrex.rules.schedule import Step

    clock = test_clock.current()
    publicised = []
    for appointment in city["appointments"]:
        appointments.appointment_review(actor=None, appointment=appointment, approve=True)
        publicised.append(
            appointments.appointment_publicise(
                actor=None, appointment=appointment, start=clock.today
            )
        )
    day = max(a.publicity_end for a in publicised) + timedelta(days=1)
    clock.move_to(day)
    open_only(city["campaign"], Step.APPOINTMENT)
    for appointment in publicised:
        appointments.appointment_publish(actor=None, appointment=appointment, on=day)
    open_only(city["campaign"], Step.ADJUSTMENT)


def _declared(city: dict, size: Size) -> None:
    """Part B signs up: each block unit sends three (x, y, z) and D01 one (d) per block, 乙一
    from D02, vacancies balanced; one more D01 cadre per block signed up but not picked.
    Every declaration submitted but D01's, still being edited."""
    from cadrex.exchange import services
    from cadrex.rules.schedule import Step

    units, campaign, blocks = city["units"], city["campaign"], city["blocks"]
    open_only(campaign, Step.EXCHANGE_SIGNUP)
    sends: dict[str, list] = {"D01": [], "D02": [city["cadres"]["乙一"]]}
    for b, block in enumerate(blocks):
        code = block["unit"].code
        sends[code] = [add_cadre(block["unit"], next(city["seq"]), name=f"{n}{b}") for n in "xyz"]
        sends["D01"].append(add_cadre(units["D01"], next(city["seq"]), name=f"d{b}"))
        unpicked = add_cadre(units["D01"], next(city["seq"]), name=f"w{b}")
        services.signup_create(actor=None, campaign=campaign, cadre=unpicked)
    city["by_code"] = {**units, **{b["unit"].code: b["unit"] for b in blocks}}
    for code, people in sends.items():
        for person in people:
            services.signup_create(actor=None, campaign=campaign, cadre=person)
        services.declaration_save(
            actor=None,
            campaign=campaign,
            unit=city["by_code"][code],
            cadre_ids=[p.pk for p in people],
            vacancies=len(people),
        )
        if code != "D01":
            services.declaration_submit(actor=None, campaign=campaign, unit=city["by_code"][code])


def _propose(city: dict, size: Size) -> None:
    """D01 submits; vacancies published; preferences filed (z and 乙一's leave them
    unmatched); proposals open."""
    from cadrex.exchange import services
    from cadrex.exchange.models import ExchangeCandidate
    from cadrex.rules.schedule import Step

    units, campaign, blocks = city["units"], city["campaign"], city["blocks"]
    services.declaration_submit(actor=None, campaign=campaign, unit=units["D01"])
    open_only(campaign, Step.VACANCIES)
    services.vacancies_publish(actor=None, campaign=campaign, acknowledge_undeclared=True)
    open_only(campaign, Step.PREFERENCES)
    candidates = {
        c.cadre.name: c
        for c in ExchangeCandidate.objects.filter(campaign=campaign).select_related("cadre")
    }
    n = len(blocks)
    wishes = {"乙一": [units["D01"]]}
    for b, block in enumerate(blocks):
        following = blocks[(b + 1) % n]["unit"]
        wishes[f"x{b}"] = [units["D01"], following]
        wishes[f"y{b}"] = [following, units["D01"]]
        wishes[f"d{b}"] = [block["unit"]]
    for name, wanted in wishes.items():
        services.preferences_save(
            actor=None, candidate=candidates[name], unit_ids=[u.pk for u in wanted]
        )
    open_only(campaign, Step.PROPOSALS)
    city["candidates"] = candidates


def _direct(city: dict, size: Size) -> None:
    """Proposals filed (D01 proposes every x, each block unit its d and the previous y);
    matched and published; the unmatched drafted to the vacancies left, not confirmed."""
    from cadrex.exchange import matching, placements, services
    from cadrex.rules.schedule import Step

    campaign, blocks, c = city["campaign"], city["blocks"], city["candidates"]
    n = len(blocks)
    proposals = {city["units"]["D01"]: [c[f"x{b}"] for b in range(n)]}
    for b, block in enumerate(blocks):
        proposals[block["unit"]] = [c[f"d{b}"], c[f"y{(b - 1) % n}"]]
    for unit, people in proposals.items():
        services.proposals_save(
            actor=None, campaign=campaign, unit=unit, candidate_ids=[p.pk for p in people]
        )
    open_only(campaign, Step.MATCHING)
    office = city["users"]["office"]
    city["run"] = matching.matching_run(actor=office, campaign=campaign)
    matching.matching_publish(actor=office, run=city["run"])
    open_only(campaign, Step.DIRECTED_PLACEMENT)
    placements.directed_draft(actor=city["users"]["orgdept"], campaign=campaign)


def _accept(city: dict, size: Size) -> None:
    """Directed placements confirmed; every x accepts D01, every z refuses (standby)."""
    from cadrex.exchange import placements
    from cadrex.exchange.models import Placement
    from cadrex.rules.schedule import Step

    campaign, clock = city["campaign"], test_clock.current()
    placements.directed_confirm(
        actor=city["users"]["orgdept"], campaign=campaign, meeting_date=clock.today, note="研究同意"
    )
    open_only(campaign, Step.ACCEPTANCE)
    for b in range(len(city["blocks"])):
        for name, accept in ((f"x{b}", True), (f"z{b}", False)):
            placement = Placement.objects.get(candidate=city["candidates"][name])
            placements.placement_answer(actor=None, placement=placement, accept=accept)


STAGES = [
    ("declare", _declare),
    ("registration", _register),
    ("review", _review),
    ("shortlist", _shortlist),
    ("hearing", _hearings),
    ("decision", _decide),
    ("appointed", _appoint),
    ("declared", _declared),
    ("proposals", _propose),
    ("directed", _direct),
    ("accepted", _accept),
]
