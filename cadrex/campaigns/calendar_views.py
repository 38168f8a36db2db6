"""The office's holiday calendar page (ADR 0012): the days ``chinesecalendar`` does not know
yet, entered from the state council's notice, and removed again."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cadrex.accounts.access import role_required
from cadrex.accounts.models import Role
from cadrex.campaigns.calendar import package_years, uncovered_warning, work_calendar
from cadrex.campaigns.forms import CalendarDayForm, CalendarDayRemoveForm
from cadrex.campaigns.models import CalendarDay
from cadrex.campaigns.services import calendar_day_add, calendar_day_remove


def _page(request, form: CalendarDayForm, status: int = 200):
    years = package_years()
    calendar = work_calendar()
    begun = [year for year, _ in calendar.incomplete]
    incomplete = (
        uncovered_warning(calendar, date(min(begun), 1, 1), date(max(begun), 12, 31))
        if begun
        else ""
    )
    return render(
        request,
        "campaigns/calendar.html",
        {
            "form": form,
            "entries": CalendarDay.objects.all(),
            "source": calendar.source,
            "incomplete": incomplete,
            "package_first": min(years),
            "package_last": max(years),
        },
        status=status,
    )


@role_required(Role.OFFICE)
def calendar(request):
    form = CalendarDayForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = calendar_day_add(
                    actor=request.user, day=data["date"], kind=data["kind"], note=data["note"]
                )
            except ValidationError as error:
                form.add_error(None if hasattr(error, "error_dict") else "date", error)
            else:
                messages.success(request, f"已录入：{entry}。")
                return redirect("campaigns:calendar")
        return _page(request, form, status=400)
    return _page(request, form)


@require_POST
@role_required(Role.OFFICE)
def calendar_remove(request):
    form = CalendarDayRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"未删除：{form.errors['day'][0]}")
        return redirect("campaigns:calendar")
    try:
        entry = calendar_day_remove(actor=request.user, entry_id=form.cleaned_data["day"])
    except ValidationError as error:
        messages.error(request, f"未删除：{'；'.join(error.messages)}")
    else:
        messages.success(request, f"已删除：{entry}。{_falls_back_to(entry.date)}")
    return redirect("campaigns:calendar")


def _falls_back_to(day) -> str:
    """What counts for ``day`` once the office's entry is gone."""
    if day.year in package_years():
        return "该日恢复按国务院办公厅节假日安排（chinesecalendar）计算。"
    return f"{day.year}年不在 chinesecalendar 覆盖范围内，该日按周一至周五计算。"
