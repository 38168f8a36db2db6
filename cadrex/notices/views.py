"""Public pages (no login): what a notice must show, nothing more.

Openings: unit, post, number, conditions. Daily counts: numbers only, never names.
Contestants: name and current unit of each contestant, once the office publishes.

Every page is the same for every anonymous reader: ``cache.public_page`` serves it from the
cache until the office changes something (see cadrex/notices/cache.py). Each page runs the
same number of queries however many openings and hearings the city has.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone

from cadrex.campaigns.selectors import current_campaign, schedule_rows
from cadrex.competition.models import (
    Application,
    ApplicationStatus,
    Hearing,
    HearingContestant,
    OpeningStatus,
)
from cadrex.competition.registration.selectors import daily_count_table, published_openings
from cadrex.documents.pdf import PdfUnavailable
from cadrex.documents.publicity_notice import publicity_notice_pdf
from cadrex.documents.responses import PDF, download
from cadrex.notices import selectors
from cadrex.notices.cache import fresh_until, public_page, render
from cadrex.notices.charts import sparkline


def _next_change(schedule: list[dict], now):
    """The next moment a step of the schedule opens or closes (its state on the page)."""
    moments = [
        moment
        for row in schedule
        if row["window"] is not None
        for moment in (row["window"].start, row["window"].end)
        if moment > now
    ]
    return min(moments, default=None)


@public_page
def index(request):
    campaign = current_campaign()
    now = timezone.now()
    schedule = schedule_rows(campaign, now) if campaign else []
    response = render(request, "notices/index.html", {"campaign": campaign, "schedule": schedule})
    return fresh_until(response, _next_change(schedule, now))


@public_page
def openings(request):
    """A2: every opening the office published, together."""
    campaign = current_campaign()
    rows = published_openings(campaign) if campaign and campaign.openings_published_at else []
    return render(request, "notices/openings.html", {"campaign": campaign, "openings": rows})


@public_page
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


@public_page
def contestants(request):
    """A7: the published contestant lists (one query for every list's people)."""
    campaign = current_campaign()
    lists = []
    if campaign:
        people = (
            Application.objects.filter(active=True, status=ApplicationStatus.CONTESTANT)
            .select_related("cadre__unit", "home_unit")
            .order_by("cadre__name", "id")
        )
        published = published_openings(campaign).filter(
            contestants_published_at__isnull=False, status=OpeningStatus.PUBLISHED
        )
        for opening in published.prefetch_related(
            Prefetch("applications", queryset=people, to_attr="contestants")
        ):
            lists.append(
                {
                    "opening": opening,
                    "people": [(a.cadre.name, a.applied_from.name) for a in opening.contestants],
                }
            )
    return render(request, "notices/contestants.html", {"campaign": campaign, "lists": lists})


@public_page
def results(request):
    """A8: published hearing results — contestant, total, rank. Jurors stay anonymous."""
    campaign = current_campaign()
    hearings = []
    if campaign:
        ranked = HearingContestant.objects.select_related("application__cadre").order_by(
            "rank", "order"
        )
        published = (
            Hearing.objects.filter(opening__campaign=campaign, results_published_at__isnull=False)
            .select_related("opening__unit")
            .prefetch_related(Prefetch("contestants", queryset=ranked, to_attr="ranked"))
            .order_by("opening__unit__code")
        )
        hearings = [{"hearing": hearing, "rows": hearing.ranked} for hearing in published]
    return render(request, "notices/results.html", {"campaign": campaign, "hearings": hearings})


@public_page
def publicity(request):
    """A11: the pre-appointment publicity (任前公示): what a notice shows of each person (no
    ID number, no birth day, no phone of theirs), the period and where to report."""
    campaign = current_campaign()
    notice = selectors.publicity_notice(campaign) if campaign else None
    people = [p for period in notice.periods for p in period.people] if notice else []
    return render(
        request,
        "notices/publicity.html",
        {
            "campaign": campaign,
            "notice": notice,
            "has_current": any(not p.published for p in people),
        },
    )


@public_page
def publicity_pdf(request):
    """A11: the printable notice of everyone now in publicity (the same values as the page)."""
    campaign = current_campaign()
    notice = selectors.publicity_notice(campaign, current_only=True) if campaign else None
    if notice is None or not notice.periods:
        raise Http404("目前没有任前公示。")
    try:
        content = publicity_notice_pdf(notice)
    except PdfUnavailable as missing:
        messages.error(request, str(missing))
        return redirect("notices:publicity")
    name = f"任前公示_{notice.issued_on:%Y%m%d}.pdf"
    return download(content, name, PDF, inline=True)
