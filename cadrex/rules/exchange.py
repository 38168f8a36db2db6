"""Part B, one item at a time: the one definition of every refusal of B3, B4, B7 and C3,
and of the item checks of B1 and B2.

- B1: a unit's balance of people out and in (:func:`check_balance`).
- B2: the vacancy count (:func:`vacancy_count`, :func:`check_vacancies`).
- B3: preferences (:func:`check_preferences`, :func:`check_preference_units_exist`).
- B4: proposals (:func:`proposal_limit`, :func:`check_proposals`).
- B7: the answer to a placement (:func:`check_placement_decided`, :func:`check_answer_open`),
  the standby (:func:`standby_rule`, :func:`standby_end`) and its outcome once served
  (:func:`check_standby_ongoing`, :func:`standby_move`, :func:`standby_served`,
  :func:`check_standby_placement`, :func:`standby_years`, :func:`incompetent_year`).
- C3: the reporting deadline and the new unit's checklist (:func:`reporting_deadline`,
  :func:`check_transfer_item`, :func:`check_transfer`).

The services gather the facts and call these; the transition tables
(:mod:`cadrex.rules.transitions`) use the B7 guards. The rest of part B has one module each:
sign-up, the declaration's life and the publication of vacancies (B1–B2) in
:mod:`cadrex.rules.exchange_declaration`; the matching run's publication (B5) and the directed
placement (B6) in :mod:`cadrex.rules.exchange_decision`. The bulk matcher in
:mod:`cadrex.rules.matching` validates whole campaigns with fast set operations and, on any
failure, calls the function here for the offending item so that the message (and the rule)
come from one place.

Cadres and units are any hashable keys; messages show them with ``str()``, so a caller that
passes objects whose ``str()`` is a name gets messages with names.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from cadrex.rules.errors import RuleViolation
from cadrex.rules.policy import Policy
from cadrex.rules.scope import UnitFacts, scope_problem
from cadrex.rules.workdays import WorkCalendar, add_months, nth_working_day

__all__ = [
    "STANDBY_MOVES",
    "add_months",
    "check_answer_open",
    "check_balance",
    "check_placement_decided",
    "check_preference_units_exist",
    "check_preferences",
    "check_proposals",
    "check_standby_ongoing",
    "check_standby_placement",
    "check_transfer",
    "check_transfer_item",
    "check_vacancies",
    "incompetent_year",
    "proposal_limit",
    "reporting_deadline",
    "standby_end",
    "standby_move",
    "standby_rule",
    "standby_served",
    "standby_years",
    "vacancy_count",
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


# ------------------------------------------------------------------ B2 vacancies


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


def vacancy_count(unit: Any, typed: Any) -> int:
    """B2: the vacancy count as typed on the form (text, ASCII digits with an optional
    minus) or passed in as a number; :func:`check_vacancies` says whether it is one."""
    if isinstance(typed, str):
        text = typed.strip()
        digits = text[1:] if text.startswith("-") else text
        typed = int(text) if digits.isascii() and digits.isdigit() else text
    return check_vacancies(unit, typed)


# ------------------------------------------------------------------ B3 preferences


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


def check_preference_units_exist(asked: Collection[Any], found: Collection[Any]) -> None:
    """B3: every unit listed is one of ours (``found``: those of ``asked`` that exist)."""
    if set(asked) - set(found):
        raise RuleViolation("B3", "所填意向单位不存在。", field="preferences")


# ------------------------------------------------------------------ B4 proposals


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


# ------------------------------------------------------------------ B7 answer and standby


def standby_end(start: date, *, policy: Policy = _DEFAULT_POLICY) -> date:
    """B7: the day a standby (待岗) that began on ``start`` ends.

    Standby lasts ``policy.standby_months`` calendar months (the plan: one year), with the
    assessment bonus withheld. The period is half-open ``[start, end)`` like every window:
    the returned date is the first day after it, when the person is placed again by their
    conduct. A start on a day the end month lacks (the 31st, 29 February) ends on that
    month's last day.
    """
    return add_months(start, policy.standby_months)


def check_placement_decided(*, decided: bool, has_unit: bool) -> None:
    """B7: a person answers a placement once it is decided and names a unit (a guard of
    the ``PLACEMENT`` table)."""
    if not decided or not has_unit:
        raise RuleViolation("B7", "您的交流安排尚未确定，暂无需表态。")


def check_answer_open(*, answered: bool, answer_label: str) -> None:
    """B7: a person answers once; ``answer_label`` is the answer they gave."""
    if answered:
        raise RuleViolation("B7", f"您已表态（{answer_label}），不能更改。")


def standby_rule(*, directed: bool) -> str:
    """B7 for refusing a directed placement; C3 for refusing any other exchange decision."""
    return "B7" if directed else "C3"


def check_standby_ongoing(*, ongoing: bool) -> None:
    """B7: a standby's outcome is recorded once."""
    if not ongoing:
        raise RuleViolation("B7", "该待岗人员的结果已经记录。")


# A standby's outcome → the move of the ``STANDBY`` table that records it.
STANDBY_MOVES = {"placed": "standby_place", "incompetent": "standby_incompetent"}


def standby_move(outcome: str) -> str:
    """B7: the two outcomes of a served standby: placed by conduct, or graded 不称职."""
    move = STANDBY_MOVES.get(outcome)
    if move is None:
        raise RuleViolation("B7", "请选择待岗期满后的安排结果。", field="outcome")
    return move


def standby_served(*, today: date, end: date) -> None:
    """B7: a standby ``[start, end)`` is served on ``end``: no outcome before it, whether the
    person is placed "afterwards" or graded for the whole standby (ADR 0006). A guard of the
    ``STANDBY`` table."""
    if today < end:
        raise RuleViolation(
            "B7", f"待岗期至{end:%Y年%m月%d日}届满，届满前不能作出结论。", field="outcome"
        )


def check_standby_placement(unit: UnitFacts | None) -> None:
    """B7: after the standby the person is placed into a unit, any unit in scope (S1)."""
    if unit is None:
        raise RuleViolation("B7", "请选择安排的单位。", field="unit")
    problem = scope_problem(unit)
    if problem:
        raise RuleViolation("B7", f"不能安排到该单位：{problem}", field="unit")


def standby_years(start: date, end: date) -> tuple[int, int]:
    """B7: the calendar years a standby ``[start, end)`` lies in, first and last."""
    return start.year, (end - timedelta(days=1)).year


def incompetent_year(*, start: date, end: date, year: int | None, vetting_note: str) -> int:
    """B7: poor conduct on standby grades one annual assessment of the standby's years
    不称职, after vetting (``vetting_note``); by default its last year, the one the whole
    term ends in. Returns that year."""
    if not (vetting_note or "").strip():
        raise RuleViolation(
            "B7", "确定为不称职等次须经考察和讨论研究，请填写考察和研究意见。", field="vetting_note"
        )
    first, last = standby_years(start, end)
    year = last if year is None else year
    if not first <= year <= last:
        span = f"{first}年度" if first == last else f"{first}年度或{last}年度"
        raise RuleViolation(
            "B7", f"不称职等次只能确定在待岗期间的{span}，不能是{year}年度。", field="year"
        )
    return year


# ------------------------------------------------------------------ C3 reporting, relations


def reporting_deadline(
    start: date,
    *,
    policy: Policy = _DEFAULT_POLICY,
    holidays: Collection[date] = frozenset(),
    makeup_workdays: Collection[date] = frozenset(),
    calendar: WorkCalendar | None = None,
) -> date:
    """C3: the last day on which a moved cadre may report to the new unit on time.

    Step 1. Start from ``start``, the day the move was decided or notified; it does not count.
    Step 2. Count working days forward (:func:`cadrex.rules.workdays.is_working_day`: Monday to
            Friday except ``holidays``, plus ``makeup_workdays``, weekend days worked in lieu).
    Step 3. The day on which the count reaches ``policy.reporting_working_days`` is the
            deadline; reporting on that day is on time.
    ``calendar`` (the site's holiday calendar, ADR 0012) replaces the two sets when given.
    """
    if calendar is not None:
        return calendar.nth_working_day(start, policy.reporting_working_days, include_start=False)
    return nth_working_day(
        start,
        policy.reporting_working_days,
        holidays=holidays,
        makeup_workdays=makeup_workdays,
        include_start=False,
    )


def check_transfer_item(label: str | None) -> None:
    """C3: the checklist's items are reporting and the three relations (``label``: the
    item's name, None for an item the checklist does not have)."""
    if label is None:
        raise RuleViolation("C3", "未知的转接事项。", field="item")


def check_transfer(label: str, *, accepted: bool, done_before: bool, done: bool) -> None:
    """C3: the new unit ticks (``done``) or withdraws an item of someone who accepted their
    placement; ticking a ticked item, or withdrawing an open one, is refused."""
    if not accepted:
        raise RuleViolation("C3", "本人尚未表示服从安排，暂不能办理报到和关系转接。")
    if done_before == done:
        state = "已登记" if done else "尚未登记"
        raise RuleViolation("C3", f"“{label}”{state}，无需重复操作。")
