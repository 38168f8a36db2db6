"""Reads of part A registration, and the adapters to the rules' facts."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count, Prefetch, Q

from cadrex.accounts.models import Role
from cadrex.campaigns.headcount import frozen_headcount
from cadrex.campaigns.models import Campaign
from cadrex.competition.registration.models import (
    REACHED_OFFICE,
    Application,
    ApplicationStatus,
    DailyCount,
    DeclarationStatus,
    Opening,
    OpeningDeclaration,
    OpeningStatus,
)
from cadrex.registry.facts import unit_facts
from cadrex.registry.models import Unit
from cadrex.registry.selectors import units_with_headcount
from cadrex.rules.openings import OpeningFacts, required_openings
from cadrex.rules.review import min_qualified
from cadrex.rules.scope import UnitFacts

# A6: the statuses of an application that passed the qualification review.
PASSED_REVIEW = (
    ApplicationStatus.QUALIFIED,
    ApplicationStatus.CONTESTANT,
    ApplicationStatus.NOT_SHORTLISTED,
)


def opening_facts(opening: Opening) -> OpeningFacts:
    return OpeningFacts(
        code=opening.code,
        unit=opening.unit.code,
        post_name=opening.post_name,
        level=opening.level,
        seats=opening.seats,
    )


def unit_facts_for(unit: Unit, campaign: Campaign | None = None) -> UnitFacts:
    """With a campaign, the headcount is the one frozen when it opened (A1 and A12 both say
    "before the competition")."""
    if campaign is None:
        return unit_facts(unit)
    return unit_facts(unit, frozen_headcount(campaign, unit))


def declaration_rows(campaign: Campaign) -> list[dict]:
    """A1 status of every in-scope unit: must it offer, what it declared, submitted or not."""
    declarations = {d.unit_id: d for d in OpeningDeclaration.objects.filter(campaign=campaign)}
    seats = defaultdict(int)
    for unit_id, n in Opening.objects.filter(campaign=campaign).values_list("unit_id", "seats"):
        seats[unit_id] += n
    policy = campaign.policy
    frozen = dict(campaign.headcounts.values_list("unit_id", "headcount"))
    rows = []
    in_scope = Unit.objects.filter(vertically_managed=False)
    for unit in units_with_headcount(in_scope, cadres=False):
        declaration = declarations.get(unit.pk)
        unit.middle_level_headcount = frozen.get(unit.pk, unit.middle_level_headcount)
        needed = required_openings(unit_facts(unit, unit.middle_level_headcount), policy)
        status = declaration.status if declaration else ""
        if status == DeclarationStatus.SUBMITTED:
            state, label = "submitted", "已报送"
        elif status == DeclarationStatus.RETURNED:
            state, label = "returned", "已退回"
        elif needed:
            state, label = "missing", "未报送（须推出）"
        else:
            state, label = "exempt", "可不推出" if not seats[unit.pk] else "填报中（可不推出）"
        rows.append(
            {
                "unit": unit,
                "declaration": declaration,
                "needed": needed,
                "seats": seats[unit.pk],
                "state": state,
                "label": label,
            }
        )
    return rows


def published_openings(campaign: Campaign):
    return (
        Opening.objects.filter(campaign=campaign)
        .exclude(status=OpeningStatus.DRAFT)
        .select_related("unit")
        .order_by("unit__kind", "unit__code", "id")
    )


def applicant_counts(campaign: Campaign) -> dict[int, int]:
    """A4: active applications that reached the office, per opening."""
    rows = (
        Application.objects.filter(campaign=campaign, active=True, status__in=REACHED_OFFICE)
        .values("opening_id")
        .annotate(n=Count("id"))
    )
    return {row["opening_id"]: row["n"] for row in rows}


def daily_count_table(campaign: Campaign) -> tuple[list[date], list[dict]]:
    """A4: per opening, the series of published counts by day, today's and the change."""
    counts = DailyCount.objects.filter(opening__campaign=campaign).order_by("day")
    days = sorted({c.day for c in counts})
    series: dict[int, dict[date, int]] = defaultdict(dict)
    for count in counts:
        series[count.opening_id][count.day] = count.applicants
    rows = []
    for opening in published_openings(campaign):
        points = [series[opening.pk].get(day) for day in days]
        known = [p for p in points if p is not None]
        today = known[-1] if known else None
        change = known[-1] - known[-2] if len(known) >= 2 else None
        rows.append({"opening": opening, "points": points, "today": today, "change": change})
    return days, rows


def applications_of(cadre, campaign: Campaign):
    return (
        Application.objects.filter(campaign=campaign, cadre=cadre)
        .select_related("opening__unit", "previous__opening")
        .order_by("-created_at", "-id")
    )


def pending_consents(unit: Unit, campaign: Campaign, *, leader=None):
    """A3: the unit's cadres' applications awaiting its consent; for ``leader`` (a user), not
    their own application (``check_consent_not_own``: another of the unit's leaders decides)."""
    pending = Application.objects.filter(
        campaign=campaign, cadre__unit=unit, status=ApplicationStatus.PENDING_CONSENT
    ).select_related("cadre", "opening__unit")
    if leader is not None and leader.cadre_id is not None:
        pending = pending.exclude(cadre_id=leader.cadre_id)
    return pending


def applications_to_unit(unit: Unit, campaign: Campaign):
    """What an offering unit sees: applications to its openings once they reached the office."""
    return (
        Application.objects.filter(
            campaign=campaign, opening__unit=unit, active=True, status__in=REACHED_OFFICE
        )
        .select_related("cadre__unit", "opening")
        .order_by("opening_id", "prescreen_rank", "created_at")
    )


def openings_with_applications(campaign: Campaign, unit: Unit | None = None):
    qs = published_openings(campaign)
    if unit is not None:
        qs = qs.filter(unit=unit)
    active = Application.objects.filter(active=True, status__in=REACHED_OFFICE).select_related(
        "cadre__unit"
    )
    # A6/A7: "passed review" stays true after the shortlist moves people to contestant or
    # not shortlisted; counting QUALIFIED alone showed 0 once the list was fixed.
    return qs.prefetch_related(Prefetch("applications", queryset=active, to_attr="live")).annotate(
        qualified=Count(
            "applications",
            filter=Q(applications__active=True, applications__status__in=PASSED_REVIEW),
        )
    )


def qualified_applications(opening: Opening):
    """A7: the opening's applications the shortlist chooses from."""
    return opening.applications.filter(active=True, status__in=PASSED_REVIEW).select_related(
        "cadre__unit"
    )


def thin_openings(campaign: Campaign) -> list[dict]:
    """A6 on the office's review page: the openings review left with too few qualified
    applicants. Before the close, those the close will cancel as things stand; after it,
    those it cancelled (cancelling is the close's own step, not a separate action)."""
    S = ApplicationStatus
    live = Q(applications__active=True)
    openings = (
        published_openings(campaign)
        .filter(status__in=(OpeningStatus.PUBLISHED, OpeningStatus.CANCELLED))
        .annotate(
            passed=Count("applications", filter=live & Q(applications__status__in=PASSED_REVIEW)),
            waiting=Count("applications", filter=live & Q(applications__status=S.SUBMITTED)),
            to_switch=Count(
                "applications", filter=live & Q(applications__status=S.OPENING_CANCELLED)
            ),
        )
    )
    rows = []
    for opening in openings:
        minimum = min_qualified(opening_facts(opening), campaign.policy)
        if opening.status == OpeningStatus.CANCELLED or opening.passed < minimum:
            rows.append({"opening": opening, "minimum": minimum})
    return rows


def registration_todos(user, campaign: Campaign, add) -> None:
    """A1–A7 to-dos on a role's home page: ``add(count, text, url name)`` for each."""
    apps = Application.objects.filter(campaign=campaign, active=True)
    if user.role == Role.OFFICE:
        add(
            sum(1 for r in declaration_rows(campaign) if r["state"] == "missing"),
            "个须推出职位的单位尚未报送",
            "competition:office_declarations",
        )
        add(
            apps.filter(status=ApplicationStatus.SUBMITTED).count(),
            "份报名待资格审查",
            "competition:review",
        )
        if campaign.review_closed_at:
            add(
                Opening.objects.filter(
                    campaign=campaign,
                    status=OpeningStatus.PUBLISHED,
                    shortlist_confirmed_at__isnull=True,
                ).count(),
                "个职位尚未确定竞岗对象",
                "competition:office_shortlists",
            )
    elif user.role == Role.UNIT_LEADER:
        add(
            pending_consents(user.unit, campaign, leader=user).count(),
            "份本单位干部报名待您表态",
            "competition:consents",
        )
    if user.role in (Role.UNIT_LEADER, Role.UNIT_OPERATOR):
        declared = OpeningDeclaration.objects.filter(
            campaign=campaign, unit=user.unit, status=DeclarationStatus.SUBMITTED
        ).exists()
        add(
            0 if declared or campaign.openings_published_at else 1,
            "份本单位竞岗职位申报待报送",
            "competition:declaration",
        )
        if campaign.review_closed_at:
            add(
                Opening.objects.filter(
                    campaign=campaign,
                    unit=user.unit,
                    status=OpeningStatus.PUBLISHED,
                    shortlist_confirmed_at__isnull=True,
                ).count(),
                "个本单位职位待确定竞岗对象",
                "competition:unit_applications",
            )
    if user.role == Role.CADRE:
        add(
            apps.filter(cadre_id=user.cadre_id, status=ApplicationStatus.OPENING_CANCELLED).count(),
            "份报名的职位不进行竞岗，可改报",
            "competition:my_applications",
        )
