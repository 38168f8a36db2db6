"""Part A of the demo campaign: openings declared and published, applications in every state.

Built through the services (with ``now`` inside each step's window), so the demo's data is
exactly what the pages would have produced. One opening draws more than ten applicants
(A7 pre-screen), several draw fewer than two (cancelled when the office closes review, A6).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from django.utils import timezone

from cadrex.campaigns.models import Campaign
from cadrex.campaigns.selectors import window_for
from cadrex.campaigns.services import campaign_schedule_shift
from cadrex.competition import services
from cadrex.competition.models import Application, DailyCount, Opening
from cadrex.registry.demo import post_title
from cadrex.registry.models import Cadre, Unit
from cadrex.registry.selectors import units_with_headcount
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step

CONDITIONS = "1. 具有大学本科及以上学历；\n2. 近三年年度考核称职及以上；\n3. 熟悉相关业务，具有较强的组织协调能力。"


def _inside(campaign: Campaign, step: Step) -> datetime:
    window = window_for(campaign, step)
    return window.start + timedelta(hours=9)


def _declare_all(campaign: Campaign, rng: random.Random) -> list[Opening]:
    now = _inside(campaign, Step.DECLARE_OPENINGS)
    policy = campaign.policy
    for unit in units_with_headcount(Unit.objects.filter(vertically_managed=False)):
        obliged = (
            unit.kind == "town" or unit.middle_level_headcount >= policy.mandatory_offer_threshold
        )
        if not obliged and rng.random() > 0.3:
            continue  # most small departments offer nothing, as they may
        sections = list(unit.middle_level_posts.values_list("section", flat=True).distinct()) or [
            "综合科"
        ]
        for i in range(1 if rng.random() < 0.7 else 2):
            section = sections[(i * 3) % len(sections)]
            chief = rng.random() < 0.3
            data = {
                "post_name": post_title(section, chief),
                "section": section,
                "level": "chief" if chief else "deputy",
                "seats": 1,
                "duties": f"协助做好{section}日常工作，负责相关业务的组织实施。",
                "conditions": CONDITIONS,
                "contact": f"{unit.name}组织人事科 0573-8{rng.randint(1000000, 9999999)}",
            }
            services.opening_add(actor=None, campaign=campaign, unit=unit, data=data, now=now)
        services.declaration_submit(actor=None, campaign=campaign, unit=unit, now=now)
    services.openings_publish(
        actor=None, campaign=campaign, now=_inside(campaign, Step.PUBLISH_OPENINGS)
    )
    return list(Opening.objects.filter(campaign=campaign).select_related("unit").order_by("id"))


def _targets(openings: list[Opening], rng: random.Random) -> list[tuple[Opening, int]]:
    """How many applicants each opening should draw: one popular (14), some with 0–1; the
    units with demo logins always draw enough to be walked all the way to an appointment."""
    from cadrex.accounts.models import UNIT_ROLES, User

    walked = set(User.objects.filter(role__in=UNIT_ROLES).values_list("unit_id", flat=True))
    plan = []
    for i, opening in enumerate(openings):
        if i == 0:
            plan.append((opening, 14))
        elif opening.unit_id in walked:
            plan.append((opening, rng.randint(4, 6)))
        elif i % 7 == 3:
            plan.append((opening, rng.choice([0, 1])))
        else:
            plan.append((opening, rng.randint(2, 6)))
    return plan


def _apply_some(
    campaign: Campaign, plan, today: date, rng: random.Random, skip: set[int]
) -> list[Application]:
    now = timezone.now()
    pool = list(
        Cadre.objects.filter(unit__vertically_managed=False, middle_level_post__isnull=True)
        .exclude(pk__in=skip)
        .select_related("unit")
        .order_by("id")
    )
    rng.shuffle(pool)
    used: set[int] = set()
    made = []
    for opening, wanted in plan:
        got = 0
        for cadre in pool:
            if got == wanted:
                break
            if cadre.pk in used or cadre.unit_id == opening.unit_id:
                continue
            used.add(cadre.pk)  # tried once, eligible or not
            try:
                application = services.application_submit(
                    actor=None,
                    cadre=cadre,
                    opening=opening,
                    typed={"phone": f"13{rng.randint(100000000, 999999999)}"},
                    recusal_confirmed=True,
                    now=now,
                )
            except RuleViolation:
                continue  # e.g. a recent appraisal below 称职: the rules say no
            made.append(application)
            got += 1
    return made


def _consent_most(
    applications: list[Application], keep_pending_unit: Unit, rng: random.Random
) -> None:
    now = timezone.now()
    for application in applications:
        pending = application.cadre.unit_id == keep_pending_unit.pk and rng.random() < 0.8
        if pending or rng.random() < 0.06:
            continue  # left for the home unit's leader to decide in the demo
        # A few declines, never on the popular opening (it must keep more than ten, A7).
        declined = rng.random() < 0.03 and application.opening.applications.count() < 10
        services.application_consent(
            actor=None,
            application=application,
            agree=not declined,
            note="本单位工作需要，暂不同意" if declined else "",
            now=now,
        )


def _past_counts(campaign: Campaign, today: date) -> None:
    """A4: the published figures of the registration days before today (growing by day)."""
    services.counts_snapshot(campaign=campaign, day=today)
    start = timezone.localdate(window_for(campaign, Step.REGISTRATION).start)
    days = (today - start).days
    for count in DailyCount.objects.filter(opening__campaign=campaign, day=today):
        for back in range(1, days + 1):
            share = max(0.0, 1 - back / (days + 1))
            DailyCount.objects.update_or_create(
                opening_id=count.opening_id,
                day=today - timedelta(days=back),
                defaults={"applicants": int(count.applicants * share)},
            )


def seed_part_a(
    *, campaign: Campaign, today: date, leader_unit: Unit, keep_free: set[int], seed: int = 2014
) -> dict:
    rng = random.Random(seed)
    openings = _declare_all(campaign, rng)
    applications = _apply_some(campaign, _targets(openings, rng), today, rng, keep_free)
    _consent_most(applications, leader_unit, rng)
    _past_counts(campaign, today)
    return {"openings": len(openings), "applications": len(applications)}


# ---------------------------------------------------------------------- fast-forward

FAST_FORWARD_STEPS = (
    Step.QUALIFICATION_REVIEW,
    Step.SHORTLIST,
    Step.HEARING,
    Step.VETTING,
    Step.BALLOT,
    Step.APPOINTMENT,
    Step.ADJUSTMENT,
    Step.EXCHANGE_SIGNUP,
    Step.VACANCIES,
    Step.PREFERENCES,
    Step.PROPOSALS,
    Step.MATCHING,
)


def _start_now(campaign: Campaign, step: Step) -> None:
    campaign_schedule_shift(
        actor=None, campaign=campaign, step=step, start=timezone.now() - timedelta(minutes=1)
    )
    campaign.refresh_from_db()


def _review_everyone(campaign: Campaign, rng: random.Random) -> None:
    _start_now(campaign, Step.QUALIFICATION_REVIEW)
    waiting = Application.objects.filter(
        campaign=campaign, active=True, status="submitted"
    ).order_by("id")
    for application in waiting.select_related("campaign", "opening"):
        unfit = rng.random() < 0.05
        services.application_review(
            actor=None,
            application=application,
            qualified=not unfit,
            note="任现职级时间不满2年，不符合报名条件" if unfit else "",
        )
    if not campaign.review_closed_at:
        services.review_close(actor=None, campaign=campaign)


def _shortlist_everywhere(campaign: Campaign) -> None:
    _start_now(campaign, Step.SHORTLIST)
    for opening in Opening.objects.filter(
        campaign=campaign, status="published", shortlist_confirmed_at__isnull=True
    ):
        pool = list(
            services.qualified_applications(opening).order_by("id").values_list("pk", flat=True)
        )
        big = len(pool) > campaign.policy.shortlist_cap
        services.shortlist_record(
            actor=None,
            opening=opening,
            method="面谈、查阅档案" if big else "",
            order=pool if big else None,
        )
    if Opening.objects.filter(
        campaign=campaign, status="published", contestants_published_at__isnull=True
    ).exists():
        services.contestants_publish(actor=None, campaign=campaign)


def _prepare_hearings(campaign: Campaign, rng: random.Random) -> None:
    from cadrex.competition import hearing as hearing_services

    _start_now(campaign, Step.HEARING)
    openings = Opening.objects.filter(campaign=campaign, status="published").select_related("unit")
    for i, opening in enumerate(openings.filter(hearing__isnull=True)):
        when = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(
            hours=1 + i // 5  # five rooms, one hearing an hour in each
        )
        hearing = hearing_services.hearing_schedule(
            actor=None, opening=opening, scheduled_at=when, room=f"市行政中心{301 + i % 5}会议室"
        )
        hearing_services.hearing_draw_lots(actor=None, hearing=hearing)
        leaders = list(
            Cadre.objects.filter(unit=opening.unit, middle_level_post__level="chief").order_by(
                "id"
            )[:5]
        )
        for cadre in leaders:
            hearing_services.juror_add(
                actor=None,
                hearing=hearing,
                jury="leader",
                name=cadre.name,
                affiliation=f"{opening.unit.name}{cadre.current_post}",
            )
        for k in range(7 - len(leaders)):
            hearing_services.juror_add(
                actor=None,
                hearing=hearing,
                jury="leader",
                name=f"外邀评委{k + 1}",
                affiliation="竞岗交流工作办公室选派",
                office_assigned=True,
            )
        hearing_services.juror_add(
            actor=None,
            hearing=hearing,
            jury="leader",
            name="替补评委",
            affiliation="竞岗交流工作办公室选派",
            office_assigned=True,
            substitute=True,
        )
        staff = Cadre.objects.filter(unit=opening.unit, middle_level_post__isnull=True).order_by(
            "id"
        )[:15]
        hearing_services.jurors_add_staff(
            actor=None,
            hearing=hearing,
            names=[c.name for c in staff] or ["群众代表1", "群众代表2", "群众代表3"],
        )


def _score_hearings(campaign: Campaign, rng: random.Random) -> None:
    """Every hearing not yet scored is scored as a room of jurors would, and published."""
    from cadrex.competition import hearing as hearing_services
    from cadrex.competition.models import Hearing

    for hearing in Hearing.objects.filter(
        opening__campaign=campaign, results_published_at__isnull=True
    ):
        for contestant in hearing.contestants.exclude(scoring="closed").order_by("order"):
            if contestant.scoring == "waiting":
                hearing_services.scoring_open(actor=None, contestant=contestant)
            talent = rng.uniform(-6, 6)
            panel = hearing_services.panel_for(contestant)
            done = set(contestant.scores.filter(voided=False).values_list("juror_id", flat=True))
            for juror in [*panel.leaders, *panel.staff]:
                if juror.pk not in done:
                    value = max(60, min(98, round(84 + talent + rng.gauss(0, 3), 1)))
                    hearing_services.score_submit(
                        juror=juror, contestant_id=contestant.pk, value=str(value)
                    )
            hearing_services.scoring_close(actor=None, contestant=contestant)
        hearing_services.results_publish(actor=None, hearing=hearing)


def _demo_units_openings(campaign: Campaign):
    """The openings of the units that have demo logins: left for the tester to walk."""
    from cadrex.accounts.models import UNIT_ROLES, User

    units = User.objects.filter(role__in=UNIT_ROLES).values_list("unit_id", flat=True)
    return Opening.objects.filter(campaign=campaign, status="published").exclude(unit_id__in=units)


def _vet_all(campaign: Campaign) -> None:
    from cadrex.competition import decision

    _start_now(campaign, Step.VETTING)
    for opening in _demo_units_openings(campaign).filter(vetting__isnull=True):
        for row in decision.vetting_fix(actor=None, opening=opening):
            decision.vetting_record(
                actor=None,
                candidate=row,
                methods=["talks", "appraisal", "files"],
                findings="政治立场坚定，工作实绩突出，群众公认度较高。",
                opinion="fit",
                vetted_on=timezone.localdate(),
            )


def _ballot_all(campaign: Campaign) -> None:
    from cadrex.competition import decision

    _start_now(campaign, Step.BALLOT)
    for opening in (
        _demo_units_openings(campaign).filter(ballots__isnull=True).select_related("unit")
    ):
        ballot = decision.ballot_open(
            actor=None,
            opening=opening,
            held_on=timezone.localdate(),
            committee=f"{opening.unit.name}党组",
            expected=9,
            present=8,
            on_leave="1人因公出差",
            mode="counted",
            supervisor="纪检组长",
            counter="办公室主任",
        )
        first, *rest = ballot.candidates
        papers = [{first: "for"}] * 6 + [{rest[0]: "for"} if rest else {}] * 2
        decision.ballot_enter_papers(actor=None, ballot=ballot, papers=papers)
        decision.ballot_count(actor=None, ballot=ballot)


def _appoint_all(campaign: Campaign) -> None:
    from cadrex.competition import decision
    from cadrex.competition.models import Appointment

    _start_now(campaign, Step.APPOINTMENT)
    today = timezone.localdate()
    for opening in _demo_units_openings(campaign).filter(
        appointment__isnull=True, ballots__elected__isnull=False
    ):
        appointment = decision.appointment_prepare(
            actor=None, opening=opening, reason="经公开竞岗、考察和党组票决，拟任该职务。"
        )
        decision.appointment_submit(actor=None, appointment=appointment)
        decision.appointment_review(actor=None, appointment=appointment, approve=True)
        decision.appointment_publicise(
            actor=None, appointment=appointment, start=today - timedelta(days=14)
        )
        try:
            decision.appointment_publish(
                actor=None, appointment=Appointment.objects.get(pk=appointment.pk), on=today
            )
        except RuleViolation:
            continue  # A12: the unit is over its cap; it shows on the office's headcount page


def fast_forward(campaign: Campaign, step: Step, seed: int = 2014) -> None:
    """Demo only: do every earlier step's work the way its users would, then start ``step`` now.

    Review qualifies nearly everyone and closes (A6), every opening fixes its contestants
    (pre-screen order = application order when more than the cap, A7) and the lists are
    published; for the hearing, each opening gets a panel of 7 leader jurors (the unit's
    chiefs plus office-assigned outsiders), a substitute, up to 15 staff jurors, and its lot.
    Past the hearing every hearing is scored and published; vetting, the ballot and the
    appointment are done for every opening except those of the units with demo logins,
    which are left for the tester to walk.
    """
    rng = random.Random(seed)
    order = list(Step)

    def past(s: Step) -> bool:
        return order.index(step) >= order.index(s)

    if past(Step.QUALIFICATION_REVIEW):
        _review_everyone(campaign, rng)
    if past(Step.SHORTLIST):
        _shortlist_everywhere(campaign)
    if past(Step.HEARING):
        _prepare_hearings(campaign, rng)
    if past(Step.VETTING):
        _score_hearings(campaign, rng)
    if past(Step.BALLOT):
        _vet_all(campaign)
    if past(Step.APPOINTMENT):
        _ballot_all(campaign)
    if past(Step.ADJUSTMENT):
        _appoint_all(campaign)
    if past(Step.EXCHANGE_SIGNUP):
        from cadrex.exchange.demo import advance_part_b

        advance_part_b(campaign=campaign, target=step, start_now=lambda s: _start_now(campaign, s))
    _start_now(campaign, step)
