"""In a real browser, the whole of part B on a small world: sign-up and declaration (B1),
publication (B2), preferences (B3), proposals (B4), matching (B5), directed placement (B6),
answer and reporting (B7, C3). Other units' forms are filed through the services."""

from __future__ import annotations

import pytest

from cadrex.accounts.models import Role, User
from cadrex.exchange import services
from cadrex.exchange.models import (
    Answer,
    ExchangeCandidate,
    MatchingRun,
    Placement,
    TwoWaySelection,
)
from cadrex.rules.schedule import Step
from tests.browser.conftest import login
from tests.competition.conftest import add_cadre, open_only
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _as(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username, PASSWORD)


def _declare(campaign, unit, cadres, vacancies: int) -> None:
    for cadre in cadres:
        services.signup_create(actor=None, campaign=campaign, cadre=cadre)
    services.declaration_save(
        actor=None,
        campaign=campaign,
        unit=unit,
        cadre_ids=[c.pk for c in cadres],
        vacancies=vacancies,
    )
    services.declaration_submit(actor=None, campaign=campaign, unit=unit)


def test_the_whole_of_part_b_in_a_browser(page, live_server, world, campaign):
    units, cadres = world["units"], dict(world["cadres"])
    cadres["甲三"] = add_cadre(units["D01"], 801, "甲三")
    cadres["丙二"] = add_cadre(units["T01"], 803, "丙二")
    leader = User(username="leader_d02", role=Role.UNIT_LEADER, unit=units["D02"])
    leader.set_password(PASSWORD)
    leader.save()
    url = live_server.url

    # B1: 乙一 signs up; D02's operator picks 乙一 and 乙二 (with a reason); its leader submits.
    open_only(campaign, Step.EXCHANGE_SIGNUP)
    _declare(campaign, units["D01"], [cadres["甲二"], cadres["甲三"]], 2)
    _declare(campaign, units["T01"], [cadres["丙一"], cadres["丙二"]], 2)
    _as(page, live_server, "cadre")
    page.goto(f"{url}/exchange/my/")
    page.click("button:has-text('我报名参加一般干部跨单位双向选择')")
    assert "您已报名参加一般干部跨单位双向选择" in page.content()
    _as(page, live_server, "other_operator")
    page.goto(f"{url}/exchange/unit/")
    page.check(f"input[name=candidate][value='{cadres['乙一'].pk}']")
    page.check(f"input[name=candidate][value='{cadres['乙二'].pk}']")
    page.fill(f"input[name=reason_{cadres['乙二'].pk}]", "在同一岗位已满五年")
    page.fill("#id_vacancies", "2")
    page.click("button:has-text('保存')")
    assert "已保存本单位交流对象和缺员人数" in page.content()
    assert page.inner_text("[data-testid=sent-out]") == "2"
    _as(page, live_server, "leader_d02")
    page.goto(f"{url}/exchange/unit/")
    page.click("button:has-text('报送竞岗交流工作办公室')")
    assert "已报送竞岗交流工作办公室" in page.content()

    # B2: the office publishes; the public notice shows the numbers.
    open_only(campaign, Step.VACANCIES)
    _as(page, live_server, "office")
    page.goto(f"{url}/exchange/office/")
    page.click("button:has-text('公布各单位缺员人数')")
    assert "已公布各单位缺员人数，共 6 个缺员" in page.content()
    page.context.clear_cookies()
    page.goto(f"{url}/exchange/notice/vacancies/")
    assert "缺员合计 6 个" in page.content() and "乙一" not in page.content()

    # B3: 乙一 lists 市财政局 then 东湖街道; the others file through the services.
    open_only(campaign, Step.PREFERENCES)
    people = {c.cadre.name: c for c in ExchangeCandidate.objects.select_related("cadre")}
    for name, codes in {"甲二": ["D02", "T01"], "甲三": ["D02"], "丙一": ["D01", "D02"]}.items():
        services.preferences_save(
            actor=None, candidate=people[name], unit_ids=[units[c].pk for c in codes]
        )
    _as(page, live_server, "cadre")
    page.goto(f"{url}/exchange/my/preferences/")
    page.select_option("#id_pref_1", label="市财政局")
    page.select_option("#id_pref_2", label="东湖街道")
    page.click("button:has-text('保存意向')")
    assert "意向已保存" in page.content()

    # B4: D01 proposes 丙一 then 乙一 on its page; it cannot see who ranked it first.
    open_only(campaign, Step.PROPOSALS)
    services.proposals_save(
        actor=None,
        campaign=campaign,
        unit=units["D02"],
        candidate_ids=[people["甲二"].pk, people["丙一"].pk, people["甲三"].pk],
    )
    services.proposals_save(
        actor=None, campaign=campaign, unit=units["T01"], candidate_ids=[people["乙一"].pk]
    )
    _as(page, live_server, "operator")
    page.goto(f"{url}/exchange/unit/proposals/")
    assert "第 1 意向" not in page.content()
    page.fill(f"input[name=rank_{people['丙一'].pk}]", "1")
    page.fill(f"input[name=rank_{people['乙一'].pk}]", "2")
    page.click("button:has-text('保存建议人选')")
    assert "已保存本单位建议人选 2 名" in page.content()

    # B5: the office runs, checks and publishes.
    open_only(campaign, Step.MATCHING)
    _as(page, live_server, "office")
    page.goto(f"{url}/exchange/office/matching/")
    page.click("button:has-text('运行匹配')")
    assert "无阻碍对" in page.inner_text("[data-testid=blocking]")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('公布本次匹配结果')")
    assert "双向选择匹配结果已公布" in page.content()
    assert MatchingRun.objects.get().published_at is not None

    # B6: the orgdept drafts, and its meeting confirms. Left to place: 乙二 (D02) and 丙二
    # (T01), who filed nothing; the only seat left is at T01, so 丙二 cannot be placed.
    open_only(campaign, Step.DIRECTED_PLACEMENT)
    _as(page, live_server, "orgdept")
    page.goto(f"{url}/exchange/directed/")
    page.click("button:has-text('生成定向交流建议方案')")
    assert "已生成 2 名人员的定向交流建议方案" in page.content()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('按上表确定定向交流')")
    assert "定向交流已经部务会议研究确定，安排 1 人" in page.content()
    assert "剩余缺员都在其本单位“东湖街道”" in page.content()
    assert TwoWaySelection.objects.get().directed_confirmed_at is not None

    # Flows at a glance.
    _as(page, live_server, "office")
    page.goto(f"{url}/exchange/office/flows/")
    assert page.locator("[data-testid=sankey] svg").count() == 1

    # B7 / C3: 乙一 accepts; D01's operator records the arrival.
    open_only(campaign, Step.ACCEPTANCE)
    _as(page, live_server, "cadre")
    page.goto(f"{url}/exchange/my/")
    assert "市财政局" in page.inner_text("[data-testid=b7-placement]")
    page.click("button:has-text('提交表态')")
    assert "到新单位报到" in page.inner_text("[data-testid=deadline]")
    placement = Placement.objects.get(candidate=people["乙一"])
    assert placement.answer == Answer.ACCEPTED
    _as(page, live_server, "operator")
    page.goto(f"{url}/exchange/unit/arrivals/")
    page.click(f"[data-testid=arrival-{placement.pk}] button[aria-label='乙一已到新单位报到']")
    assert "已登记乙一：已到新单位报到" in page.content()
