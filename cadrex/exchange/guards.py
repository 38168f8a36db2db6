"""What every part B service checks first: the moment it acts at, the step's window, and
the campaign's milestones (vacancies published or not). Shared by ``services`` (B1–B5) and
``placements`` (B6–B7, C3)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from cadrex.campaigns.models import Campaign
from cadrex.campaigns.selectors import window_for
from cadrex.exchange.models import TwoWaySelection
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step, require_open


def now_of(now: datetime | None) -> datetime:
    """The moment a service acts at: the one passed in (tests, the demo), else the clock."""
    return now or timezone.now()


def today_of(now: datetime | None) -> date:
    """The Beijing date of that moment."""
    return timezone.localdate(now_of(now))


def require_step(campaign: Campaign, *steps: Step, now: datetime | None = None) -> None:
    """S3: open when any of ``steps`` is; otherwise the first step's refusal says when."""
    moment = now_of(now)
    for step in steps:
        window = window_for(campaign, step)
        if window and window.as_rule.contains(moment):
            return
    window = window_for(campaign, steps[0])
    require_open(steps[0], window.as_rule if window else None, moment)


def selection_locked(campaign: Campaign) -> TwoWaySelection:
    """Part B's milestones row, locked: one publication, meeting or ledger append at a time."""
    selection, _ = TwoWaySelection.objects.select_for_update().get_or_create(campaign=campaign)
    return selection


def require_not_published(campaign: Campaign) -> None:
    if TwoWaySelection.objects.filter(
        campaign=campaign, vacancies_published_at__isnull=False
    ).exists():
        raise RuleViolation("B2", "各单位缺员人数已经公布，交流对象和缺员人数不能再修改。")


def require_published(campaign: Campaign, rule: str) -> None:
    if not TwoWaySelection.objects.filter(
        campaign=campaign, vacancies_published_at__isnull=False
    ).exists():
        raise RuleViolation(rule, "竞岗交流工作办公室尚未公布各单位缺员人数。")
