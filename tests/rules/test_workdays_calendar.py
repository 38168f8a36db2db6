"""The working-day calendar (issue 15, ADR 0012): China's holidays and 调休 days from
``chinesecalendar`` (the literal dates below are fed to pure functions, checked against the
package first), the B7 answer deadline, the office's entries refused where they make no
sense."""

from __future__ import annotations

from datetime import date

import chinese_calendar
import pytest

from cadrex.rules import RuleViolation
from cadrex.rules.appointment import publicity_end
from cadrex.rules.deadlines import (
    answer_deadline,
    check_new_answer_deadline,
    check_overdue,
    is_overdue,
)
from cadrex.rules.exchange import reporting_deadline
from cadrex.rules.policy import Policy
from cadrex.rules.workdays import WEEKDAYS_ONLY, WorkCalendar, calendar_day_problem

CHINA = WorkCalendar(
    holidays=frozenset(chinese_calendar.holidays),
    makeup_workdays=frozenset(chinese_calendar.workdays),
    covered_years=frozenset(range(2004, 2027)),
    source="chinesecalendar",
)


def test_the_2025_national_day_arrangement_is_what_the_tests_assume():
    # 2025: 9月28日（星期日）调休上班；10月1日至8日放假；10月11日（星期六）调休上班.
    assert date(2025, 9, 28).weekday() == 6 and chinese_calendar.is_workday(date(2025, 9, 28))
    assert all(chinese_calendar.is_holiday(date(2025, 10, d)) for d in range(1, 9))
    assert chinese_calendar.is_workday(date(2025, 10, 9))
    assert date(2025, 10, 11).weekday() == 5 and chinese_calendar.is_workday(date(2025, 10, 11))


def test_a11_publicity_posted_on_a_sunday_tiaoxiu_day_across_national_day():
    # Posted Sunday 2025-09-28 (a 调休 working day): 28, 29, 30 September, then 9, 10 October.
    end = publicity_end(date(2025, 9, 28), calendar=CHINA)
    assert end == date(2025, 10, 10)
    assert CHINA.working_days_between(date(2025, 9, 28), end) == 5
    # Monday to Friday alone would have ended it on 2025-10-03, in the middle of the holiday.
    assert publicity_end(date(2025, 9, 28)) == date(2025, 10, 3)


def test_a11_publicity_posted_on_monday_ends_on_the_saturday_tiaoxiu_day():
    # 29, 30 September, 9, 10, 11 (Saturday, 调休) October; seven days reach Tuesday the 14th.
    assert publicity_end(date(2025, 9, 29), calendar=CHINA) == date(2025, 10, 11)
    policy = Policy(publicity_working_days=7)
    assert publicity_end(date(2025, 9, 29), policy=policy, calendar=CHINA) == date(2025, 10, 14)


def test_c3_reporting_deadline_skips_national_day_and_counts_the_tiaoxiu_saturday():
    # Decided 2025-09-30: 9, 10, 11 (Sat, 调休), 13, 14, 15, 16, 17, 20, 21 October.
    assert reporting_deadline(date(2025, 9, 30), calendar=CHINA) == date(2025, 10, 21)


def test_b7_answer_deadline_counts_working_days_after_the_decision():
    # Decided Tuesday 2025-09-30 (3 working days by default): 9, 10, 11 October.
    assert answer_deadline(date(2025, 9, 30), calendar=CHINA) == date(2025, 10, 11)
    assert answer_deadline(
        date(2025, 9, 30), policy=Policy(answer_working_days=1), calendar=CHINA
    ) == date(2025, 10, 9)
    assert answer_deadline(date(2025, 9, 30)) == date(2025, 10, 3)  # Monday–Friday only


def test_b7_the_deadline_day_itself_is_on_time():
    deadline = date(2025, 10, 11)
    assert not is_overdue(deadline=deadline, answered=False, today=deadline)
    assert is_overdue(deadline=deadline, answered=False, today=date(2025, 10, 12))
    assert not is_overdue(deadline=deadline, answered=True, today=date(2025, 10, 12))
    assert not is_overdue(deadline=None, answered=False, today=date(2025, 10, 12))
    with pytest.raises(RuleViolation, match="未超过表态期限"):
        check_overdue(deadline=deadline, answered=False, today=deadline)


def test_b7_a_new_deadline_is_a_working_day_not_in_the_past():
    today = date(2025, 9, 30)
    check_new_answer_deadline(new=date(2025, 10, 9), today=today, calendar=CHINA)
    with pytest.raises(RuleViolation, match="不是工作日"):
        check_new_answer_deadline(new=date(2025, 10, 2), today=today, calendar=CHINA)
    with pytest.raises(RuleViolation, match="不能早于今天"):
        check_new_answer_deadline(new=date(2025, 9, 29), today=today, calendar=CHINA)
    with pytest.raises(RuleViolation, match="请填写"):
        check_new_answer_deadline(new=None, today=today, calendar=CHINA)


def test_previous_working_day_is_strictly_before_and_skips_the_holiday():
    assert CHINA.previous_working_day(date(2025, 10, 9)) == date(2025, 9, 30)
    assert CHINA.previous_working_day(date(2025, 9, 29)) == date(2025, 9, 28)  # 调休 Sunday
    assert WEEKDAYS_ONLY.previous_working_day(date(2025, 9, 29)) == date(2025, 9, 26)


def test_working_days_between_is_inclusive_and_zero_when_reversed():
    assert CHINA.working_days_between(date(2025, 10, 1), date(2025, 10, 8)) == 0
    assert CHINA.working_days_between(date(2025, 10, 8), date(2025, 10, 11)) == 3
    assert CHINA.working_days_between(date(2025, 10, 11), date(2025, 10, 8)) == 0


def test_a_year_outside_the_calendar_is_not_covered_and_counts_monday_to_friday():
    assert CHINA.covers(2025) and not CHINA.covers(2027)
    assert CHINA.uncovered_years(date(2026, 12, 1), date(2028, 1, 5)) == [2027, 2028]
    # 2027-01-01 is a Friday: without the year's arrangement it counts as a working day.
    assert CHINA.is_working_day(date(2027, 1, 1))


def test_a_makeup_day_on_a_weekday_is_refused_a_weekend_holiday_is_accepted():
    assert "本来就是工作日" in calendar_day_problem(date(2027, 2, 3), True)
    assert calendar_day_problem(date(2027, 2, 6), True) == ""  # a Saturday
    assert calendar_day_problem(date(2027, 10, 2), False) == ""  # a Saturday holiday
    assert calendar_day_problem(date(2027, 10, 1), False) == ""


def test_a11_an_entered_year_lacking_spring_festival_or_national_day_is_not_complete():
    """ADR 0012: 元旦 typed in alone does not make a year's arrangement known."""
    from cadrex.rules.workdays import arrangement_gaps

    assert arrangement_gaps({date(2027, 1, 1)}, 2027) == ["春节", "国庆节"]
    assert arrangement_gaps({date(2027, 2, 8), date(2027, 10, 1)}, 2027) == []
    assert arrangement_gaps({date(2027, 1, 28), date(2027, 10, 4)}, 2027) == []
    assert arrangement_gaps({date(2027, 2, 8), date(2026, 10, 1)}, 2027) == ["国庆节"]
