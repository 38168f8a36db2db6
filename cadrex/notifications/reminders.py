"""The daily notices that no event triggers (``manage.py send_reminders``, ADR 0013):

- a schedule window closing: its people are reminded on the working day before its last day
  (the site's working-day calendar: weekends, China's holidays and 调休 days);
- a placed person's answer deadline (B7, last day inclusive): the same, one working day before;
- a part B window opening (sign-up, preferences, proposals): everyone concerned is told once.

Every notice has a dedupe key naming the window (and its end or start) or the placement and
its deadline, and the person: the command may run any number of times a day, and a day it
missed is caught up while the window is still open; a moved deadline is a new reminder.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cadrex.accounts.models import Role, User
from cadrex.accounts.selectors import users_holding
from cadrex.campaigns.calendar import work_calendar
from cadrex.campaigns.models import Campaign, ScheduleWindow
from cadrex.competition.registration.models import Application, ApplicationStatus
from cadrex.documents.values import cn_date
from cadrex.exchange.models import Answer, ExchangeCandidate, Placement
from cadrex.notifications.models import Kind
from cadrex.notifications.recipients import (
    Notice,
    cadre_users,
    cn_last_day,
    cn_moment,
    unit_leaders,
)
from cadrex.notifications.services import notifications_create
from cadrex.rules.schedule import STEP_INFO, Step

OFFICE_STEPS = {
    Step.PUBLISH_OPENINGS,
    Step.QUALIFICATION_REVIEW,
    Step.VACANCIES,
    Step.MATCHING,
    Step.SUMMARY,
}
ORGDEPT_STEPS = {Step.DIRECTED_PLACEMENT}
UNIT_STEPS = {
    Step.DECLARE_OPENINGS,
    Step.SHORTLIST,
    Step.HEARING,
    Step.VETTING,
    Step.BALLOT,
    Step.APPOINTMENT,
    Step.ADJUSTMENT,
    Step.EXCHANGE_SIGNUP,
    Step.PROPOSALS,
}
# Part B windows whose opening is announced, and to whom (see ``_audience``).
ANNOUNCED = (Step.EXCHANGE_SIGNUP, Step.PREFERENCES, Step.PROPOSALS)


def _role_users(role: str) -> list[int]:
    """Everyone holding ``role``, as their primary role or a further one (ADR 0014)."""
    return list(users_holding(role).values_list("pk", flat=True))


def _all_leaders() -> list[int]:
    return _role_users(Role.UNIT_LEADER)


def _closing_audience(campaign: Campaign, step: Step) -> list[int]:
    """Who still has something to do before ``step`` closes."""
    if step in OFFICE_STEPS:
        return _role_users(Role.OFFICE)
    if step in ORGDEPT_STEPS:
        return _role_users(Role.ORGDEPT)
    if step in UNIT_STEPS:
        return _all_leaders()
    if step in (Step.REGISTRATION, Step.REAPPLICATION):
        pending = list(
            Application.objects.filter(
                campaign=campaign, status=ApplicationStatus.PENDING_CONSENT, active=True
            ).values_list("home_unit_id", "cadre__unit_id", "cadre_id")
        )
        leaders = unit_leaders({home or own for home, own, _ in pending})
        applicants = cadre_users(c for _, _, c in pending)
        # A3: a leader is not reminded of their own application, only of others'.
        return sorted(
            {
                u
                for home, own, cadre_id in pending
                for u in leaders.get(home or own, [])
                if u != applicants.get(cadre_id)
            }
        )
    if step == Step.PREFERENCES:
        waiting = ExchangeCandidate.objects.filter(
            campaign=campaign, preferences_filed_at__isnull=True
        ).values_list("cadre_id", flat=True)
        return list(cadre_users(waiting).values())
    return []  # acceptance: each placement's own deadline (below)


def _opening_audience(campaign: Campaign, step: Step) -> list[int]:
    if step == Step.EXCHANGE_SIGNUP:  # every cadre may sign up (B1)
        people = User.objects.filter(cadre__isnull=False, is_active=True)
        return list(people.values_list("pk", flat=True))
    if step == Step.PREFERENCES:
        cadres = ExchangeCandidate.objects.filter(campaign=campaign).values_list(
            "cadre_id", flat=True
        )
        return list(cadre_users(cadres).values())
    return _all_leaders()  # proposals: the units


def _windows(campaign: Campaign, now: datetime, today: date, calendar) -> list[tuple[str, Notice]]:
    keyed = []
    link = reverse("campaigns:schedule")
    for window in ScheduleWindow.objects.filter(campaign=campaign, end__gt=now):
        step = Step(window.step)
        name = STEP_INFO[step][1]
        last_day = timezone.localdate(window.end - timedelta(microseconds=1))
        remind_from = calendar.previous_working_day(last_day)
        if remind_from <= today <= last_day and window.start <= now:
            title = f"“{name}”即将截止"
            body = f"“{name}”截止于{cn_last_day(window.end)}，请抓紧办理。"
            stamp = f"{window.end:%Y%m%d%H%M}"
            for user_id in _closing_audience(campaign, step):
                notice = Notice(user_id, Kind.REMINDER, title, body, link)
                keyed.append((f"remind:window:{window.pk}:{stamp}:{user_id}", notice))
        if step in ANNOUNCED and timezone.localdate(window.start) <= today:
            title = f"“{name}”开始了"
            body = f"“{name}”时间为{cn_moment(window.start)}至{cn_last_day(window.end)}。"
            stamp = f"{window.start:%Y%m%d%H%M}"
            target = reverse("exchange:my") if step != Step.PROPOSALS else link
            for user_id in _opening_audience(campaign, step):
                notice = Notice(user_id, Kind.WINDOW_OPEN, title, body, target)
                keyed.append((f"open:window:{window.pk}:{stamp}:{user_id}", notice))
    return keyed


def _answers(campaign: Campaign, today: date, calendar) -> list[tuple[str, Notice]]:
    pending = Placement.objects.filter(
        candidate__campaign=campaign,
        answer=Answer.PENDING,
        decided_at__isnull=False,
        unit__isnull=False,
        answer_deadline__gte=today,
    ).select_related("candidate", "unit")
    pending = [p for p in pending if calendar.previous_working_day(p.answer_deadline) <= today]
    users = cadre_users(p.candidate.cadre_id for p in pending)
    keyed = []
    for placement in pending:
        user_id = users.get(placement.candidate.cadre_id)
        if not user_id:
            continue
        deadline = placement.answer_deadline
        title = "请在截止日前对交流安排表态"
        body = (
            f"您被安排到{placement.unit.name}，表态截止日为{cn_date(deadline)}（含当日），"
            "逾期未表态将按规定处理。"
        )
        notice = Notice(user_id, Kind.REMINDER, title, body, reverse("exchange:my"))
        keyed.append((f"remind:answer:{placement.pk}:{deadline:%Y%m%d}:{user_id}", notice))
    return keyed


@transaction.atomic
def reminders_send(*, now: datetime | None = None) -> int:
    """Today's reminders and announcements for the current campaign; how many were new."""
    now = now or timezone.now()
    campaign = Campaign.objects.filter(is_current=True).first()
    if campaign is None:
        return 0
    today = timezone.localdate(now)
    calendar = work_calendar()
    keyed = _windows(campaign, now, today, calendar) + _answers(campaign, today, calendar)
    return len(notifications_create(keyed, now=now))
