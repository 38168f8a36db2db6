"""What every part B service checks first: the moment it acts at, the step's window, and
the campaign's milestones (vacancies published or not). Shared by ``services`` (B1–B5) and
``placements`` (B6–B7, C3)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from cadrex.campaigns.models import Campaign
from cadrex.campaigns.selectors import window_for
from cadrex.exchange.models import TwoWaySelection
from cadrex.rules.exchange_declaration import check_not_published, check_published
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


def _vacancies_published(campaign: Campaign) -> bool:
    return TwoWaySelection.objects.filter(
        campaign=campaign, vacancies_published_at__isnull=False
    ).exists()


def require_not_published(campaign: Campaign) -> None:
    check_not_published(published=_vacancies_published(campaign))


def require_published(campaign: Campaign, rule: str) -> None:
    check_published(rule, published=_vacancies_published(campaign))
