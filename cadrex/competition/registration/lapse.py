"""A3: an application the home unit never consented to lapses once registration is over
(ADR 0012). Recorded by the daily sweep as soon as the review window opens, and by
``screening.review_close`` for any left; until then the review page counts them."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from cadrex.campaigns import transitions
from cadrex.campaigns.models import Campaign
from cadrex.competition.registration.models import Application
from cadrex.competition.registration.models import ApplicationStatus as S
from cadrex.rules.schedule import Step
from cadrex.rules.transitions import APPLICATION


def _consent_still_possible(campaign: Campaign, moment: datetime) -> bool:
    """A3/A5: a unit may still consent while registration or re-application is open, or
    before registration has ended."""
    windows = transitions.windows_for(campaign, [Step.REGISTRATION, Step.REAPPLICATION])
    registration = windows.get(Step.REGISTRATION)
    if registration is None or moment < registration.end:
        return True
    return any(w is not None and w.contains(moment) for w in windows.values())


@transaction.atomic
def applications_lapse_sweep(*, campaign: Campaign, now: datetime | None = None) -> int:
    """A3: lapse every application still waiting for consent after registration, while the
    review window (the move's window) is open; one event each; 0 when none or not yet."""
    moment = timezone.localtime(now or timezone.now())
    windows = transitions.windows_for(campaign, [Step.QUALIFICATION_REVIEW])
    review = windows.get(Step.QUALIFICATION_REVIEW)
    if review is None or not review.contains(moment) or campaign.review_closed_at:
        return 0
    if _consent_still_possible(campaign, moment):
        return 0
    lapsed = 0
    for application in Application.objects.select_for_update().filter(
        campaign=campaign, active=True, status=S.PENDING_CONSENT
    ):
        transitions.transition(
            application,
            APPLICATION,
            "application_lapse",
            actor=None,
            campaign=campaign,
            now=moment,
            windows=windows,
            fields={"active": False, "ended_at": moment},
            note="报名期已结束，所在单位未同意（每日期限处理）",
        )
        lapsed += 1
    return lapsed


def sweep(*, campaign: Campaign, now: datetime | None = None) -> list[tuple[str, int]]:
    """The part A entry of the daily sweep (``campaigns.sweeps``)."""
    return [("所在单位未同意而失效的报名", applications_lapse_sweep(campaign=campaign, now=now))]
