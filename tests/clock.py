"""The suite's one clock (DESIGN.md: tests never read the wall clock).

The session has one base instant: ``CADREX_TEST_NOW`` (ISO 8601 with an offset, e.g.
``2027-12-04T00:30:00+08:00``) or, when it is unset, the real time read once when the session
starts, so that every real date exercises the suite. The autouse ``clock`` fixture in
tests/conftest.py freezes time-machine at that instant for each test; fixtures and tests take
every date from it (``clock.now``, ``clock.today``, ``clock.year`` and the helpers below), and
helpers that are not fixtures reach the same clock through ``current()``.
"""

from __future__ import annotations

import calendar
import functools
import os
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine

from cadrex.rules.policy import DEFAULT_POLICY

SHANGHAI = ZoneInfo("Asia/Shanghai")
ENV = "CADREX_TEST_NOW"
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)


def parse_instant(text: str) -> datetime:
    """``CADREX_TEST_NOW``'s value as an aware datetime in Beijing time."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as error:
        raise ValueError(
            f"{ENV}={text!r} is not ISO 8601; write e.g. 2027-12-04T00:30:00+08:00"
        ) from error
    if value.tzinfo is None:
        raise ValueError(f"{ENV}={text!r} has no UTC offset; write e.g. 2027-12-04T00:30:00+08:00")
    return value.astimezone(SHANGHAI)


@functools.cache
def session_base() -> datetime:
    """The base instant of this session, read once (from the environment or the real clock)."""
    text = os.environ.get(ENV, "").strip()
    if text:
        return parse_instant(text)
    return datetime.now(SHANGHAI).replace(microsecond=0)


def years_before(day: date, years: int) -> date:
    """The same month and day ``years`` earlier; 29 February becomes the 28th."""
    year = day.year - years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def years_after(day: date, years: int) -> date:
    """The same month and day ``years`` later; 29 February becomes the 28th."""
    return years_before(day, -years)


class Clock:
    """The frozen clock of one test. ``now`` is aware (Beijing time); ``today`` is the
    Beijing date. ``move_to`` and ``shift`` let time pass inside a test."""

    def __init__(self, traveller: time_machine.Traveller, base: datetime) -> None:
        self._traveller = traveller
        self.base = base

    # ------------------------------------------------------------------ reading
    @property
    def now(self) -> datetime:
        return datetime.now(SHANGHAI)

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def year(self) -> int:
        return self.today.year

    # ------------------------------------------------------------------ moving
    def move_to(self, when: datetime | date | str) -> datetime:
        """To an aware datetime (or ISO text with an offset), or to a Beijing date at the
        current time of day. Returns the new ``now``."""
        if isinstance(when, str):
            when = parse_instant(when)
        elif not isinstance(when, datetime):
            when = datetime.combine(when, self.now.timetz())
        elif when.tzinfo is None:
            raise ValueError("clock.move_to needs an aware datetime")
        self._traveller.move_to(when.astimezone(SHANGHAI))
        return self.now

    def shift(self, delta: timedelta) -> datetime:
        self._traveller.shift(delta)
        return self.now

    # ------------------------------------------------------------------ dates derived
    def at(self, day: date, hour: int = 0, minute: int = 0) -> datetime:
        """An aware Beijing datetime on ``day``."""
        return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)

    def days(self, n: int) -> date:
        """The Beijing date ``n`` days from today (negative: in the past)."""
        return self.today + timedelta(days=n)

    def born(self, age: int, month: int = 3, day: int = 15) -> date:
        """A birthday on ``month``/``day`` of someone who turns ``age`` this year (``age - 1``
        full years old until then)."""
        return date(self.year - age, month, day)

    @property
    def appraisal_years(self) -> tuple[int, ...]:
        """A3: the years whose annual appraisal an application made today is checked
        against under the default policy. A year's appraisal is made early the next year, so
        the latest is last year: with ``appraisal_years = 3``, ``year - 3`` … ``year - 1``."""
        return tuple(range(self.year - DEFAULT_POLICY.appraisal_years, self.year))


_current: Clock | None = None


def current() -> Clock:
    """The running test's clock, for helpers that are not fixtures."""
    if _current is None:
        raise RuntimeError("no test clock is running: use the `clock` fixture")
    return _current


def start(base: datetime, *, tick: bool) -> tuple[time_machine.travel, Clock]:
    global _current
    travel = time_machine.travel(base, tick=tick)
    _current = Clock(travel.start(), base)
    return travel, _current


def stop(travel: time_machine.travel) -> None:
    global _current
    travel.stop()
    _current = None
