"""Writes to a campaign: creation, policy overrides, schedule. One transaction, one event each."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from cadrex.audit.services import event_record
from cadrex.campaigns.headcount import headcounts_freeze
from cadrex.campaigns.models import CalendarDay, CalendarDayKind, Campaign, ScheduleWindow
from cadrex.campaigns.policy_locks import locked_rules
from cadrex.rules import RuleViolation
from cadrex.rules.policy import Policy, policy_problems
from cadrex.rules.policy_locks import locked_changes
from cadrex.rules.schedule import STEP_INFO, Step, Window, window_out_of_years
from cadrex.rules.workdays import calendar_day_problem


def _validated_overrides(overrides: Mapping) -> dict:
    """Policy overrides as stored: only what differs from the plan, after validation."""
    problems = policy_problems(dict(overrides))
    if problems:
        # Each refusal beside the field it names (a form shows them all in one answer).
        by_field: dict[str, list[ValidationError]] = {}
        for problem in problems:
            by_field.setdefault(problem.field or NON_FIELD_ERRORS, []).append(
                ValidationError(problem.message, code=problem.rule)
            )
        raise ValidationError(by_field)
    return Policy.from_overrides(dict(overrides)).overrides()


@transaction.atomic
def campaign_create(
    *, actor, name: str, year: int, policy_overrides: Mapping | None = None
) -> Campaign:
    overrides = _validated_overrides(policy_overrides or {})
    Campaign.objects.filter(is_current=True).update(is_current=False)
    campaign = Campaign.objects.create(
        name=name, year=year, policy_overrides=overrides, is_current=True
    )
    # A12: every unit's middle-level headcount is frozen as the campaign opens.
    headcounts_freeze(campaign, actor=actor)
    event_record(
        actor=actor,
        action="campaign_create",
        obj=campaign,
        after={"name": name, "year": year, "policy": overrides},
    )
    return campaign


@transaction.atomic
def campaign_policy_update(*, actor, campaign: Campaign, overrides: Mapping) -> Campaign:
    new = _validated_overrides(overrides)
    before = dict(campaign.policy_overrides)
    if new == before:
        return campaign
    _refuse_locked(campaign, Policy.from_overrides(before), Policy.from_overrides(new))
    campaign.policy_overrides = new
    campaign.save(update_fields=["policy_overrides"])
    event_record(
        actor=actor, action="campaign_policy_update", obj=campaign, before=before, after=new
    )
    return campaign


def _refuse_locked(campaign: Campaign, before: Policy, after: Policy) -> None:
    """POLICY: no setting changes once the work it governs has begun, each said beside its
    box; nothing is saved."""
    problems = locked_changes(before, after, locked_rules(campaign))
    if problems:
        raise ValidationError(
            {p.field: [ValidationError(p.message, code=p.rule)] for p in problems}
        )


def _window_snapshot(campaign: Campaign) -> dict:
    return {
        w.step: [w.start.isoformat(), w.end.isoformat()] for w in campaign.windows.order_by("step")
    }


@transaction.atomic
def campaign_schedule_update(
    *, actor, campaign: Campaign, windows: Mapping[Step, tuple[datetime, datetime] | None]
) -> Campaign:
    """Set (or clear, with None) the window of each given step; all or nothing."""
    errors = {}
    for step, span in windows.items():
        if span is None:
            continue
        try:
            problem = window_out_of_years(Window(*span), campaign.year)
        except RuleViolation as violation:
            problem = violation.message
        if problem:
            errors[step.value] = f"{STEP_INFO[step][1]}：{problem}"
    if errors:
        raise ValidationError(errors)
    before = _window_snapshot(campaign)
    for step, span in windows.items():
        if span is None:
            ScheduleWindow.objects.filter(campaign=campaign, step=step.value).delete()
        else:
            ScheduleWindow.objects.update_or_create(
                campaign=campaign, step=step.value, defaults={"start": span[0], "end": span[1]}
            )
    after = _window_snapshot(campaign)
    if after != before:
        event_record(
            actor=actor, action="campaign_schedule_update", obj=campaign, before=before, after=after
        )
    return campaign


@transaction.atomic
def campaign_schedule_shift(*, actor, campaign: Campaign, step: Step, start: datetime) -> Campaign:
    """Move the whole schedule so that ``step`` starts at ``start``, keeping every window's
    length and order (S3): how an office postpones or brings forward the campaign."""
    anchor = campaign.windows.filter(step=step.value).first()
    if anchor is None:
        raise ValidationError(f"“{STEP_INFO[step][1]}”尚未安排日程，无法以它为准调整。")
    delta = start - anchor.start
    windows = {Step(w.step): (w.start + delta, w.end + delta) for w in campaign.windows.all()}
    return campaign_schedule_update(actor=actor, campaign=campaign, windows=windows)


# ------------------------------------------------------------------ the holiday calendar


@transaction.atomic
def calendar_day_add(*, actor, day: date, kind: str, note: str = "") -> CalendarDay:
    """ADR 0012: the office enters one day of the holiday arrangement; it overrides
    ``chinesecalendar`` for that date. A date already entered is refused (remove it first)."""
    problem = calendar_day_problem(day, kind == CalendarDayKind.MAKEUP_WORKDAY)
    if problem:
        raise ValidationError({"date": problem})
    if CalendarDay.objects.filter(date=day).exists():
        raise ValidationError({"date": f"{day:%Y年%m月%d日}已录入，如需更改请先删除。"})
    entry = CalendarDay.objects.create(date=day, kind=kind, note=(note or "").strip())
    event_record(
        actor=actor,
        action="calendar_day_add",
        obj=entry,
        after={"date": day, "kind": kind, "note": entry.note},
    )
    return entry


@transaction.atomic
def calendar_day_remove(*, actor, entry_id: int) -> CalendarDay:
    """ADR 0012: the office removes one entry; the date follows ``chinesecalendar`` again
    (or, in a year it does not cover, Monday to Friday). The removed entry is returned."""
    entry = CalendarDay.objects.select_for_update().filter(pk=entry_id).first()
    if entry is None:
        raise ValidationError("该日期已不在节假日安排中（可能已被删除）。")
    before = {"date": entry.date, "kind": entry.kind, "note": entry.note}
    label = str(entry)
    entry.delete()
    event_record(
        actor=actor,
        action="calendar_day_remove",
        object_type="calendarday",
        object_id=str(entry_id),
        object_repr=label,
        before=before,
    )
    return entry
