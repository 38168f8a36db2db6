"""DESIGN.md: dates shown or written to files are Beijing dates, in one format everywhere
(``2026年12月3日``). Between 00:00 and 08:00 Beijing time the UTC date is the day before:
that is when a stored moment formatted without conversion shows the wrong day."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cadrex.documents.values import cn_date
from tests.conftest import requires_pdf


@pytest.fixture
def half_past_midnight(clock):
    """The clock at 00:30 Beijing time: UTC still shows the day before."""
    clock.move_to(clock.at(clock.today, 0, 30))
    assert clock.now.astimezone(ZoneInfo("UTC")).date() != clock.today
    return clock


def test_cn_date_prints_the_beijing_day_of_a_stored_moment():
    moment = datetime(2026, 12, 2, 16, 30, tzinfo=ZoneInfo("UTC"))  # 3 Dec 00:30 Beijing
    assert cn_date(moment) == "2026年12月3日"
    assert cn_date(date(2026, 1, 5)) == "2026年1月5日"
    assert cn_date(None) == ""


def _xlsx_text(content: bytes) -> str:
    wb = load_workbook(io.BytesIO(content))
    return "".join(str(v) for row in wb.active.iter_rows(values_only=True) for v in row if v)


@requires_pdf
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) 未安装")
def test_a8_score_summary_xlsx_and_pdf_say_the_same_beijing_day(
    half_past_midnight, scored, client, tmp_path
):
    clock = half_past_midnight
    hearing = scored["hearing"]
    beijing = cn_date(clock.today)
    utc_day = cn_date(clock.today - timedelta(days=1))
    client.force_login(scored["users"]["office"])
    xlsx = _xlsx_text(
        client.get(reverse("competition:score_summary", args=[hearing.pk, "xlsx"])).content
    )
    path = tmp_path / "summary.pdf"
    path.write_bytes(
        client.get(reverse("competition:score_summary", args=[hearing.pk, "pdf"])).content
    )
    pdf = "".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    for text in (xlsx, pdf):
        assert beijing in text
        assert utc_day not in text
