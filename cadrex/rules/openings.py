"""A1 which units must offer openings and whether a declaration satisfies it; A2 publication."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cadrex.rules.errors import RuleViolation
from cadrex.rules.policy import DEFAULT_POLICY, Policy
from cadrex.rules.scope import PostLevel, UnitFacts, UnitKind, in_scope, post_level


@dataclass(frozen=True)
class OpeningFacts:
    """A middle-level post offered for cross-unit competition (one row of the openings table)."""

    code: str
    unit: str
    post_name: str = ""
    level: PostLevel = PostLevel.DEPUTY
    seats: int = 1  # how many people the post takes
    # Person ids of the offering unit's leaders, for the A3 recusal check.
    unit_leaders: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        object.__setattr__(self, "level", post_level(self.level, "A1"))
        object.__setattr__(self, "unit_leaders", frozenset(self.unit_leaders))
        check_seats(self.seats, self.label)

    @property
    def label(self) -> str:
        return self.post_name or self.code


def check_seats(seats: int, label: str = "") -> None:
    """A1: an opening takes at least one person (the unit's form asks before the row exists,
    so the post may have no name yet)."""
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        what = f"职位“{label}”的职数" if label else "职数"
        raise RuleViolation("A1", f"{what}至少为1个。", field="seats")


def must_offer(unit: UnitFacts, policy: Policy = DEFAULT_POLICY) -> bool:
    """A1: towns always (when the policy says so); others with ≥ threshold middle-level cadres."""
    if not in_scope(unit):
        return False
    if unit.kind is UnitKind.TOWN and policy.towns_must_offer:
        return True
    return unit.middle_level_headcount >= policy.mandatory_offer_threshold


def required_openings(unit: UnitFacts, policy: Policy = DEFAULT_POLICY) -> int:
    """A1: the fewest seats ``unit`` must offer (0 when offering is its own choice)."""
    return policy.min_openings_when_mandatory if must_offer(unit, policy) else 0


def check_declaration(
    unit: UnitFacts, openings: Sequence[OpeningFacts], policy: Policy = DEFAULT_POLICY
) -> None:
    """A1: refuse a unit's openings table that is not its own or offers too few seats."""
    if openings and not in_scope(unit):
        raise RuleViolation("S1", f"{unit.display}不在本次竞岗范围内，不能推出竞岗职位。")
    seen: set[str] = set()
    for opening in openings:
        if opening.unit != unit.code:
            raise RuleViolation(
                "A1", f"职位“{opening.label}”不属于{unit.display}，不能由本单位申报。"
            )
        if opening.code in seen:
            raise RuleViolation("A1", f"职位“{opening.label}”重复申报。")
        seen.add(opening.code)
    offered = sum(opening.seats for opening in openings)
    needed = required_openings(unit, policy)
    if offered < needed:
        raise RuleViolation(
            "A1",
            f"{_why_mandatory(unit, policy)}，至少须推出{needed}个竞岗职位，现推出{offered}个。",
        )


def _why_mandatory(unit: UnitFacts, policy: Policy) -> str:
    if unit.kind is UnitKind.TOWN and policy.towns_must_offer:
        return f"{unit.display}为镇（街道）"
    return (
        f"{unit.display}现有中层干部{unit.middle_level_headcount}名"
        f"（{policy.mandatory_offer_threshold}名及以上）"
    )


def units_missing_openings(
    units: Iterable[UnitFacts], openings: Iterable[OpeningFacts], policy: Policy = DEFAULT_POLICY
) -> tuple[str, ...]:
    """A2: codes of units that must offer but whose declared seats fall short."""
    seats: dict[str, int] = {}
    for opening in openings:
        seats[opening.unit] = seats.get(opening.unit, 0) + opening.seats
    return tuple(
        unit.code for unit in units if seats.get(unit.code, 0) < required_openings(unit, policy)
    )


def check_publication(
    units: Iterable[UnitFacts], openings: Iterable[OpeningFacts], policy: Policy = DEFAULT_POLICY
) -> None:
    """A2: the office publishes all openings together, so every obliged unit must have declared."""
    units = tuple(units)
    missing = set(units_missing_openings(units, openings, policy))
    if missing:
        names = "、".join(unit.display for unit in units if unit.code in missing)
        raise RuleViolation("A2", f"以下单位尚未按要求推出竞岗职位，暂不能统一公布：{names}。")
