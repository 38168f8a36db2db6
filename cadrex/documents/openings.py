"""《跨单位竞岗中层职位表》 — the openings table (A1), per unit or combined."""

from __future__ import annotations

from cadrex.documents.values import OpeningsTable
from cadrex.documents.xlsx import table_workbook

HEADERS = (
    "序号",
    "单位",
    "职位名称",
    "正副职",
    "所在科室（机构）",
    "职数",
    "岗位职责",
    "任职条件",
    "联系人及电话",
    "竞岗前中层人数",
)


def openings_table_xlsx(table: OpeningsTable) -> bytes:
    rows = [
        (
            i,
            o.unit,
            o.post_name,
            o.level,
            o.section,
            o.seats,
            o.duties,
            o.conditions,
            o.contact,
            o.headcount,
        )
        for i, o in enumerate(table.rows, start=1)
    ]
    return table_workbook(table.title, HEADERS, rows, (6, 20, 20, 8, 18, 6, 36, 36, 18, 12))
