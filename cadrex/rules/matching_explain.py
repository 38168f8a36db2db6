"""B5: reading a matching — is it stable, and why did each cadre end where they did.

:func:`blocking_pairs` is the stability checker: the office's page shows its count and a
run with any blocking pair is never published; the tests use it as an oracle for
:func:`cadrex.rules.matching.match`. :func:`explain` gives each cadre their outcome as a
Chinese sentence (matched at their k-th choice, listed nothing, not proposed, or outranked).

Both read a matching's ``assignment`` (cadre → unit), the preferences (B3) and the proposals
(B4) as :func:`cadrex.rules.matching.match` took them.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the matcher imports this module; a type needs no import at run time
    from cadrex.rules.matching import Matching

__all__ = ["Explanation", "Outcome", "blocking_pairs", "explain"]


class Outcome(StrEnum):
    """Why a cadre ended where they did after matching."""

    #: placed at their k-th listed unit
    MATCHED = "matched"
    #: listed no unit: directed placement (B6)
    LISTED_NOTHING = "listed_nothing"
    #: no unit they listed proposed them
    NOT_PROPOSED = "not_proposed"
    #: every listed unit that proposed them filled up with people it ranked higher
    OUTRANKED = "outranked"


@dataclass(frozen=True)
class Explanation:
    """One cadre's outcome, with the Chinese sentence shown to them and to the office."""

    cadre: Hashable
    outcome: Outcome
    message: str
    unit: Hashable | None = None  # the unit they were matched to
    choice: int | None = None  # 1 for their first listed unit, 2 for the second …


def blocking_pairs(
    matching: Matching,
    preferences: Mapping[Hashable, Sequence[Hashable]],
    proposals: Mapping[Hashable, Sequence[Hashable]],
    vacancies: Mapping[Hashable, int],
) -> list[tuple[Hashable, Hashable]]:
    """B5: the acceptable (cadre, unit) pairs that would both rather have each other.

    Step 1. For each unit, its rank of each proposed cadre, how many it holds and the rank of
            the lowest-ranked person it holds.
    Step 2. For each cadre, each listed unit ahead of their own (every listed unit when
            unplaced) that proposed them blocks when it has a free seat or holds someone it
            ranks below them.
    Empty exactly when ``matching`` is stable.
    """
    rank = {unit: {c: r for r, c in enumerate(cadres)} for unit, cadres in proposals.items()}
    load: dict[Hashable, int] = {}
    worst: dict[Hashable, int] = {}
    for cadre, unit in matching.assignment.items():
        load[unit] = load.get(unit, 0) + 1
        r = rank.get(unit, {}).get(cadre, -1)
        worst[unit] = max(worst.get(unit, -1), r)
    pairs = []
    for cadre, listed in preferences.items():
        mine = matching.assignment.get(cadre)
        for unit in listed:
            if unit == mine:
                break
            r = rank.get(unit, {}).get(cadre)
            if r is None:
                continue
            if load.get(unit, 0) < vacancies.get(unit, 0) or worst.get(unit, -1) > r:
                pairs.append((cadre, unit))
    return pairs


def explain(
    matching: Matching,
    preferences: Mapping[Hashable, Sequence[Hashable]],
    proposals: Mapping[Hashable, Sequence[Hashable]],
    *,
    cadres: Sequence[Hashable] | None = None,
) -> dict[Hashable, Explanation]:
    """B5: why each cadre (all of ``preferences``, or only ``cadres``) ended where they did.

    Matched at their k-th listed unit; listed nothing; not proposed by any unit they listed;
    or proposed, but every listed unit that proposed them was filled with people it ranked
    higher (true of every stable matching). For a cadre matched below their first choice, the
    message also says why each earlier choice did not take them.
    """
    rank = {unit: {c: r for r, c in enumerate(lst)} for unit, lst in proposals.items()}
    result: dict[Hashable, Explanation] = {}
    for cadre in preferences if cadres is None else cadres:
        listed = tuple(preferences[cadre])
        unit = matching.assignment.get(cadre)
        if not listed:
            result[cadre] = Explanation(
                cadre,
                Outcome.LISTED_NOTHING,
                f"干部“{cadre}”未填报意向单位，未参加双向选择匹配，转由组织部定向交流。",
            )
            continue
        if unit is not None:
            choice = listed.index(unit) + 1
            before = [_why_not(cadre, u, rank) for u in listed[: choice - 1]]
            note = ("；" + "；".join(before)) if before else ""
            result[cadre] = Explanation(
                cadre,
                Outcome.MATCHED,
                f"干部“{cadre}”以第 {choice} 意向匹配到“{unit}”{note}。",
                unit=unit,
                choice=choice,
            )
            continue
        proposers = [u for u in listed if cadre in rank.get(u, {})]
        if not proposers:
            names = "、".join(f"“{u}”" for u in listed)
            result[cadre] = Explanation(
                cadre,
                Outcome.NOT_PROPOSED,
                f"干部“{cadre}”落岗：所填意向单位 {names} 均未将其列为建议人选，转由组织部定向交流。",
            )
            continue
        reasons = "；".join(_why_not(cadre, u, rank) for u in listed)
        result[cadre] = Explanation(
            cadre,
            Outcome.OUTRANKED,
            f"干部“{cadre}”落岗：{reasons}，转由组织部定向交流。",
        )
    return result


def _why_not(cadre: Hashable, unit: Hashable, rank: Mapping[Hashable, Mapping]) -> str:
    r = rank.get(unit, {}).get(cadre)
    if r is None:
        return f"“{unit}”未将其列为建议人选"
    return f"“{unit}”将其列为第 {r + 1} 名建议人选，但已由排序更靠前的人选额满"
