"""A4 the office publishes the daily counts from a button as well as by cron: the same
service, pressed twice the same day it updates that day's figures, refused outside
registration."""

from __future__ import annotations

from django.urls import reverse

from cadrex.audit.models import Event
from cadrex.campaigns.models import Campaign
from cadrex.competition.models import DailyCount
from cadrex.competition.registration import services
from cadrex.rules.schedule import Step
from tests.competition.conftest import add_cadre, open_only
from tests.competition.controls import messages_of

BUTTON = reverse("competition:counts_snapshot")


def consented(cadre, opening):
    application = services.application_submit(
        actor=None, cadre=cadre, opening=opening, recusal_confirmed=True
    )
    return services.application_consent(actor=None, application=application, agree=True)


def test_a4_the_office_sees_the_button_on_the_daily_counts_page_and_the_public_does_not(
    part_a, client, as_user
):
    assert BUTTON not in client.get(reverse("notices:daily_counts")).content.decode()
    assert BUTTON in as_user("office").get(reverse("notices:daily_counts")).content.decode()


def test_a4_the_button_publishes_todays_counts_and_a_second_press_updates_them(
    part_a, as_user, clock
):
    d02 = part_a["units"]["D02"]
    consented(add_cadre(d02, 620, name="报名人一"), part_a["d01"])
    office = as_user("office")
    first = office.post(BUTTON, follow=True)
    assert "已统计今日 2 个职位的报名人数并公布。" in messages_of(first)
    today = DailyCount.objects.filter(day=clock.today)
    assert today.get(opening=part_a["d01"]).applicants == 1
    assert today.get(opening=part_a["t01"]).applicants == 0
    event = Event.objects.filter(action="counts_snapshot").latest("id")
    assert event.actor == part_a["users"]["office"]
    # A hurried clerk presses again after one more consent: today's figures are replaced,
    # not doubled, and the message says today had been counted already.
    consented(add_cadre(d02, 622, name="报名人二"), part_a["d01"])
    second = office.post(BUTTON, follow=True)
    assert any("今日人数此前已统计" in m for m in messages_of(second))
    assert today.count() == 2
    assert today.get(opening=part_a["d01"]).applicants == 2
    assert "市财政局" in second.content.decode()


def test_a4_the_button_is_refused_outside_registration_and_changes_nothing(part_a, as_user):
    open_only(part_a["campaign"], Step.QUALIFICATION_REVIEW)
    before = Event.objects.count()
    page = as_user("office").post(BUTTON, follow=True)
    assert page.status_code == 200
    refusal = messages_of(page)
    assert len(refusal) == 1 and "报名" in refusal[0] and "规则" in refusal[0]
    assert not DailyCount.objects.exists()
    assert Event.objects.count() == before


def test_a4_the_button_is_refused_before_the_openings_are_published(part_a, as_user):
    Campaign.objects.filter(pk=part_a["campaign"].pk).update(openings_published_at=None)
    page = as_user("office").post(BUTTON, follow=True)
    assert "竞岗职位尚未公布，无需统计报名人数。（规则 A4）" in messages_of(page)
    assert not DailyCount.objects.exists()


def test_a4_the_button_takes_no_get_and_no_other_role(part_a, as_user):
    assert as_user("office").get(BUTTON).status_code == 405
    assert as_user("operator").post(BUTTON).status_code == 403
    assert not DailyCount.objects.exists()
