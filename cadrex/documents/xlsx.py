"""Small helpers shared by the .xlsx renderers: one safe way to put a value in a cell, and a
titled sheet with a bold header row.

Every cell of text goes through ``cell_for``: openpyxl turns any string that starts with "="
into a live formula (and "#N/A" and friends into error values), so text typed by a cadre, a
unit or the office — ``=HYPERLINK(…)`` on an application form, ``=1+1`` as a name in the
roster — would come out of a download as a formula. Here a string is always a string cell
(``t="inlineStr"``, never an ``<f>`` element); text that Excel would re-read as a formula
when someone edits the cell (leading = + - @) also gets Excel's quote prefix, the stored form
of a typed apostrophe, which keeps it text in Excel and LibreOffice without changing it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD = PatternFill("solid", fgColor="DDE7F3")

# Excel's hard limit on the characters of one cell; longer text makes Excel "repair" the file.
CELL_MAX_CHARS = 32_767
TRUNCATED = "…（超出单元格长度上限，以下从略）"
# Characters XML 1.0 (and so a workbook) cannot hold. Vertical tab and form feed are what Word
# leaves for a manual line break: they become line breaks; the others are dropped.
_LINE_BREAKS = re.compile("[\x0b\x0c]")
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What spreadsheet programs read as the start of a formula when a cell is typed or edited.
FORMULA_START = ("=", "+", "-", "@")
# Excel sheet titles: at most 31 characters, none of these, not starting or ending with '.
_BAD_TITLE = re.compile(r"[\\/*?:\[\]]")
_PLAIN = (bool, int, float, Decimal, datetime, date, time)


_UNUSUAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters an XML file (.xlsx, .docx, .lrmx) cannot hold."""
    if not _UNUSUAL.search(text):
        return text  # nearly always: one scan, no copy
    return _NOT_XML.sub("", _LINE_BREAKS.sub("\n", text))


def cell_text(text: str) -> str:
    """``text`` as one spreadsheet cell can hold it: XML-safe and within Excel's length."""
    text = xml_text(text)
    if len(text) > CELL_MAX_CHARS:
        text = text[: CELL_MAX_CHARS - len(TRUNCATED)] + TRUNCATED
    return text


def cell_for(ws: Worksheet, value) -> Cell:
    """A detached cell of ``ws`` holding ``value``; a string is always a string cell."""
    cell = Cell(ws)
    if value is None or isinstance(value, _PLAIN):
        cell.value = value
        return cell
    text = cell_text(str(value))
    cell.value = text  # openpyxl infers "f" from a leading "=" and "e" from "#N/A": undo it
    cell.data_type = "s"
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True
    return cell


def append_row(ws: Worksheet, values: Iterable) -> None:
    """``ws.append(values)``, every value written through ``cell_for``."""
    ws.append([cell_for(ws, value) for value in values])


def write_cell(ws: Worksheet, row: int, column: int, value) -> Cell:
    """``ws.cell(row, column, value)``, the value written through ``cell_for``."""
    made = cell_for(ws, value)
    cell = ws.cell(row=row, column=column)
    cell.value = made.value
    cell.data_type = made.data_type
    if made.quotePrefix:
        cell.quotePrefix = True
    return cell


def sheet_title(text: str) -> str:
    """A sheet title Excel accepts, from any text (a unit or post name may hold a "/")."""
    title = _BAD_TITLE.sub("_", xml_text(text)).strip().strip("'")[:31].strip("'")
    return title or "Sheet1"


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
    ws.title = sheet_title(title)
    last = get_column_letter(len(headers))
    append_row(ws, [title])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(bold=True, size=15)
    ws["A1"].alignment = Alignment(horizontal="center")
    if note:
        append_row(ws, [note])
        ws.merge_cells(f"A2:{last}2")
    append_row(ws, headers)
    head_row = ws.max_row
    for row in rows:
        append_row(ws, row)
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
