"""《跨单位竞岗报名表》 — the application form (A3) as .xlsx and .pdf."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from cadrex.documents.pdf import render_pdf
from cadrex.documents.values import ApplicationForm, FormLine, Opinion
from cadrex.documents.xlsx import append_row

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _opinion(opinion: Opinion | None) -> str:
    if opinion is None:
        return ""
    return f"{opinion.verdict}。{opinion.note}（{opinion.on:%Y年%m月%d日}）"


def form_rows(form: ApplicationForm) -> list[FormLine]:
    """Every line of the form: its fields, the two opinions and the signature line."""
    return [
        *form.lines,
        FormLine("所在单位意见", _opinion(form.consent)),
        FormLine("资格审查意见", _opinion(form.review)),
        FormLine("本人签名", ""),
    ]


def application_form_xlsx(form: ApplicationForm) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "跨单位竞岗报名表"
    append_row(ws, ["跨单位竞岗报名表"])
    ws.merge_cells("A1:B1")
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    for line in form_rows(form):
        append_row(ws, [line.label, line.value])
        for cell in ws[ws.max_row]:
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws[f"A{ws.max_row}"].font = Font(bold=True)
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 70
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def application_form_pdf(form: ApplicationForm) -> bytes:
    return render_pdf("documents/application_form.html", {"form": form, "rows": form_rows(form)})
