"""B1 sign-up and exchange candidates, in/out balance; B2 vacancies and their notice."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cadrex.audit.models import Event
from cadrex.exchange import services
from cadrex.exchange.models import (
    DeclarationStatus,
    ExchangeCandidate,
    ExchangeDeclaration,
    ExchangeSignup,
    TwoWaySelection,
)
from cadrex.registry.models import Cadre
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from tests.competition.conftest import add_cadre, open_only


@pytest.fixture
def signup_open(world, campaign):
    open_only(campaign, Step.EXCHANGE_SIGNUP)
    return {**world, "campaign": campaign}


def _unchanged(before_events: int) -> bool:
    return Event.objects.count() == before_events


def test_b1_a_general_cadre_signs_up_on_their_page(client, signup_open):
    client.force_login(signup_open["users"]["cadre"])
    page = client.get(reverse("exchange:my")).content.decode()
    assert "我报名参加一般干部跨单位双向选择" in page
    response = client.post(reverse("exchange:signup"), follow=True)
    assert "您已报名参加一般干部跨单位双向选择" in response.content.decode()
    signup = ExchangeSignup.objects.get()
    assert signup.cadre.name == "乙一" and signup.active
    assert Event.objects.filter(action="exchange_signup").count() == 1


def test_b1_a_middle_level_cadre_cannot_sign_up(signup_open):
    events = Event.objects.count()
    with pytest.raises(RuleViolation) as caught:
        services.signup_create(
            actor=None, campaign=signup_open["campaign"], cadre=signup_open["cadres"]["甲一"]
        )
    assert caught.value.rule == "B1" and "不属于一般干部" in caught.value.message
    assert not ExchangeSignup.objects.exists() and _unchanged(events)


def test_b1_a_vertically_managed_units_cadre_cannot_sign_up(signup_open):
    cadre = add_cadre(signup_open["units"]["V01"], 811, "丁一")
    with pytest.raises(RuleViolation, match="垂直管理部门"):
        services.signup_create(actor=None, campaign=signup_open["campaign"], cadre=cadre)
    assert not ExchangeSignup.objects.exists()


def test_b1_signing_up_outside_the_window_says_when_it_opens(world, campaign):
    open_only(campaign, Step.REGISTRATION)
    with pytest.raises(RuleViolation) as caught:
        services.signup_create(actor=None, campaign=campaign, cadre=world["cadres"]["乙一"])
    assert caught.value.rule == "S3" and "已于" in caught.value.message
    assert not ExchangeSignup.objects.exists()


def test_b1_signing_up_twice_is_refused_and_a_withdrawal_can_be_undone(signup_open):
    campaign, yi = signup_open["campaign"], signup_open["cadres"]["乙一"]
    services.signup_create(actor=None, campaign=campaign, cadre=yi)
    with pytest.raises(RuleViolation, match="无需重复报名"):
        services.signup_create(actor=None, campaign=campaign, cadre=yi)
    services.signup_withdraw(actor=None, campaign=campaign, cadre=yi)
    assert not ExchangeSignup.objects.get().active
    services.signup_create(actor=None, campaign=campaign, cadre=yi)
    assert ExchangeSignup.objects.get().active


def test_b1_a_picked_candidate_cannot_withdraw_alone(signup_open):
    campaign, yi = signup_open["campaign"], signup_open["cadres"]["乙一"]
    services.signup_create(actor=None, campaign=campaign, cadre=yi)
    services.declaration_save(
        actor=None, campaign=campaign, unit=yi.unit, cadre_ids=[yi.pk], vacancies=1
    )
    with pytest.raises(RuleViolation, match="已将您确定为交流对象"):
        services.signup_withdraw(actor=None, campaign=campaign, cadre=yi)
    assert ExchangeSignup.objects.get().active


def test_b1_the_unit_picks_from_sign_ups_and_adds_others_only_with_a_reason(signup_open):
    campaign, units, cadres = signup_open["campaign"], signup_open["units"], signup_open["cadres"]
    services.signup_create(actor=None, campaign=campaign, cadre=cadres["乙一"])
    events = Event.objects.count()
    with pytest.raises(RuleViolation, match="乙二未本人报名，确定为交流对象须填写理由"):
        services.declaration_save(
            actor=None,
            campaign=campaign,
            unit=units["D02"],
            cadre_ids=[cadres["乙一"].pk, cadres["乙二"].pk],
            vacancies=2,
        )
    assert not ExchangeCandidate.objects.exists() and _unchanged(events)
    services.declaration_save(
        actor=None,
        campaign=campaign,
        unit=units["D02"],
        cadre_ids=[cadres["乙一"].pk, cadres["乙二"].pk],
        added={cadres["乙二"].pk: "岗位交流满五年，单位研究确定"},
        vacancies=2,
    )
    rows = {c.cadre.name: (c.signed_up, c.added_reason) for c in ExchangeCandidate.objects.all()}
    assert rows == {"乙一": (True, ""), "乙二": (False, "岗位交流满五年，单位研究确定")}


def test_b1_a_unit_cannot_pick_another_units_or_a_middle_level_cadre(signup_open):
    campaign, units, cadres = signup_open["campaign"], signup_open["units"], signup_open["cadres"]
    for cadre, message in (
        (cadres["乙一"], "只能从本单位干部中"),
        (cadres["甲一"], "不属于一般干部"),
    ):
        with pytest.raises(RuleViolation, match=message):
            services.declaration_save(
                actor=None,
                campaign=campaign,
                unit=units["D01"],
                cadre_ids=[cadre.pk],
                added={cadre.pk: "理由"},
                vacancies=1,
            )
    assert not ExchangeCandidate.objects.exists()


@pytest.mark.parametrize("typed", ["abc", "-1", "1.5"])
def test_b2_the_vacancy_count_must_be_a_whole_number_at_least_zero(signup_open, typed):
    with pytest.raises(RuleViolation) as caught:
        services.declaration_save(
            actor=None,
            campaign=signup_open["campaign"],
            unit=signup_open["units"]["D02"],
            cadre_ids=[],
            vacancies=typed,
        )
    assert caught.value.rule == "B2" and "缺员人数" in caught.value.message
    assert not ExchangeDeclaration.objects.exists()


def _one_out_two_in(signup_open):
    campaign, yi = signup_open["campaign"], signup_open["cadres"]["乙一"]
    services.signup_create(actor=None, campaign=campaign, cadre=yi)
    return services.declaration_save(
        actor=None, campaign=campaign, unit=yi.unit, cadre_ids=[yi.pk], vacancies=2
    )


def test_b1_an_unbalanced_declaration_cannot_be_submitted(signup_open):
    declaration = _one_out_two_in(signup_open)
    events = Event.objects.count()
    with pytest.raises(RuleViolation) as caught:
        services.declaration_submit(
            actor=None, campaign=signup_open["campaign"], unit=declaration.unit
        )
    assert caught.value.rule == "B1" and "人员进出不平衡" in caught.value.message
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.DRAFT and _unchanged(events)


def test_b1_the_leaders_page_shows_the_balance_and_refuses_too(client, signup_open):
    declaration = _one_out_two_in(signup_open)
    leader = signup_open["users"]["leader"]
    leader.unit = declaration.unit  # D02's leader for this test
    leader.save()
    client.force_login(leader)
    page = client.get(reverse("exchange:unit"))
    assert page.context["balance"] == {"sent_out": 1, "vacancies": 2, "difference": 1}
    assert "人员进出不平衡" in page.content.decode()
    response = client.post(reverse("exchange:declaration_submit"), follow=True)
    assert "规则 B1" in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.DRAFT


def test_b1_with_the_offices_recorded_exception_it_may_be_submitted(signup_open):
    declaration = _one_out_two_in(signup_open)
    office = signup_open["users"]["office"]
    with pytest.raises(RuleViolation, match="写明理由"):
        services.balance_exception_allow(actor=office, declaration=declaration, reason=" ")
    services.balance_exception_allow(
        actor=office, declaration=declaration, reason="新设科室，经领导小组同意多进一人"
    )
    services.declaration_submit(actor=None, campaign=signup_open["campaign"], unit=declaration.unit)
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.SUBMITTED
    assert declaration.exception_by == office and declaration.exception_at
    event = Event.objects.get(action="exchange_balance_exception")
    assert event.note == "新设科室，经领导小组同意多进一人" and event.actor == office


def test_b1_a_submitted_declaration_is_locked_until_the_office_returns_it(signup_open):
    campaign, yi = signup_open["campaign"], signup_open["cadres"]["乙一"]
    services.signup_create(actor=None, campaign=campaign, cadre=yi)
    services.declaration_save(
        actor=None, campaign=campaign, unit=yi.unit, cadre_ids=[yi.pk], vacancies=1
    )
    declaration = services.declaration_submit(actor=None, campaign=campaign, unit=yi.unit)
    with pytest.raises(RuleViolation, match="已报送"):
        services.declaration_save(
            actor=None, campaign=campaign, unit=yi.unit, cadre_ids=[], vacancies=0
        )
    services.declaration_return(
        actor=signup_open["users"]["office"], declaration=declaration, reason="请核实缺员数"
    )
    services.declaration_save(
        actor=None, campaign=campaign, unit=yi.unit, cadre_ids=[], vacancies=0
    )
    assert not ExchangeCandidate.objects.exists()


def test_b2_publication_waits_for_every_unit_that_started(signup_open):
    campaign = signup_open["campaign"]
    _one_out_two_in(signup_open)
    open_only(campaign, Step.VACANCIES)
    with pytest.raises(RuleViolation, match="以下单位尚未报送交流对象和缺员人数：市民政局"):
        services.vacancies_publish(actor=None, campaign=campaign)
    assert not TwoWaySelection.objects.filter(vacancies_published_at__isnull=False).exists()


def test_b2_the_public_notice_shows_units_and_numbers_but_no_names(client, signup_open):
    campaign, yi = signup_open["campaign"], signup_open["cadres"]["乙一"]
    assert "尚未公布" in client.get(reverse("exchange:vacancies_notice")).content.decode()
    services.signup_create(actor=None, campaign=campaign, cadre=yi)
    services.declaration_save(
        actor=None, campaign=campaign, unit=yi.unit, cadre_ids=[yi.pk], vacancies=1
    )
    services.declaration_submit(actor=None, campaign=campaign, unit=yi.unit)
    open_only(campaign, Step.VACANCIES)
    services.vacancies_publish(
        actor=signup_open["users"]["office"], campaign=campaign, acknowledge_undeclared=True
    )
    with pytest.raises(RuleViolation, match="不能重复公布"):
        services.vacancies_publish(actor=None, campaign=campaign)
    body = client.get(reverse("exchange:vacancies_notice")).content.decode()
    assert "市民政局" in body and "缺员合计 1 个" in body
    for cadre in Cadre.objects.all():
        assert cadre.name not in body and cadre.id_number not in body
    index = client.get(reverse("notices:index")).content.decode()
    assert reverse("exchange:vacancies_notice") in index


def test_b1_the_candidate_information_table_downloads_per_unit_and_combined(as_user, signup_open):
    campaign, cadres, units = signup_open["campaign"], signup_open["cadres"], signup_open["units"]
    services.declaration_save(
        actor=None,
        campaign=campaign,
        unit=units["D01"],
        cadre_ids=[cadres["甲二"].pk],
        added={cadres["甲二"].pk: "轮岗"},
        vacancies=1,
    )
    services.signup_create(actor=None, campaign=campaign, cadre=cadres["乙一"])
    services.declaration_save(
        actor=None, campaign=campaign, unit=units["D02"], cadre_ids=[cadres["乙一"].pk], vacancies=1
    )
    response = as_user("operator").get(reverse("exchange:candidates_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][:4] == ("序号", "单位", "姓名", "性别")
    assert "在本单位工作年限" in rows[0] and "本人报名" in rows[0]
    assert [r[2] for r in rows[1:]] == ["甲二"] and rows[1][9] == "否"
    response = as_user("office").get(reverse("exchange:candidates_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [r[2] for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == ["甲二", "乙一"]


def test_b1_a_balanced_unit_needs_no_exception_and_the_office_page_offers_none(
    signup_open, as_user
):
    campaign, yi = signup_open["campaign"], signup_open["cadres"]["乙一"]
    services.signup_create(actor=None, campaign=campaign, cadre=yi)
    declaration = services.declaration_save(
        actor=None, campaign=campaign, unit=yi.unit, cadre_ids=[yi.pk], vacancies=1
    )
    events = Event.objects.count()
    with pytest.raises(RuleViolation, match="交流对象人数与缺员人数相等，无需例外处理"):
        services.balance_exception_allow(
            actor=signup_open["users"]["office"], declaration=declaration, reason="多进一人"
        )
    declaration.refresh_from_db()
    assert not declaration.exception_allowed and Event.objects.count() == events
    page = as_user("office").get(reverse("exchange:office")).content.decode()
    assert reverse("exchange:exception_allow", args=[declaration.pk]) not in page
