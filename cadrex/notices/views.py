"""Public pages (no login): what a notice must show, nothing more.

Openings: unit, post, number, conditions. Daily counts: numbers only, never names.
Contestants: name and current unit of each contestant, once the office publishes.
"""

from __future__ import annotations

from django.shortcuts import render

from cadrex.campaigns.selectors import current_campaign, schedule_rows
from cadrex.competition.models import ApplicationStatus, Hearing, OpeningStatus
from cadrex.competition.registration.selectors import daily_count_table, published_openings
from cadrex.notices.charts import sparkline


def index(request):
    campaign = current_campaign()
    return render(
        request,
        "notices/index.html",
        {"campaign": campaign, "schedule": schedule_rows(campaign) if campaign else []},
    )


def openings(request):
    """A2: every opening the office published, together."""
    campaign = current_campaign()
    rows = published_openings(campaign) if campaign and campaign.openings_published_at else []
    return render(request, "notices/openings.html", {"campaign": campaign, "openings": rows})


def daily_counts(request):
    """A4: applicants per opening by day, today's figure and the change since yesterday."""
    campaign = current_campaign()
    days, rows = daily_count_table(campaign) if campaign else ([], [])
    for row in rows:
        row["chart"] = sparkline(row["points"])
    return render(
        request,
        "notices/daily_counts.html",
        {"campaign": campaign, "days": days, "rows": rows, "last_day": days[-1] if days else None},
    )


def contestants(request):
    """A7: the published contestant lists."""
    campaign = current_campaign()
    lists = []
    if campaign:
        for opening in published_openings(campaign).filter(
            contestants_published_at__isnull=False, status=OpeningStatus.PUBLISHED
        ):
            people = opening.applications.filter(
                active=True, status=ApplicationStatus.CONTESTANT
            ).select_related("cadre__unit", "home_unit")
            lists.append(
                {
                    "opening": opening,
                    "people": [
                        (a.cadre.name, a.applied_from.name) for a in people.order_by("cadre__name")
                    ],
                }
            )
    return render(request, "notices/contestants.html", {"campaign": campaign, "lists": lists})


def results(request):
    """A8: published hearing results — contestant, total, rank. Jurors stay anonymous."""
    campaign = current_campaign()
    hearings = []
    if campaign:
        published = Hearing.objects.filter(
            opening__campaign=campaign, results_published_at__isnull=False
        )
        for hearing in published.select_related("opening__unit").order_by("opening__unit__code"):
            rows = hearing.contestants.select_related("application__cadre__unit").order_by(
                "rank", "order"
            )
            hearings.append({"hearing": hearing, "rows": rows})
    return render(request, "notices/results.html", {"campaign": campaign, "hearings": hearings})


def publicity(request):
    """A11: the pre-appointment publicity (任前公示): who, from where, to which post, until when."""
    from cadrex.competition.models import Appointment, AppointmentStatus

    campaign = current_campaign()
    rows = []
    if campaign:
        rows = (
            Appointment.objects.filter(
                opening__campaign=campaign,
                status__in=[AppointmentStatus.PUBLICISED, AppointmentStatus.PUBLISHED],
            )
            .select_related("application__cadre", "application__home_unit", "opening__unit")
            .order_by("-publicity_start", "opening__unit__code")
        )
    return render(request, "notices/publicity.html", {"campaign": campaign, "rows": rows})
