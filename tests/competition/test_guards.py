"""The pages cannot step around the rules: each bypass the issue found, tried as its role
would, is refused with a clear Chinese message (nothing changed) or handled as the rule says.

Time moves forward through the frozen clock: a hearing today, its vetting and ballot today,
the publicity from today, the publication after the clock has moved past its end.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cadrex.audit.models import Event
from cadrex.competition.decision import appointment as appointments
from cadrex.competition.decision import ballot as ballots
from cadrex.competition.decision import secret_ballot
from cadrex.competition.decision import services as decision
from cadrex.competition.decision.verify import verify_ballot
from cadrex.competition.hearing import scoring
from cadrex.competition.hearing import selectors as hearing_selectors
from cadrex.competition.models import (
    Application,
    ApplicationStatus,
    Appointment,
    AppointmentStatus,
    BallotRound,
    BallotStatus,
    OpeningStatus,
    Probation,
    TieBreak,
)
from cadrex.competition.registration import screening, services
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from tests.competition.conftest import LEADER_SCORES, STAFF_SCORES, add_cadre, open_only


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _apply(part_a, opening, count: int, seq: int = 800) -> list[Application]:
    made = []
    for i in range(count):
        person = add_cadre(part_a["units"]["D02"], seq + i * 2, name=f"报名人{i}")
        a = services.application_submit(
            actor=None, cadre=person, opening=opening, recusal_confirmed=True
        )
        made.append(services.application_consent(actor=None, application=a, agree=True))
    return made


# ------------------------------------------------------------------ A6


@pytest.fixture
def reviewed(part_a):
    """D01's opening with exactly two qualified applicants; the review closed."""
    two = _apply(part_a, part_a["d01"], 2)
    open_only(part_a["campaign"], Step.QUALIFICATION_REVIEW)
    screening.review_qualify_all(actor=None, campaign=part_a["campaign"])
    screening.review_close(actor=None, campaign=part_a["campaign"])
    return {**part_a, "two": two}


def test_a6_a_late_disqualification_applies_a6_again(reviewed, as_user):
    open_only(reviewed["campaign"], Step.REAPPLICATION)
    first, second = reviewed["two"]
    response = as_user("office").post(
        reverse("competition:review_decide", args=[first.pk]),
        {"qualified": "no", "note": "任现职级不满2年"},
    )
    assert response.status_code == 302
    opening = reviewed["d01"]
    opening.refresh_from_db()
    assert opening.status == OpeningStatus.CANCELLED
    assert "1名，少于2名" in opening.cancelled_reason
    second.refresh_from_db()
    assert second.status == ApplicationStatus.OPENING_CANCELLED  # free to switch (A6)
    first.refresh_from_db()
    assert first.status == ApplicationStatus.UNQUALIFIED  # found unqualified: no switch
    assert any("已不进行竞岗" in m and "改报" in m for m in _messages(response))
    assert Event.objects.filter(action="opening_cancel", object_id=str(opening.pk)).exists()
    # The remaining applicant really may switch, in the re-application window.
    moved = services.application_switch(
        actor=None, application=second, to=reviewed["t01"], recusal_confirmed=True
    )
    assert moved.status == ApplicationStatus.SUBMITTED and moved.opening == reviewed["t01"]


def test_a6_review_is_settled_once_the_contestants_are_fixed(reviewed):
    campaign = reviewed["campaign"]
    open_only(campaign, Step.SHORTLIST)
    screening.shortlist_record(actor=None, opening=reviewed["d01"])
    open_only(campaign, Step.REAPPLICATION)
    with pytest.raises(RuleViolation, match="已确定竞岗对象"):
        screening.application_review(
            actor=None, application=reviewed["two"][0], qualified=False, note="x"
        )
    reviewed["two"][0].refresh_from_db()
    assert reviewed["two"][0].status == ApplicationStatus.CONTESTANT


def test_a6_the_review_closes_once(reviewed):
    open_only(reviewed["campaign"], Step.QUALIFICATION_REVIEW)
    before = Event.objects.count()
    with pytest.raises(RuleViolation, match="不能重复结束"):
        screening.review_close(actor=None, campaign=reviewed["campaign"])
    assert Event.objects.count() == before


# ------------------------------------------------------------------ A7


@pytest.mark.parametrize("typed", ["abc", "0", "-1", "1.5", "二", "=1+1"])
def test_a7_a_place_that_is_not_a_whole_number_is_refused(part_a, as_user, typed):
    campaign = part_a["campaign"]
    campaign.policy_overrides = {"shortlist_cap": 2}
    campaign.save()
    three = _apply(part_a, part_a["d01"], 3)
    open_only(campaign, Step.QUALIFICATION_REVIEW)
    screening.review_qualify_all(actor=None, campaign=campaign)
    screening.review_close(actor=None, campaign=campaign)
    open_only(campaign, Step.SHORTLIST)
    places = {f"rank_{a.pk}": str(i) for i, a in enumerate(three, start=1)}
    places[f"rank_{three[1].pk}"] = typed
    response = as_user("operator").post(
        reverse("competition:shortlist", args=[part_a["d01"].pk]),
        {"method": "面谈", **places},
    )
    assert response.status_code == 200  # the form again, with the message
    assert any("不是正整数" in m and "报名人1" in m for m in _messages(response))
    assert set(
        Application.objects.filter(pk__in=[a.pk for a in three]).values_list("status", flat=True)
    ) == {ApplicationStatus.QUALIFIED}
    part_a["d01"].refresh_from_db()
    assert part_a["d01"].shortlist_confirmed_at is None


# ------------------------------------------------------------------ A8 ties


@pytest.fixture
def tied(ready):
    """Three contestants; the 2nd and 3rd speakers tie on total and leader mean."""
    by_order = sorted(ready["contestants"], key=lambda c: c.order)
    for contestant, bump in zip(by_order, (3, 0, 0), strict=True):
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
    return {**ready, "by_order": by_order}


def test_a8_a_tie_at_the_cut_is_broken_by_the_office_with_a_reason(tied, as_user):
    opening = tied["d01"]
    _, second, third = tied["by_order"]
    with pytest.raises(RuleViolation, match="须由竞岗交流工作办公室确定并列名次"):
        decision.vetting_fix(actor=None, opening=opening)
    page = as_user("office").get(reverse("competition:decision", args=[opening.pk]))
    assert page.context["tie"]["rank"] == 2 and page.context["tie"]["blocking"]
    url = reverse("competition:tie_break", args=[opening.pk])
    data = {
        "rank": "2",
        "tied": [str(second.application_id), str(third.application_id)],
        f"place_{third.application_id}": "1",
        f"place_{second.application_id}": "2",
    }
    response = as_user("office").post(url, {**data, "reason": ""})
    assert any("写明理由" in m for m in _messages(response))
    assert not TieBreak.objects.exists()
    response = as_user("office").post(
        url, {**data, f"place_{third.application_id}": "abc", "reason": "初步比选"}
    )
    assert any("不是正整数" in m for m in _messages(response))
    assert not TieBreak.objects.exists()
    as_user("office").post(url, {**data, "reason": "结合初步比选情况"})
    tie = TieBreak.objects.get()
    assert tie.order == [str(third.application_id), str(second.application_id)]
    rows = decision.vetting_fix(actor=None, opening=opening)
    assert [r.application_id for r in rows] == [
        tied["by_order"][0].application_id,
        third.application_id,
    ]
    response = as_user("office").post(url, {**data, "reason": "再改一次"})
    assert any("不能" in m for m in _messages(response))
    assert TieBreak.objects.count() == 1


def test_a8_only_the_office_breaks_a_tie(tied, as_user):
    url = reverse("competition:tie_break", args=[tied["d01"].pk])
    assert as_user("leader").post(url, {"rank": "2", "reason": "x"}).status_code == 403
    assert not TieBreak.objects.exists()


# ------------------------------------------------------------------ A10


def _vet(scored, clock):
    for row in decision.vetting_fix(actor=None, opening=scored["d01"]):
        decision.vetting_record(
            actor=None,
            candidate=row,
            methods=["talks"],
            findings="德才表现良好",
            opinion="fit",
            vetted_on=clock.today,
        )
    open_only(scored["campaign"], Step.BALLOT)


def _open(scored, clock, expected, present, mode="counted"):
    return ballots.ballot_open(
        actor=None,
        opening=scored["d01"],
        held_on=clock.today,
        committee="市财政局党组",
        expected=expected,
        present=present,
        mode=mode,
    )


def test_a10_a_meeting_without_quorum_is_recorded_and_decides_nothing(scored, clock, as_user):
    _vet(scored, clock)
    response = as_user("operator").post(
        reverse("competition:ballot_open", args=[scored["d01"].pk]),
        {
            "held_on": clock.today.isoformat(),
            "committee": "市财政局党组",
            "expected": "9",
            "present": "5",
            "mode": "counted",
        },
    )
    first = BallotRound.objects.get()
    assert (first.round, first.status) == (1, BallotStatus.NO_QUORUM)
    assert first.elected_id is None and not first.papers.exists() and not first.terminal_token
    assert any("不足三分之二" in m and "不作决定" in m for m in _messages(response))
    second = _open(scored, clock, 9, 8)
    assert (second.round, second.status) == (2, BallotStatus.OPEN)
    ballots.ballot_enter_papers(
        actor=None, ballot=second, papers=[{str(scored["top"].pk): "for"}] * 6
    )
    ballots.ballot_count(actor=None, ballot=second)
    second.refresh_from_db()
    assert second.status == BallotStatus.DECIDED and second.elected_id == scored["top"].pk
    assert verify_ballot(scored["d01"]) == []


@pytest.mark.parametrize("typed", ["abc", "", "0x9", "²"])
def test_a10_attendance_that_is_not_a_number_is_refused(scored, clock, as_user, typed):
    _vet(scored, clock)
    response = as_user("operator").post(
        reverse("competition:ballot_open", args=[scored["d01"].pk]),
        {
            "held_on": clock.today.isoformat(),
            "committee": "市财政局党组",
            "expected": typed,
            "present": "5",
            "mode": "counted",
        },
    )
    assert any("应到会人数须填写0或正整数" in m for m in _messages(response))
    assert not BallotRound.objects.exists()


def test_a10_a_secret_count_with_members_yet_to_vote_needs_the_chairs_word(scored, clock, as_user):
    _vet(scored, clock)
    ballot = ballots.ballot_open(
        actor=None,
        opening=scored["d01"],
        held_on=clock.today,
        committee="市财政局党组",
        expected=9,
        present=7,
        mode="secret",
        voters=[f"成员{i}" for i in range(7)],
    )
    secret = secret_ballot.terminal_claim(
        token=ballot.terminal_token, pin="246810", pin_again="246810"
    )
    for voter in list(ballot.voters.all())[:6]:
        secret_ballot.ballot_issue(
            token=ballot.terminal_token, secret=secret, voter_id=voter.pk, pin="246810"
        )
        secret_ballot.ballot_cast(
            token=ballot.terminal_token, secret=secret, marks={str(scored["top"].pk): "for"}
        )
    url = reverse("competition:ballot_count", args=[scored["d01"].pk])
    response = as_user("operator").post(url, {"ballot": ballot.pk})
    assert any("尚有1人未投票" in m for m in _messages(response))
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.OPEN and ballot.counted_at is None
    assert not ballot.papers.exists() and sum(ballot.box.values()) == 6  # the box untouched
    as_user("operator").post(
        url, {"ballot": ballot.pk, "confirm_unvoted": "on", "unvoted_note": "一人中途离会"}
    )
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.DECIDED and ballot.unvoted == 1
    event = Event.objects.get(action="ballot_count", object_id=str(ballot.pk))
    assert event.after["unvoted"] == 1 and event.note == "一人中途离会"


def test_a10_the_meeting_date_follows_the_last_round(scored, clock):
    _vet(scored, clock)
    _open(scored, clock, 9, 5)  # no quorum, today
    with pytest.raises(RuleViolation, match="不能早于上一轮票决"):
        ballots.ballot_open(
            actor=None,
            opening=scored["d01"],
            held_on=clock.today - timedelta(days=1),
            committee="市财政局党组",
            expected=9,
            present=8,
            mode="counted",
        )
    assert BallotRound.objects.count() == 1


# ------------------------------------------------------------------ A11


@pytest.fixture
def approved(scored, clock):
    _vet(scored, clock)
    ballot = _open(scored, clock, 9, 8)
    ballots.ballot_enter_papers(
        actor=None, ballot=ballot, papers=[{str(scored["top"].pk): "for"}] * 6
    )
    ballots.ballot_count(actor=None, ballot=ballot)
    open_only(scored["campaign"], Step.APPOINTMENT)
    appointment = appointments.appointment_prepare(
        actor=None, opening=scored["d01"], reason="经公开竞岗、考察和票决"
    )
    appointments.appointment_submit(actor=None, appointment=appointment)
    appointments.appointment_review(actor=None, appointment=appointment, approve=True)
    appointment.refresh_from_db()
    return {**scored, "appointment": appointment}


def test_a11_publicity_cannot_start_in_the_past(approved, clock, as_user):
    url = reverse("competition:appointment_publicise", args=[approved["d01"].pk])
    month_ago = clock.today - timedelta(days=30)
    response = as_user("operator").post(url, {"start": month_ago.isoformat()})
    assert any("任前公示开始日期不能早于" in m for m in _messages(response))
    response = as_user("operator").post(url, {"start": "not-a-date"})
    assert any("请填写任前公示开始日期" in m for m in _messages(response))
    approved["appointment"].refresh_from_db()
    assert approved["appointment"].status == AppointmentStatus.APPROVED
    assert approved["appointment"].publicity_start is None


def test_a11_published_only_after_the_publicity_ends(approved, clock, as_user):
    appointment = approved["appointment"]
    as_user("operator").post(
        reverse("competition:appointment_publicise", args=[approved["d01"].pk]),
        {"start": clock.today.isoformat()},
    )
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PUBLICISED
    assert appointment.publicity_end >= clock.today + timedelta(days=4)
    publish = reverse("competition:appointment_publish", args=[approved["d01"].pk])
    response = as_user("operator").post(publish, {"on": clock.today.isoformat()})
    assert any("期满后才能发文任职" in m for m in _messages(response))
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PUBLICISED
    clock.move_to(appointment.publicity_end + timedelta(days=1))
    ahead = clock.today + timedelta(days=1)
    response = as_user("operator").post(publish, {"on": ahead.isoformat()})
    assert any("不能晚于今天" in m for m in _messages(response))
    as_user("operator").post(publish, {"on": clock.today.isoformat()})
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PUBLISHED


def test_a11_submit_before_any_appointment_is_a_message_not_an_error(scored, clock, as_user):
    open_only(scored["campaign"], Step.APPOINTMENT)
    for name in ("appointment_submit", "appointment_publicise", "appointment_publish"):
        user = "leader" if name == "appointment_submit" else "operator"
        response = as_user(user).post(
            reverse(f"competition:{name}", args=[scored["d01"].pk]),
            {"start": clock.today.isoformat(), "on": clock.today.isoformat()},
        )
        assert response.status_code == 302
        assert any("尚未生成任免审批材料" in m for m in _messages(response))
    assert not Appointment.objects.exists()


def test_a11_a_probation_is_concluded_no_earlier_than_its_term(approved, clock, as_user):
    appointment = approved["appointment"]
    appointments.appointment_publicise(actor=None, appointment=appointment, start=clock.today)
    appointment.refresh_from_db()
    clock.move_to(appointment.publicity_end + timedelta(days=1))
    appointments.appointment_publish(actor=None, appointment=appointment, on=clock.today)
    probation = Probation.objects.get()
    assert probation.end > clock.today
    url = reverse("competition:probation_conclude", args=[probation.pk])
    response = as_user("orgdept").post(url, {"outcome": "confirmed"})
    assert any("届满前不能作出结论" in m for m in _messages(response))
    probation.refresh_from_db()
    assert probation.outcome == ""
    clock.move_to(probation.end - timedelta(days=1))
    response = as_user("orgdept").post(url, {"outcome": "removed", "note": "不胜任"})
    assert any("届满前不能作出结论" in m for m in _messages(response))
    clock.move_to(probation.end)
    as_user("orgdept").post(url, {"outcome": "confirmed"})
    probation.refresh_from_db()
    assert probation.outcome == "confirmed"
    response = as_user("orgdept").post(url, {"outcome": "removed", "note": "x"})
    assert any("不能办理" in m or "已有结论" in m for m in _messages(response))
