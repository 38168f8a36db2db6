"""A6 openings with too few qualified applicants are not competed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cadrex.rules.errors import RuleViolation
from cadrex.rules.openings import OpeningFacts
from cadrex.rules.policy import DEFAULT_POLICY, Policy


def min_qualified(opening: OpeningFacts, policy: Policy = DEFAULT_POLICY) -> int:
    """A6: qualified applicants an opening needs: the fixed minimum, or ratio × seats if higher."""
    by_ratio = (
        0 if policy.min_qualified_ratio is None else policy.min_qualified_ratio * opening.seats
    )
    return max(policy.min_qualified_to_compete, by_ratio)


def cancelled_openings(
    openings: Sequence[OpeningFacts],
    qualified_counts: Mapping[str, int],
    policy: Policy = DEFAULT_POLICY,
) -> tuple[str, ...]:
    """A6: codes of the openings (in the given order) that will not be competed.

    ``qualified_counts`` maps an opening code to the number of applicants who passed the
    qualification review; a missing code means nobody qualified.
    """
    unknown = set(qualified_counts) - {opening.code for opening in openings}
    if unknown:
        raise RuleViolation("A6", f"资格审查结果指向未公布的职位：{'、'.join(sorted(unknown))}。")
    for code, count in qualified_counts.items():
        if count < 0:
            raise RuleViolation("A6", f"职位{code}的符合条件人数不能为负数。")
    return tuple(
        opening.code
        for opening in openings
        if qualified_counts.get(opening.code, 0) < min_qualified(opening, policy)
    )
