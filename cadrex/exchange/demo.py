"""Part B of the demo campaign, up to the end of B4: sign-ups, exchange candidates, balanced
vacancies (two units by the office's exception), published vacancies, preferences with a few
non-filers, and every unit's proposals.

Built through the services with ``now`` inside each step's window, so the data is what the
pages would have produced. After the office shifts the schedule so that MATCHING starts now
(the campaign page's 从现在开始 button), it can run the matching on these forms.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from cadrex.accounts.models import User
from cadrex.campaigns.models import Campaign
from cadrex.campaigns.selectors import window_for
from cadrex.exchange import services
from cadrex.exchange.models import ExchangeCandidate
from cadrex.exchange.selectors import listed_by
from cadrex.registry.models import Cadre, Unit
from cadrex.rules.exchange import proposal_limit
from cadrex.rules.schedule import Step

# Departments many people would like to join, and the central subdistricts.
POPULAR = ("市发展和改革局", "市财政局", "市委组织部", "市政府办公室", "东湖街道", "凤鸣街道")
EXCEPTION_REASON = "新设机构，经领导小组同意本次多进一人"


def _inside(campaign: Campaign, step: Step) -> datetime:
    """Now, when the step is open (the fast-forward opens it first); else a moment inside."""
    window = window_for(campaign, step)
    now = timezone.now()
    if window.start <= now < window.end:
        return now
    return window.start + timedelta(hours=9)


def _demo_people() -> tuple[Cadre | None, list[Unit]]:
    """The demo cadre login and the demo units (by the logins made in campaigns/demo.py)."""
    cadre = User.objects.filter(username="cadre").select_related("cadre__unit").first()
    units = [
        u.unit
        for u in User.objects.filter(username__in=["town_op", "dept_op"]).select_related("unit")
    ]
    return (cadre.cadre if cadre else None), units


def _sends(unit: Unit, general: int, rng: random.Random) -> int:
    """How many people a unit sends out: towns more, small units fewer, never everybody."""
    wanted = {"town": rng.randint(4, 6), "department": rng.randint(2, 4)}.get(
        unit.kind, rng.randint(1, 2)
    )
    return max(0, min(wanted, general // 3))


def _declare(campaign: Campaign, rng: random.Random, demo_cadre, demo_units) -> list[Unit]:
    """B1: sign-ups, each unit's candidates and vacancies, submitted; two exceptions."""
    now = _inside(campaign, Step.EXCHANGE_SIGNUP)
    office = User.objects.filter(username="office").first()
    units = list(
        Unit.objects.filter(vertically_managed=False)
        .annotate(general=Count("cadres", filter=Q(cadres__middle_level_post__isnull=True)))
        .order_by("code")
    )
    declared, exceptions = [], 0
    for unit in units:
        count = _sends(unit, unit.general, rng)
        if unit in demo_units or (demo_cadre and unit.pk == demo_cadre.unit_id):
            count = max(count, 2)  # the demo logins always have part B to look at
        if not count:
            continue
        pool = list(Cadre.objects.filter(unit=unit, middle_level_post__isnull=True).order_by("id"))
        rng.shuffle(pool)
        if demo_cadre and demo_cadre.unit_id == unit.pk:
            pool = [demo_cadre] + [c for c in pool if c.pk != demo_cadre.pk]
        signed = pool[: count + rng.randint(0, 2)]
        for cadre in signed:
            services.signup_create(actor=None, campaign=campaign, cadre=cadre, now=now)
        chosen, added = signed[:count], {}
        if not chosen:
            continue
        if rng.random() < 0.15 and len(pool) > len(signed) and chosen[-1] != demo_cadre:
            extra = pool[len(signed)]  # one person the unit adds who did not sign up
            chosen[-1] = extra
            added[extra.pk] = "在同一岗位工作已满五年，经单位研究确定交流"
        vacancies = len(chosen)
        if exceptions < 2 and unit.kind == "department" and unit not in demo_units and count >= 2:
            vacancies += 1  # out of balance: the office allows it, on the record
        declaration = services.declaration_save(
            actor=None,
            campaign=campaign,
            unit=unit,
            cadre_ids=[c.pk for c in chosen],
            added=added,
            vacancies=vacancies,
            now=now,
        )
        if vacancies != len(chosen):
            exceptions += 1
            services.balance_exception_allow(
                actor=office, declaration=declaration, reason=EXCEPTION_REASON, now=now
            )
        services.declaration_submit(actor=None, campaign=campaign, unit=unit, now=now)
        declared.append(unit)
    return declared


def _publish(campaign: Campaign) -> None:
    """B2: the office publishes every unit's vacancies."""
    office = User.objects.filter(username="office").first()
    services.vacancies_publish(
        actor=office, campaign=campaign, now=_inside(campaign, Step.VACANCIES)
    )


def _prefer(campaign: Campaign, rng: random.Random, units: list[Unit], demo_cadre, demo_units):
    """B3: most list two units, some one, a few nothing (they go to directed placement)."""
    now = _inside(campaign, Step.PREFERENCES)
    weights = {u.pk: rng.uniform(0.4, 2.5) * (3 if u.name in POPULAR else 1) for u in units}
    limit = campaign.policy.max_preferences
    for candidate in ExchangeCandidate.objects.filter(campaign=campaign).order_by("id"):
        if demo_cadre and candidate.cadre_id == demo_cadre.pk:
            listed = [u for u in demo_units if u.pk != candidate.home_unit_id and u in units]
            listed = listed[:limit]
        else:
            roll = rng.random()
            wanted = 0 if roll < 0.06 else 1 if roll < 0.16 else limit
            others = [u for u in units if u.pk != candidate.home_unit_id]
            listed = []
            while len(listed) < wanted and len(listed) < len(others):
                unit = rng.choices(others, [weights[u.pk] for u in others])[0]
                if unit not in listed:
                    listed.append(unit)
        if listed:
            services.preferences_save(
                actor=None, candidate=candidate, unit_ids=[u.pk for u in listed], now=now
            )


def _propose(campaign: Campaign, rng: random.Random, units: list[Unit]) -> int:
    """B4: each unit ranks those who listed it and proposes up to 1:2; some propose fewer."""
    now = _inside(campaign, Step.PROPOSALS)
    proposed = 0
    declarations = {d.unit_id: d for d in campaign.exchange_declarations.all()}
    for unit in units:
        pool = list(listed_by(campaign, unit).select_related("cadre"))
        if not pool:
            continue
        vacancies = declarations[unit.pk].vacancies
        limit = proposal_limit(vacancies, policy=campaign.policy)
        if rng.random() < 0.15:
            limit = min(limit, vacancies)  # a choosy unit proposes only as many as it needs
        # A unit's own judgement; here: education and a little chance.
        pool.sort(key=lambda c: (c.cadre.education != "硕士研究生", rng.random()))
        chosen = [c.pk for c in pool[:limit]]
        services.proposals_save(
            actor=None, campaign=campaign, unit=unit, candidate_ids=chosen, now=now
        )
        proposed += len(chosen)
    return proposed


def _declared_units(campaign: Campaign) -> list[Unit]:
    return list(
        Unit.objects.filter(pk__in=campaign.exchange_declarations.values("unit_id")).order_by(
            "code"
        )
    )


def advance_part_b(*, campaign: Campaign, target: Step, start_now, seed: int = 2015) -> None:
    """Demo fast-forward of part B: do each step before ``target`` as its users would,
    opening that step's window first (``start_now(step)``), so every record is dated now."""
    rng = random.Random(seed)
    order = list(Step)
    demo_cadre, demo_units = _demo_people()

    def before_target(step: Step) -> bool:
        return order.index(step) < order.index(target)

    if before_target(Step.EXCHANGE_SIGNUP) and not campaign.exchange_declarations.exists():
        start_now(Step.EXCHANGE_SIGNUP)
        _declare(campaign, rng, demo_cadre, demo_units)
    if before_target(Step.VACANCIES):
        start_now(Step.VACANCIES)
        _publish(campaign)
    if before_target(Step.PREFERENCES):
        start_now(Step.PREFERENCES)
        _prefer(campaign, rng, _declared_units(campaign), demo_cadre, demo_units)
    if before_target(Step.PROPOSALS):
        start_now(Step.PROPOSALS)
        _propose(campaign, rng, _declared_units(campaign))
