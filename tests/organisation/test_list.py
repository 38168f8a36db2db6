"""C1's printable list (组织领导及工作专班名单): .xlsx through the house's safe cells, and PDF."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cadrex.organisation import services
from cadrex.organisation.models import Body, Position
from tests.conftest import requires_pdf


def _sheets(response) -> dict[str, list[tuple]]:
    wb = load_workbook(io.BytesIO(response.content))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


@pytest.fixture
def listed(org):
    campaign, d02 = org["campaign"], org["units"]["D02"]
    services.group_office_update(
        actor=None, campaign=campaign, seat="市委组织部", phone="0573-88000100"
    )
    services.group_member_add(
        actor=None,
        campaign=campaign,
        body=Body.OFFICE,
        position=Position.DIRECTOR,
        name="周敏",
        post="市委组织部副部长",
    )
    services.responsible_leader_set(
        actor=None, campaign=campaign, unit=org["units"]["D01"], name="孔立新", post="党组书记"
    )
    services.task_team_member_add(
        actor=None, campaign=campaign, unit=d02, name="=1+1", post="科员", duty="@SUM(A1)"
    )
    return org


def test_c1_the_office_downloads_the_whole_list(as_user, listed, clock):
    response = as_user("office").get(reverse("organisation:list_xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheets = _sheets(response)
    group = sheets["领导小组及办公室"]
    assert group[0][0] == "竞岗交流工作组织领导及工作专班名单"
    today = clock.today
    assert f"制表日期：{today.year}年{today.month}月{today.day}日" in group[1][0]
    assert (1, "王建国", "市委常委、组织部部长", "组长", None) in group
    assert "二、领导小组办公室（设在市委组织部）" in [row[0] for row in group]
    assert (1, "周敏", "市委组织部副部长", "主任", None) in group
    units = sheets["各单位第一责任人及工作专班"]
    rows = {row[1]: row for row in units[3:]}
    assert set(rows) == {"东湖街道", "市财政局", "市民政局"}  # every unit in scope, not V01
    assert rows["市财政局"][2:4] == ("孔立新", "党组书记")
    assert rows["市财政局"][5:8] == ("李明", "办公室主任", "统筹协调")
    assert rows["东湖街道"][2] == "（未确定）"


def test_c1_a_typed_formula_stays_text_in_the_list(as_user, listed):
    response = as_user("office").get(reverse("organisation:list_xlsx"))
    ws = load_workbook(io.BytesIO(response.content))["各单位第一责任人及工作专班"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value in ("=1+1", "@SUM(A1)")}
    assert set(cells) == {"=1+1", "@SUM(A1)"}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells.values())


def test_c1_a_unit_downloads_the_group_and_its_own_team_only(as_user, listed):
    sheets = _sheets(as_user("operator").get(reverse("organisation:list_xlsx")))
    units = [row[1] for row in sheets["各单位第一责任人及工作专班"][3:] if row[1]]
    assert units == ["市财政局"]
    assert any("王建国" in row for row in sheets["领导小组及办公室"])


@requires_pdf
@pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed"
)
def test_c1_the_list_prints_as_pdf_in_chinese(as_user, listed, tmp_path):
    response = as_user("office").get(reverse("organisation:list_pdf"))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "list.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.replace(" ", "")
    for needle in (
        "组织领导及工作专班名单",
        "王建国",
        "领导小组办公室（设在市委组织部）",
        "孔立新",
        "李明",
    ):
        assert needle in text, needle
