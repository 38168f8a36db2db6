"""Part B, one item at a time: balance, vacancies, preferences, proposals, standby, reporting.

Every check here is the single definition of its rule (B1, B2, B3, B4, B7, C3). The bulk
matcher in :mod:`cadrex.rules.matching` validates whole campaigns with fast set operations
and, on any failure, calls the function here for the offending item so that the message
(and the rule) come from one place.

Cadres and units are any hashable keys; messages show them with ``str()``, so a caller that
passes objects whose ``str()`` is a name gets messages with names.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Any

from cadrex.rules.errors import RuleViolation
from cadrex.rules.policy import Policy
from cadrex.rules.workdays import add_months, nth_working_day

__all__ = [
    "add_months",
    "check_balance",
    "check_preferences",
    "check_proposals",
    "check_vacancies",
    "proposal_limit",
    "reporting_deadline",
    "standby_end",
]

_DEFAULT_POLICY = Policy()


def check_balance(
    unit: Any, *, sent_out: int, vacancies: int, exception_allowed: bool = False
) -> int:
    """B1: a unit's declaration keeps people out and in balanced (人员进出平衡).

    ``sent_out`` is the number of exchange candidates (交流对象) the unit sends out,
    ``vacancies`` the vacancies it declares. They must be equal, unless the office has
    allowed this unit an exception (``exception_allowed``). Returns the imbalance
    ``vacancies - sent_out`` (0 when balanced; positive: the unit takes in more than it
    sends out).
    """
    if type(sent_out) is not int or sent_out < 0:
        raise RuleViolation(
            "B1", f"单位“{unit}”的交流对象人数必须是非负整数，收到“{sent_out}”。", field="sent_out"
        )
    check_vacancies(unit, vacancies)
    difference = vacancies - sent_out
    if difference and not exception_allowed:
        raise RuleViolation(
            "B1",
            f"单位“{unit}”交流出 {sent_out} 人，申报缺员 {vacancies} 个，人员进出不平衡；"
            "请调整交流对象或缺员人数，或经竞岗交流工作办公室同意后作例外处理。",
            field="vacancies",
        )
    return difference


def check_vacancies(unit: Any, count: Any) -> int:
    """B2: a unit's vacancy count (缺员人数) is a non-negative whole number. Returns it."""
    if not isinstance(count, int) or isinstance(count, bool):
        raise RuleViolation(
            "B2", f"单位“{unit}”的缺员人数必须是整数，收到“{count}”。", field="vacancies"
        )
    if count < 0:
        raise RuleViolation(
            "B2", f"单位“{unit}”的缺员人数不能为负数（收到 {count}）。", field="vacancies"
        )
    return count


def check_preferences(
    cadre: Any,
    units: Sequence[Any],
    *,
    home_unit: Any = None,
    vacancies: Collection[Any] | None = None,
    policy: Policy = _DEFAULT_POLICY,
) -> tuple[Any, ...]:
    """B3: one exchange candidate's preference list (意向表). Returns it as a tuple.

    At most ``policy.max_preferences`` units, in order of preference, no unit twice, never
    the cadre's own unit (checked when ``home_unit`` is given), and only units whose
    vacancies were published (checked when ``vacancies`` — the published units — is given).
    An empty list is valid: the cadre listed nothing and goes to directed placement (B6).
    """
    if isinstance(units, str | bytes) or not isinstance(units, Sequence):
        raise RuleViolation(
            "B3", f"干部“{cadre}”的意向单位必须按顺序列出（收到“{units}”）。", field="preferences"
        )
    units = tuple(units)
    limit = policy.max_preferences
    if len(units) > limit:
        raise RuleViolation(
            "B3",
            f"干部“{cadre}”填报了 {len(units)} 个意向单位，最多填报 {limit} 个意向单位。",
            field="preferences",
        )
    seen: set[Any] = set()
    for unit in units:
        if unit in seen:
            raise RuleViolation(
                "B3", f"干部“{cadre}”重复填报了意向单位“{unit}”。", field="preferences"
            )
        seen.add(unit)
        if home_unit is not None and unit == home_unit:
            raise RuleViolation(
                "B3", f"干部“{cadre}”不能填报本单位“{unit}”作为意向单位。", field="preferences"
            )
        if vacancies is not None and unit not in vacancies:
            raise RuleViolation(
                "B3",
                f"干部“{cadre}”填报的意向单位“{unit}”不在公布的缺员单位之列。",
                field="preferences",
            )
    return units


def proposal_limit(vacancies: int, *, policy: Policy = _DEFAULT_POLICY) -> int:
    """B4: how many people a unit with ``vacancies`` may propose (1:2 → twice its demand)."""
    return int(policy.proposal_ratio * vacancies)


def check_proposals(
    unit: Any,
    cadres: Sequence[Any],
    *,
    vacancies: Mapping[Any, int],
    preferences: Mapping[Any, Sequence[Any]],
    policy: Policy = _DEFAULT_POLICY,
) -> tuple[Any, ...]:
    """B4: one unit's proposal list (人选需求表). Returns it as a tuple.

    The unit must have published vacancies (be a key of ``vacancies``); it proposes, in its
    order, at most ``proposal_ratio × vacancies`` people, nobody twice, and only people who
    listed it among their preferences (``preferences``: cadre → listed units).
    """
    if unit not in vacancies:
        raise RuleViolation(
            "B4", f"单位“{unit}”未公布缺员人数，不能提出建议人选。", field="proposals"
        )
    if isinstance(cadres, str | bytes) or not isinstance(cadres, Sequence):
        raise RuleViolation(
            "B4", f"单位“{unit}”的建议人选必须按顺序列出（收到“{cadres}”）。", field="proposals"
        )
    cadres = tuple(cadres)
    count = vacancies[unit]
    limit = proposal_limit(count, policy=policy)
    if len(cadres) > limit:
        raise RuleViolation(
            "B4",
            f"单位“{unit}”缺员 {count} 人，按 1:{policy.proposal_ratio} 比例最多提出 {limit} 名"
            f"建议人选，实际提出 {len(cadres)} 名。",
            field="proposals",
        )
    seen: set[Any] = set()
    for cadre in cadres:
        if cadre in seen:
            raise RuleViolation(
                "B4", f"单位“{unit}”重复提出了建议人选“{cadre}”。", field="proposals"
            )
        seen.add(cadre)
        listed = preferences.get(cadre)
        if listed is None:
            raise RuleViolation(
                "B4",
                f"单位“{unit}”提出的建议人选“{cadre}”不是本次双向选择的交流对象。",
                field="proposals",
            )
        if unit not in listed:
            raise RuleViolation(
                "B4",
                f"单位“{unit}”提出的建议人选“{cadre}”未填报该单位为意向单位，"
                "只能从有意向选择本单位的人员中提出。",
                field="proposals",
            )
    return cadres


def standby_end(start: date, *, policy: Policy = _DEFAULT_POLICY) -> date:
    """B7: the day a standby (待岗) that began on ``start`` ends.

    Standby lasts ``policy.standby_months`` calendar months (the plan: one year), with the
    assessment bonus withheld. The period is half-open ``[start, end)`` like every window:
    the returned date is the first day after it, when the person is placed again by their
    conduct. A start on a day the end month lacks (the 31st, 29 February) ends on that
    month's last day.
    """
    return add_months(start, policy.standby_months)


def reporting_deadline(
    start: date,
    *,
    policy: Policy = _DEFAULT_POLICY,
    holidays: Collection[date] = frozenset(),
    makeup_workdays: Collection[date] = frozenset(),
) -> date:
    """C3: the last day on which a moved cadre may report to the new unit on time.

    Step 1. Start from ``start``, the day the move was decided or notified; it does not count.
    Step 2. Count working days forward (:func:`cadrex.rules.workdays.is_working_day`: Monday to
            Friday except ``holidays``, plus ``makeup_workdays``, weekend days worked in lieu).
    Step 3. The day on which the count reaches ``policy.reporting_working_days`` is the
            deadline; reporting on that day is on time.
    """
    return nth_working_day(
        start,
        policy.reporting_working_days,
        holidays=holidays,
        makeup_workdays=makeup_workdays,
        include_start=False,
    )
