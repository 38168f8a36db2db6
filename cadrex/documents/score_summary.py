"""《竞岗得分汇总表》 — the score summary (A8), .xlsx and .pdf, with signature lines.

Every figure comes from ``rules.scoring`` via the hearing service; the internal copy names
the leader jurors next to their scores, the staff jury is summarised by count and mean.
"""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from cadrex.documents.pdf import render_pdf
from cadrex.documents.xlsx import append_row

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _marked(scores, high, low, names=None) -> list[dict]:
    out = []
    for i, value in enumerate(scores):
        mark = "最高（去掉）" if i in high else "最低（去掉）" if i in low else ""
        out.append({"value": value, "mark": mark, "name": names[i] if names else ""})
    return out


def score_summary_rows(contestant) -> dict:
    """One contestant's line of the summary: each score with the dropped ones marked."""
    from cadrex.competition.hearing import compute, live_scores

    leaders, staff = live_scores(contestant)
    result = compute(contestant)
    return {
        "contestant": contestant,
        "leader": _marked(
            result.leader_scores,
            result.leader_dropped_high,
            result.leader_dropped_low,
            [s.juror.name for s in leaders],
        ),
        "staff": _marked(result.staff_scores, result.staff_dropped_high, result.staff_dropped_low),
        "staff_count": len(staff),
        "result": result,
    }


def _lines(hearing) -> list[dict]:
    closed = (
        hearing.contestants.filter(scoring="closed")
        .select_related("application__cadre__unit", "application__home_unit")
        .order_by("rank", "order")
    )
    return [score_summary_rows(c) for c in closed]


def _fmt(entries) -> str:
    return "、".join(
        f"{e['value']}{'(' + e['mark'][:2] + ')' if e['mark'] else ''}" for e in entries
    )


def score_summary_xlsx(hearing) -> bytes:
    policy = hearing.opening.campaign.policy
    wb = Workbook()
    ws = wb.active
    ws.title = "竞岗得分汇总表"
    title = f"{hearing.opening.unit.name}{hearing.opening.post_name}竞岗得分汇总表"
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
        f"竞岗得分（领导{policy.leader_weight}%＋群众{policy.staff_weight}%）",
    ]
    append_row(ws, [title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws["A1"].font = Font(bold=True, size=15)
    ws["A1"].alignment = Alignment(horizontal="center")
    append_row(
        ws, [f"时间：{timezone.localdate(hearing.scheduled_at):%Y年%m月%d日}　地点：{hearing.room}"]
    )
    append_row(ws, headers)
    for line in _lines(hearing):
        c, r = line["contestant"], line["result"]
        dropped = [e for e in line["staff"] if e["mark"]]
        append_row(
            ws,
            [
                f"{c.rank}{'（并列）' if c.rank_tied else ''}",
                c.order,
                c.application.cadre.name,
                c.application.applied_from.name,
                _fmt(line["leader"]),
                r.leader_mean,
                line["staff_count"],
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
            f"日期：{timezone.localdate(hearing.scheduled_at):%Y年%m月%d日}",
        ],
    )
    for col, width in zip("ABCDEFGHIJ", (8, 8, 10, 18, 44, 12, 10, 22, 12, 16), strict=True):
        ws.column_dimensions[col].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def score_summary_pdf(hearing) -> bytes:
    return render_pdf(
        "documents/score_summary.html",
        {"hearing": hearing, "lines": _lines(hearing), "policy": hearing.opening.campaign.policy},
    )
