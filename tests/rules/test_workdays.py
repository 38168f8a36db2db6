"""Working-day arithmetic used by the A11 publicity period (and C3 reporting)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadrex.rules import RuleViolation
from cadrex.rules.workdays import is_working_day, nth_working_day

NATIONAL_DAY = {date(2014, 10, d) for d in range(1, 8)}
MAKEUP = {date(2014, 9, 28), date(2014, 10, 11)}


def test_a11_working_days_are_weekdays_minus_holidays_plus_make_up_days():
    assert is_working_day(date(2014, 12, 15))  # Monday
    assert not is_working_day(date(2014, 12, 20))  # Saturday
    assert not is_working_day(date(2014, 10, 8 - 1), holidays=NATIONAL_DAY)
    assert is_working_day(date(2014, 10, 11), holidays=NATIONAL_DAY, makeup_workdays=MAKEUP)


def test_a11_nth_working_day_with_and_without_the_start():
    monday = date(2014, 12, 15)
    assert nth_working_day(monday, 1) == monday
    assert nth_working_day(monday, 1, include_start=False) == date(2014, 12, 16)
    assert nth_working_day(date(2014, 9, 30), 2, holidays=NATIONAL_DAY) == date(2014, 10, 8)


def test_a11_nth_working_day_needs_at_least_one_day():
    with pytest.raises(RuleViolation):
        nth_working_day(date(2014, 12, 15), 0)


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(2014, 1, 1), max_value=date(2030, 1, 1)), st.integers(1, 30))
def test_a11_nth_working_day_counts_exactly_n_working_days(start, n):
    end = nth_working_day(start, n, holidays=NATIONAL_DAY, makeup_workdays=MAKEUP)
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    worked = [d for d in days if is_working_day(d, holidays=NATIONAL_DAY, makeup_workdays=MAKEUP)]
    assert len(worked) == n
    assert worked[-1] == end
