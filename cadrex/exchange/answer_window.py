"""B7 (ADR 0012): when a placed person can answer — the answering window's opening — and the
last day to answer counted from it. Shared by the matching's publication, the orgdept
meeting's confirmation (``placements``) and the deadlines that act (``deadlines``)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from cadrex.campaigns import transitions
from cadrex.campaigns.calendar import work_calendar
from cadrex.campaigns.models import Campaign
from cadrex.rules.deadlines import answer_deadline
from cadrex.rules.schedule import Step, Window
from cadrex.rules.workdays import WorkCalendar


def answer_window(campaign: Campaign) -> Window | None:
    """B7: the answering window (the step 服从安排、报到), None while unscheduled. One query."""
    return transitions.windows_for(campaign, [Step.ACCEPTANCE])[Step.ACCEPTANCE]


def answer_opens_on(campaign: Campaign, window: Window | None = None) -> date | None:
    """B7: the Beijing date the answering window opens, None while unscheduled."""
    window = window or answer_window(campaign)
    return timezone.localdate(window.start) if window is not None else None


def answer_window_opened(campaign: Campaign, now: datetime) -> bool:
    """B7: whether a placed person could have answered by ``now`` (the window has opened)."""
    window = answer_window(campaign)
    return window is not None and window.start <= now


def answer_deadline_for(
    campaign: Campaign, decided_on: date, calendar: WorkCalendar | None = None
) -> date:
    """B7: the last day to answer a placement decided on ``decided_on``, counted from the
    later of the decision and the answering window's opening (site calendar)."""
    return answer_deadline(
        decided_on,
        policy=campaign.policy,
        calendar=calendar or work_calendar(),
        opens_on=answer_opens_on(campaign),
    )
