"""Part A registration's services for many units or people at once, for the demo (see
``bulk``): ``opening_add`` and ``declaration_submit`` (A1), ``application_submit`` and
``application_consent`` (A3), the daily counts of the days before (A4).

Each does what its service does, with the same checks from ``cadrex.rules``, the same
records and one audit event per act (a status moves through ``campaigns.transitions``), but
reads the window, the policy, the units' headcounts and the people's applications once for
the whole batch. A refusal raises before the row is written; the demo's transaction then
rolls back everything, as the service's own would.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.utils import timezone

from cadrex.campaigns import transitions
from cadrex.campaigns.models import Campaign
from cadrex.competition.models import (
    Application,
    ApplicationStatus,
    DailyCount,
    DeclarationStatus,
    Opening,
    OpeningDeclaration,
    OpeningStatus,
)
from cadrex.competition.registration.forms_data import merge_form
from cadrex.competition.registration.selectors import opening_facts
from cadrex.demo.bulk import Schedule
from cadrex.registry.facts import cadre_facts, unit_facts
from cadrex.registry.models import Cadre, Unit
from cadrex.registry.selectors import units_with_headcount
from cadrex.rules import RuleViolation
from cadrex.rules.applications import check_eligibility, check_reaches_office
from cadrex.rules.openings import check_declaration
from cadrex.rules.schedule import Step
from cadrex.rules.transitions import APPLICATION, OPENING, OPENING_DECLARATION

S = ApplicationStatus
OPENING_FIELDS = ("post_name", "section", "level", "seats", "duties", "conditions", "contact")


def _units() -> dict[int, Unit]:
    """Every unit with its middle-level headcount now (S2), counted once for all."""
    return {u.pk: u for u in units_with_headcount(Unit.objects.all())}


# ------------------------------------------------------------------ A1 declarations


def openings_declare(
    campaign: Campaign, plans: Sequence[tuple[Unit, Sequence[dict]]], *, now: datetime
) -> None:
    """A1 for each unit's plan ``(unit, openings' data)``: ``opening_add`` for every
    opening, then ``declaration_submit`` — a unit that must offer cannot submit none."""
    schedule = Schedule(campaign, [Step.DECLARE_OPENINGS])
    schedule.require(now, Step.DECLARE_OPENINGS)
    policy = campaign.policy
    units = _units()
    frozen = dict(campaign.headcounts.values_list("unit_id", "headcount"))
    declarations = {
        d.unit_id: d
        for d in OpeningDeclaration.objects.filter(
            campaign=campaign, unit__in=[u.pk for u, _ in plans]
        )
    }
    missing = [
        OpeningDeclaration(campaign=campaign, unit=u) for u, _ in plans if u.pk not in declarations
    ]
    OpeningDeclaration.objects.bulk_create(missing)
    declarations |= {d.unit_id: d for d in missing}
    held = defaultdict(list)
    for opening in Opening.objects.filter(declaration__in=list(declarations.values())):
        held[opening.declaration_id].append(opening)
    for unit, openings in plans:
        declaration = declarations[unit.pk]
        declaration.unit = unit
        if declaration.status == DeclarationStatus.SUBMITTED:
            raise RuleViolation(
                "A1", "本单位竞岗职位已报送，如需修改请联系竞岗交流工作办公室退回。"
            )
        for data in openings:
            opening = Opening(
                campaign=campaign,
                unit=unit,
                declaration=declaration,
                **{k: data[k] for k in OPENING_FIELDS},
            )
            transitions.create(
                opening,
                OPENING,
                "opening_add",
                actor=None,
                campaign=campaign,
                now=now,
                windows=schedule.windows,
                after={name: getattr(opening, name) for name in OPENING_FIELDS},
            )
            held[declaration.pk].append(opening)
        counted = units[unit.pk]
        facts = unit_facts(counted, frozen.get(unit.pk, counted.middle_level_headcount))
        offered = held[declaration.pk]
        check_declaration(facts, [opening_facts(o) for o in offered], policy)
        transitions.transition(
            declaration,
            OPENING_DECLARATION,
            "declaration_submit",
            actor=None,
            campaign=campaign,
            now=now,
            windows=schedule.windows,
            fields={
                "headcount": facts.middle_level_headcount,
                "submitted_by": None,
                "submitted_at": now,
                "returned_reason": "",
            },
            after={"openings": len(offered), "seats": sum(o.seats for o in offered)},
        )


# ------------------------------------------------------------------ A3 applications


class Registration:
    """A3 for many people at a moment inside the registration: ``submit`` is
    ``application_submit``, ``consent`` is ``application_consent``."""

    def __init__(self, campaign: Campaign, *, now: datetime) -> None:
        self.campaign, self.now = campaign, now
        self.schedule = Schedule(campaign, [Step.REGISTRATION, Step.REAPPLICATION])
        self.policy = campaign.policy
        self.units = _units()
        self.active: dict[int, list[Application]] = defaultdict(list)
        for application in Application.objects.filter(
            campaign=campaign, active=True
        ).select_related("opening__unit"):
            self.active[application.cadre_id].append(application)

    def submit(self, cadre: Cadre, opening: Opening, *, typed: dict, recusal_confirmed: bool):
        """A3: apply for one published opening of another unit; the home unit consents next.
        ``cadre`` comes with its unit; ``opening`` with its unit, as they are now."""
        self.schedule.require(self.now, Step.REGISTRATION)
        if opening.status == OpeningStatus.CANCELLED:
            raise RuleViolation(
                "A6", f"“{opening.post_name}”符合条件人数不足，不进行竞岗，不能报名。"
            )
        if opening.status != OpeningStatus.PUBLISHED:
            raise RuleViolation("A2", "该职位尚未公布，不能报名。")
        if not recusal_confirmed:
            raise RuleViolation(
                "A3", "须确认与该单位领导班子成员无应当回避的亲属关系，方可报名。", field="recusal"
            )
        cadre.unit = self.units[cadre.unit_id]
        active = self.active[cadre.pk]
        on = timezone.localdate(self.now)
        check_eligibility(
            cadre_facts(cadre),
            opening_facts(opening),
            on=on,
            policy=self.policy,
            active_openings=[opening_facts(a.opening).code for a in active],
            home_unit=unit_facts(cadre.unit),
        )
        used = {a.slot for a in active}
        limit = self.policy.max_applications_per_person
        application = Application(
            campaign=self.campaign,
            cadre=cadre,
            home_unit=cadre.unit,
            opening=opening,
            slot=next((s for s in range(1, limit + 1) if s not in used), limit + 1),
            form=merge_form(cadre, on, typed),
        )
        consent = self.policy.home_unit_consent_required
        transitions.create(
            application,
            APPLICATION,
            "application_submit" if consent else "application_submit_direct",
            actor=None,
            campaign=self.campaign,
            now=self.now,
            windows=self.schedule.windows,
            after={"opening": opening.pk},
        )
        active.append(application)
        return application

    def consent(self, application: Application, *, agree: bool, note: str = "") -> Application:
        """A3: the home unit consents (the application reaches the office) or declines with
        a reason. ``application`` as this batch submitted it, or read now."""
        self.schedule.require(self.now, Step.REGISTRATION, Step.REAPPLICATION)
        if application.status != S.PENDING_CONSENT:
            raise RuleViolation(
                "A3", f"该报名当前状态为“{application.get_status_display()}”，无需再表态。"
            )
        note = note.strip()
        if not agree and not note:
            raise RuleViolation("A3", "不同意报名时须填写理由。", field="note")
        if agree:
            check_reaches_office(consented=True, policy=self.policy)
        transitions.transition(
            application,
            APPLICATION,
            "application_consent" if agree else "application_decline",
            actor=None,
            campaign=self.campaign,
            now=self.now,
            windows=self.schedule.windows,
            fields={
                "active": agree,
                "consent_by": None,
                "consent_at": self.now,
                "consent_note": note,
            },
            note=note,
        )
        if not agree:
            self.active[application.cadre_id].remove(application)
        return application


# ------------------------------------------------------------------ A4 the days before


def counts_before(campaign: Campaign, today: date, since: date) -> None:
    """A4: the figures published on each registration day from ``since`` to yesterday,
    growing by day to today's (already published), written at once."""
    days = (today - since).days
    published = dict(
        DailyCount.objects.filter(opening__campaign=campaign, day=today).values_list(
            "opening_id", "applicants"
        )
    )
    wanted = {
        (opening_id, today - timedelta(days=back)): int(n * max(0.0, 1 - back / (days + 1)))
        for opening_id, n in published.items()
        for back in range(1, days + 1)
    }
    found = DailyCount.objects.filter(opening_id__in=list(published), day__gte=since, day__lt=today)
    changed = []
    for count in found:
        count.applicants = wanted.pop((count.opening_id, count.day))
        changed.append(count)
    DailyCount.objects.bulk_update(changed, ["applicants"], batch_size=500)
    DailyCount.objects.bulk_create(
        [DailyCount(opening_id=o, day=d, applicants=n) for (o, d), n in wanted.items()],
        batch_size=500,
    )
