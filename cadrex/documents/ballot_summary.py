"""《票决情况汇总表》 — the ballot summary (A10), .xlsx and .pdf, with supervisor and counter lines."""

from __future__ import annotations

from cadrex.documents.pdf import render_pdf
from cadrex.documents.xlsx import table_workbook


def ballot_lines(ballot) -> list[dict]:
    from cadrex.competition.models import Application

    names = dict(
        Application.objects.filter(pk__in=[int(c) for c in ballot.candidates]).values_list(
            "pk", "cadre__name"
        )
    )
    counts = (ballot.tally or {}).get("counts", {})
    elected = set((ballot.tally or {}).get("elected", []))
    threshold = (ballot.tally or {}).get("threshold")
    lines = []
    for key in ballot.candidates:
        c = counts.get(key, {"for": 0, "against": 0, "abstain": 0})
        result = "当选" if key in elected else ("未过半数" if ballot.tally else "")
        lines.append(
            {
                "name": names.get(int(key), key),
                "for": c["for"],
                "against": c["against"],
                "abstain": c["abstain"],
                "result": result,
                "threshold": threshold,
            }
        )
    return lines


def _verdict(ballot) -> str:
    outcome = ballot.tally or {}
    if ballot.status == "no_quorum":
        return "实到会人数不足应到会人数的三分之二，未进行票决，本轮不作决定"
    if not outcome:
        return "尚未计票"
    if not outcome.get("quorum_met"):
        return "实到会人数不足三分之二，本轮不作决定"
    if outcome.get("decided"):
        return "产生任职人选"
    if outcome.get("revote_among"):
        return "得票相同，须在得票相同者中重新票决"
    return "无人获得应到会成员半数以上赞成票，本轮不作决定，须重新票决"


def ballot_summary_xlsx(ballot) -> bytes:
    outcome = ballot.tally or {}
    note = (
        f"{ballot.committee}　{ballot.held_on:%Y年%m月%d日}　第{ballot.round}轮　应到会{ballot.expected}人，"
        f"实到会{ballot.present}人，请假：{ballot.on_leave or '无'}；发出选票{ballot.present}张，收回{outcome.get('returned', '')}张，"
        f"有效{outcome.get('valid', '')}张，无效{outcome.get('invalid', '')}张；到会人数{'达到' if outcome.get('quorum_met') else '未达到'}应到会人数的三分之二；"
        f"当选须获赞成票{outcome.get('threshold', '')}票以上（超过应到会成员半数）。结论：{_verdict(ballot)}"
    )
    rows = [
        (i, ln["name"], ln["for"], ln["against"], ln["abstain"], ln["result"])
        for i, ln in enumerate(ballot_lines(ballot), 1)
    ]
    rows += [
        ("", "", "", "", "", ""),
        ("监票人：", ballot.supervisor, "", "计票人：", ballot.counter, ""),
    ]
    title = f"{ballot.opening.unit.name}{ballot.opening.post_name}票决情况汇总表"
    return table_workbook(
        title,
        ("序号", "候选人", "赞成", "不赞成", "弃权", "结果"),
        rows,
        (8, 16, 10, 10, 10, 16),
        note,
    )


def ballot_summary_pdf(ballot) -> bytes:
    return render_pdf(
        "documents/ballot_summary.html",
        {
            "ballot": ballot,
            "lines": ballot_lines(ballot),
            "outcome": ballot.tally or {},
            "verdict": _verdict(ballot),
        },
    )
