"""Whom each event concerns: the cadre of part A's steps, the placed people of part B."""

from __future__ import annotations

import pytest

from cadrex.accounts.models import Role, User
from cadrex.notifications.models import Kind, Notification
from cadrex.notifications.services import notifications_dispatch

pytestmark = pytest.mark.django_db


def _dispatch_all():
    more = True
    while more:
        _, more = notifications_dispatch()


def test_a3_a7_a8_a_contestant_is_told_consent_shortlist_and_hearing_time(ready):
    contestant = ready["contestants"][0]
    cadre = contestant.application.cadre
    user = User.objects.create(username="contestant", role=Role.CADRE, cadre=cadre)
    _dispatch_all()
    _dispatch_all()  # a second pass tells nobody again
    told = Notification.objects.filter(recipient=user).order_by("id")
    assert [n.kind for n in told] == [Kind.CONSENT, Kind.SHORTLIST, Kind.HEARING]
    hearing = told.get(kind=Kind.HEARING)
    assert "三楼会议室" in hearing.body and hearing.title == "公开竞岗时间地点"


def test_b5_b6_the_placed_people_are_told_where_and_by_when_to_answer(directed):
    _dispatch_all()
    cadre = directed["users"]["cadre"]  # 乙一: matched to D01 (first choice)
    told = Notification.objects.filter(recipient=cadre, kind=Kind.MATCHING)
    assert told.count() == 1
    assert "您被安排到：市财政局" in told[0].body
    assert told[0].link == "/exchange/my/"


def test_an_event_that_concerns_nobody_is_passed_over(world, campaign):
    created, more = notifications_dispatch()  # campaign_create, schedule: no one to tell
    assert (created, more) == (0, False)
    assert not Notification.objects.exists()


def test_a3_a_leader_by_a_further_role_is_asked_for_consent_once(part_a, clock):
    from cadrex.accounts.models import RoleGrant
    from cadrex.competition.registration import services as registration

    # 甲一 (D01's cadre) also leads D02 by a further role; 乙一 of D02 applies to D01.
    jia = User.objects.create(username="jia", role=Role.CADRE, cadre=part_a["cadres"]["甲一"])
    RoleGrant.objects.create(
        user=jia, role=Role.UNIT_LEADER, unit=part_a["units"]["D02"], granted_at=clock.now
    )
    registration.application_submit(
        actor=None, cadre=part_a["cadres"]["乙一"], opening=part_a["d01"], recusal_confirmed=True
    )
    _dispatch_all()
    asked = Notification.objects.filter(kind=Kind.CONSENT_NEEDED)
    assert list(asked.values_list("recipient__username", flat=True)) == ["jia"]


def test_a9_a10_the_vetted_are_told_and_the_ballot_outcome_reaches_each_candidate(scored):
    from cadrex.competition.decision import ballot as ballots
    from tests.competition.test_decision import open_ballot, vetted

    top, second = scored["top"], scored["second"]
    users = {
        name: User.objects.create(username=name, role=Role.CADRE, cadre=a.cadre)
        for name, a in (("top", top), ("second", second))
    }
    vetted(scored)
    ballot = open_ballot(scored, 9, 9)
    ballots.ballot_enter_papers(actor=None, ballot=ballot, papers=[{str(top.pk): "for"}] * 9)
    ballots.ballot_count(actor=None, ballot=ballot)
    _dispatch_all()
    for name, outcome in (("top", "票决结果：您当选"), ("second", "票决结果：您未当选")):
        told = Notification.objects.filter(recipient=users[name])
        assert told.filter(kind=Kind.VETTING).count() == 1
        assert list(told.filter(kind=Kind.BALLOT).values_list("title", flat=True)) == [outcome]
