"""Small helpers shared by the .xlsx renderers: a titled sheet with a bold header row."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD = PatternFill("solid", fgColor="DDE7F3")


def table_workbook(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    widths: Sequence[int],
    note: str = "",
) -> bytes:
    """One sheet: a merged title line, an optional note line, then a boxed table."""
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    last = get_column_letter(len(headers))
    ws.append([title])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(bold=True, size=15)
    ws["A1"].alignment = Alignment(horizontal="center")
    if note:
        ws.append([note])
        ws.merge_cells(f"A2:{last}2")
    ws.append(list(headers))
    head_row = ws.max_row
    for row in rows:
        ws.append(list(row))
    for r in ws.iter_rows(min_row=head_row, max_row=ws.max_row, max_col=len(headers)):
        for cell in r:
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in ws[head_row]:
        cell.font = Font(bold=True)
        cell.fill = HEAD
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(row=head_row + 1, column=1)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
