"""Reads about campaigns: the current one, and whether a step is open now."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from cadrex.campaigns.models import Campaign, ScheduleWindow
from cadrex.rules.schedule import STEP_INFO, Step, step_state


def current_campaign() -> Campaign | None:
    return Campaign.objects.filter(is_current=True).first()


def window_for(campaign: Campaign, step: Step) -> ScheduleWindow | None:
    return campaign.windows.filter(step=step.value).first()


def step_is_open(campaign: Campaign, step: Step, now: datetime | None = None) -> bool:
    """S3: True when ``now`` (default: the current time) lies in the step's window."""
    window = window_for(campaign, step)
    return step_state(window.as_rule if window else None, now or timezone.now()) == "open"


def step_is_over(campaign: Campaign, step: Step, now: datetime | None = None) -> bool:
    """S3: True once the step's window has closed (False while unset, upcoming or open)."""
    window = window_for(campaign, step)
    return window is not None and step_state(window.as_rule, now or timezone.now()) == "closed"


def schedule_rows(campaign: Campaign, now: datetime | None = None) -> list[dict]:
    """Every step in the plan's order with its window and state, for the 日程安排表."""
    now = now or timezone.now()
    windows = {w.step: w for w in campaign.windows.all()}
    rows = []
    for step, (rule, name, who) in STEP_INFO.items():
        window = windows.get(step.value)
        rows.append(
            {
                "step": step,
                "rule": rule,
                "name": name,
                "who": who,
                "window": window,
                "state": step_state(window.as_rule if window else None, now),
            }
        )
    return rows


def open_steps(campaign: Campaign, now: datetime | None = None) -> list[dict]:
    return [row for row in schedule_rows(campaign, now) if row["state"] == "open"]


def current_campaign_or_404() -> Campaign:
    """For views: the current campaign, or a 404 page that says there is none."""
    from django.http import Http404

    campaign = current_campaign()
    if campaign is None:
        raise Http404("当前没有进行中的竞岗交流工作。")
    return campaign
