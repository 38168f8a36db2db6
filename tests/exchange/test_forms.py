"""Part B's forms as people use them: every control has a label, a refused form comes back
with what was typed and each error beside its field, and the templates stay readable."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from cadrex.audit.models import Event
from cadrex.exchange import services
from cadrex.exchange.models import (
    ExchangeCandidate,
    ExchangeDeclaration,
    Placement,
    Preference,
    Proposal,
    Standby,
)
from cadrex.rules.schedule import Step
from tests.competition.conftest import open_only

TEMPLATES = Path(__file__).resolve().parents[2] / "cadrex" / "templates" / "exchange"


_NOT_FILLED = ("hidden", "submit", "button")


class _Controls(HTMLParser):
    """The form controls of a page a person fills in, and the ``for`` of its labels."""

    def __init__(self):
        super().__init__()
        self.controls: list[dict] = []
        self.label_for: set[str] = set()
        self.in_label = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self.in_label += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        elif tag in ("input", "select", "textarea") and attrs.get("type") not in _NOT_FILLED:
            self.controls.append({**attrs, "tag": tag, "wrapped": self.in_label > 0})

    def handle_endtag(self, tag):
        if tag == "label":
            self.in_label -= 1


def _unlabelled(html: str) -> list[str]:
    page = _Controls()
    page.feed(html)
    return [
        f"{c['tag']} name={c.get('name')}"
        for c in page.controls
        if not (c.get("aria-label") or c["wrapped"] or c.get("id") in page.label_for)
    ]


def _controls(html: str) -> int:
    page = _Controls()
    page.feed(html)
    return len(page.controls)


def _field_error(html: str, message: str) -> bool:
    """``message`` stands in an error list beside a field, not only in the flash above."""
    return re.search(r'<ul class="errorlist[^"]*"[^>]*>\s*<li>[^<]*' + re.escape(message), html)


# ------------------------------------------------------------------ labels


def _pages_with_forms(as_user, pages) -> None:
    for persona, name, args in pages:
        html = as_user(persona).get(reverse(name, args=args)).content.decode()
        assert _controls(html), f"{name} as {persona} shows no form"
        assert _unlabelled(html) == [], f"{name} as {persona}"


def test_every_control_of_the_b1_to_b4_pages_has_a_label(as_user, part_b):
    campaign = part_b["campaign"]
    open_only(campaign, Step.EXCHANGE_SIGNUP, Step.PREFERENCES)
    ExchangeDeclaration.objects.filter(unit=part_b["units"]["D01"]).update(status="returned")
    _pages_with_forms(as_user, [("cadre", "exchange:preferences", [])])
    services.preferences_save(
        actor=None, candidate=part_b["candidates"]["甲二"], unit_ids=[part_b["units"]["D02"].pk]
    )
    open_only(campaign, Step.PROPOSALS)
    _pages_with_forms(as_user, [("other_operator", "exchange:proposals", [])])


def test_every_control_of_the_declaration_pages_has_a_label(as_user, world, campaign):
    open_only(campaign, Step.EXCHANGE_SIGNUP)
    yi = world["cadres"]["乙一"]
    services.signup_create(actor=None, campaign=campaign, cadre=yi)
    services.declaration_save(
        actor=None, campaign=campaign, unit=yi.unit, cadre_ids=[yi.pk], vacancies=1
    )
    _pages_with_forms(as_user, [("other_operator", "exchange:unit", [])])
    services.declaration_submit(actor=None, campaign=campaign, unit=yi.unit)
    _pages_with_forms(as_user, [("office", "exchange:office", [])])


def test_every_control_of_the_b6_to_c3_pages_has_a_label(as_user, published, clock):
    services.directed_draft(actor=None, campaign=published["campaign"])
    _pages_with_forms(as_user, [("orgdept", "exchange:directed", [])])
    services.directed_confirm(actor=None, campaign=published["campaign"], meeting_date=clock.today)
    open_only(published["campaign"], Step.ACCEPTANCE)
    _pages_with_forms(as_user, [("cadre", "exchange:my", [])])
    er = Placement.objects.get(candidate=published["candidates"]["乙二"])
    services.placement_answer(actor=None, placement=er, accept=False)
    clock.move_to(clock.at(Standby.objects.get().end, 9))
    _pages_with_forms(as_user, [("orgdept", "exchange:standbys", [])])


# ------------------------------------------------------------------ pages that render again


def test_b1_a_refused_declaration_keeps_what_was_typed(as_user, world, campaign):
    open_only(campaign, Step.EXCHANGE_SIGNUP)
    cadres = world["cadres"]
    post = {
        "candidate": [cadres["乙一"].pk, cadres["乙二"].pk],
        f"reason_{cadres['乙二'].pk}": "岗位满五年",
        "vacancies": "两个",
    }
    response = as_user("other_operator").post(reverse("exchange:unit"), post)
    html = response.content.decode()
    assert response.status_code == 200
    assert "缺员人数必须是整数，收到“两个”。（规则 B2）" in html  # the flash, as before
    assert _field_error(html, "单位“市民政局”的缺员人数必须是整数")
    assert 'name="vacancies" value="两个"' in html and 'value="岗位满五年"' in html
    for cadre in (cadres["乙一"], cadres["乙二"]):
        assert re.search(rf'name="candidate" value="{cadre.pk}" checked', html)
    assert not ExchangeCandidate.objects.exists()


def test_b3_a_refused_preference_list_keeps_the_units_chosen(as_user, part_b):
    units = part_b["units"]
    post = {"pref_1": units["D01"].pk, "pref_2": units["T01"].pk, "pref_3": units["D01"].pk}
    response = as_user("cadre").post(reverse("exchange:preferences"), post)
    html = response.content.decode()
    assert "最多填报 2 个意向单位。" in html and "意向单位。（规则" not in html
    assert _field_error(html, "干部“乙一”填报了 3 个意向单位")
    assert f'<option value="{units["D01"].pk}" selected>' in html
    assert f'<option value="{units["T01"].pk}" selected>' in html
    assert not Preference.objects.exists()


def test_b3_a_preference_that_is_no_unit_is_refused_beside_its_slot(as_user, part_b):
    response = as_user("cadre").post(reverse("exchange:preferences"), {"pref_2": "abc"})
    html = response.content.decode()
    assert "第 2 意向单位无效，请从列表中选择。" in html and "请从列表中选择。（规则" not in html
    assert _field_error(html, "第 2 意向单位无效")
    assert not Preference.objects.exists()


def test_b4_a_refused_order_keeps_the_ranks_typed(as_user, part_b):
    candidates = part_b["candidates"]
    services.preferences_save(
        actor=None, candidate=candidates["甲二"], unit_ids=[part_b["units"]["D02"].pk]
    )
    services.preferences_save(
        actor=None, candidate=candidates["丙一"], unit_ids=[part_b["units"]["D02"].pk]
    )
    open_only(part_b["campaign"], Step.PROPOSALS)
    jia2, bing1 = candidates["甲二"], candidates["丙一"]
    post = {f"rank_{jia2.pk}": "1", f"rank_{bing1.pk}": "1"}
    html = as_user("other_operator").post(reverse("exchange:proposals"), post).content.decode()
    assert "建议顺序都是 1，建议人选须按严格顺序排列。（规则 B4）" in html
    assert _field_error(html, "甲二和丙一的建议顺序都是 1")
    assert (
        f'name="rank_{jia2.pk}" value="1"' in html and f'name="rank_{bing1.pk}" value="1"' in html
    )
    html = (
        as_user("other_operator")
        .post(reverse("exchange:proposals"), {f"rank_{jia2.pk}": "第一"})
        .content.decode()
    )
    assert "甲二的建议顺序“第一”无效，请填写正整数。（规则 B4）" in html
    assert f'name="rank_{jia2.pk}" value="第一"' in html
    assert not Proposal.objects.exists()


# ------------------------------------------------------------------ forms kept across a redirect


def test_b7_a_refused_answer_comes_back_with_the_note_typed(as_user, directed):
    client = as_user("cadre")
    events = Event.objects.count()
    response = client.post(reverse("exchange:answer"), {"accept": "maybe", "note": "需要商量"})
    assert response.status_code == 302  # post/redirect/get, as before
    html = client.get(response["Location"]).content.decode()
    assert _field_error(html, "请选择服从安排或不服从安排。")
    assert 'value="需要商量"' in html
    html = client.get(reverse("exchange:my")).content.decode()
    assert 'value="需要商量"' not in html  # kept for one page only
    assert Event.objects.count() == events


def test_b6_a_refused_meeting_keeps_its_date_and_opinion(as_user, published, clock):
    services.directed_draft(actor=None, campaign=published["campaign"])
    client = as_user("orgdept")
    tomorrow = clock.days(1).isoformat()
    post = {"meeting_date": tomorrow, "note": "研究同意"}
    html = client.post(reverse("exchange:directed_confirm"), post, follow=True).content.decode()
    assert "部务会议日期不能晚于今天。（规则 B6）" in html
    assert _field_error(html, "部务会议日期不能晚于今天。")
    assert f'value="{tomorrow}"' in html and "研究同意</textarea>" in html


def test_b6_a_refused_unit_comes_back_in_its_own_row(as_user, published):
    services.directed_draft(actor=None, campaign=published["campaign"])
    jia3 = Placement.objects.get(candidate=published["candidates"]["甲三"])
    home = published["units"]["D01"]  # 甲三's own unit: the rules refuse it
    client = as_user("orgdept")
    url = reverse("exchange:directed_set", args=[jia3.pk])
    html = client.post(url, {"unit": home.pk}, follow=True).content.decode()
    assert _field_error(html, "“甲三”未能定向安置：剩余缺员都在其本单位“市财政局”")
    assert html.count('<ul class="errorlist') == 1
    assert f'id="id_directed_{jia3.pk}_unit"' in html


def test_b7_a_refused_outcome_opens_its_form_with_what_was_typed(as_user, directed, clock):
    er = Placement.objects.get(candidate=directed["candidates"]["乙二"])
    services.placement_answer(actor=None, placement=er, accept=False)
    standby = Standby.objects.get()
    clock.move_to(clock.at(standby.end, 9))
    post = {"outcome": "incompetent", "year": "去年", "vetting_note": "经考察，表现差"}
    client = as_user("orgdept")
    url = reverse("exchange:standby_outcome", args=[standby.pk])
    html = client.post(url, post, follow=True).content.decode()
    assert "考核年度：请填写四位数的年度，如 2027。" in html  # the flash, as before
    assert _field_error(html, "请填写四位数的年度")
    assert (
        "<details open>" in html and 'value="去年"' in html and "经考察，表现差</textarea>" in html
    )
    post["year"] = "1999"
    html = client.post(url, post, follow=True).content.decode()
    assert _field_error(html, "不能是1999年度")
    standby.refresh_from_db()
    assert standby.outcome == "ongoing"


def test_b1_a_reason_too_long_comes_back_in_its_row(as_user, world, campaign):
    open_only(campaign, Step.EXCHANGE_SIGNUP)
    yi = world["cadres"]["乙一"]
    services.signup_create(actor=None, campaign=campaign, cadre=yi)
    services.declaration_save(
        actor=None, campaign=campaign, unit=yi.unit, cadre_ids=[yi.pk], vacancies=1
    )
    declaration = services.declaration_submit(actor=None, campaign=campaign, unit=yi.unit)
    client = as_user("office")
    url = reverse("exchange:declaration_return", args=[declaration.pk])
    html = client.post(url, {"reason": "长" * 501}, follow=True).content.decode()
    assert "理由：最多 500 个字。" in html
    assert _field_error(html, "最多 500 个字。")
    assert f'id="id_return_{declaration.pk}_reason"' in html and "长" * 501 in html
    declaration.refresh_from_db()
    assert declaration.status == "submitted"


def test_b2_a_refused_publication_shows_the_refusal_beside_the_tick(as_user, world, campaign):
    open_only(campaign, Step.EXCHANGE_SIGNUP)
    yi = world["cadres"]["乙一"]
    services.signup_create(actor=None, campaign=campaign, cadre=yi)
    services.declaration_save(
        actor=None, campaign=campaign, unit=yi.unit, cadre_ids=[yi.pk], vacancies=1
    )
    services.declaration_submit(actor=None, campaign=campaign, unit=yi.unit)
    open_only(campaign, Step.VACANCIES)
    html = (
        as_user("office")
        .post(reverse("exchange:vacancies_publish"), {}, follow=True)
        .content.decode()
    )
    assert _field_error(html, "以下 2 个单位没有报送交流对象和缺员人数")


# ------------------------------------------------------------------ the templates


@pytest.mark.parametrize("path", sorted(TEMPLATES.glob("*.html")), ids=lambda p: p.name)
def test_the_templates_have_one_element_a_line_and_no_inline_style(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [n for n, line in enumerate(lines, 1) if len(line) > 200] == []
    assert [n for n, line in enumerate(lines, 1) if "style=" in line] == []
