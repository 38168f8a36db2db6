"""The suite's frozen clock: every reader of time sees it, and it moves only when told."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from tests import clock as test_clock
from tests.clock import SHANGHAI, parse_instant, years_after, years_before


def test_every_reader_of_time_sees_the_sessions_base_instant(clock):
    base = test_clock.session_base()
    assert clock.now == base and clock.now.tzinfo == SHANGHAI
    assert timezone.now() == base and timezone.localdate() == clock.today == base.date()
    assert date.today() == clock.today  # Django sets TZ to Asia/Shanghai
    assert time.time() == pytest.approx(base.timestamp())
    assert clock.year == base.year


def test_the_clock_does_not_tick(clock):
    first = timezone.now()
    time.sleep(0.01)
    assert timezone.now() == first == clock.now


def test_half_past_midnight_in_beijing_is_the_day_before_in_utc(clock):
    day = clock.today
    clock.move_to(clock.at(day, 0, 30))
    assert clock.today == timezone.localdate() == day
    assert timezone.now().astimezone(UTC).date() == day - timedelta(days=1)


def test_moving_to_a_date_keeps_the_time_of_day_and_shift_adds(clock):
    before = clock.now
    later = clock.move_to(clock.days(40))
    assert later.date() == before.date() + timedelta(days=40)
    assert later.timetz() == before.timetz()
    assert clock.shift(timedelta(hours=1)) == later + timedelta(hours=1)
    assert clock.move_to("2030-05-06T10:00:00+00:00") == datetime(2030, 5, 6, 18, tzinfo=SHANGHAI)


def test_helpers_derive_dates_from_the_clock(clock):
    assert clock.appraisal_years == (clock.year - 3, clock.year - 2, clock.year - 1)
    assert clock.born(41).year == clock.year - 41
    assert years_after(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert years_before(date(2028, 2, 29), 4) == date(2024, 2, 29)


def test_the_base_instant_needs_an_offset():
    assert parse_instant("2027-12-04T00:30:00+08:00") == datetime(
        2027, 12, 4, 0, 30, tzinfo=SHANGHAI
    )
    with pytest.raises(ValueError, match="no UTC offset"):
        parse_instant("2027-12-04T00:30:00")
    with pytest.raises(ValueError, match="not ISO 8601"):
        parse_instant("next Friday")
