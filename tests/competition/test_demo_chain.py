"""The demo fast-forward from any state (README "Walking the steps").

Every part-A target is reached from the seed, after another fast-forward, and after work
done by hand; afterwards the target is open now, every hearing and ballot re-derives from
its evidence (A8, A10), and the records tell the truth about time: each after the one it
builds on, none after now, a publicity of 5 working days before its appointment (A11).

A small demo city (seven units of the demo roster) is seeded once for the module; each test
runs in its own transaction on top of it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db.models import Max, Min
from django.utils import timezone

import cadrex.demo.city as campaigns_demo
from cadrex.campaigns.calendar import work_calendar
from cadrex.campaigns.selectors import current_campaign, step_is_open, window_for
from cadrex.competition.decision import appointment as appointments
from cadrex.competition.decision import ballot as ballots
from cadrex.competition.decision import secret_ballot
from cadrex.competition.decision import services as decision
from cadrex.competition.decision.verify import verify_ballot
from cadrex.competition.hearing import scoring
from cadrex.competition.hearing import selectors as hearing_selectors
from cadrex.competition.hearing import services as hearings
from cadrex.competition.hearing.verify import verify_hearing
from cadrex.competition.models import (
    Application,
    Appointment,
    BallotRound,
    Hearing,
    HearingContestant,
    Juror,
    Opening,
    Score,
    TieBreak,
    VettingCandidate,
)
from cadrex.competition.registration import screening
from cadrex.competition.registration import selectors as registration_selectors
from cadrex.demo.fast_forward import fast_forward
from cadrex.registry.demo import CitySize, build_city
from cadrex.registry.models import MiddleLevelPost
from cadrex.registry.roster import CADRE_COLUMNS
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from tests import clock as test_clock
from tests.clock import current as current_clock
from tests.conftest import workbook_bytes

S = Step
PART_A = [S.QUALIFICATION_REVIEW, S.SHORTLIST, S.HEARING, S.VETTING, S.BALLOT]
PART_A += [S.APPOINTMENT, S.ADJUSTMENT]
# Three towns and three departments of the demo roster (T01 and D01 have the demo logins: their
# openings are left for the tester from the vetting on), and one vertically managed unit.
UNITS = {"T01", "T02", "T03", "D01", "D02", "D04", "V01"}
TESTER = {"T01", "D01"}


def _small_city(size: CitySize, today) -> bytes:
    units, cadres, posts = build_city(CitySize(cadres=3000), today)
    at = [c.field for c in CADRE_COLUMNS].index("unit")
    return workbook_bytes(
        [u for u in units if u[0] in UNITS],
        [c for c in cadres if c[at] in UNITS],
        [p for p in posts if p[2] in UNITS],
    ).getvalue()


@pytest.fixture(scope="module")
def demo_city(django_db_setup, django_db_blocker):
    """The demo seed (part A at registration) on the small city, once for the module, at
    the session's instant; emptied again afterwards."""
    travel, clock = test_clock.start(test_clock.session_base(), tick=False)
    try:
        with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
            patch.setattr(campaigns_demo, "city_workbook", _small_city)
            campaigns_demo.seed_demo(today=clock.today, cadres=300)
    finally:
        test_clock.stop(travel)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(demo_city, db):
    return current_campaign()


# ---------------------------------------------------------------------- what must hold


def _openings(campaign, *, tester: bool | None = None):
    found = Opening.objects.filter(campaign=campaign, status="published").order_by("id")
    if tester is None:
        return found
    return found.filter(unit__code__in=TESTER) if tester else found.exclude(unit__code__in=TESTER)


def _in_order(*moments) -> bool:
    present = [m for m in moments if m is not None]
    return present == sorted(present)


def _day(moment):
    return timezone.localdate(moment) if moment else None


_verified: set[tuple] = set()


@pytest.fixture(autouse=True)
def _fresh_verification():
    _verified.clear()


def _closed(hearing) -> tuple:
    return tuple(hearing.contestants.order_by("pk").values_list("pk", "scoring", "total"))


def assert_consistent(campaign, step: Step) -> None:
    """The target is open now; hearings and ballots re-derive; every record comes after the
    one it builds on and none after now; published appointments had their publicity."""
    clock = current_clock()
    now, today = clock.now, clock.today
    campaign.refresh_from_db()
    assert step_is_open(campaign, step)
    for hearing in Hearing.objects.filter(opening__campaign=campaign):
        state = ("hearing", hearing.pk, hearing.chain_head, hearing.status, _closed(hearing))
        if state not in _verified:  # re-derived once per state it reaches
            assert verify_hearing(hearing) == [], hearing
            _verified.add(state)
    for opening in Opening.objects.filter(campaign=campaign, ballots__isnull=False).distinct():
        appointed = Appointment.objects.filter(opening=opening).values_list("application_id")
        state = ("ballot", opening.pk, opening.ballot_head, opening.ballots.count(), *appointed)
        if state not in _verified:
            assert verify_ballot(opening) == [], opening
            _verified.add(state)
    for appointment in Appointment.objects.filter(opening__campaign=campaign):
        if appointment.status == "published":
            assert (
                appointment.publicity_start
                <= appointment.publicity_end
                < appointment.published_on
                <= today
            )
    for opening in _openings(campaign):
        hearing = Hearing.objects.filter(opening=opening).first()
        contestants = HearingContestant.objects.filter(hearing=hearing)
        held = contestants.aggregate(first=Min("opened_at"), last=Max("closed_at"))
        last_score = Score.objects.filter(contestant__hearing=hearing).aggregate(
            m=Max("submitted_at")
        )
        rounds = list(BallotRound.objects.filter(opening=opening).order_by("round"))
        vetted = [v.vetted_on for v in VettingCandidate.objects.filter(opening=opening)]
        appointment = Appointment.objects.filter(opening=opening).first()
        moments = [
            campaign.review_closed_at,
            opening.shortlist_confirmed_at,
            opening.contestants_published_at,
            held["first"],
            held["last"],
            hearing.results_published_at if hearing else None,
            *(b.counted_at for b in rounds),
            appointment.submitted_at if appointment else None,
            appointment.reviewed_at if appointment else None,
        ]
        assert _in_order(*moments, now), (opening, moments)
        assert last_score["m"] is None or last_score["m"] <= now
        days = [
            _day(held["last"]),
            min((v for v in vetted if v), default=None),  # A9: not before the hearing
            max((v for v in vetted if v), default=None),
            *(b.held_on for b in rounds),  # A10: each round on or after the one before
            appointment.decided_on if appointment else None,
            _day(appointment.reviewed_at) if appointment else None,
            today,
        ]
        assert _in_order(*days), (opening, days)
        if appointment and appointment.publicity_start:  # A11: from the approval on
            assert appointment.publicity_start >= days[-2]


def assert_inside_windows(campaign) -> None:
    """Straight from the seed, each past step's work lies inside that step's window of the
    schedule the campaign ends with."""

    def inside(step: Step, moment) -> None:
        window = window_for(campaign, step)
        if hasattr(moment, "hour"):
            assert window.start <= moment < window.end, (step, moment)
        else:
            assert _day(window.start) <= moment <= _day(window.end), (step, moment)

    for application in Application.objects.filter(campaign=campaign, reviewed_at__isnull=False):
        inside(S.QUALIFICATION_REVIEW, application.reviewed_at)
    for opening in _openings(campaign).exclude(shortlist_confirmed_at=None):
        inside(S.SHORTLIST, opening.shortlist_confirmed_at)
    for contestant in HearingContestant.objects.exclude(opened_at=None):
        inside(S.HEARING, contestant.opened_at)
    for candidate in VettingCandidate.objects.exclude(vetted_on=None):
        inside(S.VETTING, candidate.vetted_on)
    for ballot in BallotRound.objects.all():
        inside(S.BALLOT, ballot.held_on)
    for appointment in Appointment.objects.all():
        inside(S.APPOINTMENT, appointment.submitted_at)


def assert_outcome(campaign, step: Step, notes: list[str]) -> None:
    """What each target finds done — and what it leaves to its own users."""
    index = PART_A.index(step)
    campaign.refresh_from_db()
    applications = Application.objects.filter(campaign=campaign)
    if step == S.QUALIFICATION_REVIEW:
        assert not applications.exclude(reviewed_at=None).exists()  # left for the office
        assert campaign.review_closed_at is None
        return
    assert campaign.review_closed_at is not None
    assert not applications.filter(active=True, status="submitted").exists()
    assert Opening.objects.filter(campaign=campaign, status="cancelled").exists()  # A6
    if step == S.SHORTLIST:
        assert not _openings(campaign).exclude(shortlist_confirmed_at=None).exists()
        return
    assert not _openings(campaign).filter(contestants_published_at=None).exists()
    for opening in _openings(campaign):  # A7: all qualified, at most the cap
        pool = opening.applications.filter(status__in=["contestant", "not_shortlisted"])
        assert pool.filter(status="contestant").count() == min(pool.count(), 10) >= 2
    for opening in _openings(campaign):
        hearing = Hearing.objects.get(opening=opening)
        leaders = hearing.jurors.filter(jury="leader", substitute=False)
        assert leaders.count() == 7 and leaders.filter(office_assigned=True).count() >= 2
        assert hearing.jurors.filter(jury="staff").count() >= 3 and hearing.lots_drawn_at
        if step == S.HEARING:
            assert hearing.status == "planned" and hearing.scheduled_at > current_clock().now
        else:
            assert hearing.status == "finished"
    vetted = set(VettingCandidate.objects.values_list("opening_id", flat=True))
    decided = set(BallotRound.objects.filter(status="decided").values_list("opening_id", flat=True))
    for opening in _openings(campaign, tester=False):
        assert (opening.pk in vetted) == (index > PART_A.index(S.VETTING)), opening
        assert (opening.pk in decided) == (index > PART_A.index(S.BALLOT)), opening
        if index > PART_A.index(S.APPOINTMENT):
            assert_appointed(opening, notes)
    for opening in _openings(campaign, tester=True):  # left for the demo logins
        assert opening.pk not in vetted and not opening.ballots.exists()
    if index <= PART_A.index(S.APPOINTMENT):
        assert not Appointment.objects.exists()
    assert all(OVER_CAP in note or _holiday_delayed(note) for note in notes), notes


def _holiday_delayed(note: str) -> bool:
    """A note that a publicity still runs is expected only when a public holiday fell inside
    it (A11 counts China's working days, ADR 0012): the demo's plan leaves room for five
    Monday-to-Friday days, not for 国庆 or 春节."""
    found = re.search(r"任前公示至(\d{4}-\d{2}-\d{2})", note)
    if not found:
        return False
    end = date.fromisoformat(found.group(1))
    days = work_calendar()
    span = [end - timedelta(days=i) for i in range(21)]
    return any(d.weekday() < 5 and not days.is_working_day(d) for d in span)


def _waiting(notes: list[str]) -> int:
    """How many appointments the notes say are still in their publicity (A11)."""
    return sum(int(m) for n in notes for m in re.findall(r"(\d+)项任职的任前公示至", n))


OVER_CAP = "超出"  # A12: a unit with two openings is over its cap after the first appointment


def assert_appointed(opening, notes: list[str]) -> None:
    """Published and in post — or held back by the unit's headcount cap, and said so (A12)."""
    appointment = Appointment.objects.get(opening=opening)
    if appointment.status == "published":
        cadre = appointment.application.cadre
        assert MiddleLevelPost.objects.get(cadre=cadre).unit_id == opening.unit_id
    else:
        assert appointment.status == "publicised", appointment
        # Held back by the cap (A12), or a publicity that a holiday (国庆, 春节) has made run
        # past today (A11 counts working days): either way the demo says so.
        running = appointment.publicity_end >= timezone.localdate() and any(
            str(opening) in n and f"任前公示至{appointment.publicity_end:%Y-%m-%d}" in n
            for n in notes
        )
        capped = any(str(opening) in n and OVER_CAP in n for n in notes)
        assert capped or running, (opening, notes)


# ---------------------------------------------------------------------- from the seed


@pytest.mark.parametrize("step", PART_A, ids=[s.value for s in PART_A])
def test_every_target_straight_from_the_seed(demo, step):
    notes = fast_forward(demo, step)
    assert_consistent(demo, step)
    assert_inside_windows(demo)
    assert_outcome(demo, step, notes)


def test_the_demo_advance_command(demo, settings, capsys):
    settings.CADREX_DEMO = True
    call_command("demo_advance", "hearing")
    assert "已快进到“公开竞岗" in capsys.readouterr().out
    assert_consistent(demo, S.HEARING)


# ---------------------------------------------------------------------- after another


def _done() -> tuple[int, ...]:
    """How much part-A work there is: what a fast-forward with nothing to do must not add."""
    return (
        Application.objects.exclude(reviewed_at=None).count(),
        Juror.objects.count(),
        Score.objects.count(),
        TieBreak.objects.count(),
        VettingCandidate.objects.exclude(opinion="").count(),
        BallotRound.objects.count(),
        Appointment.objects.filter(status="published").count(),
    )


def test_each_target_after_the_one_before(demo, clock):
    """The tester presses one button after the other, without waiting. Each one's work comes
    after the work of the one before, so the appointments wait for their publicity, which
    can start only after the ballot; nine days later a fast-forward publishes them, a second
    one repeats nothing, and part B then starts at the real now."""
    for step in PART_A:
        notes = fast_forward(demo, step)
        assert_consistent(demo, step)
    units = _openings(demo, tester=False)
    assert Appointment.objects.filter(status="publicised").count() == units.count() >= 3
    assert _waiting(notes) == units.count()
    for appointment in Appointment.objects.all():
        assert appointment.publicity_start >= appointment.decided_on
        assert appointment.publicity_end >= clock.today
    clock.shift(timedelta(days=9))
    notes = fast_forward(demo, S.ADJUSTMENT)
    assert_consistent(demo, S.ADJUSTMENT)
    for opening in units:
        assert_appointed(opening, notes)
    done = _done()
    clock.shift(timedelta(minutes=5))
    assert fast_forward(demo, S.ADJUSTMENT) == notes
    assert _done() == done
    assert_consistent(demo, S.ADJUSTMENT)
    # Part B's first steps happen at the real now, after all of part A.
    from cadrex.exchange.models import ExchangeDeclaration

    clock.shift(timedelta(minutes=5))
    fast_forward(demo, S.VACANCIES)
    assert_consistent(demo, S.VACANCIES)
    part_a = BallotRound.objects.aggregate(m=Max("counted_at"))["m"]
    declared = ExchangeDeclaration.objects.filter(campaign=demo, status="submitted")
    assert declared.exists()
    assert all(part_a < d.submitted_at <= clock.now for d in declared)


def test_skipping_from_the_hearing_to_the_adjustment(demo, clock):
    """Skips over several steps (the tests below skip too: hearing → ballot, vetting →
    appointment). The hearings come after the shortlists of two days ago, so the
    appointments are still in their publicity."""
    fast_forward(demo, S.HEARING)
    clock.shift(timedelta(minutes=20))
    notes = fast_forward(demo, S.ADJUSTMENT)
    assert_consistent(demo, S.ADJUSTMENT)
    assert not VettingCandidate.objects.exclude(opinion="fit").exists()
    assert not BallotRound.objects.exclude(status="decided").exists()
    publicised = Appointment.objects.filter(status="publicised").count()
    assert publicised == _openings(demo, tester=False).count() == _waiting(notes)


def test_the_fast_forward_does_not_go_back(demo, clock):
    """Back to the review while the hearings are set would open the review beside them: it
    is refused, names where the demo is, and changes nothing; the same step again is fine."""
    fast_forward(demo, S.HEARING)
    windows = {w.step: (w.start, w.end) for w in demo.windows.all()}
    done = _done()
    with pytest.raises(RuleViolation) as refused:
        fast_forward(demo, S.QUALIFICATION_REVIEW)
    assert "演示快进只能向后：当前已到“公开竞岗" in refused.value.message
    assert "不能回到“资格审查”" in refused.value.message
    assert {w.step: (w.start, w.end) for w in demo.windows.all()} == windows
    assert _done() == done
    clock.shift(timedelta(minutes=5))
    fast_forward(demo, S.HEARING)  # where it is: allowed, nothing to add
    assert _done() == done


# ---------------------------------------------------------------------- after work by hand


@pytest.mark.parametrize("closed", [False, True], ids=["review_open", "review_closed"])
def test_review_partly_by_hand(demo, clock, closed):
    fast_forward(demo, S.QUALIFICATION_REVIEW)
    waiting = list(Application.objects.filter(campaign=demo, status="submitted").order_by("id"))
    mine = waiting if closed else waiting[:3]
    for application in mine:
        screening.application_review(actor=None, application=application, qualified=True)
    if closed:
        screening.review_close(actor=None, campaign=demo)
    clock.shift(timedelta(hours=2))
    fast_forward(demo, S.HEARING)
    assert_consistent(demo, S.HEARING)
    by_hand = clock.now - timedelta(hours=2)
    for application in mine:
        application.refresh_from_db()
        assert application.reviewed_at == by_hand  # kept, not reviewed again
    later = Application.objects.filter(campaign=demo, reviewed_at__gt=by_hand)
    assert later.count() == len(waiting) - len(mine)
    demo.refresh_from_db()
    assert (demo.review_closed_at == by_hand) == closed and demo.review_closed_at >= by_hand


def _shortlist_by_hand(opening) -> None:
    """A7: the unit fixes its contestants, ranking its pre-screen when there are too many."""
    pool = list(registration_selectors.qualified_applications(opening).values_list("pk", flat=True))
    big = len(pool) > 10
    screening.shortlist_record(
        actor=None, opening=opening, method="面谈" if big else "", order=pool if big else None
    )


def test_shortlists_partly_fixed_by_hand(demo, clock):
    fast_forward(demo, S.SHORTLIST)
    opening = _openings(demo, tester=False).first()
    _shortlist_by_hand(opening)
    fixed_at = clock.now
    clock.shift(timedelta(hours=1))
    fast_forward(demo, S.HEARING)
    opening.refresh_from_db()
    assert opening.shortlist_confirmed_at == fixed_at
    later = _openings(demo).filter(shortlist_confirmed_at__gt=fixed_at)
    assert later.count() == _openings(demo).count() - 1
    assert_consistent(demo, S.HEARING)


def test_a_hearing_scheduled_by_hand_without_lots_or_jurors(demo, clock):
    fast_forward(demo, S.SHORTLIST)
    for opening in _openings(demo):
        _shortlist_by_hand(opening)
    screening.contestants_publish(actor=None, campaign=demo)
    opening = _openings(demo, tester=False).first()
    when = clock.now + timedelta(days=2)
    hearing = hearings.hearing_schedule(actor=None, opening=opening, scheduled_at=when, room="三楼")
    fast_forward(demo, S.HEARING)
    hearing.refresh_from_db()
    assert (hearing.scheduled_at, hearing.room) == (when, "三楼") and hearing.lots_drawn_at
    assert hearing.contestants.count() == opening.applications.filter(status="contestant").count()
    assert_consistent(demo, S.HEARING)
    assert_outcome(demo, S.HEARING, [])


def _score_by_hand(contestant, value: str, jurors=None) -> None:
    panel = hearing_selectors.panel_for(contestant)
    for juror in jurors if jurors is not None else [*panel.leaders, *panel.staff]:
        scoring.score_submit(juror=juror, contestant_id=contestant.pk, value=value)


def test_hearings_partly_by_hand(demo, clock):
    """One panel short of a juror, one contestant's scoring open with three scores in, and
    a hearing scored by hand to a three-way tie across the 1:2 cut (A8/A9)."""
    fast_forward(demo, S.HEARING)
    mine = [Hearing.objects.get(opening=o) for o in _openings(demo, tester=False)]
    tied = next(h for h in mine if h.contestants.count() >= 3)
    short, running = [h for h in mine if h != tied][:2]
    hearings.juror_remove(actor=None, juror=short.jurors.filter(jury="leader").last())
    first = running.contestants.order_by("order").first()
    scoring.scoring_open(actor=None, contestant=first)
    _score_by_hand(first, "88", hearing_selectors.panel_for(first).leaders[:3])
    opened_at = clock.now
    for contestant in tied.contestants.order_by("order"):
        scoring.scoring_open(actor=None, contestant=contestant)
        _score_by_hand(contestant, "85")
        scoring.scoring_close(actor=None, contestant=contestant)
    clock.shift(timedelta(hours=2))
    fast_forward(demo, S.BALLOT)
    assert_consistent(demo, S.BALLOT)
    assert short.jurors.filter(jury="leader", substitute=False).count() == 7
    first.refresh_from_db()
    assert first.opened_at == opened_at and first.scoring == "closed"
    assert first.scores.filter(value=88).count() >= 3
    tie = TieBreak.objects.get(hearing=tied)  # the office ordered the tie before the vetting
    assert tie.rank == 1 and tie.reason and tie.decided_at >= opened_at
    chosen = list(VettingCandidate.objects.filter(opening=tied.opening).order_by("id"))
    assert [str(v.application_id) for v in chosen] == tie.order[:2]
    assert all(
        v.opinion == "fit" and v.vetted_on >= clock.today - timedelta(days=1) for v in chosen
    )


def test_vetting_fixed_by_hand_with_opinions_missing(demo, clock):
    fast_forward(demo, S.VETTING)
    one, other = _openings(demo, tester=False)[:2]
    rows = decision.vetting_fix(actor=None, opening=one)
    decision.vetting_fix(actor=None, opening=other)
    fixed_on = clock.today
    decision.vetting_record(
        actor=None,
        candidate=rows[0],
        methods=["talks"],
        findings="群众公认度高。",
        opinion="unfit",
        vetted_on=clock.today,
    )
    clock.shift(timedelta(hours=1))
    fast_forward(demo, S.APPOINTMENT)
    assert_consistent(demo, S.APPOINTMENT)
    rows[0].refresh_from_db()
    assert (rows[0].opinion, rows[0].findings) == ("unfit", "群众公认度高。")  # kept
    assert not VettingCandidate.objects.filter(opinion="").exists()
    # One fit candidate left for one seat: no competitive ballot (A10); the unit decides.
    assert not one.ballots.exists()
    assert other.ballots.get().status == "decided"
    assert all(v.vetted_on >= fixed_on for v in other.vetting.all())  # after the fixing


def test_ballots_then_appointments_by_hand(demo, clock):
    """Ballots: a round open with no papers, an undecided one, one without quorum followed
    by a secret round whose terminal nobody started, and a secret round started on the
    tester's device with two members voted. Appointments: draft, submitted, approved,
    publicised. The fast-forward completes each as its users would (A10, ADR 0008, A11);
    none of the appointments can be published before its publicity has run; nine days
    later they are."""
    fast_forward(demo, S.BALLOT)
    units = list(_openings(demo, tester=False))
    empty, split, thin, started = units[:4]
    members = [f"委员{i}" for i in range(1, 9)]

    def meeting(opening, present=8, mode="counted"):
        return ballots.ballot_open(
            actor=None,
            opening=opening,
            held_on=clock.today,
            committee="党组",
            expected=9,
            present=present,
            mode=mode,
            voters=members[:present] if mode == "secret" else (),
        )

    meeting(empty)
    opened_at = clock.now
    undecided = meeting(split)
    a, b = undecided.candidates[:2]
    papers = [{a: "for"}] * 4 + [{b: "for"}] * 4
    ballots.ballot_enter_papers(actor=None, ballot=undecided, papers=papers)
    assert ballots.ballot_count(actor=None, ballot=undecided).status == "undecided"
    assert meeting(thin, present=5).status == "no_quorum"
    meeting(thin, mode="secret")  # the members came back; nobody started the terminal
    ballot = meeting(started, mode="secret")
    token, pin = ballot.terminal_token, "135790"
    device = secret_ballot.terminal_claim(token=token, pin=pin, pin_again=pin)
    for voter in ballot.voters.all()[:2]:
        secret_ballot.ballot_issue(token=token, secret=device, voter_id=voter.pk, pin=pin)
        marks = {ballot.candidates[-1]: "for"}
        secret_ballot.ballot_cast(token=token, secret=device, marks=marks)
    clock.shift(timedelta(hours=1))
    assert fast_forward(demo, S.APPOINTMENT) == []
    assert_consistent(demo, S.APPOINTMENT)

    def rounds(opening):
        return [b.status for b in opening.ballots.order_by("round")]

    assert rounds(empty) == ["decided"] and empty.ballots.get().papers.count() == 8
    assert empty.ballots.get().counted_at > opened_at
    assert rounds(split) == ["undecided", "decided"]
    assert rounds(thin) == ["no_quorum", "decided"]
    second = thin.ballots.get(round=2)
    assert second.mode == "secret" and second.unvoted == 0 and second.papers.count() == 8
    assert rounds(started) == ["undecided", "decided"]  # two votes of nine expected
    first = started.ballots.get(round=1)
    assert first.unvoted == 6 and first.unvoted_note and first.papers.count() == 2

    draft, submitted, approved, publicised = units[:4]
    prepared_at = clock.now
    made = {
        o.pk: appointments.appointment_prepare(actor=None, opening=o, reason="票决产生")
        for o in (draft, submitted, approved, publicised)
    }
    for opening in (submitted, approved, publicised):
        appointments.appointment_submit(actor=None, appointment=made[opening.pk])
    for opening in (approved, publicised):
        appointments.appointment_review(actor=None, appointment=made[opening.pk], approve=True)
    today = clock.today
    tomorrow = today + timedelta(days=1)
    appointments.appointment_publicise(actor=None, appointment=made[publicised.pk], start=tomorrow)
    clock.shift(timedelta(hours=1))
    notes = fast_forward(demo, S.ADJUSTMENT)
    assert_consistent(demo, S.ADJUSTMENT)
    assert _waiting(notes) == len(units) and not Appointment.objects.filter(status="published")
    assert Appointment.objects.get(opening=publicised).publicity_start == tomorrow
    assert Appointment.objects.get(opening=draft).submitted_at > prepared_at
    for appointment in Appointment.objects.all():
        assert appointment.status == "publicised"
    for appointment in Appointment.objects.filter(opening_id__in=made):  # from today on
        assert appointment.publicity_start >= today
    clock.shift(timedelta(days=9))
    notes = fast_forward(demo, S.ADJUSTMENT)
    assert_consistent(demo, S.ADJUSTMENT)
    for opening in units:
        assert_appointed(opening, notes)
