"""Reminders one working day before a window or an answer deadline closes, part B windows
opening — each told once however often the daily command runs (issue 15)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cadrex.campaigns.calendar import work_calendar
from cadrex.campaigns.models import ScheduleWindow
from cadrex.exchange.models import ExchangeCandidate, ExchangeDeclaration, Placement
from cadrex.notifications.models import Kind, Notification
from cadrex.notifications.reminders import reminders_send
from cadrex.rules.schedule import Step

pytestmark = pytest.mark.django_db


def _working_day_after(calendar, day, n):
    return calendar.nth_working_day(day, n, include_start=False)


def test_a_window_closing_is_reminded_one_working_day_before_and_only_once(world, campaign, clock):
    calendar = work_calendar()
    last_day = _working_day_after(calendar, clock.days(10), 1)
    remind_on = calendar.previous_working_day(last_day)
    ScheduleWindow.objects.create(
        campaign=campaign,
        step=Step.QUALIFICATION_REVIEW,
        start=clock.at(clock.days(-1)),
        end=clock.at(last_day + timedelta(days=1)),  # closes at the end of last_day
    )
    office = world["users"]["office"]
    clock.move_to(clock.at(remind_on - timedelta(days=1), 8))
    assert reminders_send() == 0
    clock.move_to(clock.at(remind_on, 8))
    assert reminders_send() == 1
    assert reminders_send() == 0  # run again the same day
    clock.move_to(clock.at(last_day, 8))
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().strip() == "新发出提醒 0 条。"
    told = Notification.objects.filter(recipient=office, kind=Kind.REMINDER)
    assert [n.title for n in told] == ["“资格审查”即将截止"]
    assert told[0].created_at.date() == clock.at(remind_on, 8).date()


def test_a_window_whose_last_day_follows_a_weekend_is_reminded_the_friday_before(
    world, campaign, clock
):
    calendar = work_calendar()
    monday = clock.days(14 - clock.today.weekday())  # a Monday two weeks on
    # a plain week: Friday and Monday working days, the weekend between off
    while [calendar.is_working_day(monday - timedelta(days=d)) for d in range(4)] != [
        True,
        False,
        False,
        True,
    ]:
        monday += timedelta(days=7)
    ScheduleWindow.objects.create(
        campaign=campaign,
        step=Step.QUALIFICATION_REVIEW,
        start=clock.at(clock.days(-1)),
        end=clock.at(monday, 17, 30),
    )
    friday = monday - timedelta(days=3)
    clock.move_to(clock.at(friday - timedelta(days=1), 9))
    assert reminders_send() == 0
    clock.move_to(clock.at(friday, 9))
    assert reminders_send() == 1


def test_b7_an_answer_deadline_is_reminded_one_working_day_before(part_a, clock):
    campaign, cadre = part_a["campaign"], part_a["cadres"]["乙一"]
    calendar = work_calendar()
    deadline = _working_day_after(calendar, clock.days(5), 1)
    declaration = ExchangeDeclaration.objects.create(campaign=campaign, unit=part_a["units"]["D02"])
    candidate = ExchangeCandidate.objects.create(
        campaign=campaign, declaration=declaration, cadre=cadre, home_unit=cadre.unit
    )
    Placement.objects.create(
        candidate=candidate,
        kind="matched",
        unit=part_a["units"]["D01"],
        decided_at=timezone.now(),
        answer_deadline=deadline,
    )
    user = part_a["users"]["cadre"]
    clock.move_to(clock.at(calendar.previous_working_day(deadline), 8))
    reminders_send()
    reminders_send()
    told = Notification.objects.filter(recipient=user, kind=Kind.REMINDER)
    assert told.count() == 1
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日（含当日）" in told[0].body
    clock.move_to(clock.at(deadline + timedelta(days=1), 8))  # past: no more
    reminders_send()
    assert told.count() == 1


def test_part_b_signup_opening_is_announced_to_every_cadre_once(world, campaign, clock):
    ScheduleWindow.objects.create(
        campaign=campaign,
        step=Step.EXCHANGE_SIGNUP,
        start=clock.at(clock.days(1), 9),
        end=clock.at(clock.days(20)),
    )
    assert reminders_send() == 0  # opens tomorrow
    clock.move_to(clock.at(clock.days(1), 8))
    reminders_send()
    reminders_send()
    opened = Notification.objects.filter(kind=Kind.WINDOW_OPEN)
    assert list(opened.values_list("recipient__username", flat=True)) == ["cadre"]
