"""The one door through which a status changes: ask the rules' table, write, log.

Services of both parts call :func:`transition` (an existing record) or :func:`create`
(a new one). Nowhere else assigns a status field — ``tests/test_transition_doors.py`` reads
the source to keep it so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.utils import timezone

from cadrex.audit.services import event_record
from cadrex.campaigns.models import Campaign
from cadrex.rules.schedule import Step, Window
from cadrex.rules.transitions import NEW, Machine, Move


def windows_for(campaign: Campaign | None, steps: Iterable[Step]) -> dict[Step, Window | None]:
    """The campaign's windows for ``steps`` (Beijing time), one query."""
    steps = tuple(steps)
    if campaign is None or not steps:
        return {}
    found = {w.step: w.as_rule for w in campaign.windows.filter(step__in=[s.value for s in steps])}
    return {step: found.get(step.value) for step in steps}


def check(
    machine: Machine,
    name: str,
    *,
    current: str,
    campaign: Campaign | None,
    now: datetime | None = None,
    windows: Mapping[Step, Window | None] | None = None,
    facts: Mapping[str, Any] | None = None,
) -> Move:
    """Ask the table whether ``name`` may happen now; a RuleViolation says why not."""
    move = machine.move(name)
    if windows is None:
        windows = windows_for(campaign, move.steps)
    return machine.check(
        name,
        current=current,
        now=timezone.localtime(now or timezone.now()),
        windows=windows,
        **(facts or {}),
    )


def transition(
    obj,
    machine: Machine,
    name: str,
    *,
    actor,
    campaign: Campaign | None,
    now: datetime | None = None,
    windows: Mapping[Step, Window | None] | None = None,
    facts: Mapping[str, Any] | None = None,
    fields: Mapping[str, Any] | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    note: str = "",
) -> Move:
    """Move ``obj`` along ``machine`` by the move ``name``, set ``fields`` with it, save, and
    record one audit event (before → after). The caller holds the row lock and the
    transaction, so a refusal here changes nothing."""
    current = getattr(obj, machine.field)
    move = check(
        machine,
        name,
        current=current,
        campaign=campaign,
        now=now,
        windows=windows,
        facts=facts,
    )
    setattr(obj, machine.field, move.target)
    for key, value in (fields or {}).items():
        setattr(obj, key, value)
    obj.save(update_fields=[machine.field, *(fields or {})])
    event_record(
        actor=actor,
        action=move.name,
        obj=obj,
        before={machine.field: current, **(before or {})},
        after={machine.field: move.target, **(after or {})},
        note=note,
    )
    return move


def create(
    obj,
    machine: Machine,
    name: str,
    *,
    actor,
    campaign: Campaign | None,
    now: datetime | None = None,
    windows: Mapping[Step, Window | None] | None = None,
    facts: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    note: str = "",
    record: bool = True,
):
    """Insert the unsaved ``obj`` in the state the creating move ``name`` gives it, and log
    it (unless ``record`` is False: a caller that logs the whole batch once)."""
    move = check(
        machine, name, current=NEW, campaign=campaign, now=now, windows=windows, facts=facts
    )
    setattr(obj, machine.field, move.target)
    obj.save()
    if record:
        event_record(
            actor=actor,
            action=move.name,
            obj=obj,
            after={machine.field: move.target, **(after or {})},
            note=note,
        )
    return obj
