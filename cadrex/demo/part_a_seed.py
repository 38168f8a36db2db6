"""Part A of the demo campaign: openings declared and published, applications in every
state, the daily counts of the days before. Built through the services (with ``now`` inside
each step's window): one opening draws more than ten applicants (A7 pre-screen), several
fewer than two (cancelled when the office closes review, A6)."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from django.utils import timezone

from cadrex.campaigns.models import Campaign
from cadrex.campaigns.selectors import window_for
from cadrex.competition.models import Application, Opening
from cadrex.competition.registration import services
from cadrex.demo import batch_registration as batch
from cadrex.registry.demo import post_title
from cadrex.registry.models import Cadre, MiddleLevelPost, Unit
from cadrex.registry.selectors import units_with_headcount
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step

CONDITIONS = "1. 具有大学本科及以上学历；\n2. 近三年年度考核称职及以上；\n3. 熟悉相关业务，具有较强的组织协调能力。"


def _inside(campaign: Campaign, step: Step) -> datetime:
    window = window_for(campaign, step)
    return window.start + timedelta(hours=9)


def _declare_all(campaign: Campaign, rng: random.Random) -> list[Opening]:
    now = _inside(campaign, Step.DECLARE_OPENINGS)
    policy = campaign.policy
    held = defaultdict(list)  # each unit's sections, in the order the database gives them
    for unit_id, section in MiddleLevelPost.objects.values_list("unit_id", "section").distinct():
        held[unit_id].append(section)
    plans = []
    for unit in units_with_headcount(Unit.objects.filter(vertically_managed=False)):
        obliged = (
            unit.kind == "town" or unit.middle_level_headcount >= policy.mandatory_offer_threshold
        )
        if not obliged and rng.random() > 0.3:
            continue  # most small departments offer nothing, as they may
        sections = held[unit.pk] or ["综合科"]
        plan = []
        for i in range(1 if rng.random() < 0.7 else 2):
            section = sections[(i * 3) % len(sections)]
            chief = rng.random() < 0.3
            data = {
                "post_name": post_title(section, chief),
                "section": section,
                "level": "chief" if chief else "deputy",
                "seats": 1,
                "duties": f"协助做好{section}日常工作，负责相关业务的组织实施。",
                "conditions": CONDITIONS,
                "contact": f"{unit.name}组织人事科 0573-8{rng.randint(1000000, 9999999)}",
            }
            plan.append(data)
        plans.append((unit, plan))
    batch.openings_declare(campaign, plans, now=now)
    services.openings_publish(
        actor=None, campaign=campaign, now=_inside(campaign, Step.PUBLISH_OPENINGS)
    )
    return list(Opening.objects.filter(campaign=campaign).select_related("unit").order_by("id"))


def _targets(openings: list[Opening], rng: random.Random) -> list[tuple[Opening, int]]:
    """How many applicants each opening should draw: one popular (14), some with 0–1; the
    units with demo logins always draw enough to be walked all the way to an appointment."""
    from cadrex.accounts.models import UNIT_ROLES, User

    walked = set(User.objects.filter(role__in=UNIT_ROLES).values_list("unit_id", flat=True))
    plan = []
    for i, opening in enumerate(openings):
        if i == 0:
            plan.append((opening, 14))
        elif opening.unit_id in walked:
            plan.append((opening, rng.randint(4, 6)))
        elif i % 7 == 3:
            plan.append((opening, rng.choice([0, 1])))
        else:
            plan.append((opening, rng.randint(2, 6)))
    return plan


def _apply_some(
    campaign: Campaign, plan, today: date, rng: random.Random, skip: set[int]
) -> list[Application]:
    registration = batch.Registration(campaign, now=timezone.now())
    pool = list(
        Cadre.objects.filter(unit__vertically_managed=False, middle_level_post__isnull=True)
        .exclude(pk__in=skip)
        .select_related("unit")
        .order_by("id")
    )
    rng.shuffle(pool)
    used: set[int] = set()
    made = []
    for opening, wanted in plan:
        got = 0
        for cadre in pool:
            if got == wanted:
                break
            if cadre.pk in used or cadre.unit_id == opening.unit_id:
                continue
            used.add(cadre.pk)  # tried once, eligible or not
            try:
                application = registration.submit(
                    cadre,
                    opening,
                    typed={"phone": f"13{rng.randint(100000000, 999999999)}"},
                    recusal_confirmed=True,
                )
            except RuleViolation:
                continue  # e.g. a recent appraisal below 称职: the rules say no
            made.append(application)
            got += 1
    return registration, made


def _consent_most(
    registration, applications: list[Application], keep_pending_unit: Unit, rng: random.Random
) -> None:
    drawn = Counter(  # each opening's applications, as the popular one's guard counts them
        Application.objects.filter(opening__in={a.opening_id for a in applications}).values_list(
            "opening_id", flat=True
        )
    )
    for application in applications:
        pending = application.cadre.unit_id == keep_pending_unit.pk and rng.random() < 0.8
        if pending or rng.random() < 0.06:
            continue  # left for the home unit's leader to decide in the demo
        # A few declines, never on the popular opening (it must keep more than ten, A7).
        declined = rng.random() < 0.03 and drawn[application.opening_id] < 10
        registration.consent(
            application,
            agree=not declined,
            note="本单位工作需要，暂不同意" if declined else "",
        )


def _past_counts(campaign: Campaign, today: date) -> None:
    """A4: the published figures of the registration days before today (growing by day)."""
    services.counts_snapshot(campaign=campaign, day=today)
    start = timezone.localdate(window_for(campaign, Step.REGISTRATION).start)
    batch.counts_before(campaign, today, start)


def seed_part_a(
    *, campaign: Campaign, today: date, leader_unit: Unit, keep_free: set[int], seed: int = 2014
) -> dict:
    rng = random.Random(seed)
    openings = _declare_all(campaign, rng)
    registration, applications = _apply_some(
        campaign, _targets(openings, rng), today, rng, keep_free
    )
    _consent_most(registration, applications, leader_unit, rng)
    _past_counts(campaign, today)
    return {"openings": len(openings), "applications": len(applications)}
