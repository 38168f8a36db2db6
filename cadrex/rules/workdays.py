"""Calendar arithmetic for the rules: calendar months (probation, standby) and working days
(publicity, reporting) — weekends and public holidays off, make-up working days (调休) on.

The state council's holiday calendar changes every year, so it is passed in, never built in.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from cadrex.rules.errors import RuleViolation


def is_working_day(
    day: date, *, holidays: Collection[date] = (), makeup_workdays: Collection[date] = ()
) -> bool:
    """Monday–Friday unless a holiday; a make-up working day counts even on a weekend."""
    if day in makeup_workdays:
        return True
    return day.weekday() < 5 and day not in holidays


def nth_working_day(
    start: date,
    n: int,
    *,
    holidays: Collection[date] = (),
    makeup_workdays: Collection[date] = (),
    include_start: bool = True,
) -> date:
    """The date of the ``n``-th working day counted from ``start``.

    With ``include_start`` the start day counts when it is a working day (a notice posted
    on Monday for 5 working days runs to Friday); without it counting begins the next day.
    """
    if n < 1:
        raise RuleViolation("A11", "工作日天数至少为1天。")
    day = start if include_start else start + timedelta(days=1)
    counted = 0
    while True:
        if is_working_day(day, holidays=holidays, makeup_workdays=makeup_workdays):
            counted += 1
            if counted == n:
                return day
        day += timedelta(days=1)


def arrangement_gaps(holidays: Collection[date], year: int) -> list[str]:
    """What an office-entered arrangement of ``year`` visibly lacks (ADR 0012): every year's
    state council notice gives days off for 春节 (late January to February, after 元旦) and
    for 国庆 (the first week of October). A year entered without either is not yet complete:
    one 元旦 typed in must not silence the warning for the whole year."""
    days = [d for d in holidays if d.year == year]
    gaps = []
    if not any(d.month == 1 and d.day > 3 or d.month == 2 for d in days):
        gaps.append("春节")
    if not any(d.month == 10 and d.day <= 8 for d in days):
        gaps.append("国庆节")
    return gaps


@dataclass(frozen=True)
class WorkCalendar:
    """A working-day calendar: the state council's holidays and 调休 days, as plain dates.

    ``holidays`` are days off (a weekday in a holiday period); ``makeup_workdays`` are weekend
    days worked in lieu (调休上班). ``covered_years`` are the years whose arrangement is known;
    outside them the calendar counts Monday to Friday — a guess the pages must warn about
    (``covers``). ``source`` names, in Chinese, where the dates came from. Built by
    ``cadrex.campaigns.calendar.work_calendar()``; pure, so the rules can take it.
    """

    holidays: frozenset[date] = frozenset()
    makeup_workdays: frozenset[date] = frozenset()
    covered_years: frozenset[int] = frozenset()
    source: str = "周一至周五（未载入节假日安排）"
    # Years the office has begun to enter but not completed: (year, what is missing).
    incomplete: tuple[tuple[int, tuple[str, ...]], ...] = ()

    def covers(self, year: int) -> bool:
        """Whether the holiday arrangement of ``year`` is known (else Monday–Friday is a guess)."""
        return year in self.covered_years

    def uncovered_years(self, start: date, end: date) -> list[int]:
        """The years of [start, end] whose arrangement is not known, in order."""
        first, last = min(start, end).year, max(start, end).year
        return [y for y in range(first, last + 1) if not self.covers(y)]

    def is_working_day(self, d: date) -> bool:
        return is_working_day(d, holidays=self.holidays, makeup_workdays=self.makeup_workdays)

    def nth_working_day(self, start: date, n: int, include_start: bool = True) -> date:
        return nth_working_day(
            start,
            n,
            holidays=self.holidays,
            makeup_workdays=self.makeup_workdays,
            include_start=include_start,
        )

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before ``d``."""
        day = d - timedelta(days=1)
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """The working days of [start, end], both ends included; 0 when end is before start."""
        count, day = 0, start
        while day <= end:
            count += self.is_working_day(day)
            day += timedelta(days=1)
        return count


def calendar_day_problem(day: date, makeup_workday: bool) -> str:
    """Why an office entry of the holiday calendar makes no sense, or "" (ADR 0012).

    A make-up working day (调休上班) is by definition a Saturday or Sunday worked in lieu:
    on a weekday it would change nothing and is surely a typing slip, so it is refused.
    A holiday may fall on any day: on a weekday it is a day off, on a weekend it changes
    no count but keeps the list faithful to the state council's notice (国庆 1–7 October)
    and can cancel a 调休 day the package lists — so it is accepted.
    """
    if makeup_workday and day.weekday() < 5:
        return f"{day:%Y年%m月%d日}是{_WEEKDAY_NAMES[day.weekday()]}，本来就是工作日，不能录入为调休上班日。"
    return ""


_WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


#: Monday to Friday, no holiday known: the fallback and the default of pure rules.
WEEKDAYS_ONLY = WorkCalendar()


def add_months(day: date, months: int) -> date:
    """Calendar months after ``day``; a day past the target month's end is clamped to it.

    2024-01-31 + 1 month = 2024-02-29; 2023-02-28 + 12 months = 2024-02-28.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))
