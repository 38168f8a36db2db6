"""Part B after the forms close: the one definition of each refusal of the matching run's
publication (B5) and of the directed placement (B6).

- B5: a matching runs and is published once (:func:`check_matching_open`,
  :func:`check_matching_publishable`), only on the forms it read and only when its frozen
  texts verify (:func:`check_matching_verified`). The matcher: :mod:`cadrex.rules.matching`.
- B6: the orgdept drafts and edits directed placements until its meeting confirms them
  (:func:`check_directed_open`, :func:`check_directed_kind`), one person into one unit as
  :func:`cadrex.rules.placement.place` would put them (:func:`check_directed_unit`), the
  whole plan drafted (:func:`check_plan_drafted`) and the meeting dated between the
  matching's publication and today (:func:`check_meeting_date`).

The services gather the facts and call these.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import date

from cadrex.rules.errors import RuleViolation
from cadrex.rules.placement import place

__all__ = [
    "check_directed_kind",
    "check_directed_open",
    "check_directed_unit",
    "check_matching_open",
    "check_matching_publishable",
    "check_matching_verified",
    "check_meeting_date",
    "check_plan_drafted",
]

# ------------------------------------------------------------------ B5 the matching run


def _round(round_number: int) -> str:
    return f"第 {round_number} 轮" if round_number > 1 else ""


def check_matching_open(*, published: bool, round_number: int = 1) -> None:
    """B5: the office may run a round's matching again and again until one run of that
    round is published."""
    if published:
        raise RuleViolation("B5", f"{_round(round_number)}双向选择匹配结果已经公布，不能重新匹配。")


def check_matching_publishable(
    *,
    published: bool,
    inputs_unchanged: bool,
    round_number: int = 1,
    current_round: int = 1,
) -> None:
    """B5: one run is published per round, only a run of the round under way, and only
    while the forms are still the ones it read."""
    if published:
        raise RuleViolation("B5", f"{_round(round_number)}双向选择匹配结果已经公布，不能重复公布。")
    if round_number != current_round:
        raise RuleViolation(
            "B5",
            f"该次匹配属于第 {round_number} 轮，当前进行的是第 {current_round} 轮，不能公布。",
        )
    if not inputs_unchanged:
        raise RuleViolation("B5", "该次匹配之后意向或建议人选有变动，请重新运行匹配后再公布。")


def check_matching_verified(problems: Sequence[str]) -> None:
    """B5: a run is published only when its frozen texts verify (hashes, re-run, stability);
    ``problems`` are what the verification found, the first three are named."""
    if problems:
        raise RuleViolation("B5", "该次匹配结果未通过核验：" + "；".join(problems[:3]))


# ------------------------------------------------------------------ B6 directed placement


def check_directed_open(*, published: bool, confirmed: bool) -> None:
    """B6: directed placement follows the published matching and ends with the meeting."""
    if not published:
        raise RuleViolation("B6", "双向选择匹配结果尚未公布，暂不能定向交流。")
    if confirmed:
        raise RuleViolation("B6", "定向交流已经部务会议研究确定，不能再修改。")


def check_directed_kind(*, directed: bool) -> None:
    """B6: only the people the matching left go to directed placement."""
    if not directed:
        raise RuleViolation("B6", "该人员已通过双向选择匹配，不属于定向交流。")


def check_directed_unit(person: Hashable, home: Hashable, unit: Hashable, *, left: int) -> None:
    """B6: ``person`` (of unit ``home``) may go to ``unit`` when :func:`place` would put them
    there alone — never their home unit — and ``unit`` has vacancies ``left``."""
    trial = place([person], {person: home}, {unit: max(left, 1)})
    if person not in trial.assignment:  # the home unit, whatever its vacancies
        raise RuleViolation("B6", trial.unplaced[person])
    if left <= 0:
        raise RuleViolation("B6", f"“{unit}”已没有剩余缺员，不能安排{person}。")


def check_plan_drafted(*, drafted: int, waiting: int) -> None:
    """B6: the meeting decides a drafted plan for every one of the ``waiting`` people."""
    if drafted != waiting:
        raise RuleViolation("B6", "请先生成定向交流建议方案，再提交部务会议确定。")


def check_meeting_date(meeting_date: date | None, *, today: date, published_on: date) -> None:
    """B6: the meeting decides after the matching is published (``published_on``), and not
    in the future."""
    if meeting_date is None:
        raise RuleViolation("B6", "请填写部务会议日期。", field="meeting_date")
    if meeting_date > today:
        raise RuleViolation("B6", "部务会议日期不能晚于今天。", field="meeting_date")
    if meeting_date < published_on:
        raise RuleViolation(
            "B6",
            f"部务会议日期不能早于双向选择匹配结果公布之日（{published_on:%Y年%m月%d日}）。",
            field="meeting_date",
        )
