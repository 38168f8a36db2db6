"""Part B's guarded doors: every status change through its table (B1, B7, C3), the standby's
outcome only once the term is served (B7), publishing vacancies past silent units only with
the office's acknowledgement (B2), and forms that refuse bad input and change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from cadrex.audit.models import Event
from cadrex.exchange import services
from cadrex.exchange.models import (
    Answer,
    DecisionEntry,
    DeclarationStatus,
    ExchangeDeclaration,
    Placement,
    PlacementKind,
    Standby,
    StandbyOutcome,
    TwoWaySelection,
)
from cadrex.rules import RuleViolation
from cadrex.rules.exchange import standby_years
from cadrex.rules.schedule import Step
from tests.competition.conftest import open_only

NUL = "考察\x00意见"


def _placement(world, name: str) -> Placement:
    return Placement.objects.select_related("unit").get(candidate=world["candidates"][name])


def _footprint() -> tuple:
    """Everything a refused part B action must leave as it was."""
    standbys = list(Standby.objects.values_list("outcome", "outcome_unit", "appraisal_year", "end"))
    placements = list(
        Placement.objects.order_by("pk").values_list(
            "unit", "answer", "reporting_deadline", "decided_at", "reported_at"
        )
    )
    return Event.objects.count(), DecisionEntry.objects.count(), standbys, placements


@pytest.fixture
def on_standby(directed):
    """乙二 refused the directed placement to T01 today: a B7 standby."""
    services.placement_answer(actor=None, placement=_placement(directed, "乙二"), accept=False)
    return {**directed, "standby": Standby.objects.get()}


# ------------------------------------------------------------------ B7 the standby's outcome


@pytest.mark.parametrize("outcome", [StandbyOutcome.PLACED, StandbyOutcome.INCOMPETENT])
def test_b7_standby_outcome_waits_for_the_term(on_standby, clock, outcome):
    standby, units = on_standby["standby"], on_standby["units"]
    cadre = on_standby["cadres"]["乙二"]
    grades = dict(cadre.appraisals or {})
    before = _footprint()
    for day in (standby.start, standby.end - timedelta(days=1)):  # the first and last day
        with pytest.raises(RuleViolation) as caught:
            services.standby_outcome_record(
                actor=None,
                standby=standby,
                outcome=outcome,
                unit=units["D01"],
                vetting_note="经考察，待岗期间多次无故缺勤",
                now=clock.at(day, 23, 59),
            )
        assert caught.value.rule == "B7"
        assert f"待岗期至{standby.end:%Y年%m月%d日}届满，届满前不能作出结论" in caught.value.message
    cadre.refresh_from_db()
    assert _footprint() == before and dict(cadre.appraisals or {}) == grades
    services.standby_outcome_record(
        actor=None,
        standby=standby,
        outcome=outcome,
        unit=units["D01"],
        vetting_note="经考察，待岗期间多次无故缺勤",
        now=clock.at(standby.end, 0, 1),
    )
    standby.refresh_from_db()
    assert standby.outcome == outcome
    move = "standby_place" if outcome == StandbyOutcome.PLACED else "standby_incompetent"
    assert Event.objects.filter(action=move).count() == 1


def test_b7_the_incompetent_year_lies_within_the_standby(on_standby, clock):
    standby = on_standby["standby"]
    first, last = standby_years(standby.start, standby.end)
    served = clock.at(standby.end, 10)
    before = _footprint()
    for year in (first - 1, last + 1):
        with pytest.raises(RuleViolation, match=f"不能是{year}年度") as caught:
            services.standby_outcome_record(
                actor=None,
                standby=standby,
                outcome=StandbyOutcome.INCOMPETENT,
                vetting_note="经考察，表现差",
                year=year,
                now=served,
            )
        assert caught.value.field == "year"
    assert _footprint() == before
    services.standby_outcome_record(
        actor=None,
        standby=standby,
        outcome=StandbyOutcome.INCOMPETENT,
        vetting_note="经考察，表现差",
        now=served,
    )
    standby.refresh_from_db()
    cadre = on_standby["cadres"]["乙二"]
    cadre.refresh_from_db()
    assert standby.appraisal_year == last  # by default the year the term ends in
    assert cadre.appraisals[str(last)] == "不称职"
    with pytest.raises(RuleViolation, match="已经记录"):
        services.standby_outcome_record(
            actor=None, standby=standby, outcome=StandbyOutcome.PLACED, now=served
        )


def test_b7_placing_after_the_standby_needs_a_unit_in_scope(on_standby, clock):
    standby, units = on_standby["standby"], on_standby["units"]
    served = clock.at(standby.end, 10)
    before = _footprint()
    with pytest.raises(RuleViolation, match="请选择安排的单位"):
        services.standby_outcome_record(
            actor=None, standby=standby, outcome=StandbyOutcome.PLACED, now=served
        )
    with pytest.raises(RuleViolation, match="垂直管理部门"):
        services.standby_outcome_record(
            actor=None,
            standby=standby,
            outcome=StandbyOutcome.PLACED,
            unit=units["V01"],
            now=served,
        )
    with pytest.raises(RuleViolation, match="请选择待岗期满后的安排结果"):
        services.standby_outcome_record(actor=None, standby=standby, outcome="ongoing", now=served)
    assert _footprint() == before


def test_b7_the_standby_page_offers_the_outcome_only_once_served(as_user, on_standby, clock):
    standby = on_standby["standby"]
    url = reverse("exchange:standbys")
    body = as_user("orgdept").get(url).content.decode()
    assert f"{standby.end:%Y-%m-%d} 期满后方可记录" in body
    assert reverse("exchange:standby_outcome", args=[standby.pk]) not in body
    clock.move_to(clock.at(standby.end, 9))
    body = as_user("orgdept").get(url).content.decode()
    assert reverse("exchange:standby_outcome", args=[standby.pk]) in body


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"outcome": "placed", "unit": "abc"}, "所选单位不存在或不参加本次竞岗交流"),
        ({"outcome": "placed", "unit": "999999"}, "所选单位不存在或不参加本次竞岗交流"),
        ({"outcome": "placed", "unit": "V01"}, "所选单位不存在或不参加本次竞岗交流"),
        ({"outcome": "incompetent", "year": "abc"}, "请填写四位数的年度"),
        ({"outcome": "incompetent", "year": "0"}, "不能是0年度"),
        ({"outcome": "incompetent", "vetting_note": NUL}, "含有不可见的控制字符"),
        ({"outcome": ""}, "请选择待岗期满后的安排结果"),
        ({"outcome": "ongoing"}, "请选择待岗期满后的安排结果"),
    ],
)
def test_b7_the_outcome_form_refuses_bad_input(as_user, on_standby, clock, post, message):
    standby = on_standby["standby"]
    clock.move_to(clock.at(standby.end, 9))  # served: only the input is wrong
    if post.get("unit") == "V01":
        post = {**post, "unit": str(on_standby["units"]["V01"].pk)}
    post.setdefault("vetting_note", "经考察，表现差")
    before = _footprint()
    response = as_user("orgdept").post(
        reverse("exchange:standby_outcome", args=[standby.pk]), post, follow=True
    )
    assert message in response.content.decode()
    assert _footprint() == before


# ------------------------------------------------------------------ B7 / C3 answers


def test_b7_an_answer_moves_through_the_placement_table(directed, clock):
    yi, er = _placement(directed, "乙一"), _placement(directed, "乙二")
    services.placement_answer(actor=None, placement=yi, accept=True)
    services.placement_answer(actor=None, placement=er, accept=False)
    actions = list(Event.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-3:] == ["placement_accept", "placement_refuse", "standby_start"]
    refuse = Event.objects.get(action="placement_refuse")
    assert (refuse.before["answer"], refuse.after["answer"]) == ("pending", "refused")
    standby = Standby.objects.get()
    assert (standby.outcome, standby.rule, standby.start) == ("ongoing", "B7", clock.today)
    before = _footprint()
    with pytest.raises(RuleViolation, match="不能更改"):
        services.placement_answer(actor=None, placement=er, accept=True)
    assert _footprint() == before


def test_b7_an_undecided_placement_cannot_be_answered(published):
    services.directed_draft(actor=None, campaign=published["campaign"])
    open_only(published["campaign"], Step.ACCEPTANCE)
    draft = _placement(published, "甲三")  # drafted, not yet decided by the meeting
    with pytest.raises(RuleViolation, match="尚未确定"):
        services.placement_answer(actor=None, placement=draft, accept=True)
    assert _placement(published, "甲三").answer == Answer.PENDING


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"accept": "abc"}, "请选择服从安排或不服从安排"),
        ({"accept": ""}, "请选择服从安排或不服从安排"),
        ({"accept": "yes", "note": "同意\x00"}, "含有不可见的控制字符"),
        ({"accept": "yes", "note": "长" * 301}, "最多 300 个字"),
    ],
)
def test_b7_the_answer_form_refuses_bad_input(as_user, directed, post, message):
    before = _footprint()
    response = as_user("cadre").post(reverse("exchange:answer"), post, follow=True)
    assert message in response.content.decode()
    assert _footprint() == before


# ------------------------------------------------------------------ B1 the declaration's table


def test_b1_submit_and_return_move_through_the_declaration_table(world, campaign):
    open_only(campaign, Step.EXCHANGE_SIGNUP)
    yi = world["cadres"]["乙一"]
    services.signup_create(actor=None, campaign=campaign, cadre=yi)
    services.declaration_save(
        actor=None, campaign=campaign, unit=yi.unit, cadre_ids=[yi.pk], vacancies=1
    )
    declaration = services.declaration_submit(actor=None, campaign=campaign, unit=yi.unit)
    submit = Event.objects.get(action="exchange_declaration_submit")
    assert (submit.before["status"], submit.after["status"]) == ("draft", "submitted")
    assert submit.after["sent_out"] == 1
    services.declaration_return(
        actor=world["users"]["office"], declaration=declaration, reason="请核实"
    )
    back = Event.objects.get(action="exchange_declaration_return")
    assert (back.before["status"], back.after["status"]) == ("submitted", "returned")
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.RETURNED
    assert declaration.returned_reason == "请核实"
    with pytest.raises(RuleViolation, match="尚未报送"):
        services.declaration_return(actor=None, declaration=declaration, reason="再退")


# ------------------------------------------------------------------ B2 units that declared nothing


@pytest.fixture
def one_unit_declared(world, campaign):
    """Only 市民政局 (D02) declared; 市财政局 and 东湖街道 are silent; VACANCIES open."""
    open_only(campaign, Step.EXCHANGE_SIGNUP)
    yi = world["cadres"]["乙一"]
    services.signup_create(actor=None, campaign=campaign, cadre=yi)
    services.declaration_save(
        actor=None, campaign=campaign, unit=yi.unit, cadre_ids=[yi.pk], vacancies=1
    )
    services.declaration_submit(actor=None, campaign=campaign, unit=yi.unit)
    open_only(campaign, Step.VACANCIES)
    return {**world, "campaign": campaign}


def _published(campaign) -> bool:
    return TwoWaySelection.objects.filter(
        campaign=campaign, vacancies_published_at__isnull=False
    ).exists()


def test_b2_publishing_past_undeclared_units_needs_the_offices_acknowledgement(
    one_unit_declared,
):
    campaign, office = one_unit_declared["campaign"], one_unit_declared["users"]["office"]
    events = Event.objects.count()
    with pytest.raises(RuleViolation) as caught:
        services.vacancies_publish(actor=office, campaign=campaign)
    message = caught.value.message
    assert caught.value.rule == "B2" and "以下 2 个单位没有报送" in message
    assert "东湖街道" in message and "市财政局" in message
    assert "青川市气象局" not in message  # vertically managed: never in scope (S1)
    assert not _published(campaign) and Event.objects.count() == events
    assert services.vacancies_publish(actor=office, campaign=campaign, acknowledge_undeclared=True)
    event = Event.objects.get(action="exchange_vacancies_publish")
    assert event.after["undeclared_acknowledged"] == ["市财政局（D01）", "东湖街道（T01）"]
    with pytest.raises(RuleViolation, match="不能重复公布"):
        services.vacancies_publish(actor=office, campaign=campaign, acknowledge_undeclared=True)


def test_b2_a_started_declaration_is_refused_even_with_the_acknowledgement(one_unit_declared):
    campaign, cadres = one_unit_declared["campaign"], one_unit_declared["cadres"]
    open_only(campaign, Step.EXCHANGE_SIGNUP, Step.VACANCIES)
    services.declaration_save(
        actor=None,
        campaign=campaign,
        unit=cadres["甲二"].unit,
        cadre_ids=[cadres["甲二"].pk],
        added={cadres["甲二"].pk: "轮岗"},
        vacancies=1,
    )
    with pytest.raises(RuleViolation, match="以下单位尚未报送交流对象和缺员人数：市财政局"):
        services.vacancies_publish(actor=None, campaign=campaign, acknowledge_undeclared=True)
    assert not _published(campaign)


def test_b2_an_empty_draft_counts_as_undeclared(one_unit_declared):
    campaign, units = one_unit_declared["campaign"], one_unit_declared["units"]
    ExchangeDeclaration.objects.create(campaign=campaign, unit=units["T01"])
    with pytest.raises(RuleViolation, match="东湖街道"):
        services.vacancies_publish(actor=None, campaign=campaign)


def test_b2_the_office_page_lists_undeclared_units_and_the_tick(as_user, one_unit_declared):
    client, campaign = as_user("office"), one_unit_declared["campaign"]
    page = client.get(reverse("exchange:office")).content.decode()
    assert "以下 2 个单位没有报送交流对象和缺员人数" in page
    assert "市财政局、东湖街道" in page and 'name="acknowledge_undeclared"' in page
    url = reverse("exchange:vacancies_publish")
    for post in ({}, {"acknowledge_undeclared": "abc"}):
        response = client.post(url, post, follow=True)
        assert "请勾选" in response.content.decode()
        assert not _published(campaign)
    response = client.post(url, {"acknowledge_undeclared": "on"}, follow=True)
    assert "已公布各单位缺员人数，共 1 个缺员" in response.content.decode()
    assert _published(campaign)


# ------------------------------------------------------------------ B6 the orgdept's forms


@pytest.fixture
def drafted(published):
    services.directed_draft(actor=None, campaign=published["campaign"])
    return published


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("abc", "所选单位不存在或不参加本次竞岗交流"),
        ("999999", "所选单位不存在或不参加本次竞岗交流"),
        ("V01", "所选单位不存在或不参加本次竞岗交流"),
        ("1\x00", "含有不可见的控制字符"),
    ],
)
def test_b6_the_directed_unit_form_refuses_another_or_no_unit(as_user, drafted, raw, message):
    jia3 = _placement(drafted, "甲三")
    if raw == "V01":
        raw = str(drafted["units"]["V01"].pk)
    before = _footprint()
    response = as_user("orgdept").post(
        reverse("exchange:directed_set", args=[jia3.pk]), {"unit": raw}, follow=True
    )
    assert message in response.content.decode()
    assert _footprint() == before and _placement(drafted, "甲三").unit.code == "T01"


def test_b6_the_meeting_date_lies_between_the_publication_and_today(as_user, drafted, clock):
    client, url = as_user("orgdept"), reverse("exchange:directed_confirm")
    before = _footprint()
    for date_text, note, message in [
        (clock.days(-1).isoformat(), "", "不能早于双向选择匹配结果公布之日"),
        (clock.days(1).isoformat(), "", "不能晚于今天"),
        ("abc", "", "部务会议日期格式不对"),
        ("", "", "请填写部务会议日期"),
        (clock.today.isoformat(), "研究\x00同意", "含有不可见的控制字符"),
    ]:
        response = client.post(url, {"meeting_date": date_text, "note": note}, follow=True)
        assert message in response.content.decode(), date_text
    assert _footprint() == before and not TwoWaySelection.objects.get().directed_confirmed_at
    response = client.post(url, {"meeting_date": clock.today.isoformat()}, follow=True)
    assert "定向交流已经部务会议研究确定" in response.content.decode()
    response = client.post(url, {"meeting_date": clock.today.isoformat()}, follow=True)
    assert "不能再修改" in response.content.decode()
    assert DecisionEntry.objects.filter(kind="meeting").count() == 1


# ------------------------------------------------------------------ C3 the checklist form


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"item": "abc"}, "未知的转接事项"),
        ({"item": ""}, "未知的转接事项"),
        ({"item": "reported_at", "done": "abc"}, "操作只能是登记或撤销"),
        ({"item": "x\x00"}, "含有不可见的控制字符"),
    ],
)
def test_c3_the_checklist_form_refuses_bad_input(as_user, directed, post, message):
    yi = _placement(directed, "乙一")  # to D01, whose operator is the persona
    services.placement_answer(actor=None, placement=yi, accept=True)
    before = _footprint()
    response = as_user("operator").post(
        reverse("exchange:transfer_tick", args=[yi.pk]), post, follow=True
    )
    body = response.content.decode()
    assert any(
        m in body for m in ("未知的转接事项", "操作只能是登记或撤销", "含有不可见的控制字符")
    )
    assert _footprint() == before


def test_c3_a_tick_twice_is_refused_and_withdrawing_is_recorded(directed):
    yi = _placement(directed, "乙一")
    services.placement_answer(actor=None, placement=yi, accept=True)
    services.transfer_tick(actor=None, placement=yi, item="reported_at")
    before = _footprint()
    with pytest.raises(RuleViolation, match="无需重复操作"):
        services.transfer_tick(actor=None, placement=yi, item="reported_at")
    assert _footprint() == before
    services.transfer_tick(actor=None, placement=yi, item="reported_at", done=False)
    last = DecisionEntry.objects.last()
    assert (last.kind, last.payload["item"], last.payload["done"]) == (
        "transfer",
        "reported_at",
        False,
    )
    assert Placement.objects.get(pk=yi.pk).kind == PlacementKind.MATCHED
