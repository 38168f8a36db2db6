"""《竞岗得分汇总表》 — the score summary (A8), .xlsx and .pdf, with signature lines.

Every figure comes from ``rules.scoring`` through the builder; the internal copy names the
leader jurors next to their scores, the staff jury is summarised by count and mean.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from cadrex.documents.pdf import render_pdf
from cadrex.documents.values import MarkedScore, ScoreSummary, cn_date
from cadrex.documents.xlsx import append_row

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def marked(
    scores: Sequence[Decimal],
    high: Sequence[int],
    low: Sequence[int],
    names: Sequence[str] | None = None,
) -> tuple[MarkedScore, ...]:
    """Each score with the dropped ones marked (``high`` and ``low``: indexes into ``scores``)."""
    return tuple(
        MarkedScore(
            value=value,
            dropped="high" if i in high else "low" if i in low else "",
            name=names[i] if names else "",
        )
        for i, value in enumerate(scores)
    )


def _fmt(entries) -> str:
    return "、".join(f"{e.value}{'(' + e.mark[:2] + ')' if e.mark else ''}" for e in entries)


def score_summary_xlsx(summary: ScoreSummary) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "竞岗得分汇总表"
    title = f"{summary.unit_name}{summary.post_name}竞岗得分汇总表"
    headers = [
        "名次",
        "演说顺序",
        "姓名",
        "现工作单位",
        "领导评委评分（标注去掉的最高分、最低分）",
        "领导评委平均分",
        "群众评委人数",
        "群众评委去掉的最高分、最低分",
        "群众评委平均分",
        f"竞岗得分（领导{summary.leader_weight}%＋群众{summary.staff_weight}%）",
    ]
    append_row(ws, [title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws["A1"].font = Font(bold=True, size=15)
    ws["A1"].alignment = Alignment(horizontal="center")
    append_row(ws, [f"时间：{cn_date(summary.held_on)}　地点：{summary.room}"])
    append_row(ws, headers)
    for line in summary.lines:
        r = line.result
        dropped = [e for e in line.staff if e.mark]
        append_row(
            ws,
            [
                f"{line.rank}{'（并列）' if line.tied else ''}",
                line.order,
                line.name,
                line.unit,
                _fmt(line.leader),
                r.leader_mean,
                line.staff_count,
                _fmt(dropped),
                r.staff_mean,
                r.total,
            ],
        )
    for row in ws.iter_rows(min_row=3, max_row=ws.max_row, max_col=len(headers)):
        for cell in row:
            cell.border, cell.alignment = BOX, Alignment(wrap_text=True, vertical="top")
    append_row(ws, [])
    append_row(
        ws,
        [
            "计分人：",
            "",
            "",
            "复核人：",
            "",
            "",
            "监督人：",
            "",
            "",
            f"日期：{cn_date(summary.held_on)}",
        ],
    )
    for col, width in zip("ABCDEFGHIJ", (8, 8, 10, 18, 44, 12, 10, 22, 12, 16), strict=True):
        ws.column_dimensions[col].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def score_summary_pdf(summary: ScoreSummary) -> bytes:
    return render_pdf("documents/score_summary.html", {"summary": summary})
