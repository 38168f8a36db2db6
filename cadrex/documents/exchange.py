"""Part B tables as .xlsx and .pdf: 人员基本情况表 (B1), 意向表 (B3), 人选需求表 (B4), and the
matching result with directed placement (B5–B6). Adapters only: rows in, file bytes out.

Each table's headers and rows are built once (``*_rows``) and written by both renderers, so
the .xlsx and the .pdf of a table always say the same. Fields the roster does not hold (years
in the unit, signatures) are left blank for hand completion rather than invented. Dates are
Beijing dates in one format (``values.cn_date``).
"""

from __future__ import annotations

from collections.abc import Sequence

from cadrex.documents.pdf import render_pdf
from cadrex.documents.values import (
    CandidateTable,
    PreferenceForm,
    ProposalForm,
    ResultsTable,
    cn_date,
)
from cadrex.documents.xlsx import table_workbook

Rows = tuple[tuple[str, ...], list[Sequence]]

CANDIDATE_HEADERS = (
    "序号",
    "单位",
    "姓名",
    "性别",
    "出生年月",
    "学历",
    "职级",
    "现任职务",
    "在本单位工作年限",
    "本人报名",
    "备注",
)


# Each table's column widths, in characters: the .xlsx sets them, the PDF shares its page
# width out in the same proportions (so a name is not squeezed to one character a line).
CANDIDATE_WIDTHS = (6, 20, 10, 6, 10, 12, 14, 16, 10, 8, 30)
RESULT_WIDTHS = (6, 10, 20, 20, 16, 50, 12, 14)
PROPOSAL_WIDTHS = (20, 8, 8, 10, 20, 14)


def _preference_widths(form: PreferenceForm) -> tuple[int, ...]:
    return (6, 10, 20, *([20] * form.max_preferences), 14, 12)


def candidate_rows(table: CandidateTable) -> Rows:
    """B1: the headers and one row per candidate."""
    rows = [
        (
            i,
            c.unit,
            c.name,
            c.sex,
            f"{c.birth_date:%Y.%m}",
            c.education,
            c.rank,
            c.current_post,
            "",  # not in the roster: completed by hand
            "是" if c.signed_up else "否",
            "" if c.signed_up else f"单位确定：{c.added_reason}",
        )
        for i, c in enumerate(table.rows, start=1)
    ]
    return CANDIDATE_HEADERS, rows


def candidate_table_xlsx(table: CandidateTable) -> bytes:
    """B1 《一般干部跨单位双向选择人员基本情况表》."""
    heads, rows = candidate_rows(table)
    return table_workbook(table.title, heads, rows, CANDIDATE_WIDTHS)


def candidate_table_pdf(table: CandidateTable) -> bytes:
    heads, rows = candidate_rows(table)
    return _table_pdf(
        table.title, heads, rows, CANDIDATE_WIDTHS, signatures=("填表人", "单位负责人")
    )


def preference_rows(form: PreferenceForm) -> Rows:
    """B3: one line per candidate, first choice first, signature left blank."""
    most = form.max_preferences
    heads = ["序号", "姓名", "所在单位"]
    heads += [f"第{_cn(k)}意向" for k in range(1, most + 1)]
    heads += ["填报日期", "本人签名"]
    rows = []
    for i, c in enumerate(form.rows, start=1):
        listed = [*c.choices, *([""] * (most - len(c.choices)))]
        filed = cn_date(c.filed_on) if c.filed_on else "未填报"
        rows.append((i, c.name, c.unit, *listed[:most], filed, ""))
    return tuple(heads), rows


def preference_form_xlsx(form: PreferenceForm) -> bytes:
    """B3 《一般干部跨单位双向选择意向表》: one line per candidate, signature left blank."""
    heads, rows = preference_rows(form)
    return table_workbook(form.title, heads, rows, _preference_widths(form))


def preference_form_pdf(form: PreferenceForm) -> bytes:
    heads, rows = preference_rows(form)
    note = f"每人最多填报{form.max_preferences}个意向单位，不得填报本单位。"
    return _table_pdf(form.title, heads, rows, _preference_widths(form), note=note)


def proposal_rows(form: ProposalForm) -> Rows:
    """B4: per unit, proposed people in order.

    ``with_choice`` adds each person's preference rank for the unit — the office's internal
    copy only: a unit must never learn whether it was a first or a second choice.
    """
    heads = ["单位", "缺员人数", "建议顺序", "姓名", "所在单位"]
    if form.with_choice:
        heads.append("该人员对本单位的意向顺序（内部）")
    rows = []
    for entry in form.units:
        for p in entry.proposals or [None]:
            row = [entry.unit, entry.vacancies]
            if p is None:
                row += ["", "（未提出建议人选）", ""]
            else:
                row += [p.rank, p.name, p.home]
            if form.with_choice:
                row.append(p.choice if p else "")
            rows.append(row)
    return tuple(heads), rows


def proposal_form_xlsx(form: ProposalForm) -> bytes:
    """B4 《一般干部跨单位双向选择人选需求表》: per unit, proposed people in order."""
    heads, rows = proposal_rows(form)
    return table_workbook(form.title, heads, rows, PROPOSAL_WIDTHS[: len(heads)])


def proposal_form_pdf(form: ProposalForm) -> bytes:
    heads, rows = proposal_rows(form)
    widths = PROPOSAL_WIDTHS[: len(heads)]
    return _table_pdf(form.title, heads, rows, widths, signatures=("经办人", "单位主要领导"))


RESULT_HEADERS = ("序号", "姓名", "原单位", "新单位", "方式", "说明", "本人表态", "报到期限")


def result_rows(table: ResultsTable) -> Rows:
    """B5–B6: per person home unit → new unit, how, and for the unplaced the reason."""
    rows = [
        (i, r.name, r.home, r.unit, r.how, r.note, r.answer, cn_date(r.deadline))
        for i, r in enumerate(table.rows, start=1)
    ]
    return RESULT_HEADERS, rows


def results_table_xlsx(table: ResultsTable) -> bytes:
    heads, rows = result_rows(table)
    return table_workbook(table.title, heads, rows, RESULT_WIDTHS)


def results_table_pdf(table: ResultsTable) -> bytes:
    heads, rows = result_rows(table)
    return _table_pdf(table.title, heads, rows, RESULT_WIDTHS)


def _table_pdf(
    title: str,
    heads: Sequence[str],
    rows: Sequence[Sequence],
    widths: Sequence[int],
    *,
    note: str = "",
    signatures: Sequence[str] = (),
) -> bytes:
    total = sum(widths[: len(heads)]) or 1
    return render_pdf(
        "documents/exchange_table.html",
        {
            "title": title,
            "note": note,
            "heads": heads,
            "shares": [round(100 * w / total, 2) for w in widths[: len(heads)]],
            "rows": [["" if value is None else value for value in row] for row in rows],
            "signatures": signatures,
        },
    )


def _cn(k: int) -> str:
    return "一二三四五六七八九十"[k - 1] if 1 <= k <= 10 else str(k)
