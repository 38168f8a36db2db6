"""The printable list of C1 (组织领导及工作专班名单): the leading group, its office, and each
unit's responsible leader and task team, as .xlsx (every cell through the house's safe cell
writer: a name typed as "=1+1" stays text) and as PDF."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cadrex.documents.pdf import render_pdf
from cadrex.documents.values import cn_date
from cadrex.documents.xlsx import BOX, HEAD, append_row, sheet_title
from cadrex.organisation.selectors import Organisation

TITLE = "竞岗交流工作组织领导及工作专班名单"
GROUP_HEADERS = ("序号", "姓名", "单位及职务", "小组职务", "联系电话")
GROUP_WIDTHS = (7, 12, 40, 12, 18)
UNIT_HEADERS = (
    "序号",
    "单位",
    "第一责任人",
    "职务",
    "联系电话",
    "专班成员",
    "职务",
    "工作职责",
    "联系电话",
)
UNIT_WIDTHS = (7, 20, 10, 18, 16, 10, 18, 36, 16)


def _title(ws: Worksheet, text: str, width: int) -> None:
    append_row(ws, [text])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    cell = ws.cell(row=ws.max_row, column=1)
    cell.font = Font(bold=True, size=15)
    cell.alignment = Alignment(horizontal="center")


def _line(ws: Worksheet, text: str, width: int, *, bold: bool = False) -> None:
    append_row(ws, [text])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    if bold:
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True, size=12)


def _table(ws: Worksheet, headers, rows) -> None:
    append_row(ws, headers)
    first = ws.max_row
    for cell in ws[first]:
        cell.font, cell.fill = Font(bold=True), HEAD
    for row in rows:
        append_row(ws, row)
    for r in ws.iter_rows(min_row=first, max_row=ws.max_row, max_col=len(headers)):
        for cell in r:
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(ws: Worksheet, widths) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _members(members) -> list[tuple]:
    return [
        (i, m.name, m.post, m.get_position_display(), m.phone) for i, m in enumerate(members, 1)
    ]


def _unit_rows(org: Organisation) -> list[tuple]:
    rows = []
    for n, row in enumerate(org.units, 1):
        leader = row.leader
        head = (
            n,
            row.unit.name,
            leader.name if leader else "（未确定）",
            leader.post if leader else "",
            leader.phone if leader else "",
        )
        team = row.team or [None]
        for i, member in enumerate(team):
            person = (member.name, member.post, member.duty, member.phone) if member else ("",) * 4
            rows.append((head if i == 0 else ("",) * 5) + person)
    return rows


def organisation_xlsx(org: Organisation, *, today: date) -> bytes:
    """Two sheets: the leading group and its office; each unit's leader and task team."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title("领导小组及办公室")
    width = len(GROUP_HEADERS)
    _title(ws, TITLE, width)
    _line(ws, f"{org.campaign.name}　制表日期：{cn_date(today)}", width)
    _line(ws, "一、领导小组", width, bold=True)
    _table(ws, GROUP_HEADERS, _members(org.leading_group))
    _line(ws, "", width)
    office = org.office
    seat = office.seat if office else "市委组织部"
    _line(ws, f"二、领导小组办公室（设在{seat}）", width, bold=True)
    if office and (office.phone or office.address):
        _line(ws, f"联系电话：{office.phone or '—'}　办公地址：{office.address or '—'}", width)
    _table(ws, GROUP_HEADERS, _members(org.office_members))
    _widths(ws, GROUP_WIDTHS)

    ws = wb.create_sheet(sheet_title("各单位第一责任人及工作专班"))
    width = len(UNIT_HEADERS)
    _title(ws, "各单位第一责任人及工作专班", width)
    _line(ws, f"{org.campaign.name}　制表日期：{cn_date(today)}", width)
    _table(ws, UNIT_HEADERS, _unit_rows(org))
    _widths(ws, UNIT_WIDTHS)
    ws.freeze_panes = ws.cell(row=4, column=1)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def organisation_pdf(org: Organisation, *, today: date) -> bytes:
    return render_pdf("organisation/list_pdf.html", {"org": org, "today": today, "title": TITLE})
