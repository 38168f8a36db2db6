"""In a real browser with Playwright's offline mode: a juror's phone loses the network, the
juror scores, the phone says 已保存，待发送, the network comes back, the phone says 已提交, and
the database holds exactly one score (issue 15, item 6; ADR 0003)."""

from __future__ import annotations

import pytest

from cadrex.competition.hearing import scoring
from cadrex.competition.hearing import selectors as hearing_selectors
from cadrex.competition.hearing.verify import verify_hearing
from cadrex.competition.models import ChainEntry, Score
from tests.competition.conftest import LEADER_SCORES, STAFF_SCORES

pytestmark = pytest.mark.browser

OUTBOX = "[data-testid=juror-outbox]"


def _phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return context, page, problems


def _score(phone, value: str) -> None:
    phone.wait_for_selector("#value")
    phone.fill("#value", value)
    phone.once("dialog", lambda d: d.accept())
    phone.click("button:has-text('提交评分')")


def _no_serious_violation(phone) -> None:
    from axe_playwright_python.sync_playwright import Axe

    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    results = Axe().run(phone, options={"runOnly": {"type": "tag", "values": tags}})
    bad = [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert bad == []


def _queued(phone) -> int:
    return phone.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('cadrex-juror-outbox:')"
        " && localStorage.getItem(k) !== '[]').length"
    )


def test_a8_a_score_given_offline_waits_on_the_phone_and_lands_once(browser, live_server, ready):
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    juror = ready["leaders"][0]
    context, phone, problems = _phone(browser)
    phone.goto(f"{live_server.url}/j/{juror.token}/")
    phone.wait_for_selector("#value")
    context.set_offline(True)  # the hall's Wi-Fi drops
    _score(phone, "88.5")
    phone.wait_for_selector("[data-testid=juror-pending]")
    assert "已保存，待发送" in phone.inner_text(OUTBOX)
    assert "第1位" in phone.inner_text(OUTBOX) and "88.5 分" in phone.inner_text(OUTBOX)
    assert phone.get_attribute(OUTBOX, "role") == "status"
    assert phone.get_attribute(OUTBOX, "aria-live") == "polite"
    phone.wait_for_timeout(6000)  # a retry round and a polling round, still offline
    assert "已保存，待发送" in phone.inner_text(OUTBOX) and _queued(phone) == 1
    assert phone.locator("#value").count() == 0  # not offered again while it waits
    _no_serious_violation(phone)  # the waiting page, as a screen reader meets it
    assert not Score.objects.filter(juror=juror).exists()

    context.set_offline(False)  # back: the phone sends it by itself
    phone.wait_for_selector("[data-testid=juror-done]")
    phone.wait_for_function(
        "document.querySelector('[data-testid=juror-outbox]').textContent.includes('已提交')"
    )
    assert "待发送" not in phone.inner_text(OUTBOX) and _queued(phone) == 0
    score = Score.objects.get(juror=juror)
    assert score.value == 88.5 and score.submission_key is not None
    assert ChainEntry.objects.filter(juror=juror).count() == 1
    phone.wait_for_timeout(5500)  # the timer runs again: nothing more is sent
    assert Score.objects.filter(juror=juror).count() == 1
    assert problems == []
    context.close()


def test_a8_a_lost_answer_and_a_reload_while_waiting_still_land_one_score(
    browser, live_server, ready
):
    """The score reaches the server but its answer is lost on the way back; the juror
    reloads while the phone still shows 已保存，待发送: the page sends the kept submission with
    its key again, the server answers that it had landed, and there is one score."""
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    juror = ready["leaders"][1]
    context, phone, problems = _phone(browser)
    url = f"{live_server.url}/j/{juror.token}/"
    phone.goto(url)
    posts: list[str] = []
    landed: list[bool] = []

    def lose_answer(route):
        if route.request.method != "POST":
            route.continue_()
            return
        posts.append(route.request.post_data or "")
        if len(posts) == 1:
            route.fetch()  # the server gets it and answers …
            landed.append(True)
            route.abort("internetdisconnected")  # … but the phone hears nothing
        else:
            route.abort("internetdisconnected")  # and the network stays down a while

    phone.route("**/j/**", lose_answer)
    _score(phone, "79")
    phone.wait_for_selector("[data-testid=juror-pending]")
    # The phone shows 待发送 as soon as it has kept the score, maybe before the route above
    # has passed it on: wait (Playwright runs the handler while the test waits) until it has.
    for _ in range(200):
        if landed:
            break
        phone.wait_for_timeout(50)
    assert Score.objects.filter(juror=juror).count() == 1  # it did land
    assert "已保存，待发送" in phone.inner_text(OUTBOX)

    phone.reload()  # still waiting after the reload: kept in localStorage
    phone.wait_for_function(
        "document.querySelector('[data-testid=juror-outbox]').textContent.includes('待发送')"
    )
    assert "已保存，待发送" in phone.inner_text(OUTBOX) and _queued(phone) == 1
    phone.unroute("**/j/**")  # the network is back
    phone.wait_for_function(
        "document.querySelector('[data-testid=juror-outbox]').textContent.includes('已提交')"
    )
    assert "此前已送达" in phone.inner_text("[data-testid=juror-done]")
    keys = {p.split("key=")[1].split("&")[0] for p in posts if "key=" in p}
    assert len(posts) >= 2 and len(keys) == 1  # every attempt carried the same key
    assert Score.objects.filter(juror=juror).count() == 1
    assert ChainEntry.objects.filter(juror=juror).count() == 1
    assert _queued(phone) == 0 and problems == []
    context.close()


def test_a8_a_score_kept_past_the_close_is_refused_and_dropped(browser, live_server, ready):
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    juror = ready["staff"][0]
    context, phone, problems = _phone(browser)
    phone.goto(f"{live_server.url}/j/{juror.token}/")
    phone.wait_for_selector("#value")
    context.set_offline(True)
    _score(phone, "75")
    phone.wait_for_selector("[data-testid=juror-pending]")
    # Meanwhile the others score and the chair closes.
    for other, value in zip(hearing_selectors.panel_for(first).leaders, LEADER_SCORES, strict=True):
        scoring.score_submit(juror=other, contestant_id=first.pk, value=value)
    for other, value in zip(ready["staff"][1:], STAFF_SCORES, strict=False):
        scoring.score_submit(juror=other, contestant_id=first.pk, value=value)
    scoring.scoring_close(actor=None, contestant=first)

    context.set_offline(False)
    phone.wait_for_function(
        "document.querySelector('[data-testid=juror-outbox]').textContent"
        ".includes('评分已结束，未能提交')"
    )
    assert "待发送" not in phone.inner_text(OUTBOX) and _queued(phone) == 0
    assert not Score.objects.filter(juror=juror).exists()
    assert verify_hearing(ready["hearing"]) == []
    assert problems == []
    context.close()


def test_a8_a_refused_value_comes_back_beside_its_box_and_leaves_the_outbox(
    browser, live_server, ready
):
    """The phone's own check is a help; should a value pass it and the server refuse it
    (here the page's check is skipped), the refusal is shown and the item dropped."""
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    juror = ready["leaders"][2]
    context, phone, problems = _phone(browser)
    phone.goto(f"{live_server.url}/j/{juror.token}/")
    phone.wait_for_selector("#value")
    phone.eval_on_selector(".score-form", "f => { f.dataset.max = '1000'; }")
    _score(phone, "101")
    phone.wait_for_selector("[data-testid=juror-error]")
    assert "101" in phone.inner_text("[data-testid=juror-error]")
    assert "未能提交" in phone.inner_text(OUTBOX) and _queued(phone) == 0
    assert phone.locator("#value").count() == 1  # the sheet again, to score anew
    _score(phone, "90")
    phone.wait_for_selector("[data-testid=juror-done]")
    assert Score.objects.get(juror=juror).value == 90
    assert problems == []
    context.close()


def test_a8_an_item_sheet_given_offline_lands_once_with_its_items(browser, live_server, ready):
    """The item sheet goes the same way: asked (with its total), kept, sent, one score."""
    campaign = ready["campaign"]
    campaign.policy_overrides = {
        **campaign.policy_overrides,
        "score_items": "工作思路=30；演讲表达=20；回答追问=30；综合素质=20",
    }
    campaign.save(update_fields=["policy_overrides"])
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    juror = ready["leaders"][3]
    context, phone, problems = _phone(browser)
    phone.goto(f"{live_server.url}/j/{juror.token}/")
    phone.wait_for_selector("[data-testid=item-sheet]")
    context.set_offline(True)
    for n, value in enumerate(("28.5", "19.75", "30", "15"), start=1):
        phone.fill(f"#item_{n}", value)
    asked: list[str] = []
    phone.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    phone.click("button:has-text('提交评分')")
    phone.wait_for_selector("[data-testid=juror-pending]")
    assert "合计 93.25 分" in asked[0]
    assert "已保存，待发送" in phone.inner_text(OUTBOX) and "93.25 分" in phone.inner_text(OUTBOX)
    context.set_offline(False)
    phone.wait_for_selector("[data-testid=juror-done]")
    score = Score.objects.get(juror=juror)
    assert score.value == 93.25 and score.items == ["28.5", "19.75", "30", "15"]
    assert _queued(phone) == 0 and problems == []
    context.close()


def test_a8_without_javascript_the_form_posts_as_it_always_did(browser, live_server, ready):
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    juror = ready["leaders"][4]
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    phone = context.new_page()
    phone.goto(f"{live_server.url}/j/{juror.token}/")
    phone.fill("#value", "83")
    phone.click("button:has-text('提交评分')")
    assert "已提交" in phone.inner_text("[data-testid=juror-done]")
    score = Score.objects.get(juror=juror)
    assert score.value == 83 and score.submission_key is None
    context.close()
