"""B5 in rounds (``policy.matching_rounds`` > 1): who takes part in the next round, among
which units, and when a round may open (ADR 0011).

Round 1 is the plan's matching: everyone listed, the published vacancies. After round ``n``
is published, round ``n + 1`` lists again the people round ``n`` left unplaced (落岗, and
those who listed nothing), among the units with vacancies left: they file preferences
again (B3, only among those units), the units propose again (B4, ``proposal_ratio`` × the
vacancies left, only from those who chose them in this round) and the office matches
(B5, :func:`cadrex.rules.matching.match`, unchanged). Only after the last round do the
rest go to directed placement (B6).

Pure functions: the services gather the facts (the previous round's frozen inputs and
result) and call these.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from typing import Any

from cadrex.rules.errors import RuleViolation
from cadrex.rules.exchange import check_preferences
from cadrex.rules.policy import Policy

__all__ = [
    "check_directed_after_rounds",
    "check_forms_open",
    "check_round_open",
    "check_round_participant",
    "check_round_preferences",
    "check_round_unit",
    "next_round_people",
    "next_round_vacancies",
    "round_due",
]

_DEFAULT_POLICY = Policy()


def next_round_vacancies(
    vacancies: Mapping[Hashable, int], assignment: Mapping[Hashable, Hashable]
) -> dict[Hashable, int]:
    """B5 (B2): the units with vacancies left after a round, and how many: the round's
    vacancies less the people it matched to each. Units left with none are not listed —
    nobody may choose them in the next round."""
    left = dict(vacancies)
    for unit in assignment.values():
        left[unit] -= 1
    return {unit: n for unit, n in left.items() if n > 0}


def next_round_people(
    unplaced: Sequence[Hashable], placed: Collection[Hashable] = ()
) -> tuple[Hashable, ...]:
    """B5: who takes part in the next round: the people the round left unplaced, in its
    order (those who listed nothing too: they get a second chance). ``placed`` — anybody
    already placed otherwise — never takes part again."""
    gone = set(placed)
    return tuple(p for p in unplaced if p not in gone)


def round_due(
    *, current: int, published: bool, people: int, vacancies: int, policy: Policy = _DEFAULT_POLICY
) -> bool:
    """B5: whether another round follows round ``current``: it is published, the policy has
    rounds left, and somebody is left unplaced with a unit left to go to."""
    return published and current < policy.matching_rounds and people > 0 and vacancies > 0


def check_round_open(
    *,
    current: int,
    published: bool,
    people: int,
    vacancies: int,
    policy: Policy = _DEFAULT_POLICY,
) -> int:
    """B5: the office opens round ``current + 1``. Returns its number.

    Refused beyond ``policy.matching_rounds`` (also: the last round opened twice), before
    round ``current`` is published, and when nobody or no unit is left for it.
    """
    following = current + 1
    if current >= policy.matching_rounds:
        raise RuleViolation(
            "B5",
            f"本次工作的双向选择匹配共 {policy.matching_rounds} 轮，已进行到第 {current} 轮，"
            f"不能开启第 {following} 轮。",
        )
    if not published:
        raise RuleViolation(
            "B5", f"第 {current} 轮双向选择匹配结果尚未公布，不能开启第 {following} 轮。"
        )
    if people <= 0:
        raise RuleViolation(
            "B5", f"第 {current} 轮匹配后没有落岗人员，无需进行第 {following} 轮双向选择。"
        )
    if vacancies <= 0:
        raise RuleViolation(
            "B5",
            f"第 {current} 轮匹配后各单位已没有剩余缺员，无需进行第 {following} 轮双向选择；"
            "落岗人员转由市委组织部定向交流。",
        )
    return following


def check_round_participant(person: Any, *, round_number: int, taking_part: bool) -> None:
    """B5: in round 2 and later only the people the previous round left unplaced file
    preferences and may be proposed."""
    if round_number > 1 and not taking_part:
        raise RuleViolation(
            "B5",
            f"“{person}”不是第 {round_number} 轮双向选择的参加人员"
            f"（只有第 {round_number - 1} 轮落岗的人员参加），不能填报或被提出为建议人选。",
            field="preferences",
        )


def check_round_preferences(
    cadre: Any,
    units: Sequence[Any],
    *,
    round_number: int,
    home_unit: Any = None,
    vacancies: Mapping[Any, int],
    policy: Policy = _DEFAULT_POLICY,
) -> tuple[Any, ...]:
    """B3 in round ``round_number``: the usual preference list, only among the units with
    vacancies left (``vacancies``: unit → vacancies for this round). In round 2 and later a
    unit filled in an earlier round is refused by name."""
    open_units = {unit for unit, n in vacancies.items() if n > 0}
    if round_number > 1 and not isinstance(units, str | bytes) and isinstance(units, Sequence):
        for unit in units:
            if unit not in open_units and unit != home_unit:
                raise RuleViolation(
                    "B3",
                    f"“{unit}”在第 {round_number - 1} 轮匹配后已没有剩余缺员，"
                    f"第 {round_number} 轮不能填报该单位。",
                    field="preferences",
                )
    return check_preferences(cadre, units, home_unit=home_unit, vacancies=open_units, policy=policy)


def check_forms_open(rule: str, *, round_number: int, published: bool) -> None:
    """B3/B4 (``rule``): a round's forms stay as its published matching read them."""
    what = f"第 {round_number} 轮" if round_number > 1 else ""
    form = "意向" if rule == "B3" else "建议人选"
    if published:
        raise RuleViolation(
            rule, f"{what}双向选择匹配结果已经公布，不能再修改{form}。", field="preferences"
        )


def check_round_unit(unit: Any, *, round_number: int, vacancies: Mapping[Any, int]) -> None:
    """B4 in round 2 and later: only a unit with vacancies left proposes."""
    if round_number > 1 and vacancies.get(unit, 0) <= 0:
        raise RuleViolation(
            "B4",
            f"单位“{unit}”在第 {round_number - 1} 轮匹配后已没有剩余缺员，"
            f"第 {round_number} 轮不能提出建议人选。",
            field="proposals",
        )


def check_directed_after_rounds(*, current: int, published: bool, due: bool) -> None:
    """B6: directed placement waits for the last round: round ``current`` (the latest
    opened) must be published, and no round may follow it (``due``, see :func:`round_due`)."""
    if current > 1 and not published:
        raise RuleViolation("B6", f"第 {current} 轮双向选择匹配结果尚未公布，暂不能定向交流。")
    if due:
        raise RuleViolation(
            "B6",
            f"第 {current} 轮双向选择匹配之后还要进行第 {current + 1} 轮，"
            "落岗人员须在最后一轮匹配之后再定向交流。",
        )
