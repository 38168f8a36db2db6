"""A9 the vetting candidates (考察对象), 1:2 per seat by default."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from cadrex.rules.errors import RuleViolation
from cadrex.rules.policy import DEFAULT_POLICY, Policy
from cadrex.rules.scoring import RankedRow, tie_that_matters


@dataclass(frozen=True)
class VettingPick:
    """A9: who is vetted, and whether (and why) the unit departed from score order."""

    candidates: tuple[Hashable, ...]
    in_score_order: bool
    reason: str | None = None


def vetting_size(contestants: int, seats: int = 1, policy: Policy = DEFAULT_POLICY) -> int:
    """A9: vetting_ratio × seats, or every contestant when there are fewer."""
    return min(policy.vetting_ratio * seats, contestants)


@dataclass(frozen=True)
class VettingTie:
    """A8/A9: a rank shared among the vetting places, which the office may order."""

    rank: int
    blocking: bool  # it straddles the cut: the vetting waits for the office's order


def vetting_tie(
    ranking: Sequence[RankedRow], *, seats: int = 1, policy: Policy = DEFAULT_POLICY
) -> VettingTie | None:
    """A8/A9: the first rank shared among the first ``vetting_size`` places, or None.

    A tie straddling the cut blocks the vetting until the office orders it
    (``rules.scoring.tie_that_matters``); one wholly within the places the office may order
    but need not. A tie below the cut decides nothing here.
    """
    rows = sorted(ranking, key=lambda row: row.rank)
    cut = vetting_size(len(rows), seats, policy)
    shared = sorted({row.rank for row in rows if row.tied and row.rank <= cut})
    if not shared:
        return None
    return VettingTie(rank=shared[0], blocking=tie_that_matters(rows, cut) == shared[0])


def vetting_candidates(
    ranking: Sequence[RankedRow],
    *,
    seats: int = 1,
    policy: Policy = DEFAULT_POLICY,
    chosen: Sequence[Hashable] | None = None,
    reason: str | None = None,
) -> VettingPick:
    """A9: the top vetting_ratio × seats by hearing rank, or the unit's own choice.

    A choice is in score order when nobody left out ranks strictly above anyone chosen
    (so picking among those tied at the cut needs no reason). Any other choice — the unit
    weighing its pre-screen — needs a written reason. With or without a choice, a tie at the cut
    is refused until the office has resolved it (A8, ``rules.scoring.check_tie_break``).
    """
    rows = sorted(ranking, key=lambda row: row.rank)
    size = vetting_size(len(rows), seats, policy)
    tied = tie_that_matters(rows, size)
    if tied is not None:  # A8: the office resolves a shared rank at the cut, with a reason
        raise RuleViolation(
            "A9",
            f"第{tied}名并列，须由竞岗交流工作办公室确定并列名次后，再确定{size}名考察对象。",
            field="chosen",
        )
    if chosen is None:
        return VettingPick(tuple(row.key for row in rows[:size]), True)
    picked = _check_choice(rows, chosen, size)
    in_order = _in_score_order(rows, picked)
    written = (reason or "").strip()
    if not in_order and not written:
        raise RuleViolation("A9", "所确定的考察对象未按竞岗得分排名，须写明理由。", field="reason")
    return VettingPick(tuple(chosen), in_order, written or None)


def _check_choice(
    rows: Sequence[RankedRow], chosen: Sequence[Hashable], size: int
) -> set[Hashable]:
    keys = {row.key for row in rows}
    picked: set[Hashable] = set()
    for person in chosen:
        if person not in keys:
            raise RuleViolation("A9", f"{person}不是该职位的竞岗对象。", field="chosen")
        if person in picked:
            raise RuleViolation("A9", f"{person}在考察对象中重复出现。", field="chosen")
        picked.add(person)
    if len(picked) != size:
        raise RuleViolation(
            "A9", f"应确定{size}名考察对象，现确定{len(picked)}名。", field="chosen"
        )
    return picked


def _in_score_order(rows: Sequence[RankedRow], picked: set[Hashable]) -> bool:
    worst_chosen = max((row.rank for row in rows if row.key in picked), default=0)
    best_left = min((row.rank for row in rows if row.key not in picked), default=worst_chosen + 1)
    return best_left >= worst_chosen
