"""In a real browser, part B on the demo city: B1–B4 filed by the demo's fast-forward as its
users would, then the office matches and publishes (B5), the orgdept's meeting places the
rest (B6), and the demo cadre answers (B7)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from cadrex.campaigns.selectors import current_campaign
from cadrex.campaigns.services import campaign_schedule_shift
from cadrex.demo.city import DEMO_PASSWORD
from cadrex.demo.part_b import advance_part_b
from cadrex.exchange.models import ExchangeCandidate, MatchingRun, Placement
from cadrex.rules.schedule import Step
from tests.browser.conftest import login
from tests.clock import current as current_clock

pytestmark = pytest.mark.browser


def _start_now(campaign, step):
    campaign_schedule_shift(actor=None, campaign=campaign, step=step, start=current_clock().now)


def _as(page, live_server, username):
    page.context.clear_cookies()
    login(page, live_server, username, DEMO_PASSWORD)


def test_part_b_runs_end_to_end_on_the_demo_city(page, live_server):
    call_command("seed_demo")
    campaign = current_campaign()
    advance_part_b(
        campaign=campaign, target=Step.MATCHING, start_now=lambda s: _start_now(campaign, s)
    )
    _start_now(campaign, Step.MATCHING)
    assert ExchangeCandidate.objects.count() > 150

    _as(page, live_server, "office")
    page.goto(f"{live_server.url}/exchange/office/matching/")
    page.click("button:has-text('运行匹配')")
    assert "无阻碍对" in page.inner_text("[data-testid=blocking]")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('公布本次匹配结果')")
    assert "双向选择匹配结果已公布" in page.content()
    run = MatchingRun.objects.get(published_at__isnull=False)
    matched = Placement.objects.filter(kind="matched").count()
    assert matched == len(json.loads(run.result)["assignment"]) > 100

    _start_now(campaign, Step.DIRECTED_PLACEMENT)
    _as(page, live_server, "orgdept")
    page.goto(f"{live_server.url}/exchange/directed/")
    page.click("button:has-text('生成定向交流建议方案')")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('按上表确定定向交流')")
    assert "定向交流已经部务会议研究确定" in page.content()

    _start_now(campaign, Step.ACCEPTANCE)
    _as(page, live_server, "cadre")
    page.goto(f"{live_server.url}/exchange/my/")
    page.click("button:has-text('提交表态')")
    assert "到新单位报到" in page.inner_text("[data-testid=deadline]")

    _as(page, live_server, "office")
    page.goto(f"{live_server.url}/exchange/office/flows/")
    assert page.locator("[data-testid=sankey] svg").count() == 1
