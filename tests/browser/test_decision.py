"""In a real browser: from ranked contestants to a published appointment (A9–A11)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cadrex.competition.models import Appointment, AppointmentStatus
from cadrex.rules.schedule import Step
from tests.browser.conftest import login
from tests.competition.conftest import open_only
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_an_opening_goes_from_ranking_to_a_published_appointment(page, live_server, scored, clock):
    opening = scored["d01"]
    url = f"{live_server.url}/competition/openings/{opening.pk}/decision/"
    login(page, live_server, "operator", PASSWORD)
    page.goto(url)
    page.click("button:has-text('确定考察对象')")  # the top two by score
    assert "已确定考察对象" in page.content()
    for _ in range(2):
        form = page.locator("form:has(textarea[name=findings])").first
        form.locator("input[value=talks]").check()
        form.locator("textarea[name=findings]").fill("政治素质好，业务能力强")
        form.locator("button:has-text('保存考察意见')").click()
        assert "已记录考察情况" in page.content()

    open_only(scored["campaign"], Step.BALLOT)
    page.goto(url)
    # A refused meeting keeps what the committee typed, the error beside the field.
    page.fill("input[name=expected]", "九")
    page.fill("input[name=present]", "6")
    page.fill("input[name=supervisor]", "监票人甲")
    page.click("button:has-text('票决')")
    assert "应到会人数须填写0或正整数" in page.inner_text("form:has(input[name=expected])")
    assert page.input_value("input[name=expected]") == "九"
    assert page.input_value("input[name=present]") == "6"
    assert page.input_value("input[name=supervisor]") == "监票人甲"
    page.fill("input[name=expected]", "9")
    page.fill("input[name=supervisor]", "")
    page.fill("input[name=present]", "5")
    page.click("button:has-text('票决')")
    # A10: recorded as round 1, deciding nothing; the next meeting is round 2.
    assert "不足应到会人数的三分之二" in page.inner_text("[data-testid=ballot-1]")
    page.fill("input[name=expected]", "9")
    page.fill("input[name=present]", "6")
    page.click("button:has-text('票决')")
    top = str(scored["top"].pk)
    for i in range(5):
        page.select_option(f"select[name=p{i}_{top}]", "for")
    page.click("button:has-text('录入选票并计票')")
    assert "票决产生任职人选" in page.inner_text("[data-testid=ballot-2]")

    open_only(scored["campaign"], Step.APPOINTMENT)
    page.goto(url)
    page.fill("textarea[name=reason]", "竞岗得分第一，考察、票决通过")
    page.click("button:has-text('生成任免审批材料')")
    page.context.clear_cookies()
    login(page, live_server, "leader", PASSWORD)
    page.goto(url)
    page.click("button:has-text('报市委组织部审核')")
    page.context.clear_cookies()
    login(page, live_server, "orgdept", PASSWORD)
    page.goto(f"{live_server.url}/competition/appointments/")
    page.click("button:has-text('确定')")
    page.context.clear_cookies()
    login(page, live_server, "operator", PASSWORD)
    page.goto(url)
    page.fill("input[name=start]", clock.today.isoformat())  # the notice runs from today
    page.click("button:has-text('发布任前公示')")
    publicity_end = Appointment.objects.get(opening=opening).publicity_end
    assert publicity_end >= clock.today + timedelta(days=4)  # five working days at least
    clock.move_to(publicity_end + timedelta(days=1))  # the server reads the same clock
    page.goto(url)
    page.click("button:has-text('发文任职')")
    assert page.inner_text("[data-testid=appointment-status]") == "已发文任职"
    appointment = Appointment.objects.get(opening=opening)
    assert appointment.status == AppointmentStatus.PUBLISHED
    assert appointment.application.cadre.middle_level_post.unit == opening.unit
