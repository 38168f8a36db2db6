"""The office's holiday calendar (issue 15, ADR 0012): entries for the years chinesecalendar
does not cover are used, override the package, are refused where they make no sense, and
the schedule says which calendar counted and warns where a year is missing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from cadrex.audit.models import Event
from cadrex.campaigns.calendar import package_years, work_calendar
from cadrex.campaigns.models import CalendarDay, ScheduleWindow
from cadrex.campaigns.services import calendar_day_add
from cadrex.rules.appointment import publicity_end
from cadrex.rules.schedule import Step

# The first year the package does not know (2027 with chinesecalendar 1.11.0).
NEXT = max(package_years()) + 1


def _weekday(year: int, month: int, weekday: int) -> date:
    """The first ``weekday`` (0 = Monday) of ``month`` in ``year``."""
    day = date(year, month, 1)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def test_the_calendar_names_chinesecalendar_and_its_last_year(db):
    calendar = work_calendar()
    assert calendar.source.startswith("国务院办公厅节假日安排（chinesecalendar ")
    assert f"覆盖至{NEXT - 1}年" in calendar.source and "办公室录入" not in calendar.source
    assert calendar.covers(NEXT - 1) and not calendar.covers(NEXT)


def test_a11_office_entries_for_an_uncovered_year_are_used(db):
    monday = _weekday(NEXT, 10, 0)
    saturday = monday + timedelta(days=5)
    for offset in range(5):  # a week of holiday, Monday to Friday
        calendar_day_add(
            actor=None, day=monday + timedelta(days=offset), kind="holiday", note="国庆节"
        )
    calendar_day_add(actor=None, day=saturday, kind="makeup_workday", note="国庆节调休")
    # 国庆 alone is not the year's arrangement: the calendar still warns until 春节 is in.
    assert not work_calendar().covers(NEXT)
    assert dict(work_calendar().incomplete) == {NEXT: ("春节",)}
    spring = _weekday(NEXT, 2, 0)
    calendar_day_add(actor=None, day=spring, kind="holiday", note="春节")
    calendar = work_calendar()
    assert calendar.covers(NEXT)
    assert calendar.source.endswith(f"＋办公室录入（{NEXT}年）")
    assert not calendar.is_working_day(monday) and calendar.is_working_day(saturday)
    # Posted the Friday before: that Friday, the Saturday 调休, then the next Monday to Wednesday.
    friday = monday - timedelta(days=3)
    end = publicity_end(friday, calendar=calendar)
    assert end == saturday + timedelta(days=4)
    assert calendar.working_days_between(friday, end) == 5
    assert Event.objects.filter(action="calendar_day_add").count() == 7


def test_an_office_entry_overrides_the_package_for_its_date(db):
    # Some Saturday the package knows as a 调休 working day; the office cancels it.
    year = NEXT - 1
    package = work_calendar()
    saturday = next(d for d in sorted(package.makeup_workdays) if d.year == year)
    assert package.is_working_day(saturday)
    calendar_day_add(actor=None, day=saturday, kind="holiday", note="调整")
    assert not work_calendar().is_working_day(saturday)


def test_the_office_adds_an_entry_through_the_page_with_one_event(as_user):
    client = as_user("office")
    day = _weekday(NEXT, 1, 4)
    response = client.post(
        reverse("campaigns:calendar"), {"date": day.isoformat(), "kind": "holiday", "note": "元旦"}
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get().date == day
    event = Event.objects.get(action="calendar_day_add")
    assert event.after["date"] == day.isoformat()
    page = client.get(reverse("campaigns:calendar")).content.decode()
    assert "元旦" in page and "style=" not in page
    # One day is not the year: the page still says the year is not complete.
    assert f"{NEXT}年（未见春节、国庆节放假）的节假日安排尚未录入完整" in page


def test_a_makeup_day_on_a_weekday_is_refused_and_nothing_is_saved(as_user):
    client = as_user("office")
    wednesday = _weekday(NEXT, 2, 2)
    response = client.post(
        reverse("campaigns:calendar"), {"date": wednesday.isoformat(), "kind": "makeup_workday"}
    )
    assert response.status_code == 400
    assert "本来就是工作日，不能录入为调休上班日" in response.content.decode()
    assert (
        not CalendarDay.objects.exists()
        and not Event.objects.filter(action__startswith="calendar").exists()
    )


def test_bad_entries_are_refused_by_name(as_user):
    client = as_user("office")
    url = reverse("campaigns:calendar")
    day = _weekday(NEXT, 5, 0).isoformat()
    cases = [
        ({"date": "", "kind": "holiday"}, "请填写日期"),
        ({"date": "2027-13-01", "kind": "holiday"}, "不是一个有效的日期"),
        ({"date": "1900-01-01", "kind": "holiday"}, "2000年至2100年"),
        ({"date": day, "kind": "weekend"}, "类别只能是"),
        ({"date": day, "kind": "holiday", "note": "节\x00日"}, "NUL"),
    ]
    for data, message in cases:
        response = client.post(url, data)
        assert response.status_code == 400 and message in response.content.decode(), data
    calendar_day_add(actor=None, day=date.fromisoformat(day), kind="holiday")
    response = client.post(url, {"date": day, "kind": "holiday"})  # a double submit
    assert response.status_code == 400 and "已录入" in response.content.decode()
    assert CalendarDay.objects.count() == 1


def test_the_office_removes_an_entry_with_one_event(as_user):
    entry = calendar_day_add(actor=None, day=_weekday(NEXT, 1, 4), kind="holiday")
    client = as_user("office")
    response = client.post(reverse("campaigns:calendar_remove"), {"day": entry.pk})
    assert response.status_code == 302 and not CalendarDay.objects.exists()
    assert Event.objects.filter(action="calendar_day_remove").count() == 1
    again = client.post(reverse("campaigns:calendar_remove"), {"day": entry.pk}, follow=True)
    assert "已不在节假日安排中" in again.content.decode()
    assert Event.objects.filter(action="calendar_day_remove").count() == 1


def test_only_the_office_edits_the_calendar(as_user):
    client = as_user("orgdept")
    assert client.get(reverse("campaigns:calendar")).status_code == 403
    response = client.post(
        reverse("campaigns:calendar"), {"date": _weekday(NEXT, 1, 4).isoformat(), "kind": "holiday"}
    )
    assert response.status_code == 403 and not CalendarDay.objects.exists()


def _window_in(campaign, year: int) -> None:
    start = timezone.make_aware(datetime(year, 1, 11, 9))
    ScheduleWindow.objects.create(
        campaign=campaign, step=Step.SUMMARY.value, start=start, end=start + timedelta(days=10)
    )


def test_the_schedule_names_its_calendar_and_warns_for_an_uncovered_year(client, campaign):
    _window_in(campaign, NEXT)
    body = client.get(reverse("campaigns:schedule")).content.decode()
    assert "工作日的计算依据：国务院办公厅节假日安排（chinesecalendar" in body
    assert f"{NEXT}年的节假日安排尚未载入，该期间暂按周一至周五计算工作日" in body
    assert f"{NEXT}年节假日安排未载入，按周一至周五计算" in body  # beside the window
    calendar_day_add(actor=None, day=date(NEXT, 1, 1), kind="holiday", note="元旦")
    body = client.get(reverse("campaigns:schedule")).content.decode()
    assert f"{NEXT}年节假日安排未录入完整，按周一至周五计算" in body  # 元旦 alone is not the year
    calendar_day_add(actor=None, day=_weekday(NEXT, 2, 1), kind="holiday", note="春节")
    calendar_day_add(actor=None, day=_weekday(NEXT, 10, 1), kind="holiday", note="国庆节")
    body = client.get(reverse("campaigns:schedule")).content.decode()
    assert "尚未载入" not in body and "未录入完整" not in body
    assert f"办公室录入（{NEXT}年）" in body


def test_the_campaign_page_shows_the_calendar_too(as_user, campaign):
    _window_in(campaign, NEXT)
    body = as_user("office").get(reverse("campaigns:detail")).content.decode()
    assert "工作日的计算依据" in body and "尚未载入" in body
    assert reverse("campaigns:calendar") in body
