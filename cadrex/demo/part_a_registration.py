"""Fast-forward of A6 review and A7 shortlists."""

from __future__ import annotations

import random

from django.db.models import Max

from cadrex.campaigns.models import Campaign
from cadrex.competition.models import (
    Application,
    ApplicationStatus,
    Opening,
    OpeningStatus,
)
from cadrex.competition.registration import screening
from cadrex.competition.registration import selectors as registration_selectors
from cadrex.demo.timeline import MINUTE, UNFIT_NOTE, _after, _latest, _Timeline
from cadrex.rules.schedule import Step

# ------------------------------------------------------------------ A6 review, A7 shortlist


def _review(tl: _Timeline, rng: random.Random) -> None:
    """A6: the office reviews every application waiting for it and closes the review;
    an application that arrives later (a switch after A6) is reviewed in the re-application
    window."""
    campaign = Campaign.objects.get(pk=tl.campaign.pk)
    applications = Application.objects.filter(campaign=campaign)
    step = Step.REAPPLICATION if campaign.review_closed_at else Step.QUALIFICATION_REVIEW
    floor = _latest(applications.aggregate(m=Max("reviewed_at"))["m"], campaign.review_closed_at)
    t = _after(tl.first(step), floor)
    waiting = (
        applications.filter(active=True, status=ApplicationStatus.SUBMITTED)
        .filter(opening__status=OpeningStatus.PUBLISHED, opening__shortlist_confirmed_at=None)
        .select_related("campaign", "opening")
        .order_by("id")
    )
    for application in waiting:
        unfit = rng.random() < 0.05
        screening.application_review(
            actor=None,
            application=application,
            qualified=not unfit,
            note=UNFIT_NOTE if unfit else "",
            now=tl.at(step, t),
        )
        t += MINUTE
    if not campaign.review_closed_at:
        screening.review_close(actor=None, campaign=campaign, now=tl.at(step, t))


def _shortlist(tl: _Timeline) -> None:
    """A7: every competed opening fixes its contestants (the pre-screen order is the order of
    application when there are more than the cap); then the office publishes the lists."""
    campaign = Campaign.objects.get(pk=tl.campaign.pk)
    openings = Opening.objects.filter(campaign=campaign, status=OpeningStatus.PUBLISHED)
    floor = _latest(
        campaign.review_closed_at,
        Application.objects.filter(campaign=campaign).aggregate(m=Max("reviewed_at"))["m"],
        openings.aggregate(m=Max("shortlist_confirmed_at"))["m"],
    )
    t = _after(tl.first(Step.SHORTLIST), floor)
    for opening in openings.filter(shortlist_confirmed_at=None).order_by("id"):
        pool = list(
            registration_selectors.qualified_applications(opening)
            .order_by("id")
            .values_list("pk", flat=True)
        )
        big = len(pool) > campaign.policy.shortlist_cap
        screening.shortlist_record(
            actor=None,
            opening=opening,
            method="面谈、查阅档案" if big else "",
            order=pool if big else None,
            now=tl.at(Step.SHORTLIST, t),
        )
        t += 2 * MINUTE
    if openings.filter(contestants_published_at=None).exists():
        screening.contestants_publish(actor=None, campaign=campaign, now=tl.at(Step.SHORTLIST, t))
