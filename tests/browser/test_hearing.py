"""In a real browser: jurors score on phones; the chair's page follows without reloading."""

from __future__ import annotations

import pytest

from cadrex.competition.hearing import scoring
from cadrex.competition.hearing import selectors as hearing_selectors
from cadrex.competition.models import Score
from tests.browser.conftest import login
from tests.competition.conftest import LEADER_SCORES, STAFF_SCORES
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def test_jurors_score_on_phones_and_the_chair_sees_it_live(browser, page, live_server, ready):
    hearing, first = ready["hearing"], ready["contestants"][0]
    login(page, live_server, "leader", PASSWORD)  # D01's leader chairs
    page.goto(f"{live_server.url}/competition/hearings/{hearing.pk}/chair/")
    phones = []
    for juror in ready["leaders"][:3]:
        context, phone = _phone(browser)
        phone.goto(f"{live_server.url}/j/{juror.token}/")
        assert "请等待" in phone.inner_text("[data-testid=juror-wait]")
        phones.append((context, phone, juror))

    page.click("[data-testid=contestant-1] button:has-text('开始评分')")
    for _, phone, _ in phones:  # the phones pick up the open contestant by themselves
        phone.wait_for_selector("#value", timeout=10000)
    _, bad, _ = phones[0]
    asked: list[str] = []

    def ask(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    bad.on("dialog", ask)
    for typed, problem in (("abc", "请填写数字分数"), ("101", "分数须在 0～100 分之间")):
        bad.fill("#value", typed)  # pointed out at the box, never asked "确认提交 abc 分？"
        bad.click("button:has-text('提交评分')")
        assert problem in bad.eval_on_selector("#value", "e => e.validationMessage")
    bad.remove_listener("dialog", ask)
    assert asked == [] and not Score.objects.exists()
    for (_, phone, _juror), value in zip(phones, LEADER_SCORES, strict=False):
        phone.fill("#value", value)
        phone.once("dialog", lambda d: d.accept())
        phone.click("button:has-text('提交评分')")
        assert "已提交" in phone.inner_text("[data-testid=juror-done]")
    # The chair's page shows the three ticks without a reload, and no score yet.
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=contestant-1] .tag.open').length >= 4"
    )
    assert "80" not in page.inner_text("[data-testid=contestant-1] p")

    # A link opened on a second phone is refused.
    context, other = _phone(browser)
    other.goto(f"{live_server.url}/j/{ready['leaders'][0].token}/")
    assert "另一台设备" in other.inner_text("[data-testid=juror-refused]")
    context.close()

    for juror, value in zip(
        hearing_selectors.panel_for(first).leaders[3:], LEADER_SCORES[3:], strict=True
    ):
        scoring.score_submit(juror=juror, contestant_id=first.pk, value=value)
    for juror, value in zip(ready["staff"], STAFF_SCORES, strict=True):
        scoring.score_submit(juror=juror, contestant_id=first.pk, value=value)
    # The live page catches up with the last scores before the chair closes.
    page.wait_for_function(
        "document.querySelector('[data-testid=contestant-1] [data-testid=staff-done]').textContent === '5'"
    )
    page.click("[data-testid=contestant-1] button:has-text('结束评分')")
    assert page.inner_text("[data-testid=contestant-1] [data-testid=total]") == "84.34"
    assert Score.objects.filter(contestant=first).count() == 12
    for context, _, _ in phones:
        context.close()


def test_a_juror_who_cancels_the_confirmation_submits_nothing(browser, live_server, ready):
    first = ready["contestants"][0]
    hsvc_open(first)
    juror = ready["leaders"][0]
    context, phone = _phone(browser)
    phone.goto(f"{live_server.url}/j/{juror.token}/")
    phone.wait_for_selector("#value")
    phone.fill("#value", "78")
    phone.once("dialog", lambda d: d.dismiss())  # 取消
    phone.click("button:has-text('提交评分')")
    phone.wait_for_timeout(800)
    assert not Score.objects.filter(juror=juror).exists()
    assert phone.locator("#value").count() == 1  # the form is still there
    phone.fill("#value", "87")
    phone.once("dialog", lambda d: d.accept())
    phone.click("button:has-text('提交评分')")
    assert "87.00" in phone.inner_text("[data-testid=juror-done]")
    assert Score.objects.get(juror=juror).value == 87
    context.close()


def hsvc_open(contestant):
    scoring.scoring_open(actor=None, contestant=contestant)


def test_a_refused_paper_sheet_stays_as_typed_while_the_chair_page_polls(page, live_server, ready):
    first = ready["contestants"][0]
    hsvc_open(first)
    for juror, value in zip(hearing_selectors.panel_for(first).leaders, LEADER_SCORES, strict=True):
        scoring.score_submit(juror=juror, contestant_id=first.pk, value=value)
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    login(page, live_server, "office", PASSWORD)
    page.goto(f"{live_server.url}/competition/hearings/{ready['hearing'].pk}/chair/")
    page.click("text=纸质评分表录入")
    page.select_option("[aria-label=纸质评分表的评委]", label=str(ready["staff"][0]))
    page.fill("[aria-label=纸质评分表的分数]", "101")
    page.click("button:has-text('录入')")
    assert "超出0～100分的范围" in page.inner_text(".messages")
    page.wait_for_timeout(2500)  # a polling round: the refused form keeps the focus
    assert page.input_value("[aria-label=纸质评分表的分数]") == "101"
    assert not Score.objects.filter(juror=ready["staff"][0]).exists()
    # Staff jurors have not all scored: closing asks first (the handler runs under the CSP).
    dialogs: list[str] = []
    page.once("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.click("[data-testid=contestant-1] button:has-text('结束评分')")
    assert dialogs and "群众评委 5 人中只有 0 人已评分" in dialogs[0]
    first.refresh_from_db()
    assert first.scoring == "open" and violations == []
