"""B4: each unit's proposal form (人选需求表)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cadrex.audit.models import Event
from cadrex.exchange import services
from cadrex.exchange.models import Preference, Proposal
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from tests.competition.conftest import open_only
from tests.exchange.conftest import file_preferences


@pytest.fixture
def proposing(part_b):
    file_preferences(part_b)
    open_only(part_b["campaign"], Step.PROPOSALS)
    return part_b


def _propose(part_b, code: str, names: list[str]):
    return services.proposals_save(
        actor=None,
        campaign=part_b["campaign"],
        unit=part_b["units"][code],
        candidate_ids=[part_b["candidates"][n].pk for n in names],
    )


def test_b4_a_unit_proposes_in_strict_order(proposing):
    _propose(proposing, "D02", ["丙二", "甲二", "甲三"])
    rows = Proposal.objects.order_by("rank").values_list("candidate__cadre__name", "rank")
    assert list(rows) == [("丙二", 1), ("甲二", 2), ("甲三", 3)]


def test_b4_proposing_someone_who_did_not_list_the_unit_is_refused(proposing):
    _propose(proposing, "D02", ["丙二"])
    events = Event.objects.count()
    with pytest.raises(RuleViolation) as caught:
        _propose(proposing, "D02", ["丙二", "乙一"])  # 乙一 listed D01 and T01 only
    assert caught.value.rule == "B4"
    assert "建议人选“乙一”未填报该单位为意向单位" in caught.value.message
    assert list(Proposal.objects.values_list("candidate__cadre__name", flat=True)) == ["丙二"]
    assert Event.objects.count() == events


def test_b4_a_list_longer_than_twice_the_vacancies_is_refused(proposing):
    # D02 has 2 vacancies: at most 4; a fifth person (乙一 listed T01) is refused first.
    candidates = proposing["candidates"]
    Preference.objects.create(
        candidate=candidates["乙一"], unit=proposing["units"]["D02"], rank=3
    )  # let five people have listed D02
    with pytest.raises(RuleViolation) as caught:
        _propose(proposing, "D02", ["丙二", "甲二", "甲三", "丙一", "乙一"])
    assert caught.value.rule == "B4"
    assert "最多提出 4 名建议人选，实际提出 5 名" in caught.value.message
    assert not Proposal.objects.exists()


def test_b4_the_unit_sees_who_listed_it_but_never_the_rank(client, proposing):
    client.force_login(
        proposing["users"]["operator"]
    )  # D01: listed by 乙一 (1st), 丙一 (1st), 丙二 (1st)
    page = client.get(reverse("exchange:proposals"))
    pool = [c.cadre.name for c, _rank in page.context["pool"]]
    assert sorted(pool) == ["丙一", "丙二", "乙一"]
    # Ordered by home unit and name, not by rank or filing time.
    assert pool == ["乙一", "丙一", "丙二"]
    body = page.content.decode()
    assert "第一意向" not in body and "第 1 意向" not in body and "意向顺序：" not in body
    assert page.context["limit"] == 4


def test_b4_the_page_refuses_a_person_who_did_not_list_the_unit(client, proposing):
    client.force_login(proposing["users"]["operator"])  # D01
    jia3 = proposing["candidates"]["甲三"]  # listed D02 only; not shown on D01's page
    response = client.post(reverse("exchange:proposals"), {f"rank_{jia3.pk}": "1"}, follow=True)
    assert "未填报该单位为意向单位" in response.content.decode()
    assert not Proposal.objects.exists()


def test_b4_tied_ranks_are_refused(client, proposing):
    client.force_login(proposing["users"]["operator"])
    c = proposing["candidates"]
    response = client.post(
        reverse("exchange:proposals"),
        {f"rank_{c['乙一'].pk}": "1", f"rank_{c['丙一'].pk}": "1"},
        follow=True,
    )
    assert "建议顺序都是 1，建议人选须按严格顺序排列" in response.content.decode()
    assert not Proposal.objects.exists()


def test_b4_outside_the_window_nothing_changes(proposing):
    open_only(proposing["campaign"], Step.MATCHING)
    with pytest.raises(RuleViolation, match="已于"):
        _propose(proposing, "D01", ["丙一"])
    assert not Proposal.objects.exists()


def test_b4_the_units_form_hides_ranks_the_offices_copy_shows_them(as_user, proposing):
    _propose(proposing, "D01", ["丙一", "乙一"])
    unit_copy = load_workbook(
        io.BytesIO(as_user("operator").get(reverse("exchange:proposals_xlsx")).content)
    ).active
    rows = list(unit_copy.iter_rows(min_row=2, values_only=True))
    assert rows[0] == ("单位", "缺员人数", "建议顺序", "姓名", "所在单位")
    assert rows[1:] == [
        ("市财政局", 2, 1, "丙一", "东湖街道"),
        ("市财政局", 2, 2, "乙一", "市民政局"),
    ]
    office_copy = load_workbook(
        io.BytesIO(as_user("office").get(reverse("exchange:proposals_xlsx")).content)
    ).active
    rows = [r for r in office_copy.iter_rows(min_row=3, values_only=True) if r[0] == "市财政局"]
    assert [r[-1] for r in rows] == [1, 1]  # both listed 市财政局 first
