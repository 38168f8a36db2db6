"""Fast-forward of A6 review and A7 shortlists."""

from __future__ import annotations

import random

from django.db.models import Max

from cadrex.competition.models import (
    Application,
    Opening,
    OpeningStatus,
)
from cadrex.competition.registration import screening
from cadrex.demo import batch_screening as batch
from cadrex.demo.timeline import MINUTE, UNFIT_NOTE, _after, _latest, _Timeline
from cadrex.rules.schedule import Step

# ------------------------------------------------------------------ A6 review, A7 shortlist


def _review(tl: _Timeline, rng: random.Random) -> None:
    """A6: the office reviews every application waiting for it and closes the review;
    an application that arrives later (a switch after A6) is reviewed in the re-application
    window."""
    review = batch.Review(tl.campaign)
    campaign = review.campaign
    applications = Application.objects.filter(campaign=campaign)
    step = Step.REAPPLICATION if campaign.review_closed_at else Step.QUALIFICATION_REVIEW
    floor = _latest(applications.aggregate(m=Max("reviewed_at"))["m"], campaign.review_closed_at)
    t = _after(tl.first(step), floor)
    for application in review.waiting():
        unfit = rng.random() < 0.05
        now = tl.at(step, t)
        review.review(
            application,
            qualified=not unfit,
            note=UNFIT_NOTE if unfit else "",
            now=now,
            schedule=tl.schedule(),
        )
        t += MINUTE
    if not campaign.review_closed_at:
        screening.review_close(actor=None, campaign=campaign, now=tl.at(step, t))


def _shortlist(tl: _Timeline) -> None:
    """A7: every competed opening fixes its contestants (the pre-screen order is the order of
    application when there are more than the cap); then the office publishes the lists."""
    shortlists = batch.Shortlists(tl.campaign)
    campaign = shortlists.campaign
    openings = Opening.objects.filter(campaign=campaign, status=OpeningStatus.PUBLISHED)
    floor = _latest(
        campaign.review_closed_at,
        Application.objects.filter(campaign=campaign).aggregate(m=Max("reviewed_at"))["m"],
        openings.aggregate(m=Max("shortlist_confirmed_at"))["m"],
    )
    t = _after(tl.first(Step.SHORTLIST), floor)
    cap = campaign.policy.shortlist_cap
    for opening in (
        openings.filter(shortlist_confirmed_at=None).select_related("unit").order_by("id")
    ):
        pool = sorted(shortlists.pool(opening))  # the pre-screen: the order of application
        big = len(pool) > cap
        now = tl.at(Step.SHORTLIST, t)
        shortlists.record(
            opening,
            method="面谈、查阅档案" if big else "",
            order=pool if big else None,
            now=now,
            schedule=tl.schedule(),
        )
        t += 2 * MINUTE
    shortlists.finish()
    if openings.filter(contestants_published_at=None).exists():
        screening.contestants_publish(actor=None, campaign=campaign, now=tl.at(Step.SHORTLIST, t))
