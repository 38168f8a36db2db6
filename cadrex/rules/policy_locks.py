"""POLICY: a setting keeps its value once the work it governs has begun.

A campaign's numbers may change while nothing depends on them. Once people have applied
under the A3 conditions, or jurors have scored under the A8 method, changing them would
judge some by one rule and others by another — or, since totals are computed from the
policy, silently rewrite scores already published. ``locked`` says which rules' work has
begun (rule ID → why, in Chinese); the campaign's apps tell it (``campaigns.policy_locks``).
"""

from __future__ import annotations

from collections.abc import Mapping

from cadrex.rules.errors import RuleViolation
from cadrex.rules.policy import POLICY_LABELS, Policy


def locked_changes(before: Policy, after: Policy, locked: Mapping[str, str]) -> list[RuleViolation]:
    """Every setting of a locked rule that ``after`` changes, each refused beside its box."""
    problems = []
    for name, (label, rule) in POLICY_LABELS.items():
        if rule in locked and getattr(before, name) != getattr(after, name):
            problems.append(
                RuleViolation("POLICY", f"“{label}”不能再修改：{locked[rule]}。", field=name)
            )
    return problems
