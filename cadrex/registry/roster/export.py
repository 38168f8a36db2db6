"""Roster workbooks going out: the empty template with its guide, and the export."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from django.utils import timezone
from openpyxl import Workbook, load_workbook
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
)

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


def roster_workbook(unit_rows, cadre_rows, post_rows) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    _write_sheet(wb, UNIT_SHEET, UNIT_COLUMNS, unit_rows)
    _write_sheet(wb, CADRE_SHEET, CADRE_COLUMNS, cadre_rows)
    _write_sheet(wb, POST_SHEET, POST_COLUMNS, post_rows)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


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
    content = roster_workbook([], [], [])
    wb = load_workbook(io.BytesIO(content))
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
    shown = (lambda number: number) if full_ids else idnumber.mask
    unit_qs = Unit.objects.all() if units is None else units
    cadres = (
        Cadre.objects.filter(unit__in=unit_qs).select_related("unit").order_by("unit__code", "id")
    )
    posts = MiddleLevelPost.objects.filter(unit__in=unit_qs).select_related("cadre", "unit")
    unit_rows = [[_fmt(c, getattr(u, c.field)) for c in UNIT_COLUMNS] for u in unit_qs]
    cadre_rows = [[_export_cell(c, cadre, shown) for c in CADRE_COLUMNS] for cadre in cadres]
    post_rows = [
        [
            shown(p.cadre.id_number),
            p.cadre.name,
            p.unit.code,
            p.section,
            _fmt(POST_COLUMNS[4], p.level),
            _fmt(POST_COLUMNS[5], p.kind),
            _fmt(POST_COLUMNS[6], p.since),
        ]
        for p in posts
    ]
    return roster_workbook(unit_rows, cadre_rows, post_rows)


def _export_cell(column: Column, cadre: Cadre, shown: Callable[[str], str]) -> str:
    if column.kind == "unit":
        return cadre.unit.code
    if column.kind == "idnumber":
        return shown(cadre.id_number)
    return _fmt(column, getattr(cadre, column.field))
