"""Roster workbooks going out: the empty template with its guide, and the export."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cadrex.documents.xlsx import append_row
from cadrex.registry import idnumber
from cadrex.registry.models import Cadre, MiddleLevelPost, Unit
from cadrex.registry.roster.columns import (
    CADRE_COLUMNS,
    CADRE_SHEET,
    POST_COLUMNS,
    POST_SHEET,
    UNIT_COLUMNS,
    UNIT_SHEET,
    Column,
    Progress,
)
from cadrex.registry.roster.xlsx_stream import Sheet, write_workbook

_HEAD_FILL = PatternFill("solid", fgColor="DDE7F3")


def _write_sheet(wb: Workbook, title: str, columns, rows: Iterable[list]) -> None:
    ws = wb.create_sheet(title)
    append_row(ws, [c.header + ("*" if c.required else "") for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(horizontal="center")
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    for row in rows:
        append_row(ws, row)  # text stays text: a name "=1+1" is no formula (security issue 2)
    # Text format keeps ID numbers and yyyy.MM dates exactly as typed (Excel would mangle them).
    last = max(ws.max_row, 500)
    for index, column in enumerate(columns, start=1):
        if column.kind in ("idnumber", "date"):
            for (cell,) in ws.iter_rows(min_col=index, max_col=index, min_row=2, max_row=last):
                cell.number_format = "@"


def _fmt(column: Column, value) -> str:
    if value in (None, ""):
        return ""
    if column.kind == "date":
        return value.strftime("%Y-%m-%d")
    if column.kind == "bool":
        return "是" if value else "否"
    if column.kind == "appraisals":
        return ";".join(f"{y}:{g}" for y, g in sorted(value.items()))
    if column.kind == "choice":
        return dict(column.choices).get(value, value)
    return str(value)


def _sheet(title: str, columns) -> Sheet:
    return Sheet(
        title=title,
        headers=[c.header + ("*" if c.required else "") for c in columns],
        widths=[c.width for c in columns],
        text_columns=frozenset(i for i, c in enumerate(columns) if c.kind in ("idnumber", "date")),
    )


SHEET_LAYOUTS = {
    UNIT_SHEET: _sheet(UNIT_SHEET, UNIT_COLUMNS),
    CADRE_SHEET: _sheet(CADRE_SHEET, CADRE_COLUMNS),
    POST_SHEET: _sheet(POST_SHEET, POST_COLUMNS),
}


def roster_workbook(unit_rows, cadre_rows, post_rows) -> bytes:
    """A roster workbook from row lists in the template's column order (the demo city and
    the tests build theirs this way)."""
    buffer = io.BytesIO()
    write_workbook(
        buffer,
        [
            (SHEET_LAYOUTS[UNIT_SHEET], unit_rows, len(unit_rows)),
            (SHEET_LAYOUTS[CADRE_SHEET], cadre_rows, len(cadre_rows)),
            (SHEET_LAYOUTS[POST_SHEET], post_rows, len(post_rows)),
        ],
    )
    return buffer.getvalue()


def _template_data_sheets() -> Workbook:
    """The empty sheets of the template, with text format on their first 500 rows."""
    wb = Workbook()
    wb.remove(wb.active)
    _write_sheet(wb, UNIT_SHEET, UNIT_COLUMNS, [])
    _write_sheet(wb, CADRE_SHEET, CADRE_COLUMNS, [])
    _write_sheet(wb, POST_SHEET, POST_COLUMNS, [])
    return wb


GUIDE_SHEET = "填写说明"


def roster_template() -> bytes:
    """Empty sheets to fill, and a 填写说明 sheet with a worked example that is never imported
    (an example row in a data sheet would be imported as a real person)."""
    example_id = "33990119900101" + "123"
    example_id += idnumber.check_digit(example_id)
    # The example names the three years before this one (a year is appraised early the next).
    this_year = timezone.localdate().year
    appraisals = ";".join(
        f"{year}:{grade}"
        for year, grade in zip(
            range(this_year - 3, this_year), ("称职", "优秀", "称职"), strict=True
        )
    )
    wb = _template_data_sheets()
    guide = wb.create_sheet(GUIDE_SHEET, 0)
    lines = [
        ["干部名册导入模板 · 填写说明"],
        [
            "1. 在“单位”“干部”“中层岗位”三张表中填写，表头不要改动，带 * 的列必填。本说明页不会被导入。"
        ],
        ["2. 身份证号为18位，系统按国家标准核对校验位；性别、出生日期由身份证号确定。"],
        ["3. 日期可写成 2015.07、2015-07-01 或 2015年7月；只写到月的，按该月1日计。"],
        [f"4. 近三年年度考核结果写成：{appraisals}。"],
        ["5. 每人最多担任一个中层岗位；中层岗位的单位代码须与本人所在单位一致。"],
        [
            "6. 同一身份证号再次导入时更新原记录；有任何错误时整份文件都不导入，并列出全部错误所在的表、行、列。"
        ],
        [],
        ["示例（请勿复制到数据表中）"],
        ["单位：", "D001", "示例局", "市直属机关部门", "否"],
        [
            "干部：",
            example_id,
            "张示例",
            "男",
            "D001",
            "公务员",
            "办公室科员",
            "2018.07",
            "一级科员",
            "2018.07",
        ],
        ["中层岗位：", example_id, "张示例", "D001", "办公室", "副职", "内设科室", "2020.01"],
    ]
    for line in lines:
        append_row(guide, line)
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 16
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def roster_export(units=None, *, full_ids: bool = False) -> bytes:
    """The roster in the import template's layout, so it can be edited and re-imported.

    ``full_ids``: ID numbers in full — the office's copy, the only one that can be imported
    again (ADR 0007). Everyone else's copy masks them as their pages do."""
    buffer = io.BytesIO()
    roster_export_to(buffer, units, full_ids=full_ids)
    return buffer.getvalue()


def roster_export_to(
    out: BinaryIO, units=None, *, full_ids: bool = False, progress: Progress | None = None
) -> int:
    """``roster_export`` streamed into ``out``: rows go from the database cursor to the zip a
    chunk at a time, so memory does not grow with the roster. The number of cadres written."""
    shown = (lambda number: number) if full_ids else idnumber.mask
    unit_qs = Unit.objects.all() if units is None else units
    cadres = Cadre.objects.filter(unit__in=unit_qs)
    total = cadres.count() if progress else 0
    written = [0]

    def cadre_rows() -> Iterator[list]:
        fields = ["unit__code" if c.kind == "unit" else c.field for c in CADRE_COLUMNS]
        formats = [_formatter(c, shown) for c in CADRE_COLUMNS]
        query = cadres.order_by("unit__code", "id").values_list(*fields)
        for values in query.iterator(chunk_size=2000):
            yield [fmt(value) for fmt, value in zip(formats, values, strict=True)]
            written[0] += 1
            if progress and written[0] % 2000 == 0:
                progress("导出干部", written[0], total)

    unit_rows = (
        [_fmt(c, value) for c, value in zip(UNIT_COLUMNS, values, strict=True)]
        for values in unit_qs.order_by("code").values_list(*[c.field for c in UNIT_COLUMNS])
    )
    post_query = (
        MiddleLevelPost.objects.filter(unit__in=unit_qs)
        .order_by("unit__code", "section", "level", "id")
        .values_list(
            "cadre__id_number", "cadre__name", "unit__code", "section", "level", "kind", "since"
        )
    )
    level, kind, since = POST_COLUMNS[4:]
    post_rows = (
        [shown(number), name, code, section, _fmt(level, lv), _fmt(kind, kd), _fmt(since, sn)]
        for number, name, code, section, lv, kd, sn in post_query.iterator(chunk_size=2000)
    )
    write_workbook(
        out,
        [
            (SHEET_LAYOUTS[UNIT_SHEET], unit_rows, None),
            (SHEET_LAYOUTS[CADRE_SHEET], cadre_rows(), None),
            (SHEET_LAYOUTS[POST_SHEET], post_rows, None),
        ],
    )
    if progress:
        progress("导出干部", written[0], max(total, written[0]))
    return written[0]


def _formatter(column: Column, shown: Callable[[str], str]) -> Callable[[object], str]:
    """``_fmt`` for one column, remembering each distinct value (dates, units, choices
    repeat across a roster; a date's strftime is the costly part)."""
    if column.kind == "idnumber":
        return shown
    if column.kind in ("unit", "str"):
        return lambda value: "" if value in (None, "") else str(value)
    memo: dict = {}

    def fmt(value) -> str:
        key = repr(value) if isinstance(value, dict) else value
        try:
            return memo[key]
        except KeyError:
            text = memo[key] = _fmt(column, value)
            return text

    return fmt
