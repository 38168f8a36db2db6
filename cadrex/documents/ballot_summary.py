"""《票决情况汇总表》 — the ballot summary (A10), .xlsx and .pdf, with supervisor and counter lines."""

from __future__ import annotations

from cadrex.documents import values as v
from cadrex.documents.pdf import render_pdf
from cadrex.documents.values import BallotSummary, cn_date
from cadrex.documents.xlsx import table_workbook

VERDICTS = {
    v.NO_QUORUM: "实到会人数不足应到会人数的三分之二，未进行票决，本轮不作决定",
    v.NOT_COUNTED: "尚未计票",
    v.QUORUM_NOT_MET: "实到会人数不足三分之二，本轮不作决定",
    v.DECIDED: "产生任职人选",
    v.REVOTE_TIED: "得票相同，须在得票相同者中重新票决",
    v.UNDECIDED: "无人获得应到会成员半数以上赞成票，本轮不作决定，须重新票决",
}


def verdict(summary: BallotSummary) -> str:
    """The summary's conclusion (结论)."""
    return VERDICTS[summary.outcome]


def ballot_summary_xlsx(summary: BallotSummary) -> bytes:
    s = summary
    note = (
        f"{s.committee}　{cn_date(s.held_on)}　第{s.round}轮　应到会{s.expected}人，"
        f"实到会{s.present}人，请假：{s.on_leave or '无'}；发出选票{s.present}张，收回{s.returned}张，"
        f"有效{s.valid}张，无效{s.invalid}张；到会人数{'达到' if s.quorum_met else '未达到'}应到会人数的三分之二；"
        f"当选须获赞成票{s.threshold}票以上（超过应到会成员半数）。结论：{verdict(s)}"
    )
    rows = [
        (i, ln.name, ln.votes_for, ln.against, ln.abstain, ln.result)
        for i, ln in enumerate(s.lines, 1)
    ]
    rows += [
        ("", "", "", "", "", ""),
        ("监票人：", s.supervisor, "", "计票人：", s.counter, ""),
    ]
    title = f"{s.unit_name}{s.post_name}票决情况汇总表"
    return table_workbook(
        title,
        ("序号", "候选人", "赞成", "不赞成", "弃权", "结果"),
        rows,
        (8, 16, 10, 10, 10, 16),
        note,
    )


def ballot_summary_pdf(summary: BallotSummary) -> bytes:
    return render_pdf("documents/ballot_summary.html", {"s": summary, "verdict": verdict(summary)})
