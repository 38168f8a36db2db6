"""The working-day calendar the whole site counts with (issue 15, ADR 0012).

``work_calendar()`` joins the state council's holiday arrangement as packaged by
``chinesecalendar`` with the office's own entries (``CalendarDay``) for the years the package
does not cover yet; an office entry overrides the package for its date. The result is a pure
``cadrex.rules.workdays.WorkCalendar`` the rules and every caller take.
"""

from __future__ import annotations

from datetime import date

import chinese_calendar
from django.utils import timezone

from cadrex.campaigns.models import CalendarDay, CalendarDayKind
from cadrex.rules.workdays import WorkCalendar, arrangement_gaps

_PACKAGE_HOLIDAYS = frozenset(chinese_calendar.holidays)
_PACKAGE_MAKEUP = frozenset(chinese_calendar.workdays)
_PACKAGE_YEARS = frozenset(range(min(_PACKAGE_HOLIDAYS).year, max(_PACKAGE_HOLIDAYS).year + 1))
_PACKAGE_VERSION = getattr(chinese_calendar, "__version__", "")


def package_years() -> frozenset[int]:
    """The years ``chinesecalendar`` knows."""
    return _PACKAGE_YEARS


def _years_label(years: list[int]) -> str:
    return "、".join(f"{y}年" for y in years)


def calendar_source(office_years: list[int]) -> str:
    """The Chinese line naming the calendar used, as the schedule page prints it."""
    text = (
        f"国务院办公厅节假日安排（chinesecalendar {_PACKAGE_VERSION}，"
        f"覆盖至{max(_PACKAGE_YEARS)}年）"
    )
    if office_years:
        text += f"＋办公室录入（{_years_label(office_years)}）"
    return text


def build_work_calendar(entries: list[tuple[date, str]]) -> WorkCalendar:
    """The package's dates with ``entries`` (date, kind) laid over them."""
    holidays, makeup = set(_PACKAGE_HOLIDAYS), set(_PACKAGE_MAKEUP)
    for day, kind in entries:
        holidays.discard(day)
        makeup.discard(day)
        (holidays if kind == CalendarDayKind.HOLIDAY else makeup).add(day)
    entered = sorted({day.year for day, _ in entries} - _PACKAGE_YEARS)
    gaps = {year: arrangement_gaps(holidays, year) for year in entered}
    office_years = [year for year in entered if not gaps[year]]
    return WorkCalendar(
        holidays=frozenset(holidays),
        makeup_workdays=frozenset(makeup),
        covered_years=_PACKAGE_YEARS | frozenset(office_years),
        source=calendar_source(office_years),
        incomplete=tuple((year, tuple(gaps[year])) for year in entered if gaps[year]),
    )


def work_calendar() -> WorkCalendar:
    """The calendar in force now: chinesecalendar plus the office's entries (one query)."""
    return build_work_calendar(list(CalendarDay.objects.values_list("date", "kind")))


def uncovered_warning(calendar: WorkCalendar, start: date, end: date) -> str:
    """A visible warning when [start, end] reaches a year whose arrangement is not known."""
    years = calendar.uncovered_years(start, end)
    if not years:
        return ""
    begun = dict(calendar.incomplete)
    missing = [y for y in years if y not in begun]
    partly = [f"{y}年（未见{'、'.join(begun[y])}放假）" for y in years if y in begun]
    said = []
    if missing:
        said.append(
            f"{_years_label(missing)}的节假日安排尚未载入，该期间暂按周一至周五计算工作日；"
            "国务院办公厅公布安排后，请办公室在“节假日安排”中录入。"
        )
    if partly:
        said.append(
            f"{'、'.join(partly)}的节假日安排尚未录入完整，该期间暂按已录入的日期和周一至周五"
            "计算工作日；请在“节假日安排”中录入全年的放假和调休日期。"
        )
    return "".join(said)


def schedule_calendar(rows: list[dict], calendar: WorkCalendar | None = None) -> dict:
    """For the 日程安排表: which calendar counted the working days, and a warning beside each
    window reaching a year the calendar does not cover (added to its row as
    ``calendar_warning``); ``warnings`` lists them for the note under the table."""
    calendar = calendar or work_calendar()
    warnings = []
    for row in rows:
        window = row.get("window")
        row["calendar_warning"] = ""
        if window is None:
            continue
        start = timezone.localdate(window.start)
        end = timezone.localdate(window.end)
        years = calendar.uncovered_years(start, end)
        if years:
            begun = dict(calendar.incomplete)
            state = "未录入完整" if all(y in begun for y in years) else "未载入"
            row["calendar_warning"] = f"{_years_label(years)}节假日安排{state}，按周一至周五计算"
            warnings.append(f"“{row['name']}”：{row['calendar_warning']}")
    return {
        "source": calendar.source,
        "warnings": warnings,
        "missing": uncovered_warning(
            calendar, *_span([r["window"] for r in rows if r.get("window")])
        ),
    }


def _span(windows) -> tuple[date, date]:
    if not windows:
        today = timezone.localdate()
        return today, today
    return (
        min(timezone.localdate(w.start) for w in windows),
        max(timezone.localdate(w.end) for w in windows),
    )
