"""In a real browser: declare → publish → apply → consent → review → shortlist (A1–A7)."""

from __future__ import annotations

import pytest

from cadrex.accounts.models import Role, User
from cadrex.competition.models import Application, ApplicationStatus
from cadrex.competition.registration import services
from cadrex.rules.schedule import Step
from tests.browser.conftest import login
from tests.competition.conftest import good_appraisals, open_only, opening_data
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _logout(page, live_server):
    page.context.clear_cookies()


def test_the_happy_path_of_part_a_registration(page, live_server, world, campaign):
    units = world["units"]
    leader_d02 = User(username="leader_d02", role=Role.UNIT_LEADER, unit=units["D02"])
    leader_d02.set_password(PASSWORD)
    leader_d02.save()
    yi = world["cadres"]["乙一"]
    yi.appraisals = good_appraisals()
    yi.save()

    # A1: D01's operator declares an opening, its leader submits.
    open_only(campaign, Step.DECLARE_OPENINGS)
    login(page, live_server, "operator", PASSWORD)
    page.goto(f"{live_server.url}/competition/declaration/")
    page.fill("#id_post_name", "财务科副科长")
    page.fill("#id_section", "财务科")
    page.select_option("#id_level", "deputy")
    page.fill("#id_conditions", "会计相关专业")
    page.click("button:has-text('添加')")
    assert "已添加竞岗职位" in page.content()
    _logout(page, live_server)
    login(page, live_server, "leader", PASSWORD)
    page.goto(f"{live_server.url}/competition/declaration/")
    page.click("button:has-text('报送竞岗交流工作办公室')")
    assert "已报送竞岗交流工作办公室" in page.content()
    # The town must offer too before the office can publish (A2).
    services.opening_add(actor=None, campaign=campaign, unit=units["T01"], data=opening_data())
    services.declaration_submit(actor=None, campaign=campaign, unit=units["T01"])

    # A2: the office publishes everything at once.
    open_only(campaign, Step.PUBLISH_OPENINGS)
    _logout(page, live_server)
    login(page, live_server, "office", PASSWORD)
    page.goto(f"{live_server.url}/competition/office/declarations/")
    page.click("button:has-text('统一公布全部已报送职位')")
    assert "已统一公布 2 个竞岗职位" in page.content()

    # A3: 乙一 (D02) applies to D01's opening; D02's leader consents.
    open_only(campaign, Step.REGISTRATION)
    _logout(page, live_server)
    login(page, live_server, "cadre", PASSWORD)
    page.goto(f"{live_server.url}/competition/openings/")
    page.click("tr:has-text('财务科副科长') >> text=报名")
    page.check("#id_recusal")
    page.click("button:has-text('提交报名')")
    assert "报名已提交" in page.content()
    _logout(page, live_server)
    login(page, live_server, "leader_d02", PASSWORD)
    page.goto(f"{live_server.url}/competition/consents/")
    page.click("tr:has-text('乙一') >> button:has-text('提交')")
    assert "已对乙一的报名表态" in page.content()
    application = Application.objects.get(cadre=world["cadres"]["乙一"])
    assert application.status == ApplicationStatus.SUBMITTED

    # A6: the office reviews and closes the review; one applicant is too few: cancelled.
    open_only(campaign, Step.QUALIFICATION_REVIEW)
    _logout(page, live_server)
    login(page, live_server, "office", PASSWORD)
    page.goto(f"{live_server.url}/competition/office/review/")
    page.click("tr:has-text('乙一') >> button:has-text('确定')")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('结束资格审查')")
    assert "2 个职位因符合条件人数不足不进行竞岗" in page.content()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.OPENING_CANCELLED

    # The applicant is told, on their own page.
    _logout(page, live_server)
    login(page, live_server, "cadre", PASSWORD)
    page.goto(f"{live_server.url}/competition/my/")
    assert "不进行竞岗" in page.inner_text("[data-testid=current]")


def test_a_second_application_is_refused_with_a_clear_message(page, live_server, part_a):
    login(page, live_server, "cadre", PASSWORD)
    page.goto(f"{live_server.url}/competition/openings/{part_a['d01'].pk}/apply/")
    page.check("#id_recusal")
    page.click("button:has-text('提交报名')")
    # Straight to the other opening's form by URL, as a determined user would.
    page.goto(f"{live_server.url}/competition/openings/{part_a['t01'].pk}/apply/")
    assert "提交本表将改报为此职位" in page.content().replace("<strong>", "").replace(
        "</strong>", ""
    )
    page.evaluate("document.querySelector('input[name=switch]').remove()")
    page.check("#id_recusal")
    page.click("main button:has-text('确认改报')")
    assert "每人限报1个职位" in page.content()
    assert Application.objects.filter(active=True).count() == 1
