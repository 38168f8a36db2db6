"""Deadlines that act (issue 15, ADR 0012): the day a placed person must answer by (B7), and
what happens when a deadline passes. Pure: the calendar and today are passed in.

- B7: a decided placement is answered within ``answer_working_days`` working days, counted
  from the day after the person can first answer: the later of the decision and the opening
  of the B7 answering window (:func:`answer_deadline`). A person who has not answered
  by the end of that day is 逾期未答复 from the next day on (:func:`is_overdue`), listed for
  the orgdept, who either treats the silence as a refusal (B7 standby) or sets a new
  deadline (:func:`check_new_answer_deadline`).
"""

from __future__ import annotations

from datetime import date, timedelta

from cadrex.rules.errors import RuleViolation
from cadrex.rules.policy import Policy
from cadrex.rules.workdays import WEEKDAYS_ONLY, WorkCalendar

_DEFAULT_POLICY = Policy()

OVERDUE_LABEL = "逾期未答复"

# B7 (ADR 0012): how far ahead the orgdept may set a new last day to answer, in calendar
# days from today. The plan gives no number; a month is our bound — long enough for any
# holiday (春节 with its 调休 spans under two weeks), short enough to catch a typed year.
NEW_DEADLINE_MAX_DAYS = 30


def answer_from(decided_on: date, opens_on: date | None) -> date:
    """B7: the day a placed person can first answer: the decision day, or the day the
    answering window opens when that is later (unknown window: the decision day)."""
    return max(decided_on, opens_on) if opens_on is not None else decided_on


def answer_deadline(
    decided_on: date,
    *,
    policy: Policy = _DEFAULT_POLICY,
    calendar: WorkCalendar = WEEKDAYS_ONLY,
    opens_on: date | None = None,
) -> date:
    """B7: the last day (inclusive) to answer a placement decided on ``decided_on`` whose
    answering window opens on ``opens_on``: the ``answer_working_days``-th working day after
    the later of the two (that day itself does not count, as the decision day never did)."""
    start = answer_from(decided_on, opens_on)
    return calendar.nth_working_day(start, policy.answer_working_days, include_start=False)


def is_overdue(
    *, deadline: date | None, answered: bool, today: date, window_opened: bool = True
) -> bool:
    """B7: unanswered after the last day to answer (the deadline day itself is still on time),
    once the answering window has opened (before it nobody could answer)."""
    return deadline is not None and not answered and window_opened and today > deadline


def check_overdue(
    *, deadline: date | None, answered: bool, today: date, window_opened: bool = True
) -> None:
    """B7: only an unanswered placement past its deadline, the answering window opened, may
    be marked 逾期未答复."""
    if not window_opened:
        raise RuleViolation("B7", "表态期尚未开始，不能标记为逾期未答复。")
    if not is_overdue(deadline=deadline, answered=answered, today=today):
        raise RuleViolation("B7", "该交流安排未超过表态期限或已表态，不能标记为逾期未答复。")


def check_new_answer_deadline(
    *,
    new: date | None,
    today: date,
    calendar: WorkCalendar,
    opens_on: date | None = None,
    max_days: int = NEW_DEADLINE_MAX_DAYS,
) -> None:
    """B7: a new deadline the orgdept sets is a working day (by the calendar; a year it does
    not cover counts Monday to Friday, ADR 0012) from today on, no more than ``max_days``
    ahead, and not before the answering window opens on ``opens_on`` (None: not checked
    here; the service refuses an unscheduled window with :func:`check_answer_window_set`)."""
    if new is None:
        raise RuleViolation("B7", "请填写新的表态截止日。", field="deadline")
    if new < today:
        raise RuleViolation(
            "B7", f"新的表态截止日不能早于今天（{today:%Y年%m月%d日}）。", field="deadline"
        )
    latest = today + timedelta(days=max_days)
    if new > latest:
        raise RuleViolation(
            "B7",
            f"新的表态截止日最晚为今天起 {max_days} 天内（{latest:%Y年%m月%d日}）。",
            field="deadline",
        )
    if opens_on is not None and new < opens_on:
        raise RuleViolation(
            "B7",
            f"新的表态截止日不能早于表态期开始之日（{opens_on:%Y年%m月%d日}）。",
            field="deadline",
        )
    if not calendar.is_working_day(new):
        raise RuleViolation(
            "B7", f"{new:%Y年%m月%d日}不是工作日，请选择工作日作为表态截止日。", field="deadline"
        )


def check_answer_window_set(opens_on: date | None) -> None:
    """B7: a new deadline needs the answering window scheduled (else nobody could answer)."""
    if opens_on is None:
        raise RuleViolation(
            "B7", "表态期（服从安排、报到）尚未排定，请先排定日程再确定表态截止日。"
        )
