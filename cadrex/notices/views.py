"""Public pages (no login): what a notice must show, nothing more."""

from __future__ import annotations

from django.shortcuts import render

from cadrex.campaigns.selectors import current_campaign, schedule_rows


def index(request):
    campaign = current_campaign()
    return render(
        request,
        "notices/index.html",
        {"campaign": campaign, "schedule": schedule_rows(campaign) if campaign else []},
    )
