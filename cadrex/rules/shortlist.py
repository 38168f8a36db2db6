"""A7 the shortlist of contestants (竞岗对象)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Hashable, Sequence

from cadrex.rules.errors import RuleViolation
from cadrex.rules.policy import DEFAULT_POLICY, Policy


def shortlist_size(seats: int = 1, policy: Policy = DEFAULT_POLICY) -> int:
    """A7: the most contestants an opening may have (the cap, or ratio × seats if smaller)."""
    if policy.shortlist_ratio is None:
        return policy.shortlist_cap
    return min(policy.shortlist_cap, policy.shortlist_ratio * seats)


def needs_prescreen(qualified: int, seats: int = 1, policy: Policy = DEFAULT_POLICY) -> bool:
    """A7: more qualified applicants than the shortlist may hold: the offering unit must
    pre-screen them and rank them."""
    return qualified > shortlist_size(seats, policy)


def check_prescreen_method(
    qualified: int, method: str, seats: int = 1, policy: Policy = DEFAULT_POLICY
) -> None:
    """A7: a unit that must pre-screen says how it did (interview, file review, …)."""
    if needs_prescreen(qualified, seats, policy) and not method.strip():
        raise RuleViolation(
            "A7", "报名人数超过竞岗对象人数上限，须写明初步比选方式。", field="method"
        )


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
    if not needs_prescreen(len(qualified), seats, policy):
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


def prescreen_order(
    places: Sequence[tuple[Hashable, str, str]],
    *,
    rule: str = "A7",
    complete: bool = False,
    field_of: Callable[[Hashable], str] | None = None,
) -> list[Hashable]:
    """A7 (and A8's tie break): the order a unit or the office typed as places 1, 2, 3 …

    ``places`` holds (key, the person's name, the place as typed). A place must be a whole
    number from 1 (full-width digits are read as digits); the places given run 1 … k with no
    gap and no repeat. A blank place means "not ranked" — refused when ``complete``. The
    keys come back in order of place. Nothing is guessed: "abc", "0", "1.5" are refused.
    ``field_of(key)`` names the box of a refusal about one person's place (else "prescreen").
    """

    def box(key: Hashable) -> str:
        return field_of(key) if field_of else "prescreen"

    ranked: dict[int, tuple[Hashable, str]] = {}
    for key, name, raw in places:
        text = unicodedata.normalize("NFKC", raw or "").strip()
        if not text:
            if complete:
                raise RuleViolation(rule, f"请填写“{name}”的名次。", field=box(key))
            continue
        if not (text.isascii() and text.isdigit()) or int(text) < 1:
            raise RuleViolation(
                rule, f"“{name}”的名次“{raw}”不是正整数，请填写1、2、3……", field=box(key)
            )
        place = int(text)
        if place in ranked:
            raise RuleViolation(
                rule,
                f"名次{place}重复：“{ranked[place][1]}”和“{name}”，请逐一排定。",
                field=box(key),
            )
        ranked[place] = (key, name)
    missing = [p for p in range(1, len(ranked) + 1) if p not in ranked]
    if missing:
        raise RuleViolation(rule, f"名次须从1起连续排列，缺少第{missing[0]}名。", field="prescreen")
    return [ranked[p][0] for p in sorted(ranked)]
