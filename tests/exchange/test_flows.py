"""Flows at a glance (counts by outcome, the Sankey), the results table and the to-dos."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from cadrex.exchange import services
from cadrex.exchange.models import Placement
from cadrex.exchange.results import outcome_counts
from cadrex.exchange.sankey import sankey_svg


def test_the_sankey_is_inline_svg_with_a_band_per_flow_and_escaped_labels():
    svg = str(sankey_svg([("甲<单位>", "乙", 3), ("甲<单位>", "待岗", 1), ("丙", "乙", 0)]))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<path") == 2  # the empty flow is not drawn
    assert "甲&lt;单位&gt; → 乙：3 人" in svg and "<单位>" not in svg
    assert str(sankey_svg([])) == ""


def test_b5_b7_counts_by_outcome(directed):
    er = Placement.objects.get(candidate=directed["candidates"]["乙二"])
    services.placement_answer(actor=None, placement=er, accept=False)
    counts = outcome_counts(directed["campaign"])
    assert counts["total"] == 6
    assert (counts["first"], counts["second"], counts["directed"]) == (3, 1, 2)
    assert counts["standby"] == 1 and counts["pending"] == 0


def test_the_office_sees_the_flows_and_one_units_in_and_out(as_user, directed):
    client = as_user("office")
    page = client.get(reverse("exchange:flows"))
    body = page.content.decode()
    assert body.count('<svg class="sankey"') == 2
    assert "市民政局 → 市财政局：1 人" in body  # 乙一
    page = client.get(reverse("exchange:flows"), {"unit": "T01"})
    assert page.context["focus"].code == "T01"
    assert "市民政局 → 市财政局" not in page.content.decode()


def test_the_results_table_lists_everybody_with_how_they_moved(as_user, directed):
    response = as_user("office").get(reverse("exchange:results_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {r[1]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["丙二"][3:5] == ("市民政局", "双向选择（第2意向）")
    assert rows["甲三"][3:5] == ("东湖街道", "定向交流")
    assert "未将其列为建议人选" in rows["甲三"][5] or "额满" in rows["甲三"][5]


def test_the_home_pages_list_part_b_to_dos(as_user, directed):
    body = as_user("cadre").get(reverse("home")).content.decode()
    assert "项交流安排待您表态" in body
    yi = Placement.objects.get(candidate=directed["candidates"]["乙一"])
    services.placement_answer(actor=None, placement=yi, accept=True)
    body = as_user("operator").get(reverse("home")).content.decode()
    assert "名交流到本单位的人员待办理报到和关系转接" in body
