"""Part B of the demo campaign, up to the end of B4: sign-ups, exchange candidates, balanced
vacancies (two units by the office's exception), published vacancies, preferences with a few
non-filers, and every unit's proposals.

Built through the services with ``now`` inside each step's window, so the data is what the
pages would have produced. After the office shifts the schedule so that MATCHING starts now
(the campaign page's 从现在开始 button), it can run the matching on these forms.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from cadrex.accounts.models import User
from cadrex.campaigns.models import Campaign
from cadrex.campaigns.selectors import window_for
from cadrex.demo import batch_exchange as batch
from cadrex.exchange import services
from cadrex.exchange.models import (
    DeclarationStatus,
    ExchangeCandidate,
    ExchangeSignup,
    Preference,
)
from cadrex.exchange.selectors import published_run, selection_of
from cadrex.registry.models import Cadre, Unit
from cadrex.rules.exchange import proposal_limit
from cadrex.rules.schedule import Step

# Departments many people would like to join, and the central subdistricts.
POPULAR = ("市发展和改革局", "市财政局", "市委组织部", "市政府办公室", "东湖街道", "凤鸣街道")
EXCEPTION_REASON = "新设机构，经领导小组同意本次多进一人"
HAND_EXCEPTION_REASON = "演示快进：按该单位已填报的交流对象和缺员人数报送"


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


def _rng(seed: int, key) -> random.Random:
    """One generator per unit or person, so a second fast-forward that skips what is done
    makes the same choices for the rest (a non-filer stays a non-filer)."""
    return random.Random(f"{seed}:{key}")


def _published(campaign: Campaign) -> bool:
    return bool(selection_of(campaign).vacancies_published_at)


def _declare(campaign: Campaign, seed: int, demo_cadre, demo_units) -> None:
    """B1: every in-scope unit's candidates and vacancies, submitted; two exceptions.

    A unit that already submitted is left alone; one that began by hand (a draft with people
    or vacancies, or a returned declaration) is submitted as it stands, with the office's
    exception if it is out of balance; the others are declared here. Every unit's choices
    are made first, then the sign-ups, the forms and the submissions are filed in batches
    (``batch_exchange``), as each unit's users would have filed them one by one."""
    now = _inside(campaign, Step.EXCHANGE_SIGNUP)
    office = User.objects.filter(username="office").first()
    declarations = {d.unit_id: d for d in campaign.exchange_declarations.all()}
    held = Counter(
        ExchangeCandidate.objects.filter(campaign=campaign).values_list("declaration_id", flat=True)
    )
    exceptions = sum(1 for d in declarations.values() if d.exception_allowed)
    units = (
        Unit.objects.filter(vertically_managed=False)
        .annotate(general=Count("cadres", filter=Q(cadres__middle_level_post__isnull=True)))
        .order_by("code")
    )
    pools = _general_cadres()
    signups = _signups(campaign)
    joining, forms, allow, submit = [], [], [], []
    for unit in units:
        declaration = declarations.get(unit.pk)
        if declaration and declaration.status == DeclarationStatus.SUBMITTED:
            continue
        if declaration is None or (declaration.vacancies == 0 and not held[declaration.pk]):
            wants_exception = exceptions < 2 and unit not in demo_units
            form = _declare_unit(
                unit,
                _rng(seed, unit.code),
                pools[unit.pk],
                signups[unit.pk],
                demo_cadre,
                demo_units,
                wants_exception,
            )
            if form is None:
                continue  # nobody to send: the unit takes no part
            signed, form = form
            joining += signed
            forms.append(form)
            out_of_balance = form[3] != len(form[1])
            reason = EXCEPTION_REASON
        else:  # a draft begun by hand is submitted as it stands
            out_of_balance = declaration.vacancies != held[declaration.pk]
            reason = HAND_EXCEPTION_REASON
        if out_of_balance and not (declaration and declaration.exception_allowed):
            allow.append((unit, reason))
            exceptions += 1
        submit.append(unit)
    batch.signups_create(campaign, joining, now=now)
    saved = batch.declarations_save(campaign, forms, now=now)
    for unit, reason in allow:
        declaration = saved.get(unit.pk) or declarations[unit.pk]
        services.balance_exception_allow(
            actor=office, declaration=declaration, reason=reason, now=now
        )
    batch.declarations_submit(campaign, submit, now=now)


def _general_cadres() -> dict[int, list[Cadre]]:
    """Each unit's general cadres, in the order of their ids."""
    pools = defaultdict(list)
    for cadre in Cadre.objects.filter(middle_level_post__isnull=True).order_by("id"):
        pools[cadre.unit_id].append(cadre)
    return pools


def _signups(campaign: Campaign) -> dict[int, dict[int, datetime | None]]:
    """Per unit: who signed up (by hand or before) → when they withdrew, if they did."""
    found = defaultdict(dict)
    rows = ExchangeSignup.objects.filter(campaign=campaign).values_list(
        "cadre__unit_id", "cadre_id", "withdrawn_at"
    )
    for unit_id, cadre_id, withdrawn_at in rows:
        found[unit_id][cadre_id] = withdrawn_at
    return found


def _declare_unit(unit, rng, general, signups, demo_cadre, demo_units, wants_exception):
    """B1 for one unit: who signs up (skipping people who signed up or withdrew by hand),
    and the form — the candidates and the vacancies; a department may declare one more seat
    than it sends. Returns (who signs up, (unit, candidates, added, vacancies)) or None."""
    count = _sends(unit, unit.general, rng)
    if unit in demo_units or (demo_cadre and unit.pk == demo_cadre.unit_id):
        count = max(count, 2)  # the demo logins always have part B to look at
    if not count:
        return None
    withdrawn = {pk for pk, at in signups.items() if at is not None}  # their choice stands
    pool = [c for c in general if c.pk not in withdrawn]
    rng.shuffle(pool)
    if demo_cadre and demo_cadre.unit_id == unit.pk:
        pool = [demo_cadre] + [c for c in pool if c.pk != demo_cadre.pk]
    signed = pool[: count + rng.randint(0, 2)]
    joining = [c.pk for c in signed if c.pk not in signups]
    chosen, added = signed[:count], {}
    if not chosen:
        return None
    if rng.random() < 0.15 and len(pool) > len(signed) and chosen[-1] != demo_cadre:
        extra = pool[len(signed)]  # one person the unit adds who did not sign up
        chosen[-1] = extra
        added[extra.pk] = "在同一岗位工作已满五年，经单位研究确定交流"
    vacancies = len(chosen)
    if wants_exception and unit.kind == "department" and count >= 2:
        vacancies += 1  # out of balance: the office allows it, on the record
    return joining, (unit, [c.pk for c in chosen], added, vacancies)


def _publish(campaign: Campaign) -> None:
    """B2: the office publishes every unit's vacancies; units that declared nothing take no
    part, and the demo's office acknowledges them as the page asks."""
    office = User.objects.filter(username="office").first()
    services.vacancies_publish(
        actor=office,
        campaign=campaign,
        acknowledge_undeclared=True,
        now=_inside(campaign, Step.VACANCIES),
    )


def _prefer(campaign: Campaign, seed: int, units: list[Unit], demo_cadre, demo_units) -> None:
    """B3: most list two units, some one, a few nothing (they go to directed placement).
    Only candidates who have not filed; a form filed by hand stays as it is."""
    now = _inside(campaign, Step.PREFERENCES)
    rng = _rng(seed, "popularity")
    weights = {u.pk: rng.uniform(0.4, 2.5) * (3 if u.name in POPULAR else 1) for u in units}
    limit = campaign.policy.max_preferences
    forms = []
    for candidate in _not_filed(campaign):
        if demo_cadre and candidate.cadre_id == demo_cadre.pk:
            listed = [u for u in demo_units if u.pk != candidate.home_unit_id and u in units]
            listed = listed[:limit]
        else:
            rng = _rng(seed, f"candidate-{candidate.pk}")
            listed = _listed(rng, candidate, units, weights, limit)
        if listed:
            forms.append((candidate, [u.pk for u in listed]))
    batch.preferences_save(campaign, forms, now=now)


def _not_filed(campaign: Campaign):
    return ExchangeCandidate.objects.filter(
        campaign=campaign, preferences_filed_at__isnull=True
    ).order_by("id")


def _listed(rng: random.Random, candidate, units: list[Unit], weights: dict, limit: int):
    roll = rng.random()
    wanted = 0 if roll < 0.06 else 1 if roll < 0.16 else limit
    others = [u for u in units if u.pk != candidate.home_unit_id]
    listed: list[Unit] = []
    while len(listed) < wanted and len(listed) < len(others):
        unit = rng.choices(others, [weights[u.pk] for u in others])[0]
        if unit not in listed:
            listed.append(unit)
    return listed


def _propose(campaign: Campaign, seed: int, units: list[Unit]) -> int:
    """B4: each unit ranks those who listed it and proposes up to 1:2; some propose fewer.
    Units that saved their proposals (by hand or before) are left alone."""
    now = _inside(campaign, Step.PROPOSALS)
    policy = campaign.policy
    declarations = {d.unit_id: d for d in campaign.exchange_declarations.all()}
    pools = _listed_by(campaign, units)
    forms = []
    for unit in units:
        declaration = declarations[unit.pk]
        pool = pools[unit.pk]
        if not pool or declaration.proposals_saved_at:
            continue
        rng = _rng(seed, f"proposals-{unit.code}")
        limit = proposal_limit(declaration.vacancies, policy=policy)
        if rng.random() < 0.15:
            limit = min(limit, declaration.vacancies)  # a choosy unit proposes only its need
        # A unit's own judgement; here: education and a little chance.
        pool.sort(key=lambda c: (c.cadre.education != "硕士研究生", rng.random()))
        forms.append((unit, [c.pk for c in pool[:limit]]))
    batch.proposals_save(campaign, forms, now=now)
    return sum(len(chosen) for _, chosen in forms)


def _listed_by(campaign: Campaign, units: list[Unit]) -> dict[int, list[ExchangeCandidate]]:
    """B4: per unit, the candidates who listed it, in ``listed_by``'s order (home unit,
    name: nothing of their rank), read at once for all units."""
    pools = defaultdict(list)
    rows = (
        Preference.objects.filter(candidate__campaign=campaign, unit__in=[u.pk for u in units])
        .select_related("candidate__cadre", "candidate__home_unit")
        .order_by("candidate__home_unit__code", "candidate__cadre__name", "candidate_id")
    )
    for row in rows:
        pools[row.unit_id].append(row.candidate)
    return pools


def _declared_units(campaign: Campaign) -> list[Unit]:
    return list(
        Unit.objects.filter(
            pk__in=campaign.exchange_declarations.filter(status=DeclarationStatus.SUBMITTED).values(
                "unit_id"
            )
        ).order_by("code")
    )


def _proposals_waiting(campaign: Campaign) -> bool:
    return campaign.exchange_declarations.filter(
        status=DeclarationStatus.SUBMITTED, proposals_saved_at__isnull=True
    ).exists()


def advance_part_b(*, campaign: Campaign, target: Step, start_now, seed: int = 2015) -> None:
    """Demo fast-forward of part B: do each step before ``target`` as its users would,
    opening that step's window first (``start_now(step)``), so every record is dated now.

    Each step does only what is still missing, so fast-forwards chain in any order of
    targets and finish what was begun by hand: submitted declarations, published vacancies,
    filed preferences and saved proposals are left as they are. Once a matching is
    published the forms it read are closed, and nothing before it is touched."""
    order = list(Step)
    demo_cadre, demo_units = _demo_people()

    def before_target(step: Step) -> bool:
        return order.index(step) < order.index(target)

    if published_run(campaign):
        return
    if before_target(Step.EXCHANGE_SIGNUP) and not _published(campaign):
        start_now(Step.EXCHANGE_SIGNUP)
        _declare(campaign, seed, demo_cadre, demo_units)
    if before_target(Step.VACANCIES) and not _published(campaign):
        start_now(Step.VACANCIES)
        _publish(campaign)
    if before_target(Step.PREFERENCES) and _not_filed(campaign).exists():
        start_now(Step.PREFERENCES)
        _prefer(campaign, seed, _declared_units(campaign), demo_cadre, demo_units)
    if before_target(Step.PROPOSALS) and _proposals_waiting(campaign):
        start_now(Step.PROPOSALS)
        _propose(campaign, seed, _declared_units(campaign))
