"""Fast-forward of A8: hearings scheduled, panels completed, lots drawn, scores given."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db.models import Max

from cadrex.competition.hearing import bulk, scoring
from cadrex.competition.hearing import selectors as hearing_selectors
from cadrex.competition.hearing import services as hearing_services
from cadrex.competition.hearing.services import JurorRow
from cadrex.competition.models import (
    Application,
    ApplicationStatus,
    Hearing,
    HearingStatus,
    Jury,
    Opening,
    OpeningStatus,
    Score,
    ScoringState,
)
from cadrex.demo.timeline import MINUTE, ROOMS, SPEECH, _after, _latest, _office_hour, _Timeline
from cadrex.registry.models import Cadre
from cadrex.rules.schedule import Step

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


def _chiefs() -> list[tuple[int, str, str]]:
    """Every chief of the roster in id order — (unit, name, unit and post) — read once for
    all the panels of a fast-forward."""
    rows = (
        Cadre.objects.filter(middle_level_post__level="chief")
        .order_by("id")
        .values_list("unit_id", "name", "unit__name", "current_post")
    )
    return [(unit, name, f"{unit_name}{post}") for unit, name, unit_name, post in rows]


def _outsiders(
    hearing: Hearing, taken: set[str], rng: random.Random, chiefs: list[tuple[int, str, str]]
) -> list[tuple[str, str]]:
    """Jurors the office sends: chiefs of other units, none from a contestant's own unit."""
    opening = hearing.opening
    homes = Application.objects.filter(opening=opening, status=ApplicationStatus.CONTESTANT)
    avoid = {opening.unit_id, *homes.values_list("cadre__unit_id", flat=True)}
    pool = [(name, post) for unit, name, post in chiefs if unit not in avoid and name not in taken]
    rng.shuffle(pool)
    if len(pool) < 9:  # a small city: deputies of other units too — real people, never a
        # stand-in such as “外邀评委1” (rules.scoring.check_juror_name refuses those)
        known = taken | {name for name, _ in pool}
        deputies = (
            Cadre.objects.filter(middle_level_post__level="deputy")
            .exclude(unit_id__in=avoid)
            .exclude(name__in=known)
            .order_by("id")
            .values_list("name", "unit__name", "current_post")[:9]
        )
        pool += [(name, f"{unit_name}{post}") for name, unit_name, post in deputies]
    return pool


def _complete_panel(
    hearing: Hearing, rng: random.Random, chiefs: list[tuple[int, str, str]]
) -> None:
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
    outsiders = iter(_outsiders(hearing, taken, rng, chiefs))
    own = iter((n, p) for u, n, p in chiefs if u == unit.pk and n not in taken)
    rows = []
    used = set(taken)

    def pick(source):
        """The next (name, post) of ``source`` whose name has no seat yet (A8)."""
        for name, post in source:
            if name not in used:
                used.add(name)
                return name, post
        return None

    for k in range(policy.leader_jury_size - len(seated)):
        chief = None if k < office_needed else pick(own)
        name, affiliation = chief or pick(outsiders)
        rows.append(JurorRow(Jury.LEADER, name, affiliation, office_assigned=chief is None))
    if fresh:
        name, affiliation = pick(outsiders)
        rows.append(JurorRow(Jury.LEADER, name, affiliation, office_assigned=True, substitute=True))
    if rows:
        hearing_services.jurors_add(actor=None, hearing=hearing, rows=rows)
    # One seat per person (A8), and the seat goes by name: a staff juror never shares a name
    # with a leader juror, nor with another staff juror (a unit may have two 程若博).
    taken |= {row.name for row in rows}
    staff = sum(j.jury == Jury.STAFF for j in jurors)
    if staff < policy.min_staff_jury_size:
        names = list(
            dict.fromkeys(
                Cadre.objects.filter(unit=unit, middle_level_post__isnull=True)
                .exclude(name__in=taken)
                .order_by("id")
                .values_list("name", flat=True)
            )
        )[: max(15 - staff, 0)]
        short = policy.min_staff_jury_size - staff - len(names)
        if short > 0:  # a small unit: its post holders not on the leader jury sit too
            seated_now = set(hearing.jurors.values_list("name", flat=True))
            names += list(
                dict.fromkeys(
                    Cadre.objects.filter(unit=unit)
                    .exclude(name__in=taken | seated_now | set(names))
                    .order_by("id")
                    .values_list("name", flat=True)
                )
            )[:short]
        if names:
            hearing_services.jurors_add_staff(actor=None, hearing=hearing, names=names)


def _hearing_floor(opening: Opening, hearing: Hearing | None) -> datetime | None:
    moments = [opening.shortlist_confirmed_at, opening.contestants_published_at]
    if hearing is not None:
        done = hearing.contestants.aggregate(o=Max("opened_at"), c=Max("closed_at"))
        scored = Score.objects.filter(contestant__hearing=hearing).aggregate(m=Max("submitted_at"))
        moments += [done["o"], done["c"], scored["m"]]
    return _latest(*moments)


def _inside(tl: _Timeline, moment: datetime) -> bool:
    """Whether an act at ``moment`` falls in the hearing window as the timeline has it now
    (``tl.at`` moves the window only for an act outside it)."""
    start, end = tl.windows[Step.HEARING]
    return start <= tl.by(moment) < end


def _run_hearing(tl: _Timeline, hearing: Hearing, t: datetime, rng: random.Random) -> datetime:
    """A8 in the room: each contestant speaks, then every juror of the panel scores on the
    phone and the chair closes the scoring; at the end the results are published.

    The turns are recorded together (``bulk.turns_record``: one batch, one ranking), unless
    the timeline has to move the hearing window to hold a turn: the turns before it are
    recorded first, inside the window they were timed in."""
    contestants = list(
        hearing.contestants.exclude(scoring=ScoringState.CLOSED)
        .select_related("application__cadre")
        .order_by("order")
    )
    panels = hearing_selectors.panels(hearing, contestants)
    standing = hearing_selectors.live_scores_of(contestants)
    turns: list[bulk.Turn] = []
    for contestant in contestants:
        opened = None
        if contestant.scoring == ScoringState.WAITING:
            if turns and not _inside(tl, t + SPEECH / 2):
                bulk.turns_record(actor=None, hearing=hearing, turns=turns)
                turns = []
            t = opened = tl.at(Step.HEARING, t + SPEECH / 2)
        talent = rng.uniform(-6, 6)
        panel = panels[contestant.pk]
        done = {s.juror_id for part in standing[contestant.pk] for s in part}
        sheets = []
        for juror in [*panel.leaders, *panel.staff]:
            if juror.pk not in done:
                t = tl.by(t + timedelta(seconds=10))
                value = max(60, min(98, round(84 + talent + rng.gauss(0, 3), 1)))
                sheets.append((juror, str(value), t))
        t = tl.by(t + MINUTE)
        turns.append(bulk.Turn(contestant, opened, sheets, t))
        t += SPEECH / 4
    if turns:
        bulk.turns_record(actor=None, hearing=hearing, turns=turns)
    hearing.refresh_from_db()
    if hearing.status == HearingStatus.RUNNING:
        t = tl.by(t)
        scoring.results_publish(actor=None, hearing=hearing, now=t)
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
    held, chiefs = [], None
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
            chiefs = _chiefs() if chiefs is None else chiefs
            _complete_panel(hearing, rng, chiefs)
            if not hearing.lots_drawn_at:
                hearing_services.hearing_draw_lots(actor=None, hearing=hearing)
        held.append((when, opening, hearing))
    if run:
        for when, opening, hearing in sorted(held, key=lambda row: (row[0], row[1].pk)):
            tl.mark(opening, _run_hearing(tl, hearing, when, rng))
