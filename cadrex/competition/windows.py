"""S3 for every stage of part A: an action is refused outside its step's window (the
message says when it opens). Each stage's services call these before they write."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from cadrex.campaigns.models import Campaign
from cadrex.campaigns.selectors import window_for
from cadrex.rules.schedule import Step, Window, require_open


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def rule_window(campaign: Campaign, step: Step) -> Window | None:
    """The campaign's window for ``step`` as the rules core takes it (None: not scheduled)."""
    window = window_for(campaign, step)
    return window.as_rule if window else None


def require_step(campaign: Campaign, step: Step, now: datetime | None = None) -> None:
    """S3: refuse any action outside its step's window (the message says when it opens)."""
    require_open(step, rule_window(campaign, step), _now(now))


def require_any_step(campaign: Campaign, steps: tuple[Step, ...], now: datetime | None) -> None:
    """S3: open when any of ``steps`` is; otherwise the first step's refusal explains."""
    for step in steps:
        window = rule_window(campaign, step)
        if window and window.contains(_now(now)):
            return
    require_step(campaign, steps[0], now)
