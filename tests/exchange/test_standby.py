"""B7 answers and standby; C3 reporting deadline and relations transfer."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from cadrex.accounts.models import Role, User
from cadrex.campaigns.calendar import work_calendar
from cadrex.exchange import services
from cadrex.exchange.models import Answer, Placement, Standby, StandbyOutcome
from cadrex.rules import RuleViolation
from cadrex.rules.exchange import reporting_deadline, standby_end
from cadrex.rules.schedule import Step
from tests.clock import current as current_clock
from tests.competition.conftest import open_only
from tests.conftest import PASSWORD


def _placement(part_b, name: str) -> Placement:
    return Placement.objects.select_related("unit").get(candidate=part_b["candidates"][name])


def _moment(day: date) -> datetime:
    """Noon of ``day``; the ACCEPTANCE window (yesterday to tomorrow) contains today only."""
    return current_clock().at(day, 12)


def test_c3_accepting_sets_the_reporting_deadline_in_working_days(directed, clock):
    yi = _placement(directed, "乙一")
    services.placement_answer(actor=None, placement=yi, accept=True)
    yi.refresh_from_db()
    today = clock.today
    assert yi.answer == Answer.ACCEPTED
    # 10 working days (C3) on the holiday calendar (ADR 0012): today does not count; the
    # deadline is the 10th working day after it, itself a working day.
    calendar = work_calendar()
    assert yi.reporting_deadline == reporting_deadline(today, calendar=calendar)
    after = today + timedelta(days=1)
    assert calendar.working_days_between(after, yi.reporting_deadline) == 10
    assert calendar.is_working_day(yi.reporting_deadline)


def test_b7_refusing_a_directed_placement_starts_a_standby_with_the_bonus_withheld(directed, clock):
    er = _placement(directed, "乙二")  # directed to T01
    services.placement_answer(actor=None, placement=er, accept=False, note="家庭原因")
    standby = Standby.objects.get()
    today = clock.today
    assert standby.rule == "B7" and standby.bonus_withheld
    assert (standby.start, standby.end) == (today, standby_end(today))
    with pytest.raises(RuleViolation, match="不能更改"):
        services.placement_answer(actor=None, placement=er, accept=True)


def test_c3_refusing_a_matched_placement_is_standby_under_c3(directed):
    services.placement_answer(actor=None, placement=_placement(directed, "甲二"), accept=False)
    assert Standby.objects.get().rule == "C3"


def test_b7_the_cadre_answers_on_their_page(client, directed):
    client.force_login(directed["users"]["cadre"])  # 乙一, matched to D01
    page = client.get(reverse("exchange:my")).content.decode()
    assert "双向选择匹配（第 1 意向）" in page and "您以第 1 意向匹配到“市财政局”" in page
    response = client.post(reverse("exchange:answer"), {"accept": "yes"}, follow=True)
    body = response.content.decode()
    assert "已记录您的表态" in body and "到新单位报到" in body


def test_b7_no_answer_outside_the_acceptance_window(published):
    open_only(published["campaign"], Step.SUMMARY)
    with pytest.raises(RuleViolation, match="服从安排、报到"):
        services.placement_answer(actor=None, placement=_placement(published, "乙一"), accept=True)
    assert _placement(published, "乙一").answer == Answer.PENDING


@pytest.fixture
def on_standby(directed):
    services.placement_answer(actor=None, placement=_placement(directed, "乙二"), accept=False)
    return {**directed, "standby": Standby.objects.get()}


def test_b7_placing_after_standby_waits_for_its_end(on_standby):
    standby, units = on_standby["standby"], on_standby["units"]
    with pytest.raises(RuleViolation, match="届满前不能作出结论"):
        services.standby_outcome_record(
            actor=None, standby=standby, outcome=StandbyOutcome.PLACED, unit=units["D01"]
        )
    services.standby_outcome_record(
        actor=None,
        standby=standby,
        outcome=StandbyOutcome.PLACED,
        unit=units["D01"],
        note="表现良好",
        now=_moment(standby.end),
    )
    standby.refresh_from_db()
    assert standby.outcome == StandbyOutcome.PLACED and standby.outcome_unit == units["D01"]


def test_b7_poor_conduct_after_vetting_sets_the_annual_grade_to_incompetent(on_standby, clock):
    standby = on_standby["standby"]
    with pytest.raises(RuleViolation, match="届满前不能作出结论"):  # B7: "afterwards"
        services.standby_outcome_record(
            actor=None,
            standby=standby,
            outcome=StandbyOutcome.INCOMPETENT,
            vetting_note="经考察，待岗期间多次无故缺勤",
        )
    with pytest.raises(RuleViolation, match="考察和研究意见"):
        services.standby_outcome_record(
            actor=None,
            standby=standby,
            outcome=StandbyOutcome.INCOMPETENT,
            now=_moment(standby.end),
        )
    services.standby_outcome_record(
        actor=None,
        standby=standby,
        outcome=StandbyOutcome.INCOMPETENT,
        vetting_note="经考察，待岗期间多次无故缺勤",
        year=clock.year,
        now=_moment(standby.end),
    )
    cadre = on_standby["cadres"]["乙二"]
    cadre.refresh_from_db()
    assert cadre.appraisals[str(clock.year)] == "不称职"
    with pytest.raises(RuleViolation, match="已经记录"):
        services.standby_outcome_record(
            actor=None, standby=standby, outcome=StandbyOutcome.INCOMPETENT, vetting_note="x"
        )


def test_b7_the_orgdept_is_told_on_the_beijing_day_a_standby_ends(as_user, on_standby, clock):
    # From 00:00 to 08:00 in Beijing the UTC date is still the day before: "due" must be
    # judged on the Beijing date.
    standby = on_standby["standby"]
    due = "名待岗人员已期满，待作出安排"

    def todos() -> dict:
        response = as_user("orgdept").get(reverse("home"))
        return {t["text"]: t["count"] for t in response.context["todos"]}

    clock.move_to(clock.at(standby.end - timedelta(days=1), 23, 30))
    assert due not in todos()
    clock.move_to(clock.at(standby.end, 0, 30))  # 16:30 UTC of the day before
    assert todos().get(due) == 1


def test_b7_the_orgdept_sees_standbys_and_their_end_dates(client, on_standby):
    client.force_login(on_standby["users"]["orgdept"])
    body = client.get(reverse("exchange:standbys")).content.decode()
    assert "乙二" in body and f"{on_standby['standby'].end:%Y-%m-%d}" in body and "扣发" in body


def test_c3_the_new_units_operator_ticks_the_checklist(client, directed):
    yi = _placement(directed, "乙一")  # to D01
    services.placement_answer(actor=None, placement=yi, accept=True)
    client.force_login(directed["users"]["operator"])  # D01's operator
    page = client.get(reverse("exchange:arrivals")).content.decode()
    assert "乙一" in page and "登记" in page
    for item in ("reported_at", "administrative_at", "salary_at", "party_at"):
        client.post(reverse("exchange:transfer_tick", args=[yi.pk]), {"item": item})
    yi.refresh_from_db()
    assert yi.transfers_done
    response = client.post(
        reverse("exchange:transfer_tick", args=[yi.pk]), {"item": "party_at"}, follow=True
    )
    assert "无需重复操作" in response.content.decode()


def test_c3_another_unit_cannot_tick_and_nobody_ticks_before_acceptance(client, directed):
    yi = _placement(directed, "乙一")  # to D01, still pending
    with pytest.raises(RuleViolation, match="尚未表示服从安排"):
        services.transfer_tick(actor=None, placement=yi, item="reported_at")
    other = User(username="t01_op", role=Role.UNIT_OPERATOR, unit=directed["units"]["T01"])
    other.set_password(PASSWORD)
    other.save()
    client.force_login(other)
    response = client.post(reverse("exchange:transfer_tick", args=[yi.pk]), {"item": "reported_at"})
    assert response.status_code == 404


def test_c3_the_administrative_transfer_moves_the_person_on_the_roster(directed):
    yi = _placement(directed, "乙一")  # from D02 to D01
    services.placement_answer(actor=None, placement=yi, accept=True)
    services.transfer_tick(actor=None, placement=yi, item="reported_at")
    cadre = yi.candidate.cadre
    cadre.refresh_from_db()
    assert cadre.unit.code == "D02"  # reporting alone does not move the roster
    services.transfer_tick(actor=None, placement=yi, item="administrative_at")
    cadre.refresh_from_db()
    assert cadre.unit.code == "D01"
    services.transfer_tick(actor=None, placement=yi, item="administrative_at", done=False)
    cadre.refresh_from_db()
    assert cadre.unit.code == "D02"
