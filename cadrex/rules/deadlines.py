"""Deadlines that act (issue 15, ADR 0012): the day a placed person must answer by (B7), and
what happens when a deadline passes. Pure: the calendar and today are passed in.

- B7: a decided placement is answered within ``answer_working_days`` working days, counted
  from the day after it was decided (:func:`answer_deadline`). A person who has not answered
  by the end of that day is 逾期未答复 from the next day on (:func:`is_overdue`), listed for
  the orgdept, who either treats the silence as a refusal (B7 standby) or sets a new
  deadline (:func:`check_new_answer_deadline`).
"""

from __future__ import annotations

from datetime import date

from cadrex.rules.errors import RuleViolation
from cadrex.rules.policy import Policy
from cadrex.rules.workdays import WEEKDAYS_ONLY, WorkCalendar

_DEFAULT_POLICY = Policy()

OVERDUE_LABEL = "逾期未答复"


def answer_deadline(
    decided_on: date, *, policy: Policy = _DEFAULT_POLICY, calendar: WorkCalendar = WEEKDAYS_ONLY
) -> date:
    """B7: the last day (inclusive) to answer a placement decided on ``decided_on``: the
    ``answer_working_days``-th working day after it (the decision day does not count)."""
    return calendar.nth_working_day(decided_on, policy.answer_working_days, include_start=False)


def is_overdue(*, deadline: date | None, answered: bool, today: date) -> bool:
    """B7: unanswered after the last day to answer (the deadline day itself is still on time)."""
    return deadline is not None and not answered and today > deadline


def check_overdue(*, deadline: date | None, answered: bool, today: date) -> None:
    """B7: only an unanswered placement past its deadline may be marked 逾期未答复."""
    if not is_overdue(deadline=deadline, answered=answered, today=today):
        raise RuleViolation("B7", "该交流安排未超过表态期限或已表态，不能标记为逾期未答复。")


def check_new_answer_deadline(*, new: date | None, today: date, calendar: WorkCalendar) -> None:
    """B7: a new deadline the orgdept sets is a working day from today on."""
    if new is None:
        raise RuleViolation("B7", "请填写新的表态截止日。", field="deadline")
    if new < today:
        raise RuleViolation(
            "B7", f"新的表态截止日不能早于今天（{today:%Y年%m月%d日}）。", field="deadline"
        )
    if calendar.covers(new.year) and not calendar.is_working_day(new):
        raise RuleViolation(
            "B7", f"{new:%Y年%m月%d日}不是工作日，请选择工作日作为表态截止日。", field="deadline"
        )
