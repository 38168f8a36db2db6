"""B7 deadlines that act, the reviewer's findings (issue 15, ADR 0012): nobody settles their
own case through a second role (ADR 0014); the 逾期未答复 form makes no choice for the clerk
and refuses a refusal with a date; a new deadline lies within a month, on a working day (by
the calendar, or Monday–Friday in a year it does not cover), not before the answering window
opens; the first deadline counts from that opening, and the sweep waits for it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from cadrex.accounts.models import Role, User
from cadrex.accounts.services import role_grant_add
from cadrex.audit.models import Event
from cadrex.campaigns.calendar import work_calendar
from cadrex.campaigns.services import campaign_schedule_update
from cadrex.exchange import deadlines, services
from cadrex.exchange.forms_decision import OverdueDecisionForm
from cadrex.exchange.models import Answer, Placement, Standby
from cadrex.rules import RuleViolation
from cadrex.rules.deadlines import NEW_DEADLINE_MAX_DAYS, answer_deadline, check_new_answer_deadline
from cadrex.rules.schedule import Step
from cadrex.rules.workdays import WorkCalendar
from tests.competition.conftest import open_only
from tests.conftest import PASSWORD

OWN = "不能办理本人的事项"


def _placement(world, name: str) -> Placement:
    return Placement.objects.select_related("unit").get(candidate=world["candidates"][name])


def _footprint() -> tuple:
    rows = Placement.objects.order_by("pk").values_list("answer", "answer_deadline", "overdue_at")
    return Event.objects.count(), Standby.objects.count(), list(rows)


def _acceptance_from(campaign, start, days: int = 30) -> None:
    """The answering window (B7) from ``start`` for ``days`` days."""
    campaign_schedule_update(
        actor=None, campaign=campaign, windows={Step.ACCEPTANCE: (start, start + timedelta(days))}
    )


def _orgdept_for(world, name: str) -> User:
    """An orgdept account that is also ``name``'s own roster record (one person, two roles)."""
    user = User(username=f"orgdept-{name}", role=Role.ORGDEPT, cadre=world["cadres"][name])
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def overdue(directed, clock):
    clock.move_to(_placement(directed, "乙一").answer_deadline + timedelta(days=1))
    call_command("sweep_deadlines")
    open_only(directed["campaign"], Step.ACCEPTANCE)
    return directed


# ------------------------------------------------------------------ 1. not one's own case


def test_b7_a_cadre_with_an_orgdept_grant_cannot_settle_their_own_overdue_placement(
    client, overdue, clock
):
    person = overdue["users"]["cadre"]  # 乙一, overdue
    grant = role_grant_add(actor=overdue["users"]["office"], user=person, role=Role.ORGDEPT)
    client.force_login(person)
    client.post(reverse("role_switch"), {"role": f"g{grant.pk}"})
    yi = _placement(overdue, "乙一")
    url = reverse("exchange:overdue_decide", args=[yi.pk])
    new = work_calendar().nth_working_day(clock.today, 2)
    before = _footprint()
    for data in (
        {"decision": "refuse", "note": "经研究"},
        {"decision": "extend", "deadline": new.isoformat()},
    ):
        page = client.post(url, data, follow=True).content.decode()
        assert OWN in page and "请由其他同志办理" in page
    assert _footprint() == before
    # another of the orgdept's settles it; the same person may settle someone else's
    er = _placement(overdue, "乙二")
    client.post(url.replace(str(yi.pk), str(er.pk)), {"decision": "refuse", "note": "经研究"})
    assert _placement(overdue, "乙二").answer == Answer.REFUSED
    deadlines.placement_overdue_refuse(actor=overdue["users"]["orgdept"], placement=yi)
    assert _placement(overdue, "乙一").answer == Answer.REFUSED


def test_b6_an_orgdept_member_cannot_set_their_own_directed_placement(published):
    orgdept = published["users"]["orgdept"]
    services.directed_draft(actor=orgdept, campaign=published["campaign"])
    er = _placement(published, "乙二")  # directed
    before = _footprint()
    with pytest.raises(RuleViolation, match=OWN) as caught:
        services.directed_placement_set(
            actor=_orgdept_for(published, "乙二"), placement=er, unit=None
        )
    assert caught.value.rule == "B6" and _footprint() == before


def test_b7_an_orgdept_member_cannot_record_their_own_standby_outcome(directed, clock):
    services.placement_answer(actor=None, placement=_placement(directed, "乙二"), accept=False)
    standby = Standby.objects.get()
    with pytest.raises(RuleViolation, match=OWN) as caught:
        services.standby_outcome_record(
            actor=_orgdept_for(directed, "乙二"),
            standby=standby,
            outcome="placed",
            unit=directed["units"]["D01"],
            now=clock.at(standby.end, 10),
        )
    assert caught.value.rule == "B7"
    standby.refresh_from_db()
    assert standby.outcome == "ongoing"


# ------------------------------------------------------------------ 2. the form


def test_b7_the_overdue_form_has_no_default_and_labels_once(as_user, overdue):
    form = OverdueDecisionForm()
    assert form.fields["decision"].initial is None
    assert not OverdueDecisionForm({"decision": ""}).is_valid()
    body = as_user("orgdept").get(reverse("exchange:standbys")).content.decode()
    assert '<option value="" selected>（请选择）</option>' in body
    assert "处理方式" in body and "<summary>处理</summary>" not in body


def test_b7_a_refusal_with_a_new_deadline_is_refused(as_user, overdue, clock):
    yi = _placement(overdue, "乙一")
    new = work_calendar().nth_working_day(clock.today, 2)
    before = _footprint()
    page = (
        as_user("orgdept")
        .post(
            reverse("exchange:overdue_decide", args=[yi.pk]),
            {"decision": "refuse", "deadline": new.isoformat(), "note": "经研究"},
            follow=True,
        )
        .content.decode()
    )
    assert "选择“视为不服从安排”时不填新的表态截止日" in page
    assert _footprint() == before
    empty = as_user("orgdept").post(
        reverse("exchange:overdue_decide", args=[yi.pk]), {"decision": ""}, follow=True
    )
    assert "请选择处理方式" in empty.content.decode() and _footprint() == before


# ------------------------------------------------------------------ 3. the new deadline


def test_b7_a_new_deadline_more_than_a_month_ahead_is_refused(overdue, clock):
    yi, orgdept = _placement(overdue, "乙一"), overdue["users"]["orgdept"]
    _acceptance_from(overdue["campaign"], clock.now - timedelta(days=1), days=60)
    far = work_calendar().nth_working_day(clock.today + timedelta(NEW_DEADLINE_MAX_DAYS + 1), 1)
    before = _footprint()
    with pytest.raises(RuleViolation, match=f"今天起 {NEW_DEADLINE_MAX_DAYS} 天内"):
        deadlines.placement_deadline_extend(actor=orgdept, placement=yi, deadline=far)
    assert _footprint() == before


def test_b7_a_new_deadline_before_the_answering_window_opens_is_refused(overdue, clock):
    yi, orgdept = _placement(overdue, "乙一"), overdue["users"]["orgdept"]
    calendar = work_calendar()
    opens = clock.now + timedelta(days=10)
    _acceptance_from(overdue["campaign"], opens)
    before = _footprint()
    with pytest.raises(RuleViolation, match="不能早于表态期开始之日"):
        deadlines.placement_deadline_extend(
            actor=orgdept, placement=yi, deadline=calendar.nth_working_day(clock.today, 2)
        )
    assert _footprint() == before
    later = calendar.nth_working_day(opens.date(), 1)
    deadlines.placement_deadline_extend(actor=orgdept, placement=yi, deadline=later)
    assert _placement(overdue, "乙一").answer_deadline == later


def test_b7_a_new_deadline_on_a_weekend_of_an_uncovered_year_is_refused():
    """ADR 0012: a year the calendar does not cover counts Monday to Friday — for the new
    deadline too (it used to skip the check there)."""
    only_2025 = WorkCalendar(covered_years=frozenset({2025}), source="test")
    today = date(2026, 12, 28)
    assert not only_2025.covers(2027)
    with pytest.raises(RuleViolation, match="不是工作日"):
        check_new_answer_deadline(new=date(2027, 1, 2), today=today, calendar=only_2025)  # Sat
    check_new_answer_deadline(new=date(2027, 1, 4), today=today, calendar=only_2025)  # Mon


# ------------------------------------------------------------------ 4. from the opening


def test_b7_the_answer_deadline_counts_from_the_opening_of_the_answering_window(
    through_proposals, clock
):
    campaign, office = through_proposals["campaign"], through_proposals["users"]["office"]
    opens = clock.now + timedelta(days=9)
    _acceptance_from(campaign, opens)
    run = services.matching_run(actor=office, campaign=campaign)
    services.matching_publish(actor=office, run=run)
    expected = answer_deadline(opens.date(), policy=campaign.policy, calendar=work_calendar())
    yi = _placement(through_proposals, "乙一")
    assert yi.answer_deadline == expected
    assert yi.answer_deadline > answer_deadline(clock.today, calendar=work_calendar())


def test_b7_the_sweep_marks_nobody_before_the_answering_window_opens(directed, clock):
    campaign = directed["campaign"]
    deadline = _placement(directed, "乙一").answer_deadline
    clock.move_to(deadline + timedelta(days=3))
    _acceptance_from(campaign, clock.now + timedelta(days=2))  # moved later: not open yet
    call_command("sweep_deadlines")
    assert not Placement.objects.filter(overdue_at__isnull=False).exists()
    assert not Event.objects.filter(action="placement_overdue").exists()
    with pytest.raises(RuleViolation, match="表态期尚未开始"):
        deadlines.placement_overdue_mark(actor=None, placement=_placement(directed, "乙一"))
    _acceptance_from(campaign, clock.now - timedelta(hours=1))  # now open: marked
    call_command("sweep_deadlines")
    assert _placement(directed, "乙一").overdue_at is not None
