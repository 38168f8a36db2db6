"""The daily sweep of deadlines that act (issue 15, ADR 0012), as the apps above tell it.

The campaign cannot look into part A or part B (they stand on a floor above it, ADR 0009):
each registers a function ``(campaign, now) → [(what, how many)]`` when it starts (its
AppConfig), and ``manage.py sweep_deadlines`` (and the demo's fast-forward) run them all.
Each sweep is idempotent: run twice the same day, the second run changes nothing and
writes no event.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from cadrex.campaigns.models import Campaign

Sweep = Callable[..., list[tuple[str, int]]]
_SWEEPS: list[Sweep] = []


def register(sweep: Sweep) -> None:
    if sweep not in _SWEEPS:
        _SWEEPS.append(sweep)


def sweep_all(campaign: Campaign, *, now: datetime | None = None) -> list[tuple[str, int]]:
    """Run every registered sweep for ``campaign``; what each did, in order."""
    done: list[tuple[str, int]] = []
    for sweep in _SWEEPS:
        done.extend(sweep(campaign=campaign, now=now))
    return done
