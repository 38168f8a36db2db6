"""The roster's row reader gives exactly what openpyxl's read-only ``iter_rows`` gives, on
the kinds of cells Excel, WPS and hand-made files hold (issue 13 replaced the reader for
speed; openpyxl stays the oracle)."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from cadrex.registry.roster.sheet_rows import Formula, sheet_rows
from cadrex.registry.workbook_guard import LIMITS

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

SHARED = [
    "<si><t>共享文字</t></si>",
    '<si><r><t>富</t></r><r><rPr><b/></rPr><t xml:space="preserve">文本 </t></r></si>',
    '<si><t>带注音</t><rPh sb="0" eb="1"><t>ダイ</t></rPh></si>',
    "<si><t/></si>",
]
STYLES = (
    f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy.mm"/>'
    '</numFmts><fonts count="1"><font/></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>'
    '<xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="49" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    "</cellStyles></styleSheet>"
)
ROWS = (
    # shared strings, plain, rich and with a phonetic guide, and an empty one
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>'
    # numbers (int, float, exponent), a date and a yyyy.mm date by style, a text-styled number
    '<row r="2"><c r="A2"><v>42</v></c><c r="B2"><v>2015.07</v></c><c r="C2"><v>1E3</v></c>'
    '<c r="D2" s="1"><v>42186</v></c><c r="E2" s="2"><v>42186</v></c>'
    '<c r="F2" s="3"><v>7</v></c></row>'
    # booleans, an error, a formula (read as such, not as its cached text), an ISO date
    # cell, an empty <v>
    '<row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3" t="b"><v>0</v></c>'
    '<c r="C3" t="e"><v>#N/A</v></c><c r="D3" t="str"><f>A1</f><v>共享文字</v></c>'
    '<c r="E3" t="d"><v>2015-07-01T00:00:00</v></c><c r="F3"><v></v></c></row>'
    # inline strings: plain, rich, with a phonetic guide, empty, without <is>
    '<row r="4"><c r="A4" t="inlineStr"><is><t>行内</t></is></c>'
    '<c r="B4" t="inlineStr"><is><r><t>分</t></r><r><t>段</t></r></is></c>'
    '<c r="C4" t="inlineStr"><is><t>注</t><rPh sb="0" eb="1"><t>チュウ</t></rPh></is></c>'
    '<c r="D4" t="inlineStr"><is><t/></is></c><c r="E4" t="inlineStr"/></row>'
    # a gap (rows 5 and 6 missing), cells without references, one past the last column
    '<row r="7"><c t="inlineStr"><is><t>甲</t></is></c><c><v>1</v></c>'
    '<c r="E7" t="inlineStr"><is><t>戊</t></is></c><c><v>2</v></c>'
    '<c r="BZ7" t="inlineStr"><is><t>太远</t></is></c></row>'
    # a row without its number, then one out of order and one repeated (both skipped)
    '<row><c r="A8" t="inlineStr"><is><t>第八行</t></is></c></row>'
    '<row r="3"><c r="A3" t="inlineStr"><is><t>回头</t></is></c></row>'
    '<row r="9"><c r="A9" t="inlineStr"><is><t>九</t></is></c>'
    '<c r="A9" t="inlineStr"><is><t>九又</t></is></c></row>'
    '<row r="9"><c r="B9" t="inlineStr"><is><t>重复</t></is></c></row>'
    # a row number written as a float, lower-case references
    '<row r="10.0"><c r="b10" t="inlineStr"><is><t>小写</t></is></c></row>'
)


def workbook(rows: str = ROWS) -> bytes:
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            '<sheet name="干部" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": STYLES,
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">{"".join(SHARED)}</sst>',
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{MAIN}"><dimension ref="A1:A1"/>'
            f"<sheetData>{rows}</sheetData></worksheet>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode())
    return out.getvalue()


def trimmed(row) -> tuple:
    """A row without its trailing empty cells (openpyxl pads every row to ``max_col``)."""
    row = tuple(row)
    while row and row[-1] is None:
        row = row[:-1]
    return row


def both(content: bytes, max_row: int = LIMITS.rows) -> tuple[list, list]:
    wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    ws = wb["干部"]
    ws.reset_dimensions()
    theirs = [
        trimmed(r) for r in ws.iter_rows(max_row=max_row, max_col=LIMITS.columns, values_only=True)
    ]
    ours = [trimmed(r) for r in sheet_rows(ws, max_row=max_row, max_col=LIMITS.columns)]
    wb.close()
    return theirs, _formulas_as_openpyxl(theirs, ours)


FORMULA_AT = (2, 3)  # row 3, column D: <f>A1</f> with the cached text 共享文字


def _formulas_as_openpyxl(theirs: list, ours: list) -> list:
    """Ours with the one formula cell given as openpyxl gives it (its cached result), once
    checked that ours read it as the formula: the only cell where the two differ."""
    row, column = FORMULA_AT
    if len(ours) <= row or len(ours[row]) <= column:
        return ours
    cell = ours[row][column]
    assert isinstance(cell, Formula) and cell == "=A1"
    fixed = list(ours[row])
    fixed[column] = theirs[row][column]
    return [*ours[:row], tuple(fixed), *ours[row + 1 :]]


def test_every_kind_of_cell_reads_as_openpyxl_reads_it():
    theirs, ours = both(workbook())
    assert ours == theirs
    assert ours[0] == ("共享文字", "富文本 ", "带注音", "")
    assert ours[1][:3] == (42, 2015.07, 1000.0) and ours[1][3].year == 2015
    assert ours[3] == ("行内", "分段", "注", "")
    assert ours[6] == ("甲", 1, None, None, "戊", 2)
    assert [r[0] for r in ours[7:9]] == ["第八行", "九又"]
    assert ours[9] == (None, "小写")


def test_rows_past_the_limit_are_not_read():
    theirs, ours = both(workbook(), max_row=4)
    assert ours == theirs and len(ours) == 4


def test_an_empty_sheet_has_no_rows():
    theirs, ours = both(workbook(rows=""))
    assert ours == theirs == []
