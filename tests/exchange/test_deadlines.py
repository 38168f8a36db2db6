"""B7 deadlines that act (issue 15, ADR 0012): a decided placement carries its last day to
answer; the daily sweep marks the silent ones 逾期未答复 once, audited; the orgdept lists
them and settles each (treated as a refusal, or a new deadline)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from cadrex.audit.models import Event
from cadrex.campaigns.calendar import work_calendar
from cadrex.exchange import deadlines
from cadrex.exchange.models import Answer, Placement, Standby
from cadrex.rules import RuleViolation
from cadrex.rules.deadlines import answer_deadline
from cadrex.rules.schedule import Step
from tests.competition.conftest import open_only


def _placement(part_b, name: str) -> Placement:
    return Placement.objects.select_related("unit").get(candidate=part_b["candidates"][name])


def _waiting():
    return Placement.objects.filter(answer=Answer.PENDING, answer_deadline__isnull=False)


@pytest.fixture
def overdue(directed, clock):
    """The day after the answer deadline, the sweep run once; ACCEPTANCE open again."""
    deadline = _placement(directed, "乙一").answer_deadline
    clock.move_to(deadline + timedelta(days=1))
    call_command("sweep_deadlines")
    open_only(directed["campaign"], Step.ACCEPTANCE)
    return directed


def test_b7_publishing_the_matching_sets_the_answer_deadline_in_working_days(published, clock):
    expected = answer_deadline(
        clock.today, policy=published["campaign"].policy, calendar=work_calendar()
    )
    yi = _placement(published, "乙一")
    assert yi.decided_at is not None and yi.answer_deadline == expected
    assert work_calendar().working_days_between(clock.today + timedelta(days=1), expected) == 3


def test_b7_confirming_the_directed_plan_sets_the_answer_deadline(directed, clock):
    er = _placement(directed, "乙二")  # directed to T01
    assert er.unit is not None
    assert er.answer_deadline == answer_deadline(clock.today, calendar=work_calendar())


def test_b7_on_the_deadline_day_nobody_is_overdue(directed, clock):
    clock.move_to(_placement(directed, "乙一").answer_deadline)
    call_command("sweep_deadlines")
    assert not Placement.objects.filter(overdue_at__isnull=False).exists()
    assert not Event.objects.filter(action="placement_overdue").exists()


def test_b7_the_sweep_marks_the_overdue_once_with_one_event_each(overdue, clock):
    waiting = _waiting().count()
    assert waiting == 6
    assert Placement.objects.filter(overdue_at__isnull=False).count() == waiting
    assert Event.objects.filter(action="placement_overdue").count() == waiting
    call_command("sweep_deadlines")  # safe to run twice
    clock.shift(timedelta(days=1))
    call_command("sweep_deadlines")
    assert Event.objects.filter(action="placement_overdue").count() == waiting
    event = Event.objects.filter(action="placement_overdue").first()
    assert event.actor_label == "系统" and event.after["overdue"] is True


def test_b7_an_answered_placement_is_not_marked(directed, clock):
    from cadrex.exchange import services

    services.placement_answer(actor=None, placement=_placement(directed, "乙一"), accept=True)
    clock.move_to(_placement(directed, "甲二").answer_deadline + timedelta(days=1))
    call_command("sweep_deadlines")
    assert _placement(directed, "乙一").overdue_at is None
    assert _placement(directed, "甲二").overdue_at is not None


def test_b7_the_orgdept_page_lists_those_overdue(as_user, overdue):
    body = as_user("orgdept").get(reverse("exchange:standbys")).content.decode()
    assert "逾期未答复（规则 B7）" in body and "style=" not in body
    yi = _placement(overdue, "乙一")
    assert f'data-testid="overdue-{yi.pk}"' in body
    assert reverse("exchange:overdue_decide", args=[yi.pk]) in body
    office = as_user("office").get(reverse("exchange:standbys")).content.decode()
    assert f'data-testid="overdue-{yi.pk}"' in office
    assert reverse("exchange:overdue_decide", args=[yi.pk]) not in office


def test_b7_the_placed_person_sees_overdue_on_their_page(client, overdue):
    client.force_login(overdue["users"]["cadre"])  # 乙一
    body = client.get(reverse("exchange:my")).content.decode()
    assert 'data-testid="overdue"' in body and "逾期未答复" in body


def test_b7_the_orgdept_treats_the_silence_as_a_refusal(as_user, overdue):
    er = _placement(overdue, "乙二")  # directed: B7 standby
    response = as_user("orgdept").post(
        reverse("exchange:overdue_decide", args=[er.pk]), {"decision": "refuse", "note": "经研究"}
    )
    assert response.status_code == 302
    er.refresh_from_db()
    assert er.answer == Answer.REFUSED and not er.is_overdue
    assert "逾期未答复" in er.answer_note
    standby = Standby.objects.get(placement=er)
    assert standby.rule == "B7"
    assert Event.objects.filter(action="placement_refuse", object_id=str(er.pk)).count() == 1
    again = as_user("orgdept").post(
        reverse("exchange:overdue_decide", args=[er.pk]),
        {"decision": "refuse", "note": "经研究"},
        follow=True,
    )
    assert "没有逾期未答复" in again.content.decode()
    assert Standby.objects.filter(placement=er).count() == 1


def test_b7_the_orgdept_sets_a_new_deadline(as_user, overdue, clock):
    yi = _placement(overdue, "乙一")
    url = reverse("exchange:overdue_decide", args=[yi.pk])
    client = as_user("orgdept")
    events = Event.objects.count()
    refused = client.post(url, {"decision": "extend"}, follow=True).content.decode()
    assert "请填写新的表态截止日" in refused and Event.objects.count() == events
    new = work_calendar().nth_working_day(clock.today, 2)
    assert client.post(url, {"decision": "extend", "deadline": new.isoformat()}).status_code == 302
    yi.refresh_from_db()
    assert yi.answer_deadline == new and yi.overdue_at is None
    assert Event.objects.filter(action="placement_deadline_extend").count() == 1
    body = client.get(reverse("exchange:standbys")).content.decode()
    assert f'data-testid="overdue-{yi.pk}"' not in body


def test_b7_a_new_deadline_in_the_past_is_refused(overdue, clock):
    yi = _placement(overdue, "乙一")
    orgdept = overdue["users"]["orgdept"]
    with pytest.raises(RuleViolation, match="不能早于今天"):
        deadlines.placement_deadline_extend(
            actor=orgdept, placement=yi, deadline=clock.today - timedelta(days=1)
        )
    assert _placement(overdue, "乙一").is_overdue


def test_b7_a_refusal_without_the_orgdepts_reasons_is_refused(as_user, overdue):
    """A refusal brings a warning and a year's standby: the record must say why."""
    yi = _placement(overdue, "乙一")
    page = as_user("orgdept").post(
        reverse("exchange:overdue_decide", args=[yi.pk]),
        {"decision": "refuse", "note": " "},
        follow=True,
    )
    assert "请填写研究意见" in page.content.decode()
    assert _placement(overdue, "乙一").answer == Answer.PENDING
    assert not Standby.objects.filter(placement=yi).exists()


def test_b7_only_the_orgdept_settles_an_overdue_placement(as_user, overdue):
    yi = _placement(overdue, "乙一")
    for persona in ("office", "cadre"):
        response = as_user(persona).post(
            reverse("exchange:overdue_decide", args=[yi.pk]), {"decision": "refuse"}
        )
        assert response.status_code in (403, 404)
    assert _placement(overdue, "乙一").answer == Answer.PENDING


def test_b7_a_late_answer_before_the_orgdept_decides_is_taken(overdue):
    from cadrex.exchange import services

    yi = _placement(overdue, "乙一")
    services.placement_answer(actor=None, placement=yi, accept=True)
    yi.refresh_from_db()
    assert yi.answer == Answer.ACCEPTED and not yi.is_overdue
    assert yi not in deadlines.overdue_placements(overdue["campaign"])


def test_c3_a_reporting_deadline_passed_without_a_report_shows_on_the_new_units_page(
    as_user, directed, clock
):
    from cadrex.exchange import services

    yi = _placement(directed, "乙一")  # → D01, the operator's unit
    services.placement_answer(actor=None, placement=yi, accept=True)
    yi.refresh_from_db()
    page = as_user("operator").get(reverse("exchange:arrivals")).content.decode()
    assert 'data-testid="report-overdue"' not in page
    clock.move_to(yi.reporting_deadline + timedelta(days=1))
    page = as_user("operator").get(reverse("exchange:arrivals")).content.decode()
    assert 'data-testid="report-overdue"' in page and "逾期未报到" in page
