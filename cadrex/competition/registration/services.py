"""Every write of part A registration from the openings to the applications (A1–A5) and
the daily counts (A4). One transaction each, one audit event each. The review (A6) and the
shortlist (A7) are in ``screening``.

Services raise ``RuleViolation`` (Chinese message, rule ID) when a rule or a window says no;
the transaction then rolls back, so a refused action changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from cadrex.audit.services import event_record
from cadrex.campaigns import transitions
from cadrex.campaigns.models import Campaign
from cadrex.competition.registration.forms_data import merge_form
from cadrex.competition.registration.models import (
    Application,
    ApplicationStatus,
    DailyCount,
    DeclarationStatus,
    Opening,
    OpeningDeclaration,
    OpeningStatus,
)
from cadrex.competition.registration.selectors import (
    applicant_counts,
    opening_facts,
    unit_facts_for,
)
from cadrex.competition.windows import require_any_step, require_step, rule_window
from cadrex.registry.facts import cadre_facts
from cadrex.registry.models import Cadre, Unit
from cadrex.rules import RuleViolation
from cadrex.rules.applications import (
    check_consent_not_own,
    check_eligibility,
    check_reaches_office,
    switch_application,
)
from cadrex.rules.openings import check_declaration, check_publication
from cadrex.rules.schedule import Step
from cadrex.rules.transitions import APPLICATION, OPENING, OPENING_DECLARATION

S = ApplicationStatus
OPENING_FIELDS = ("post_name", "section", "level", "seats", "duties", "conditions", "contact")


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


# ------------------------------------------------------------------ A1 declarations


def _editable_declaration(campaign: Campaign, unit: Unit) -> OpeningDeclaration:
    declaration, _ = OpeningDeclaration.objects.select_for_update().get_or_create(
        campaign=campaign, unit=unit
    )
    if declaration.status == DeclarationStatus.SUBMITTED:
        raise RuleViolation("A1", "本单位竞岗职位已报送，如需修改请联系竞岗交流工作办公室退回。")
    return declaration


def _opening_snapshot(opening: Opening) -> dict:
    return {name: getattr(opening, name) for name in OPENING_FIELDS}


@transaction.atomic
def opening_add(*, actor, campaign: Campaign, unit: Unit, data: dict, now=None) -> Opening:
    require_step(campaign, Step.DECLARE_OPENINGS, now)
    declaration = _editable_declaration(campaign, unit)
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
        actor=actor,
        campaign=campaign,
        now=now,
        after=_opening_snapshot(opening),
    )
    return opening


@transaction.atomic
def opening_update(*, actor, opening: Opening, data: dict, now=None) -> Opening:
    require_step(opening.campaign, Step.DECLARE_OPENINGS, now)
    _editable_declaration(opening.campaign, opening.unit)
    before = _opening_snapshot(opening)
    for name in OPENING_FIELDS:
        setattr(opening, name, data[name])
    opening.save()
    event_record(
        actor=actor,
        action="opening_update",
        obj=opening,
        before=before,
        after=_opening_snapshot(opening),
    )
    return opening


@transaction.atomic
def opening_delete(*, actor, opening: Opening, now=None) -> None:
    require_step(opening.campaign, Step.DECLARE_OPENINGS, now)
    _editable_declaration(opening.campaign, opening.unit)
    event_record(
        actor=actor, action="opening_delete", obj=opening, before=_opening_snapshot(opening)
    )
    opening.delete()


@transaction.atomic
def declaration_submit(*, actor, campaign: Campaign, unit: Unit, now=None) -> OpeningDeclaration:
    """A1: the leader submits the unit's openings; a unit that must offer cannot submit none."""
    require_step(campaign, Step.DECLARE_OPENINGS, now)
    declaration = _editable_declaration(campaign, unit)
    facts = unit_facts_for(unit, campaign)
    openings = list(declaration.openings.all())
    check_declaration(facts, [opening_facts(o) for o in openings], campaign.policy)
    transitions.transition(
        declaration,
        OPENING_DECLARATION,
        "declaration_submit",
        actor=actor,
        campaign=campaign,
        now=now,
        fields={
            "headcount": facts.middle_level_headcount,
            "submitted_by": actor,
            "submitted_at": _now(now),
            "returned_reason": "",
        },
        after={"openings": len(openings), "seats": sum(o.seats for o in openings)},
    )
    return declaration


@transaction.atomic
def declaration_return(
    *, actor, declaration: OpeningDeclaration, reason: str, now=None
) -> OpeningDeclaration:
    require_step(declaration.campaign, Step.DECLARE_OPENINGS, now)
    declaration = OpeningDeclaration.objects.select_for_update().get(pk=declaration.pk)
    reason = reason.strip()
    if not reason:
        raise RuleViolation("A1", "退回时须填写退回原因。", field="reason")
    if declaration.status != DeclarationStatus.SUBMITTED:
        raise RuleViolation("A1", f"{declaration.unit.name}尚未报送，无需退回。")
    transitions.transition(
        declaration,
        OPENING_DECLARATION,
        "declaration_return",
        actor=actor,
        campaign=declaration.campaign,
        now=now,
        fields={"returned_reason": reason},
        note=reason,
    )
    return declaration


@transaction.atomic
def openings_publish(*, actor, campaign: Campaign, now=None) -> int:
    """A2: the office publishes every submitted opening at once, after every obliged unit."""
    require_step(campaign, Step.PUBLISH_OPENINGS, now)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.openings_published_at:
        raise RuleViolation("A2", "竞岗职位已经公布，不能重复公布。")
    submitted = Opening.objects.filter(
        campaign=campaign, declaration__status=DeclarationStatus.SUBMITTED
    )
    units = [unit_facts_for(u, campaign) for u in Unit.objects.filter(vertically_managed=False)]
    check_publication(
        units, [opening_facts(o) for o in submitted.select_related("unit")], campaign.policy
    )
    windows = transitions.windows_for(campaign, [Step.PUBLISH_OPENINGS])
    count = 0
    for opening in submitted.select_for_update(of=("self",)):
        transitions.transition(
            opening,
            OPENING,
            "opening_publish",
            actor=actor,
            campaign=campaign,
            now=now,
            windows=windows,
        )
        count += 1
    campaign.openings_published_at = _now(now)
    campaign.save(update_fields=["openings_published_at"])
    event_record(actor=actor, action="openings_publish", obj=campaign, after={"openings": count})
    return count


# ------------------------------------------------------------------ A3–A5 applications


def _require_published(opening: Opening) -> None:
    if opening.status == OpeningStatus.CANCELLED:
        raise RuleViolation("A6", f"“{opening.post_name}”符合条件人数不足，不进行竞岗，不能报名。")
    if opening.status != OpeningStatus.PUBLISHED:
        raise RuleViolation("A2", "该职位尚未公布，不能报名。")


def _active_applications(campaign: Campaign, cadre: Cadre):
    return Application.objects.filter(campaign=campaign, cadre=cadre, active=True).select_related(
        "opening__unit"
    )


def _check_eligible(cadre: Cadre, opening: Opening, others: list[Application], now) -> None:
    check_eligibility(
        cadre_facts(cadre),
        opening_facts(opening),
        on=timezone.localdate(_now(now)),
        policy=opening.campaign.policy,
        active_openings=[opening_facts(a.opening).code for a in others],
        home_unit=unit_facts_for(cadre.unit),
    )


def _free_slot(active: list[Application], limit: int) -> int:
    used = {a.slot for a in active}
    return next((s for s in range(1, limit + 1) if s not in used), limit + 1)


def _submit_move(campaign: Campaign) -> str:
    """A3: the application waits for the home unit's consent unless the policy waives it."""
    if campaign.policy.home_unit_consent_required:
        return "application_submit"
    return "application_submit_direct"


@transaction.atomic
def application_submit(
    *,
    actor,
    cadre: Cadre,
    opening: Opening,
    typed: dict | None = None,
    recusal_confirmed: bool,
    now=None,
) -> Application:
    """A3: apply for one published opening of another unit; the home unit consents next."""
    campaign = opening.campaign
    require_step(campaign, Step.REGISTRATION, now)
    _require_published(opening)
    if not recusal_confirmed:
        raise RuleViolation(
            "A3", "须确认与该单位领导班子成员无应当回避的亲属关系，方可报名。", field="recusal"
        )
    # Lock the person's row: two tabs submitting at once queue here instead of racing.
    cadre = Cadre.objects.select_for_update().select_related("unit").get(pk=cadre.pk)
    active = list(_active_applications(campaign, cadre))
    _check_eligible(cadre, opening, active, now)
    application = Application(
        campaign=campaign,
        cadre=cadre,
        home_unit=cadre.unit,
        opening=opening,
        slot=_free_slot(active, campaign.policy.max_applications_per_person),
        form=merge_form(cadre, timezone.localdate(_now(now)), typed or {}),
    )
    try:
        with transaction.atomic():
            transitions.create(
                application,
                APPLICATION,
                _submit_move(campaign),
                actor=actor,
                campaign=campaign,
                now=now,
                after={"opening": opening.pk},
            )
    except IntegrityError:  # the database's own guard (A3): one active application per slot
        raise RuleViolation(
            "A3", "您已有一份有效报名，每人限报1个职位；如需更换，请在报名期内改报。"
        ) from None
    return application


@transaction.atomic
def application_consent(
    *, actor, application: Application, agree: bool, note: str = "", now=None
) -> Application:
    """A3: the home unit consents (the application reaches the office) or declines with a reason."""
    require_any_step(application.campaign, (Step.REGISTRATION, Step.REAPPLICATION), now)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != S.PENDING_CONSENT:
        raise RuleViolation(
            "A3", f"该报名当前状态为“{application.get_status_display()}”，无需再表态。"
        )
    check_consent_not_own(
        deciding_cadre_id=getattr(actor, "cadre_id", None), applicant_cadre_id=application.cadre_id
    )
    note = note.strip()
    if not agree and not note:
        raise RuleViolation("A3", "不同意报名时须填写理由。", field="note")
    if agree:
        check_reaches_office(consented=True, policy=application.campaign.policy)
    transitions.transition(
        application,
        APPLICATION,
        "application_consent" if agree else "application_decline",
        actor=actor,
        campaign=application.campaign,
        now=now,
        fields={
            "active": agree,
            "consent_by": actor,
            "consent_at": _now(now),
            "consent_note": note,
        },
        note=note,
    )
    return application


@transaction.atomic
def application_withdraw(*, actor, application: Application, now=None) -> Application:
    require_step(application.campaign, Step.REGISTRATION, now)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.active:
        raise RuleViolation("A5", "该报名已失效，无需撤回。")
    transitions.transition(
        application,
        APPLICATION,
        "application_withdraw",
        actor=actor,
        campaign=application.campaign,
        now=now,
        fields={"active": False, "ended_at": _now(now)},
    )
    return application


@transaction.atomic
def application_switch(
    *, actor, application: Application, to: Opening, recusal_confirmed: bool, now=None
) -> Application:
    """A5 (and A6): move the one application to another opening; the old one is kept as history.

    The home unit's consent carries over: it released the person to compete, not for one post.
    """
    application = (
        Application.objects.select_for_update()
        .select_related("opening__unit", "campaign")
        .get(pk=application.pk)
    )
    campaign = application.campaign
    from_cancelled = application.status == S.OPENING_CANCELLED
    step = Step.REAPPLICATION if from_cancelled else Step.REGISTRATION
    if not recusal_confirmed:
        raise RuleViolation(
            "A3", "须确认与该单位领导班子成员无应当回避的亲属关系，方可报名。", field="recusal"
        )
    if not application.active:
        raise RuleViolation("A5", "该报名已失效，不能改报。")
    if application.status not in (S.PENDING_CONSENT, S.SUBMITTED, S.OPENING_CANCELLED):
        raise RuleViolation(
            "A5", f"报名已进入“{application.get_status_display()}”阶段，不能再改报。"
        )
    _require_published(to)
    cadre = Cadre.objects.select_for_update().select_related("unit").get(pk=application.cadre_id)
    active = list(_active_applications(campaign, cadre))
    switch_application(
        [opening_facts(a.opening).code for a in active],
        from_code=opening_facts(application.opening).code,
        to=opening_facts(to),
        now=_now(now),
        window=rule_window(campaign, step),
        policy=campaign.policy,
        from_cancelled=from_cancelled,
        to_cancelled=to.status == OpeningStatus.CANCELLED,
    )
    _check_eligible(cadre, to, [a for a in active if a.pk != application.pk], now)
    reached = application.status != S.PENDING_CONSENT
    transitions.transition(
        application,
        APPLICATION,
        "application_reapply" if from_cancelled else "application_switch",
        actor=actor,
        campaign=campaign,
        now=now,
        fields={"active": False, "ended_at": _now(now)},
        after={"to_opening": to.pk},
    )
    new = Application(
        campaign=campaign,
        cadre=cadre,
        home_unit=application.home_unit or cadre.unit,
        opening=to,
        slot=application.slot,
        form=application.form,
        previous=application,
        consent_by=application.consent_by,
        consent_at=application.consent_at,
        consent_note=application.consent_note,
    )
    transitions.create(
        new,
        APPLICATION,
        "application_switch_in" if reached else "application_switch_in_pending",
        actor=actor,
        campaign=campaign,
        now=now,
        after={"opening": to.pk, "from_opening": application.opening_id},
    )
    return new


# ------------------------------------------------------------------ A4 daily counts


@transaction.atomic
def counts_snapshot(*, campaign: Campaign, day: date | None = None, actor=None) -> int:
    """A4: applicants per published opening for ``day`` (today by default).

    Idempotent per day: a second run the same day replaces that day's figures with the
    current ones and never touches other days.
    """
    day = day or timezone.localdate()
    counts = applicant_counts(campaign)
    openings = Opening.objects.filter(campaign=campaign).exclude(status=OpeningStatus.DRAFT)
    written = 0
    for opening in openings:
        DailyCount.objects.update_or_create(
            opening=opening, day=day, defaults={"applicants": counts.get(opening.pk, 0)}
        )
        written += 1
    event_record(
        actor=actor,
        action="counts_snapshot",
        obj=campaign,
        after={"day": day.isoformat(), "openings": written},
    )
    return written


@transaction.atomic
def counts_publish(*, actor, campaign: Campaign, now=None) -> tuple[int, bool]:
    """A4 from the office's button: today's counts, only while registration is open and once
    the openings are published. Pressed again the same day it replaces that day's figures
    with the current ones (``counts_snapshot`` is idempotent per day); the second value
    says whether today had already been counted. The cron command calls
    ``counts_snapshot`` directly."""
    require_step(campaign, Step.REGISTRATION, now)
    if not campaign.openings_published_at:
        raise RuleViolation("A4", "竞岗职位尚未公布，无需统计报名人数。")
    day = timezone.localdate(_now(now))
    again = DailyCount.objects.filter(opening__campaign=campaign, day=day).exists()
    return counts_snapshot(campaign=campaign, day=day, actor=actor), again
