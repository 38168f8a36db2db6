"""Which rules' work has begun in a campaign, as the apps above tell it.

The campaign cannot look into part A or part B (they stand on a floor above it, ADR 0009):
each registers a function ``campaign → {rule ID: why}`` when it starts (its AppConfig), and
the policy page asks them all before it changes a setting (``rules.policy_locks``).
"""

from __future__ import annotations

from collections.abc import Callable

from cadrex.campaigns.models import Campaign

Lock = Callable[[Campaign], dict[str, str]]
_LOCKS: list[Lock] = []


def register(lock: Lock) -> None:
    if lock not in _LOCKS:
        _LOCKS.append(lock)


def locked_rules(campaign: Campaign) -> dict[str, str]:
    found: dict[str, str] = {}
    for lock in _LOCKS:
        found.update(lock(campaign))
    return found
