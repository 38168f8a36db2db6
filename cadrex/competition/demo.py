"""Part A of the demo campaign: openings declared and published, applications in every state;
and the demo's fast-forward (演示快进), which does the work of the steps before a chosen one.

Built through the services (with ``now`` inside each step's window), so the demo's data is
exactly what the pages would have produced. One opening draws more than ten applicants
(A7 pre-screen), several draw fewer than two (cancelled when the office closes review, A6).
"""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Max
from django.utils import timezone

from cadrex.audit.models import Event
from cadrex.campaigns.models import Campaign
from cadrex.campaigns.selectors import window_for
from cadrex.campaigns.services import campaign_schedule_shift
from cadrex.competition import appointment as appointments
from cadrex.competition import ballot as ballots
from cadrex.competition import decision, secret_ballot, services
from cadrex.competition import hearing as hearing_services
from cadrex.competition.models import (
    Application,
    ApplicationStatus,
    Appointment,
    AppointmentStatus,
    BallotMode,
    BallotRound,
    BallotStatus,
    DailyCount,
    Hearing,
    HearingStatus,
    Jury,
    Opening,
    OpeningStatus,
    Score,
    ScoringState,
)
from cadrex.registry.demo import post_title
from cadrex.registry.models import Cadre, Unit
from cadrex.registry.selectors import units_with_headcount
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from cadrex.rules.scoring import tie_that_matters
from cadrex.rules.vetting import vetting_size

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

MINUTE = timedelta(minutes=1)
ROOMS = 5
SPEECH = timedelta(minutes=15)  # one contestant: speech, questions, scoring
UNFIT_NOTE = "任现职级时间不满2年，不符合报名条件"
TIE_REASON = "竞岗得分和领导评委平均分均相同，经办公室研究，参考初步比选名次和报名先后确定先后。"
FINDINGS = "政治立场坚定，工作实绩突出，群众公认度较高。"
APPOINT_REASON = "经公开竞岗、考察和党组（党委）票决，拟任该职务。"


def _before(step: Step, target: Step) -> bool:
    order = list(Step)
    return order.index(step) < order.index(target)


def _latest(*moments: datetime | None) -> datetime | None:
    found = [m for m in moments if m is not None]
    return max(found) if found else None


def _day(day: date | None) -> datetime | None:
    """The first moment of a Beijing day: a record that keeps only its date."""
    return timezone.make_aware(datetime.combine(day, time())) if day else None


def _after(moment: datetime, floor: datetime | None, gap: timedelta = MINUTE) -> datetime:
    return moment if floor is None or floor + gap <= moment else floor + gap


def _logged(obj, *actions: str) -> datetime | None:
    """When the audit log last recorded ``actions`` (any, if none given) on ``obj``: the time
    of work done by hand whose record keeps none of its own (a draft, an open round)."""
    events = Event.objects.filter(object_type=obj._meta.model_name, object_id=str(obj.pk))
    if actions:
        events = events.filter(action__in=actions)
    return events.aggregate(m=Max("at"))["m"]


def _office_hour(moment: datetime) -> datetime:
    """The first whole hour from 9:00 to 16:00 (Beijing) at or after ``moment``."""
    local = timezone.localtime(moment)
    hour = local.replace(minute=0, second=0, microsecond=0)
    if hour < local:
        hour += timedelta(hours=1)
    if hour.hour < 9:
        return hour.replace(hour=9)
    if hour.hour > 16:
        return (hour + timedelta(days=1)).replace(hour=9)
    return hour


class _Timeline:
    """When the fast-forward acts, so that its records tell the truth about time.

    The schedule is first shifted so that the target step starts now (a minute ago, as the
    office's 从现在开始 does); every earlier step's window then lies in the past, in the
    plan's order, and that step's work happens inside it, from its first office hour. An act
    never comes before the records it builds on — the hearing before the vetting, the vetting
    before the ballot, the orgdept's approval before the publicity — nor after the real now.
    When those records are too recent for the step's window (work done by hand a moment ago),
    the act happens just after them and the schedule is shifted for the moment so that the
    step's window holds it; ``finish`` puts the target back at now.
    """

    def __init__(self, campaign: Campaign, target: Step) -> None:
        self.campaign = campaign
        self.target = target
        self.now = timezone.now()
        self.start = self.now - MINUTE
        self.planned = self._shift(target, self.start)
        self.windows = dict(self.planned)
        self.last: dict[int, datetime] = {}  # opening → this fast-forward's latest act for it
        self.notes: list[str] = []

    def _shift(self, step: Step, start: datetime) -> dict[Step, tuple[datetime, datetime]]:
        campaign_schedule_shift(actor=None, campaign=self.campaign, step=step, start=start)
        self.campaign.refresh_from_db()
        return {Step(w.step): (w.start, w.end) for w in self.campaign.windows.all()}

    def first(self, step: Step) -> datetime:
        """The step's first office hour in the plan (for the appointment: on its first day,
        so that the publicity can end in time), or its start."""
        return self.when(step, min(self.planned[step][0] + MINUTE, self.now))

    def when(self, step: Step, moment: datetime) -> datetime:
        """``moment``, moved on to the next office hour when that is still inside the step's
        planned window (for the appointment: only on the same day)."""
        hour = _office_hour(moment)
        later_day = timezone.localdate(hour) != timezone.localdate(moment)
        if hour < self.end(step) and not (later_day and step == Step.APPOINTMENT):
            return hour
        return moment

    def end(self, step: Step) -> datetime:
        return min(self.planned[step][1], self.now)

    def by(self, moment: datetime) -> datetime:
        """An act that needs no window: at ``moment``, never after now (in UTC, as
        ``timezone.now()`` gives it: the hearing's chain hashes the time as written)."""
        return min(moment, self.now).astimezone(UTC)

    def at(self, step: Step, moment: datetime) -> datetime:
        """An act of ``step`` at ``moment`` (never after now), inside the step's window."""
        moment = self.by(moment)
        start, end = self.windows[step]
        if not start <= moment < end:
            start, end = self.planned[step]
            self.windows = self._shift(step, start if start <= moment < end else moment - MINUTE)
        return moment

    def mark(self, opening: Opening, moment: datetime) -> None:
        self.last[opening.pk] = _latest(self.last.get(opening.pk), self.by(moment))

    def finish(self) -> None:
        self._shift(self.target, self.start)


def _start_now(campaign: Campaign, step: Step) -> None:
    """Part B's steps happen at the real now: the step starts a minute ago."""
    campaign_schedule_shift(actor=None, campaign=campaign, step=step, start=timezone.now() - MINUTE)
    campaign.refresh_from_db()


def _left_to_the_tester() -> set[int]:
    from cadrex.accounts.models import UNIT_ROLES, User

    return set(User.objects.filter(role__in=UNIT_ROLES).values_list("unit_id", flat=True))


def _decided_by_units(campaign: Campaign):
    """Published openings whose vetting, ballot and appointment the fast-forward does: all
    but those of the units with demo logins, which are left for the tester to walk."""
    return (
        Opening.objects.filter(campaign=campaign, status=OpeningStatus.PUBLISHED)
        .exclude(unit_id__in=_left_to_the_tester())
        .select_related("unit", "campaign")
        .order_by("id")
    )


# ------------------------------------------------------------------ A6 review, A7 shortlist


def _review(tl: _Timeline, rng: random.Random) -> None:
    """A6: the office reviews every application waiting for it and closes the review;
    an application that arrives later (a switch after A6) is reviewed in the re-application
    window."""
    campaign = Campaign.objects.get(pk=tl.campaign.pk)
    applications = Application.objects.filter(campaign=campaign)
    step = Step.REAPPLICATION if campaign.review_closed_at else Step.QUALIFICATION_REVIEW
    floor = _latest(applications.aggregate(m=Max("reviewed_at"))["m"], campaign.review_closed_at)
    t = _after(tl.first(step), floor)
    waiting = (
        applications.filter(active=True, status=ApplicationStatus.SUBMITTED)
        .filter(opening__status=OpeningStatus.PUBLISHED, opening__shortlist_confirmed_at=None)
        .select_related("campaign", "opening")
        .order_by("id")
    )
    for application in waiting:
        unfit = rng.random() < 0.05
        services.application_review(
            actor=None,
            application=application,
            qualified=not unfit,
            note=UNFIT_NOTE if unfit else "",
            now=tl.at(step, t),
        )
        t += MINUTE
    if not campaign.review_closed_at:
        services.review_close(actor=None, campaign=campaign, now=tl.at(step, t))


def _shortlist(tl: _Timeline) -> None:
    """A7: every competed opening fixes its contestants (the pre-screen order is the order of
    application when there are more than the cap); then the office publishes the lists."""
    campaign = Campaign.objects.get(pk=tl.campaign.pk)
    openings = Opening.objects.filter(campaign=campaign, status=OpeningStatus.PUBLISHED)
    floor = _latest(
        campaign.review_closed_at,
        Application.objects.filter(campaign=campaign).aggregate(m=Max("reviewed_at"))["m"],
        openings.aggregate(m=Max("shortlist_confirmed_at"))["m"],
    )
    t = _after(tl.first(Step.SHORTLIST), floor)
    for opening in openings.filter(shortlist_confirmed_at=None).order_by("id"):
        pool = list(
            services.qualified_applications(opening).order_by("id").values_list("pk", flat=True)
        )
        big = len(pool) > campaign.policy.shortlist_cap
        services.shortlist_record(
            actor=None,
            opening=opening,
            method="面谈、查阅档案" if big else "",
            order=pool if big else None,
            now=tl.at(Step.SHORTLIST, t),
        )
        t += 2 * MINUTE
    if openings.filter(contestants_published_at=None).exists():
        services.contestants_publish(actor=None, campaign=campaign, now=tl.at(Step.SHORTLIST, t))


# ------------------------------------------------------------------ A8 hearing


def _hearing_times(
    first: datetime, limit: datetime, sizes: list[int], *, floor: datetime | None = None
) -> list[tuple[datetime, int]]:
    """When and in which room each hearing sits: five rooms, office hours, a contestant
    every quarter of an hour; squeezed evenly into a window that would end before them.

    A hearing held in the past must sit before the window's end: when office hours leave no
    room (the contestants were published moments ago by an earlier fast-forward), the
    hearings are squeezed between ``floor`` (the earliest they may sit) and the end."""
    free = [first] * ROOMS
    plan = []
    for size in sizes:
        room = min(range(ROOMS), key=lambda r: (free[r], r))
        plan.append((free[room], room))
        free[room] = _office_hour(free[room] + SPEECH * size)
    if plan and limit < max(free):
        start = first if first < limit else min(floor or limit, limit)
        rounds = -(-len(sizes) // ROOMS)
        pace = max(timedelta(seconds=1), (limit - start) / (rounds + 1))
        plan = [(start + pace * (i // ROOMS), i % ROOMS) for i in range(len(sizes))]
    return plan


def _outsiders(hearing: Hearing, taken: set[str], rng: random.Random) -> list[tuple[str, str]]:
    """Jurors the office sends: chiefs of other units, none from a contestant's own unit."""
    opening = hearing.opening
    homes = Application.objects.filter(opening=opening, status=ApplicationStatus.CONTESTANT)
    avoid = {opening.unit_id, *homes.values_list("cadre__unit_id", flat=True)}
    pool = list(
        Cadre.objects.filter(middle_level_post__level="chief")
        .exclude(unit_id__in=avoid)
        .exclude(name__in=taken)
        .select_related("unit")
        .order_by("id")
    )
    rng.shuffle(pool)
    people = [(c.name, f"{c.unit.name}{c.current_post}") for c in pool]
    return people + [(f"外邀评委{k}", "竞岗交流工作办公室选派") for k in range(1, 10)]


def _complete_panel(hearing: Hearing, rng: random.Random) -> None:
    """A8: seven leader jurors — the unit's chiefs, at least two sent by the office — a
    substitute, and a staff jury of up to 15 of the unit's staff; what is there is kept."""
    policy = hearing.opening.campaign.policy
    unit = hearing.opening.unit
    jurors = list(hearing.jurors.order_by("id"))
    fresh = not jurors
    seated = [j for j in jurors if j.jury == Jury.LEADER and not j.substitute]
    sent = sum(j.office_assigned for j in seated)
    office_needed = max(0, policy.min_office_assigned_leader_jurors - sent)
    surplus = len(seated) + office_needed - policy.leader_jury_size
    for juror in [j for j in reversed(seated) if not j.office_assigned][: max(0, surplus)]:
        hearing_services.juror_remove(actor=None, juror=juror)  # room for the office's jurors
        seated.remove(juror)
    taken = {j.name for j in jurors}
    outsiders = iter(_outsiders(hearing, taken, rng))
    chiefs = iter(
        c
        for c in Cadre.objects.filter(unit=unit, middle_level_post__level="chief").order_by("id")
        if c.name not in taken
    )
    for k in range(policy.leader_jury_size - len(seated)):
        chief = None if k < office_needed else next(chiefs, None)
        name, affiliation = (
            (chief.name, f"{unit.name}{chief.current_post}") if chief else next(outsiders)
        )
        hearing_services.juror_add(
            actor=None,
            hearing=hearing,
            jury=Jury.LEADER,
            name=name,
            affiliation=affiliation,
            office_assigned=chief is None,
        )
    if fresh:
        name, affiliation = next(outsiders)
        hearing_services.juror_add(
            actor=None,
            hearing=hearing,
            jury=Jury.LEADER,
            name=name,
            affiliation=affiliation,
            office_assigned=True,
            substitute=True,
        )
    staff = sum(j.jury == Jury.STAFF for j in jurors)
    if staff < policy.min_staff_jury_size:
        names = list(
            Cadre.objects.filter(unit=unit, middle_level_post__isnull=True)
            .exclude(name__in=taken)
            .order_by("id")
            .values_list("name", flat=True)[: max(15 - staff, 0)]
        )
        short = policy.min_staff_jury_size - staff - len(names)
        names += [f"群众代表{k}" for k in range(1, short + 1)]
        hearing_services.jurors_add_staff(actor=None, hearing=hearing, names=names)


def _hearing_floor(opening: Opening, hearing: Hearing | None) -> datetime | None:
    moments = [opening.shortlist_confirmed_at, opening.contestants_published_at]
    if hearing is not None:
        done = hearing.contestants.aggregate(o=Max("opened_at"), c=Max("closed_at"))
        scored = Score.objects.filter(contestant__hearing=hearing).aggregate(m=Max("submitted_at"))
        moments += [done["o"], done["c"], scored["m"]]
    return _latest(*moments)


def _run_hearing(tl: _Timeline, hearing: Hearing, t: datetime, rng: random.Random) -> datetime:
    """A8 in the room: each contestant speaks, then every juror of the panel scores on the
    phone and the chair closes the scoring; at the end the results are published."""
    for contestant in hearing.contestants.exclude(scoring=ScoringState.CLOSED).order_by("order"):
        if contestant.scoring == ScoringState.WAITING:
            t = tl.at(Step.HEARING, t + SPEECH / 2)
            contestant = hearing_services.scoring_open(actor=None, contestant=contestant, now=t)
        talent = rng.uniform(-6, 6)
        panel = hearing_services.panel_for(contestant)
        done = set(contestant.scores.filter(voided=False).values_list("juror_id", flat=True))
        for juror in [*panel.leaders, *panel.staff]:
            if juror.pk not in done:
                t = tl.by(t + timedelta(seconds=10))
                value = max(60, min(98, round(84 + talent + rng.gauss(0, 3), 1)))
                hearing_services.score_submit(
                    juror=juror, contestant_id=contestant.pk, value=str(value), now=t
                )
        t = tl.by(t + MINUTE)
        hearing_services.scoring_close(actor=None, contestant=contestant, now=t)
        t += SPEECH / 4
    hearing.refresh_from_db()
    if hearing.status == HearingStatus.RUNNING:
        t = tl.by(t)
        hearing_services.results_publish(actor=None, hearing=hearing, now=t)
    return tl.by(t)


def _hearings(tl: _Timeline, rng: random.Random, *, run: bool) -> None:
    """A8: every competed opening gets its hearing — time and room, panel, lots. With
    ``run``, the hearings are held in the past hearing window (planned ones moved to it);
    otherwise new ones are set in the coming days, for the tester to run."""
    openings = Opening.objects.filter(
        campaign=tl.campaign, status=OpeningStatus.PUBLISHED, contestants_published_at__isnull=False
    ).select_related("unit", "campaign")
    todo = []
    for opening in openings.order_by("id"):
        hearing = Hearing.objects.filter(opening=opening).first()
        if hearing is None or hearing.status != HearingStatus.FINISHED:
            todo.append((opening, hearing))
    movable = [(o, h) for o, h in todo if h is None or (run and h.status == HearingStatus.PLANNED)]
    if run:
        published = _latest(*(o.contestants_published_at for o, _ in movable))
        first = tl.when(Step.HEARING, _after(tl.first(Step.HEARING), published))
        limit = tl.end(Step.HEARING)
    else:
        first, limit = _office_hour(tl.now + SPEECH), tl.planned[Step.HEARING][1]
    sizes = [
        o.applications.filter(active=True, status=ApplicationStatus.CONTESTANT).count()
        for o, _ in movable
    ]
    floor = _after(tl.first(Step.HEARING), published) if run else None
    times = _hearing_times(first, limit, sizes, floor=floor)
    slots = dict(zip([o.pk for o, _ in movable], times, strict=True))
    held = []
    for opening, hearing in todo:
        floor = _hearing_floor(opening, hearing)
        if opening.pk in slots:
            when, room = slots[opening.pk]
            when = _after(when, floor) if run else when
            if hearing is None or hearing.scheduled_at != when:
                hearing = hearing_services.hearing_schedule(
                    actor=None,
                    opening=opening,
                    scheduled_at=when,
                    room=f"市行政中心{301 + room}会议室",
                )
        else:
            when = _after(hearing.scheduled_at, floor)
        if hearing.status == HearingStatus.PLANNED:
            _complete_panel(hearing, rng)
            if not hearing.lots_drawn_at:
                hearing_services.hearing_draw_lots(actor=None, hearing=hearing)
        held.append((when, opening, hearing))
    if run:
        for when, opening, hearing in sorted(held, key=lambda row: (row[0], row[1].pk)):
            tl.mark(opening, _run_hearing(tl, hearing, when, rng))


# ------------------------------------------------------------------ A9 vetting


def _break_tie(hearing: Hearing, opening: Opening, t: datetime) -> None:
    """A8/A9: a shared rank across the 1:2 cut is ordered by the office, with its reason."""
    rows = hearing_services.ranking(hearing)
    at = tie_that_matters(rows, vetting_size(len(rows), opening.seats, opening.campaign.policy))
    if at is None:
        return
    ranks = dict(
        Application.objects.filter(pk__in=[int(r.key) for r in rows]).values_list(
            "pk", "prescreen_rank"
        )
    )
    tied = sorted((int(r.key) for r in rows if r.rank == at), key=lambda k: (ranks[k] or 99, k))
    hearing_services.tie_break(
        actor=None, hearing=hearing, at=at, order=[str(k) for k in tied], reason=TIE_REASON, now=t
    )


def _vet(tl: _Timeline) -> None:
    """A9: each unit fixes its two vetting candidates from the ranking (after the office
    has ordered a tie at the cut), vets them, and records a fit opinion the next day."""
    plans = []
    for i, opening in enumerate(_decided_by_units(tl.campaign)):
        hearing = Hearing.objects.filter(opening=opening).first()
        if hearing is None or hearing.contestants.exclude(scoring=ScoringState.CLOSED).exists():
            continue
        vetting = opening.vetting.all()
        if vetting and all(v.opinion for v in vetting):
            continue
        floor = _latest(
            _hearing_floor(opening, hearing),
            hearing.results_published_at,
            hearing.tie_breaks.aggregate(m=Max("decided_at"))["m"],
            _logged(opening, "vetting_fix") if vetting else None,  # fixed by hand
            _day(max((v.vetted_on for v in vetting if v.vetted_on), default=None)),
            tl.last.get(opening.pk),
        )
        t = tl.when(Step.VETTING, _after(tl.first(Step.VETTING) + i * MINUTE, floor))
        plans.append((t, opening, hearing))
    for t, opening, hearing in sorted(plans, key=lambda row: (row[0], row[1].pk)):
        if not opening.vetting.exists():
            _break_tie(hearing, opening, tl.by(t))
            t = tl.at(Step.VETTING, t + MINUTE)
            decision.vetting_fix(actor=None, opening=opening, now=t)
        t += timedelta(days=1)  # talks, appraisals and the files take a day
        for candidate in opening.vetting.filter(opinion="").order_by("id"):
            t = tl.at(Step.VETTING, t + MINUTE)
            decision.vetting_record(
                actor=None,
                candidate=candidate,
                methods=["talks", "appraisal", "files"],
                findings=FINDINGS,
                opinion="fit",
                vetted_on=timezone.localdate(t),
                now=t,
            )
        tl.mark(opening, t)


# ------------------------------------------------------------------ A10 ballot


def _papers(ballot: BallotRound) -> list[dict]:
    """Paper ballots that elect the first candidate: more than half of the members expected
    vote for them, the others present for the next one."""
    seats = ballot.opening.seats
    first = ballot.candidates[:seats]
    other = ballot.candidates[seats:][:seats] or ballot.candidates[-seats:]
    need = ballot.expected // 2 + 1
    return [dict.fromkeys(first, "for")] * need + [dict.fromkeys(other, "for")] * max(
        0, ballot.present - need
    )


def _vote(ballot: BallotRound) -> int:
    """The members present vote in an open round; returns how many of them did not.

    Paper ballots are typed in when there are none yet. A secret round is voted at its one
    terminal (ADR 0008): the supervisor starts it with a PIN and hands each member on the roll
    who has not voted a ballot, the first candidate's supporters first. A terminal started on
    another device, or with a ballot in someone's hand, is left alone: the chair then counts,
    recording the members who did not vote."""
    if ballot.mode == BallotMode.COUNTED:
        if not ballot.papers.exists():
            ballots.ballot_enter_papers(actor=None, ballot=ballot, papers=_papers(ballot))
        return 0
    waiting = list(ballot.voters.filter(voted=False).order_by("id"))
    if ballot.terminal_device or ballot.issued:
        return len(waiting)
    pin = f"{random.Random(ballot.pk).randrange(10**6):06d}"
    device = secret_ballot.terminal_claim(token=ballot.terminal_token, pin=pin, pin_again=pin)
    first, last = ballot.candidates[0], ballot.candidates[-1]
    have = sum(int(n) for paper, n in ballot.box.items() if json.loads(paper).get(first) == "for")
    for voter in waiting:
        pick = first if have <= ballot.expected // 2 else last
        secret_ballot.ballot_issue(
            token=ballot.terminal_token, secret=device, voter_id=voter.pk, pin=pin
        )
        secret_ballot.ballot_cast(token=ballot.terminal_token, secret=device, marks={pick: "for"})
        have += pick == first
    return 0


def _competitive(opening: Opening) -> bool:
    """A10: more candidates than seats, unless the round re-votes among those tied."""
    last = opening.ballots.filter(status__in=ballots.COUNTED).order_by("-round").first()
    if last is not None and last.tally and last.tally.get("revote_among"):
        return True
    return len(ballots.ballot_candidates(opening)) > opening.seats


def _ballot(tl: _Timeline) -> None:
    """A10: each unit's committee ballots its fit candidates: 9 members expected, 8 present;
    an open round is voted and counted, a round without a decision is re-run."""
    plans = []
    for i, opening in enumerate(_decided_by_units(tl.campaign)):
        vetting = list(opening.vetting.all())
        if not vetting or not all(v.opinion for v in vetting):
            continue
        if opening.ballots.filter(status=BallotStatus.DECIDED).exists():
            continue
        last = opening.ballots.order_by("-round").first()
        floor = _latest(
            _day(max(v.vetted_on for v in vetting if v.vetted_on)),
            _day(last.held_on) if last else None,
            last.counted_at if last else None,
            _logged(last) if last and last.status == BallotStatus.OPEN else None,  # by hand
            tl.last.get(opening.pk),
        )
        t = _after(tl.first(Step.BALLOT) + i * 5 * MINUTE, floor, timedelta(hours=1))
        plans.append((tl.when(Step.BALLOT, t), opening))
    for t, opening in sorted(plans, key=lambda row: (row[0], row[1].pk)):
        tl.mark(opening, _ballot_until_decided(tl, opening, t))


def _ballot_until_decided(tl: _Timeline, opening: Opening, t: datetime) -> datetime:
    """A10: the rounds of one committee meeting: an open round is voted and counted, a round
    that decided nothing (no quorum, nobody elected) is followed by a new one; at most three."""
    committee = f"{opening.unit.name}{'党委' if opening.unit.kind == 'town' else '党组'}"
    for _ in range(3):
        ballot = opening.ballots.order_by("-round").first()
        if ballot is not None and ballot.status == BallotStatus.DECIDED:
            return t
        if ballot is None or ballot.status != BallotStatus.OPEN:
            if not _competitive(opening):
                tl.notes.append(
                    f"{opening}：同意作为拟任人选的考察对象不多于职数，不能差额票决，留待单位研究。"
                )
                return t
            t = tl.at(Step.BALLOT, t + MINUTE)
            ballot = ballots.ballot_open(
                actor=None,
                opening=opening,
                held_on=timezone.localdate(t),
                committee=committee,
                expected=9,
                present=8,
                on_leave="1人因公出差",
                mode=BallotMode.COUNTED,
                supervisor="纪检组长",
                counter="办公室主任",
                now=t,
            )
        unvoted = _vote(ballot)
        t = tl.at(Step.BALLOT, t + 20 * MINUTE)
        ballots.ballot_count(
            actor=None,
            ballot=ballot,
            confirm_unvoted=bool(unvoted),
            unvoted_note=f"{unvoted}人未投票，主持人确认按未投票计票" if unvoted else "",
            now=t,
        )
    if not opening.ballots.filter(status=BallotStatus.DECIDED).exists():
        tl.notes.append(f"{opening}：三轮票决仍未产生任职人选，留待单位再次票决。")
    return t


# ------------------------------------------------------------------ A11 appointment


def _appoint(tl: _Timeline) -> None:
    """A11: the unit sends the package, the orgdept approves it, the publicity runs its
    working days from the day of the approval, and the appointment is published on the day
    after it ends — if that day has come; else the notice is still running. The package,
    approval and notice fall on the window's first day, however late it starts, so that the
    publicity can end in time."""
    today = timezone.localdate(tl.now)
    rows = []
    for opening in _decided_by_units(tl.campaign):
        decided = opening.ballots.filter(status=BallotStatus.DECIDED).first()
        appointment = Appointment.objects.filter(opening=opening).first()
        if decided is None or getattr(appointment, "status", "") == AppointmentStatus.PUBLISHED:
            continue
        rows.append((opening, decided, appointment))
    first = tl.first(Step.APPOINTMENT)
    midnight = _day(timezone.localdate(first) + timedelta(days=1))
    pace = min(MINUTE, max(timedelta(seconds=1), (midnight - first) / (len(rows) + 4)))
    plans = []
    for i, (opening, decided, appointment) in enumerate(rows):
        done = [decided.counted_at, _day(decided.held_on), tl.last.get(opening.pk)]
        if appointment is not None:  # a draft keeps no time: the log says when it was made
            done += [appointment.submitted_at, appointment.reviewed_at, _logged(appointment)]
        floor = _latest(*done)
        plans.append((_after(first + i * pace, floor, pace), opening))
    waiting: dict[date, list[str]] = {}  # the publicity's last day → its openings
    for t, opening in sorted(plans, key=lambda row: (row[0], row[1].pk)):
        appointment = Appointment.objects.filter(opening=opening).first()
        if appointment is None or appointment.status == AppointmentStatus.RETURNED:
            t = tl.at(Step.APPOINTMENT, t)
            appointment = appointments.appointment_prepare(
                actor=None, opening=opening, reason=APPOINT_REASON, now=t
            )
        if appointment.status in (AppointmentStatus.DRAFT, AppointmentStatus.RETURNED):
            t = tl.at(Step.APPOINTMENT, t + pace)
            appointment = appointments.appointment_submit(
                actor=None, appointment=appointment, now=t
            )
        if appointment.status == AppointmentStatus.SUBMITTED:
            t = tl.by(t + pace)  # the orgdept's review
            appointment = appointments.appointment_review(
                actor=None, appointment=appointment, approve=True, now=t
            )
        if appointment.status == AppointmentStatus.APPROVED:
            t = tl.by(_after(t + pace, appointment.reviewed_at, pace))
            appointment = appointments.appointment_publicise(
                actor=None, appointment=appointment, start=timezone.localdate(t), now=t
            )
        tl.mark(opening, t)
        on = appointment.publicity_end + timedelta(days=1)
        if on > today:
            waiting.setdefault(appointment.publicity_end, []).append(str(opening))
            continue
        moment = tl.by(timezone.make_aware(datetime.combine(on, time(10))))
        try:
            appointments.appointment_publish(actor=None, appointment=appointment, on=on, now=moment)
        except RuleViolation as violation:
            if violation.rule != "A12":
                raise
            tl.notes.append(f"{opening}：{violation.message}")  # shows on the headcount page
        tl.mark(opening, moment)
    for end, names in sorted(waiting.items()):
        tl.notes.append(
            f"{len(names)}项任职的任前公示至{end:%Y-%m-%d}，{end + timedelta(days=1):%Y-%m-%d}起"
            f"可发文任职（届时再次快进即可）：{'、'.join(names[:5])}{'等' if len(names) > 5 else ''}。"
        )


def fast_forward(campaign: Campaign, step: Step, seed: int = 2014) -> list[str]:
    """Demo only: do every earlier step's work the way its users would, then start ``step``
    now. Returns notes on what had to wait (a publicity still running, a unit over its cap).

    From any state — nothing done yet, part of it done by hand, or fast-forwarded before —
    it completes what is missing and never repeats what is done, acting in the past (see
    ``_Timeline``): review qualifies nearly everyone and closes (A6); every opening fixes its
    contestants (pre-screen order = application order when more than the cap, A7) and the
    lists are published; each opening gets a hearing with a panel of 7 leader jurors (the
    unit's chiefs and chiefs of other units sent by the office), a substitute, up to 15 staff
    jurors, and its lot — set in the coming days when ``step`` is the hearing, held in the
    past when it is later; vetting (a tie at the 1:2 cut ordered by the office first), the
    ballot and the appointment are done for every opening except those of the units with
    demo logins, which are left for the tester to walk. The chosen step's own work is left
    to its users (the review at 资格审查, the shortlists at 确定竞岗对象), but for the hearing
    its hearings are prepared so that they can be run. Part B's steps (``advance_part_b``)
    then happen at the real now.
    """
    rng = random.Random(seed)
    timeline = _Timeline(campaign, step)
    if _before(Step.QUALIFICATION_REVIEW, step):
        _review(timeline, rng)
    if _before(Step.SHORTLIST, step):
        _shortlist(timeline)
    if not _before(step, Step.HEARING):
        _hearings(timeline, rng, run=_before(Step.HEARING, step))
    if _before(Step.VETTING, step):
        _vet(timeline)
    if _before(Step.BALLOT, step):
        _ballot(timeline)
    if _before(Step.APPOINTMENT, step):
        _appoint(timeline)
    if not _before(step, Step.EXCHANGE_SIGNUP):
        from cadrex.exchange.demo import advance_part_b

        advance_part_b(campaign=campaign, target=step, start_now=lambda s: _start_now(campaign, s))
    timeline.finish()
    return timeline.notes
