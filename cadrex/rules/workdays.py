"""Calendar arithmetic for the rules: calendar months (probation, standby) and working days
(publicity, reporting) — weekends and public holidays off, make-up working days (调休) on.

The state council's holiday calendar changes every year, so it is passed in, never built in.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection
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


def add_months(day: date, months: int) -> date:
    """Calendar months after ``day``; a day past the target month's end is clamped to it.

    2024-01-31 + 1 month = 2024-02-29; 2023-02-28 + 12 months = 2024-02-28.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))
