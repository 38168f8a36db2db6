"""POLICY: a setting keeps its value once the work it governs has begun (A3, A8)."""

from __future__ import annotations

from decimal import Decimal

from cadrex.rules.policy import Policy
from cadrex.rules.policy_locks import locked_changes


def test_policy_a8_settings_hold_once_scoring_has_begun():
    before = Policy()
    after = Policy.from_overrides({"leader_weight": "60", "staff_weight": "40", "max_age": 40})
    problems = locked_changes(before, after, {"A8": "公开竞岗已开始评分"})
    assert {p.field for p in problems} == {"leader_weight", "staff_weight"}
    assert all(
        p.rule == "POLICY" and "不能再修改：公开竞岗已开始评分。" in p.message for p in problems
    )
    assert after.leader_weight == Decimal("60")  # the A3 change (max_age) is not locked here


def test_policy_nothing_locked_nothing_refused():
    after = Policy.from_overrides({"leader_weight": "60", "staff_weight": "40"})
    assert locked_changes(Policy(), after, {}) == []
    assert locked_changes(Policy(), Policy(), {"A8": "x"}) == []
