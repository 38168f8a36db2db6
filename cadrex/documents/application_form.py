"""《跨单位竞岗报名表》 — the application form (A3) as .xlsx and .pdf."""

from __future__ import annotations

import base64
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from cadrex.documents.pdf import render_pdf
from cadrex.documents.values import ApplicationForm, FormLine, Opinion, cn_date
from cadrex.documents.xlsx import append_row

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _opinion(opinion: Opinion | None) -> str:
    if opinion is None:
        return ""
    return f"{opinion.verdict}。{opinion.note}（{cn_date(opinion.on)}）"


PHOTO_ROWS = 5  # the photo box spans the form's first rows


def photo_type(photo: bytes) -> str:
    """``image/jpeg`` or ``image/png`` by the photo's first bytes; "" for anything else."""
    if photo.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if photo.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return ""


def photo_uri(photo: bytes) -> str:
    """A photo as a ``data:`` URI for the PDF's photo box ("" when there is none, or when
    the bytes are not a JPEG / PNG: the box then stays blank)."""
    kind = photo_type(photo) if photo else ""
    return f"data:{kind};base64,{base64.b64encode(photo).decode('ascii')}" if kind else ""


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
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    for line in form_rows(form):
        append_row(ws, [line.label, line.value])
        for cell in ws[ws.max_row]:
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws[f"A{ws.max_row}"].font = Font(bold=True)
    ws.merge_cells("A1:B1")
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 56
    ws.column_dimensions["C"].width = 16
    _xlsx_photo(ws, form.photo)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _xlsx_photo(ws, photo: bytes) -> None:
    """The photo beside the first lines, in column C (about 2.5 × 3.5 cm); nothing when
    there is none. No cell is written there: the form's rows stay label and value."""
    if not photo_type(photo):
        return
    from openpyxl.drawing.image import Image

    try:
        image = Image(io.BytesIO(photo))
    except Exception:  # a photo Pillow cannot read: the box stays blank for hand pasting
        return
    image.width, image.height = 96, 128
    ws.add_image(image, "C2")


def application_form_pdf(form: ApplicationForm) -> bytes:
    return render_pdf(
        "documents/application_form.html",
        {
            "form": form,
            "rows": form_rows(form),
            "photo": photo_uri(form.photo),
            "photo_rows": PHOTO_ROWS,
        },
    )
