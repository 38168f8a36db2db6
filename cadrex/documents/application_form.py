"""《跨单位竞岗报名表》 — the application form (A3) as .xlsx and .pdf."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from cadrex.competition.forms_data import APPLICATION_FIELDS
from cadrex.documents.pdf import render_pdf
from cadrex.documents.xlsx import append_row

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _day(moment) -> str:
    """The Beijing date of a stored moment (the database gives it back in UTC)."""
    return f"{timezone.localdate(moment):%Y年%m月%d日}"


def _opinions(application) -> list[tuple[str, str]]:
    consent = ""
    if application.consent_at:
        verdict = "同意" if application.status not in ("declined",) else "不同意"
        consent = f"{verdict}。{application.consent_note}（{_day(application.consent_at)}）"
    review = ""
    if application.reviewed_at:
        verdict = "符合条件" if application.status != "unqualified" else "不符合条件"
        review = f"{verdict}。{application.review_note}（{_day(application.reviewed_at)}）"
    return [("所在单位意见", consent), ("资格审查意见", review), ("本人签名", "")]


def form_rows(application) -> list[tuple[str, str]]:
    form = application.form
    rows = [(f.label, form.get(f.key, "")) for f in APPLICATION_FIELDS]
    rows.insert(
        12, ("报名职位", f"{application.opening.unit.name} {application.opening.post_name}")
    )
    return rows + _opinions(application)


def application_form_xlsx(application) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "跨单位竞岗报名表"
    append_row(ws, ["跨单位竞岗报名表"])
    ws.merge_cells("A1:B1")
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    for label, value in form_rows(application):
        append_row(ws, [label, value])
        for cell in ws[ws.max_row]:
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws[f"A{ws.max_row}"].font = Font(bold=True)
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 70
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def application_form_pdf(application) -> bytes:
    return render_pdf(
        "documents/application_form.html",
        {"application": application, "rows": form_rows(application)},
    )
