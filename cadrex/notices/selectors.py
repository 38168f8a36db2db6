"""Reads for the public notices that no part offers: the pre-appointment publicity (A11) as
the plain values of ``cadrex.documents.publicity_notice``, which the public page and the
printable notice both show. A fixed number of queries, whatever the number of people."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import groupby

from cadrex.campaigns.calendar import work_calendar
from cadrex.campaigns.models import Campaign
from cadrex.competition.models import Appointment, AppointmentStatus
from cadrex.documents import publicity_notice as pn
from cadrex.organisation.selectors import group_office
from cadrex.rules.workdays import WorkCalendar

OFFICE = "竞岗交流工作领导小组办公室"
DEFAULT_SEAT = "市委组织部"  # C1: the office sits in the organisation department


def _month(day: date | None) -> str:
    """年月 only (``1985年3月``): a notice never shows the day of a birth."""
    return f"{day.year}年{day.month}月" if day else ""


def _education(level: str, degree: str) -> str:
    """``大学本科学历、法学学士学位``, or the part the roster holds."""
    parts = [f"{level}学历" if level else "", f"{degree}学位" if degree else ""]
    return "、".join(p for p in parts if p)


def working_days(start: date, end: date, calendar: WorkCalendar | None = None) -> int:
    """A11: the working days of [start, end] on the site's holiday calendar (the state
    council's holidays and 调休 days, ADR 0012), as when the service set the end:
    ``rules.appointment.publicity_end``."""
    return (calendar or work_calendar()).working_days_between(start, end)


def _current_post(appointment: Appointment) -> str:
    """现任职务 as it stood before the move (the approval form's rule, paperwork.approval_form);
    a person holding no post is named by their rank (一级科员); "" when the roster has neither."""
    if appointment.post_to_leave:
        return appointment.post_to_leave
    application, before = appointment.application, appointment.before or {}
    cadre = application.cadre
    held = before.get("post", cadre.current_post) or before.get("rank", cadre.rank)
    return f"{application.applied_from.name}{held}" if held else ""


def _person(appointment: Appointment) -> pn.PublicityPerson:
    application = appointment.application
    cadre = application.cadre
    return pn.PublicityPerson(
        name=cadre.name,
        sex=cadre.get_sex_display(),
        birth=_month(cadre.birth_date),
        ethnicity=cadre.ethnicity,
        native_place=cadre.native_place,
        party=cadre.political_status,
        party_joined=_month(cadre.party_join_date),
        fulltime_education=_education(cadre.fulltime_education, cadre.fulltime_degree),
        inservice_education=_education(cadre.inservice_education, cadre.inservice_degree),
        current_post=_current_post(appointment),
        current_unit=application.applied_from.name,
        proposed_post=appointment.proposed_post,
        published=appointment.status == AppointmentStatus.PUBLISHED,
    )


def publicity_appointments(campaign: Campaign, *, current_only: bool = False):
    """The campaign's appointments in publicity (and, unless ``current_only``, those published
    after it), latest period first, with everything the notice shows (one query)."""
    statuses = [AppointmentStatus.PUBLICISED]
    if not current_only:
        statuses.append(AppointmentStatus.PUBLISHED)
    return (
        Appointment.objects.filter(
            opening__campaign=campaign, status__in=statuses, publicity_start__isnull=False
        )
        .select_related("application__cadre__unit", "application__home_unit", "opening__unit")
        .order_by("-publicity_start", "-publicity_end", "opening__unit__code", "id")
    )


def reporting_contact(campaign: Campaign) -> pn.ReportingContact:
    """C1: the leading group's office takes the reports (one query); blanks when it has not
    said how (the page then asks for letters or visits, the PDF leaves lines to fill in)."""
    office = group_office(campaign)
    seat = (office.seat if office else "") or DEFAULT_SEAT
    return pn.ReportingContact(
        office=f"{seat}（{OFFICE}）",
        phone=office.phone.strip() if office else "",
        address=office.address.strip() if office else "",
    )


def publicity_periods(appointments: Iterable[Appointment]) -> tuple[pn.PublicityPeriod, ...]:
    """Group ``appointments`` (ordered by period) into the notices' periods."""
    periods, calendar = [], None
    for (start, end), rows in groupby(
        appointments, key=lambda a: (a.publicity_start, a.publicity_end)
    ):
        end = end or start
        calendar = calendar or work_calendar()  # read once, and only when there is a period
        periods.append(
            pn.PublicityPeriod(
                start=start,
                end=end,
                working_days=working_days(start, end, calendar),
                people=tuple(_person(a) for a in rows),
            )
        )
    return tuple(periods)


def publicity_notice(campaign: Campaign, *, current_only: bool = False) -> pn.PublicityNotice:
    """A11: the 任前公示 of ``campaign``: its periods, the people of each, where to report.
    The office's contact is read only when someone is in publicity."""
    periods = publicity_periods(publicity_appointments(campaign, current_only=current_only))
    return pn.PublicityNotice(
        campaign=campaign.name,
        periods=periods,
        contact=reporting_contact(campaign) if periods else pn.ReportingContact("", "", ""),
        issued_on=periods[0].start if periods else None,
    )
