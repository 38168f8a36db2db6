"""A7 the shortlist of contestants (竞岗对象)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from cadrex.rules.errors import RuleViolation
from cadrex.rules.policy import DEFAULT_POLICY, Policy


def shortlist_size(seats: int = 1, policy: Policy = DEFAULT_POLICY) -> int:
    """A7: the most contestants an opening may have (the cap, or ratio × seats if smaller)."""
    if policy.shortlist_ratio is None:
        return policy.shortlist_cap
    return min(policy.shortlist_cap, policy.shortlist_ratio * seats)


def shortlist(
    qualified: Sequence[Hashable],
    *,
    prescreen: Sequence[Hashable] | None = None,
    seats: int = 1,
    policy: Policy = DEFAULT_POLICY,
) -> tuple[Hashable, ...]:
    """A7: everyone when within the cap; otherwise exactly the cap, in pre-screen order.

    ``prescreen`` is the offering unit's ranking after its pre-screen. It may rank only the
    top part, but must name at least as many people as the cap, each of them a qualified
    applicant, none twice.
    """
    if len(set(qualified)) != len(qualified):
        raise RuleViolation("A7", "符合条件的报名人员名单中有重复。")
    cap = shortlist_size(seats, policy)
    if len(qualified) <= cap:
        return tuple(qualified)
    if prescreen is None:
        raise RuleViolation(
            "A7",
            f"报名人员{len(qualified)}名，超过{cap}名，须经初步比选确定{cap}名竞岗对象。",
            field="prescreen",
        )
    _check_prescreen(qualified, prescreen, cap)
    return tuple(prescreen[:cap])


def _check_prescreen(
    qualified: Sequence[Hashable], prescreen: Sequence[Hashable], cap: int
) -> None:
    known = set(qualified)
    seen: set[Hashable] = set()
    for position, person in enumerate(prescreen, start=1):
        if person not in known:
            raise RuleViolation(
                "A7",
                f"初步比选名单第{position}位（{person}）不是符合条件的报名人员。",
                field="prescreen",
            )
        if person in seen:
            raise RuleViolation(
                "A7", f"初步比选名单第{position}位（{person}）重复出现。", field="prescreen"
            )
        seen.add(person)
    if len(prescreen) < cap:
        raise RuleViolation(
            "A7",
            f"初步比选名单只有{len(prescreen)}人，须排出至少{cap}名竞岗对象。",
            field="prescreen",
        )
