"""Part B's tables as PDFs beside their .xlsx (FORMS.md): same people let in, same rows,
same Beijing dates as the .xlsx twin."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cadrex.documents.values import cn_date
from tests.conftest import requires_pdf
from tests.exchange.conftest import file_preferences

pytestmark = [
    requires_pdf,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) 未安装"),
]


def pdf_text(response, tmp_path) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "table.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return "".join(text.split())


def xlsx_text(response) -> str:
    wb = load_workbook(io.BytesIO(response.content))
    return "".join(
        str(value) for row in wb.active.iter_rows(values_only=True) for value in row if value
    )


def test_b1_candidates_pdf_a_unit_sees_only_its_own_people(client, part_b, tmp_path):
    client.force_login(part_b["users"]["operator"])  # D01
    text = pdf_text(client.get(reverse("exchange:candidates_pdf")), tmp_path)
    assert "市财政局一般干部跨单位双向选择人员基本情况表" in text
    assert "甲二" in text and "甲三" in text
    assert "乙一" not in text and "丙一" not in text
    client.force_login(part_b["users"]["office"])
    text = pdf_text(client.get(reverse("exchange:candidates_pdf")), tmp_path)
    assert all(name in text for name in ("甲二", "甲三", "乙一", "乙二", "丙一", "丙二"))


def test_b3_preferences_are_dated_by_the_beijing_day_in_both_files(client, part_b, clock, tmp_path):
    # 00:30 in Beijing is still the day before in UTC: the files must say the Beijing day.
    clock.move_to(clock.at(clock.today, 0, 30))
    file_preferences(part_b)
    beijing, utc_day = cn_date(clock.today), cn_date(clock.today - timedelta(days=1))
    client.force_login(part_b["users"]["office"])
    pdf = pdf_text(client.get(reverse("exchange:preferences_pdf")), tmp_path)
    xlsx = xlsx_text(client.get(reverse("exchange:preferences_xlsx")))
    for text in (pdf, xlsx):
        assert beijing in text and utc_day not in text
        assert "未填报" in text  # 乙二 listed nothing
    assert "市民政局" in pdf and "东湖街道" in pdf  # 甲二's choices


def test_b3_a_cadre_gets_only_their_own_preference_line(client, part_b, tmp_path):
    file_preferences(part_b)
    client.force_login(part_b["users"]["cadre"])  # 乙一
    text = pdf_text(client.get(reverse("exchange:preferences_pdf")), tmp_path)
    assert "乙一" in text and "甲二" not in text and "丙一" not in text


def test_b4_a_units_proposal_pdf_never_shows_preference_ranks(client, through_proposals, tmp_path):
    client.force_login(through_proposals["users"]["operator"])  # D01: 丙一, 乙一
    text = pdf_text(client.get(reverse("exchange:proposals_pdf")), tmp_path)
    assert "丙一" in text and "乙一" in text
    assert "甲三" not in text  # proposed by D02 only
    assert "意向顺序" not in text
    client.force_login(through_proposals["users"]["office"])
    text = pdf_text(client.get(reverse("exchange:proposals_pdf")), tmp_path)
    assert "意向顺序（内部）" in text and "甲三" in text


def test_b5_results_pdf_after_publishing_for_the_office_only(client, published, tmp_path):
    client.force_login(published["users"]["orgdept"])
    text = pdf_text(client.get(reverse("exchange:results_pdf")), tmp_path)
    assert "匹配结果及定向交流情况" in text
    assert "双向选择（第2意向）" in text  # 丙二
    assert "甲三" in text and "乙二" in text  # the unplaced are listed with their reason
    client.force_login(published["users"]["operator"])
    assert client.get(reverse("exchange:results_pdf")).status_code == 403


def test_b5_results_pdf_before_publishing_goes_back_with_a_message(client, through_proposals):
    client.force_login(through_proposals["users"]["office"])
    response = client.get(reverse("exchange:results_pdf"), follow=True)
    assert "双向选择匹配结果尚未公布" in response.content.decode()


def test_the_exchange_pages_link_each_pdf_beside_its_xlsx(client, published):
    client.force_login(published["users"]["office"])
    office = client.get(reverse("exchange:office")).content.decode()
    for name in ("candidates_pdf", "preferences_pdf", "proposals_pdf"):
        assert reverse(f"exchange:{name}") in office
    matching = client.get(reverse("exchange:matching")).content.decode()
    assert reverse("exchange:results_pdf") in matching
    client.force_login(published["users"]["operator"])
    assert (
        reverse("exchange:candidates_pdf") in client.get(reverse("exchange:unit")).content.decode()
    )


def test_b5_a_pdf_gives_each_column_its_share_so_a_name_stays_on_one_line(tmp_path):
    from cadrex.documents.exchange import results_table_pdf
    from cadrex.documents.values import ResultRow, ResultsTable

    note = "未匹配成功：本人填报的意向单位均未将其列为建议人选，由市委组织部研究定向交流。"
    rows = tuple(
        ResultRow(
            f"林兰雪{i}", "青川市东湖街道办事处", "青川市财政局", "双向选择", note, "服从", None
        )
        for i in range(3)
    )
    path = tmp_path / "results.pdf"
    path.write_bytes(results_table_pdf(ResultsTable("双向选择匹配结果", rows)))
    layout = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line for line in layout.splitlines() if "林兰雪0" in line]
    assert lines, layout  # the whole name on one line of the page, not a character a line
