"""Writing roster workbooks row by row, straight into the zip: memory stays flat.

openpyxl's write-only mode and xlsxwriter's constant-memory mode both stream, but spend
3.5–4.5 s of Python per 30,000-cadre sheet on each cell's object; the roster needs only text
cells in five styles. So a sheet is written here as its XML text, a chunk of rows at a time,
into a deflated zip part; the workbook around it (styles, relationships, content types) is
fixed. openpyxl, Excel, WPS and LibreOffice read the result; tests read it back with openpyxl.

Safety as in ``cadrex.documents.xlsx``: every value is an inline string (``t="inlineStr"``,
never a formula element), text that a spreadsheet would re-read as a formula when edited
(leading = + - @) carries the quote prefix, characters XML cannot hold are dropped and a
cell keeps at most Excel's 32,767 characters. Numbers may be written as numbers; nothing
else but text is.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

from cadrex.documents.xlsx import FORMULA_START, cell_text

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ROWS_PER_WRITE = 500

# Cell styles (the order of <cellXfs> below).
PLAIN, HEADER, TEXT, QUOTED, TEXT_QUOTED = range(5)
_STYLES = (
    f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2">'
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    "</fonts>"
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDE7F3"/><bgColor indexed="64"/>'
    "</patternFill></fill></fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"'
    ' applyAlignment="1"><alignment horizontal="center"/></xf>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"'
    ' quotePrefix="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


@dataclass(frozen=True)
class Sheet:
    """A sheet's title, header row, column widths and which columns hold text that a
    spreadsheet must not turn into numbers or dates (ID numbers, yyyy.MM dates)."""

    title: str
    headers: Sequence[str]
    widths: Sequence[int]
    text_columns: frozenset[int] = frozenset()  # 0-based


def _text_body(text: str, style: int) -> str:
    text = cell_text(text)
    if not text:
        return ""
    if text.startswith(FORMULA_START):
        style = TEXT_QUOTED if style == TEXT else QUOTED
    escaped = escape(text)
    if "\r" in escaped:
        escaped = escaped.replace("\r", "&#13;")  # XML readers turn a bare \r into \n
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    style_attribute = f' s="{style}"' if style else ""
    return f'{style_attribute} t="inlineStr"><is><t{space}>{escaped}</t></is></c>'


def _cell_body(value, style: int) -> str:
    """A cell's XML after its ``<c r="…"``: the same for every cell holding this value in
    this style, so a column's repeated values (dates, units, ranks) are escaped once."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _text_body(value, style)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return f"><v>{value}</v></c>"
    return _text_body(str(value), style)


def _cell_xml(reference: str, value, style: int) -> str:
    body = _cell_body(value, style)
    return f'<c r="{reference}"{body}' if body else ""


class _Column:
    """One column's cells: letter, style and the bodies of the values seen so far."""

    MEMO = 4096

    def __init__(self, letter: str, style: int):
        self.letter, self.style, self.bodies = letter, style, {}

    def body(self, value) -> str:
        key = (value.__class__, value)
        body = self.bodies.get(key)
        if body is None:
            body = _cell_body(value, self.style)
            if len(self.bodies) < self.MEMO:
                self.bodies[key] = body
        return body


def _sheet_head(sheet: Sheet, rows: int | None) -> str:
    last = get_column_letter(max(len(sheet.headers), 1))
    dimension = f'<dimension ref="A1:{last}{rows + 1}"/>' if rows is not None else ""
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{width}" customWidth="1"'
        + (f' style="{TEXT}"' if i - 1 in sheet.text_columns else "")
        + "/>"
        for i, width in enumerate(sheet.widths, start=1)
    )
    header = "".join(
        _cell_xml(f"{get_column_letter(i)}1", text, HEADER)
        for i, text in enumerate(sheet.headers, start=1)
    )
    return (
        f'{_HEAD}<worksheet xmlns="{_MAIN}">{dimension}'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        "</sheetView></sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>'
        f"<cols>{cols}</cols><sheetData>"
        f'<row r="1">{header}</row>'
    )


def _rows_xml(sheet: Sheet, rows: Iterable[Sequence]) -> Iterable[str]:
    columns = [
        _Column(get_column_letter(i + 1), TEXT if i in sheet.text_columns else PLAIN)
        for i in range(len(sheet.headers))
    ]
    chunk = []
    for number, row in enumerate(rows, start=2):
        cells = []
        for column, value in zip(columns, row, strict=False):
            if value is not None and value != "":
                body = column.body(value)
                if body:
                    cells.append(f'<c r="{column.letter}{number}"{body}')
        cells = "".join(cells)
        chunk.append(f'<row r="{number}">{cells}</row>')
        if len(chunk) >= _ROWS_PER_WRITE:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def _package_parts(titles: list[str]) -> dict[str, str]:
    count = len(titles)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, count + 1)
    )
    sheets = "".join(
        f'<sheet name={quoteattr(title)} sheetId="{i}" r:id="rId{i}"/>'
        for i, title in enumerate(titles, start=1)
    )
    sheet_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_DOC_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, count + 1)
    )
    return {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}"
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_DOC_REL}/officeDocument" Target="xl/workbook.xml"/>'
            f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" '
            'Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_DOC_REL}/extended-properties" '
            'Target="docProps/app.xml"/>'
            "</Relationships>"
        ),
        "docProps/core.xml": (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            "<dc:creator>cadrex</dc:creator></cp:coreProperties>"
        ),
        "docProps/app.xml": (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>cadrex</Application></Properties>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_REL}">'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheets}</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_PKG_REL}">{sheet_rels}'
            f'<Relationship Id="rId{count + 1}" Type="{_DOC_REL}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": _STYLES,
    }


def write_workbook(
    out: BinaryIO, sheets: Sequence[tuple[Sheet, Iterable[Sequence], int | None]]
) -> None:
    """Write ``sheets`` — each (layout, rows, number of rows if known) — as an .xlsx to
    ``out`` (a seekable binary file). Rows are consumed lazily, one chunk at a time."""
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in _package_parts([sheet.title for sheet, _, _ in sheets]).items():
            archive.writestr(_entry(name), (_HEAD + text).encode())
        for index, (sheet, rows, count) in enumerate(sheets, start=1):
            with archive.open(_entry(f"xl/worksheets/sheet{index}.xml"), "w") as part:
                part.write(_sheet_head(sheet, count).encode())
                for text in _rows_xml(sheet, rows):
                    part.write(text.encode())
                part.write(b"</sheetData></worksheet>")


def _entry(name: str) -> zipfile.ZipInfo:
    """A deflated part with a fixed timestamp: the same roster gives the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info
