"""What the demo's batched forms share: the schedule read once, and the audit events of a
batch written at once.

A batched form does the work of many calls of one service: the same checks (the same
``cadrex.rules`` functions, the same window, the same state guards), the same rows and one
audit event per act, exactly as the service would have recorded it — but with the records it
needs read once for the whole batch instead of once per call, and its rows and events
inserted together. A status still changes only through ``campaigns.transitions``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.utils import timezone

from cadrex.audit.models import Event
from cadrex.audit.services import event_build, events_record_many
from cadrex.campaigns import transitions
from cadrex.campaigns.models import Campaign
from cadrex.rules.schedule import Step, Window, require_open


class Schedule:
    """The campaign's windows as the rules take them (Beijing time): read once, or as the
    fast-forward's timeline last set them (``spans``: step → (start, end))."""

    def __init__(
        self,
        campaign: Campaign | None = None,
        steps: Iterable[Step] = tuple(Step),
        *,
        spans: Mapping[Step, tuple[datetime, datetime]] | None = None,
    ) -> None:
        if spans is not None:
            self.windows: dict[Step, Window | None] = {
                step: Window(timezone.localtime(start), timezone.localtime(end))
                for step, (start, end) in spans.items()
            }
        else:
            self.windows = transitions.windows_for(campaign, steps)

    def require(self, now: datetime, *steps: Step) -> None:
        """S3 as the services ask it: open when any of ``steps`` is; otherwise the first
        step's refusal says when it opens or closed."""
        moment = timezone.localtime(now)
        for step in steps:
            window = self.windows.get(step)
            if window is not None and window.contains(moment):
                return
        require_open(steps[0], self.windows.get(steps[0]), moment)


class Log:
    """The audit events of one batch, each the one ``event_record`` would have written for
    its service (same action, object, before → after, note), inserted together."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def add(
        self,
        action: str,
        obj,
        *,
        actor=None,
        before: Any = None,
        after: Any = None,
        note: str = "",
        object_repr: str = "",
    ) -> None:
        self.events.append(
            event_build(
                actor=actor,
                action=action,
                obj=obj,
                object_repr=object_repr,
                before=before,
                after=after,
                note=note,
            )
        )

    def write(self) -> None:
        events_record_many(self.events)
        self.events = []
