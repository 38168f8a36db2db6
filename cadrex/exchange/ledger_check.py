"""Checks part B's decision ledger against itself and against every row people read
(``manage.py verify_matching``; ADR 0006).

Step 1. The chain: sequence numbers 1…n without a gap, each entry's ``prev_hash`` the hash
        before it, each hash recomputed from its content, the last one the recorded head.
Step 2. The ledger against the frozen matching, round by round (ADR 0011): each round's
        published run is the one whose hashes the ledger recorded, and its result assigns
        exactly the matched placements the ledger lists; the meeting's entry covers exactly
        the last round's unplaced people and carries the meeting date and note the pages
        show. The rounds follow each other (round n reads round n - 1's unplaced and the
        vacancies it left), and each round's forms re-derived from the rows (vacancies,
        preferences, proposals) are still its frozen inputs: a row deleted, added or changed
        is named.
Step 3. Both directions between the ledger and the rows: every decided placement and every
        standby equals what the ledger says (unit, kind, choice, answer, deadline, checklist,
        standby dates and outcome), and every such row has its entry. Each difference names
        the person and the field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from cadrex.audit.chain import entry_hash
from cadrex.exchange.ledger import (
    KIND_LABELS,
    Decided,
    entries_of,
    fold,
    placement_fields,
    standby_fields,
)
from cadrex.exchange.models import (
    TRANSFER_ITEMS,
    Answer,
    DecisionEntry,
    ExchangeCandidate,
    MatchingRun,
    Placement,
    PlacementKind,
    Standby,
    StandbyOutcome,
    TwoWaySelection,
)
from cadrex.exchange.results import matching_inputs
from cadrex.exchange.rounds import following_facts, published_runs
from cadrex.registry.models import Unit

PLACEMENT_LABELS = {
    "kind": "方式",
    "unit": "单位",
    "choice": "意向顺序",
    "reason": "未能安置原因",
    "answer": "本人表态",
    "note": "表态说明",
    "reporting_deadline": "报到期限",
    **TRANSFER_ITEMS,
}
STANDBY_LABELS = {
    "rule": "依据",
    "start": "待岗开始",
    "end": "待岗期满",
    "bonus_withheld": "扣发考核奖",
    "outcome": "结果",
    "outcome_unit": "期满后安排的单位",
    "year": "不称职等次的考核年度",
}
NO_LEDGER = (
    "该工作的双向选择匹配结果公布于决定账本建立之前，没有决定账本："
    "只核对了匹配本身，交流安排、表态和待岗记录无从核对。"
)


@dataclass
class LedgerReport:
    problems: list[str] = field(default_factory=list)
    summary: str = ""  # one sentence for the success line


def verify_ledger(campaign, run: MatchingRun | None) -> LedgerReport:
    """Every way part B's rows and ledger disagree, for ``campaign`` whose published run
    is ``run`` (None when nothing is published)."""
    selection = TwoWaySelection.objects.filter(campaign=campaign).first()
    entries = entries_of(campaign)
    if selection is None:
        if entries or run is not None or _decided_rows(campaign).exists():
            return LedgerReport(["缺少本工作的双向选择记录（账本末端无从核对）。"])
        return LedgerReport(summary="尚无交流安排。")
    if not selection.ledger_kept:
        if entries:
            return LedgerReport([f"本工作标记为没有决定账本，却有 {len(entries)} 条账本记录。"])
        return LedgerReport(summary=NO_LEDGER)
    report = LedgerReport(problems=chain_problems(selection, entries))
    decided = fold(entries)
    report.problems += decided.problems
    view = _Names(campaign, decided)
    runs = published_runs(campaign)
    report.problems += round_problems(campaign, runs, view)
    for number in sorted(set(decided.matchings) | {r.round for r in runs}):
        report.problems += _matching_problems(
            decided.matchings.get(number),
            next((r for r in runs if r.round == number), None),
            view,
            number,
        )
    report.problems += _meeting_problems(decided, selection, runs[-1] if runs else run)
    report.problems += _placement_problems(campaign, decided, view)
    report.problems += _standby_problems(campaign, decided, view)
    head = selection.ledger_head or "（空）"
    report.summary = (
        f"决定账本 {len(entries)} 条，末端哈希 {head}，"
        f"与 {len(decided.placements)} 项交流安排、{len(decided.standbys)} 项待岗记录一致。"
    )
    return report


# ------------------------------------------------------------------ step 1: the chain


def chain_problems(selection: TwoWaySelection, entries: list[DecisionEntry]) -> list[str]:
    problems = []
    previous, last_seq = "", 0
    for entry in entries:
        what = f"决定账本第 {entry.seq} 条（{KIND_LABELS.get(entry.kind, entry.kind)}）"
        if entry.seq != last_seq + 1:
            gap = (
                f"{last_seq + 1}"
                if entry.seq == last_seq + 2
                else f"{last_seq + 1}–{entry.seq - 1}"
            )
            problems.append(f"决定账本缺少第 {gap} 条（被删除）。")
        if entry.prev_hash != previous:
            problems.append(f"{what}记录的前一条哈希与前一条不符（其前的记录被删改）。")
        if entry_hash(entry.prev_hash, entry.kind, entry.seq, entry.payload) != entry.hash:
            problems.append(f"{what}的内容与其哈希不符（被修改）。")
        previous, last_seq = entry.hash, entry.seq
    if previous != selection.ledger_head:
        problems.append("决定账本最后一条的哈希与记录的账本末端不符（末尾的记录被删除或改动）。")
    if len(entries) != selection.ledger_length:
        problems.append(f"决定账本应有 {selection.ledger_length} 条，实有 {len(entries)} 条。")
    return problems


# ------------------------------------------------------------------ naming people and values


class _Names:
    """Candidates and units by name, for messages (numbers and codes in the ledger)."""

    def __init__(self, campaign, decided: Decided) -> None:
        rows = ExchangeCandidate.objects.filter(campaign=campaign).select_related("cadre")
        self.people = {c.pk: c.cadre.name for c in rows}
        self.fallback = decided.names
        self.units = dict(Unit.objects.values_list("code", "name"))

    def person(self, candidate: int) -> str:
        name = self.people.get(candidate) or self.fallback.get(candidate) or "（姓名不详）"
        return f"{name}（交流对象 {candidate}）"

    def unit(self, code: str | None) -> str:
        return self.units.get(code, code) if code else "未安置"

    def value(self, name: str, value: Any) -> str:
        if name in ("unit", "outcome_unit"):
            return self.unit(value)
        if name == "kind":
            return PlacementKind(value).label if value in PlacementKind.values else str(value)
        if name == "answer":
            return Answer(value).label if value in Answer.values else str(value)
        if name == "outcome":
            return StandbyOutcome(value).label if value in StandbyOutcome.values else str(value)
        if name in TRANSFER_ITEMS:
            return "已登记" if value else "未登记"
        if isinstance(value, bool):
            return "是" if value else "否"
        return "无" if value in (None, "") else str(value)


def _differences(expected: dict, actual: dict, labels: dict[str, str], names: _Names) -> list[str]:
    return [
        f"{label} 账本为“{names.value(key, expected.get(key))}”，"
        f"数据库为“{names.value(key, actual.get(key))}”"
        for key, label in labels.items()
        if expected.get(key) != actual.get(key)
    ]


# ------------------------------------------------------------------ step 2: matching, meeting


def _matching_problems(
    entry: dict | None, run: MatchingRun | None, names: _Names, number: int = 1
) -> list[str]:
    """Round ``number``: its ledger entry against its published run."""
    what = f"第 {number} 轮" if number > 1 else ""
    if entry is None:
        if run is not None:
            return [f"已公布{what}第 {run.pk} 次匹配，但决定账本中没有公布记录。"]
        return []
    recorded, digest = entry.get("run"), str(entry.get("result_sha256", ""))
    if run is None:
        return [f"决定账本记录公布了{what}第 {recorded} 次匹配，数据库中却没有已公布的匹配。"]
    if recorded != run.pk or digest != run.result_sha256:
        return [
            f"决定账本记录公布的{what}是第 {recorded} 次匹配（结果 SHA-256 {digest[:16]}…），"
            f"数据库中公布的是第 {run.pk} 次（{run.result_sha256[:16]}…）。"
        ]
    result = _result_of(run)  # not JSON: the frozen checks already say so
    listed = {line.get("candidate"): line for line in entry.get("placements", [])}
    problems = []
    for key, code in result.get("assignment", {}).items():
        candidate = int(key)
        line = listed.pop(candidate, None)
        choice = result.get("outcomes", {}).get(key, {}).get("choice")
        if line is None or (line.get("unit"), line.get("choice")) != (code, choice):
            recorded_line = (
                _choice_line(names, line.get("unit"), line.get("choice")) if line else "无"
            )
            problems.append(
                f"{names.person(candidate)}：匹配结果为{_choice_line(names, code, choice)}，"
                f"决定账本为{recorded_line}。"
            )
    for candidate, line in listed.items():
        problems.append(
            f"{names.person(candidate)}：决定账本记为匹配到“{names.unit(line.get('unit'))}”，"
            "匹配结果中没有。"
        )
    return problems


def round_problems(campaign, runs: list[MatchingRun], names: _Names) -> list[str]:
    """The rounds follow each other, and each round's forms, re-derived from the rows, are
    its frozen inputs (a row deleted, added or changed is named)."""
    problems = []
    numbers = [r.round for r in runs]
    if numbers != list(range(1, len(runs) + 1)):
        problems.append(f"已公布的匹配轮次应为 1 至 {len(runs)}，实为 {numbers}。")
    by_round = {r.round: r for r in runs}
    for run in runs:
        what = f"第 {run.round} 轮" if run.round > 1 else "双向选择匹配"
        try:
            stored = json.loads(run.inputs)
        except ValueError:
            continue  # the frozen checks say so
        previous = by_round.get(run.round - 1)
        if run.round > 1 and previous is not None:
            facts = following_facts(previous)
            if stored.get("vacancies") != facts.vacancies or set(stored.get("preferences", {})) != {
                str(p) for p in facts.people or ()
            }:
                problems.append(
                    f"{what}的输入与第 {run.round - 1} 轮的结果不衔接"
                    "（参加人员应为上一轮落岗人员，缺员应为上一轮剩余缺员）。"
                )
        again = matching_inputs(campaign, run.round)
        problems += _input_differences(what, stored, again, names)
    return problems


def _input_differences(what: str, stored: dict, again: dict, names: _Names) -> list[str]:
    found = []
    for part, label, show in (
        ("vacancies", "缺员人数", names.unit),
        ("preferences", "意向", lambda key: names.person(int(key))),
        ("proposals", "建议人选", names.unit),
    ):
        old, new = stored.get(part, {}), again.get(part, {})
        for key in sorted(set(old) | set(new), key=lambda k: (len(str(k)), str(k))):
            if old.get(key) != new.get(key):
                found.append(
                    f"{what}冻结的{label}与数据库不符（记录被删除、增加或改动）："
                    f"{show(key)} 冻结为 {_listing(old.get(key), names, part)}，"
                    f"数据库为 {_listing(new.get(key), names, part)}。"
                )
    forms = ("vacancies", "preferences", "proposals")
    rest = {k: v for k, v in stored.items() if k not in forms}
    if rest != {k: v for k, v in again.items() if k not in forms}:
        found.append(f"{what}冻结的输入（政策参数或轮次）与数据库不符。")
    return found


def _listing(value, names: _Names, part: str) -> str:
    if value is None:
        return "无"
    if part == "vacancies":
        return str(value)
    if part == "preferences":
        return "、".join(names.unit(code) for code in value) or "未填报"
    return "、".join(names.person(int(key)) for key in value) or "无"


def _choice_line(names: _Names, code: str | None, choice: int | None) -> str:
    return f"“{names.unit(code)}”（第 {choice} 意向）"


def _meeting_problems(
    decided: Decided, selection: TwoWaySelection, run: MatchingRun | None
) -> list[str]:
    entry = decided.meeting
    if entry is None:
        if selection.directed_confirmed_at:
            return ["页面显示定向交流已经部务会议确定，但决定账本中没有部务会议的决定。"]
        return []
    problems = []
    if not selection.directed_confirmed_at:
        problems.append("决定账本记录了部务会议的决定，数据库中定向交流却显示为未确定。")
    shown_date = selection.meeting_date.isoformat() if selection.meeting_date else "无"
    if entry.get("meeting_date") != shown_date:
        problems.append(
            f"部务会议日期 账本为“{entry.get('meeting_date')}”，数据库为“{shown_date}”。"
        )
    if entry.get("note") != selection.meeting_note:
        problems.append(
            f"部务会议研究意见 账本为“{entry.get('note')}”，数据库为“{selection.meeting_note}”。"
        )
    if run is not None:
        unplaced = {int(c) for c in _result_of(run).get("unplaced", [])}  # the last round
        listed = {line.get("candidate") for line in entry.get("placements", [])}
        if unplaced != listed:
            problems.append("部务会议决定的人员与匹配结果中落岗和未填报意向的人员不一致。")
    return problems


def _result_of(run: MatchingRun) -> dict:
    try:
        return json.loads(run.result)
    except ValueError:
        return {}


# ------------------------------------------------------------------ step 3: rows both ways


def _decided_rows(campaign):
    return Placement.objects.filter(
        candidate__campaign=campaign, decided_at__isnull=False
    ).select_related("unit")


def _placement_problems(campaign, decided: Decided, names: _Names) -> list[str]:
    rows = {p.candidate_id: placement_fields(p) for p in _decided_rows(campaign)}
    problems = []
    for candidate in sorted(set(decided.placements) | set(rows)):
        expected, actual = decided.placements.get(candidate), rows.get(candidate)
        who = names.person(candidate)
        if actual is None:
            problems.append(
                f"{who}：决定账本中有其已确定的交流安排（{_placement_line(expected, names)}），"
                "数据库中没有（被删除或改为未确定）。"
            )
        elif expected is None:
            problems.append(
                f"{who}：数据库中有已确定的交流安排（{_placement_line(actual, names)}），"
                "决定账本中没有这项决定。"
            )
        else:
            found = _differences(expected, actual, PLACEMENT_LABELS, names)
            if found:
                problems.append(f"{who}的交流安排与决定账本不符：" + "；".join(found) + "。")
    return problems


def _placement_line(fields: dict, names: _Names) -> str:
    return f"{names.value('kind', fields['kind'])} → {names.unit(fields['unit'])}"


def _standby_problems(campaign, decided: Decided, names: _Names) -> list[str]:
    rows = {
        s.placement.candidate_id: standby_fields(s)
        for s in Standby.objects.filter(placement__candidate__campaign=campaign).select_related(
            "placement", "outcome_unit"
        )
    }
    problems = []
    for candidate in sorted(set(decided.standbys) | set(rows)):
        expected, actual = decided.standbys.get(candidate), rows.get(candidate)
        who = names.person(candidate)
        if actual is None:
            problems.append(
                f"{who}：决定账本中有其待岗记录（{expected['start']} 起），数据库中没有。"
            )
        elif expected is None:
            problems.append(
                f"{who}：数据库中有待岗记录（{actual['start']} 起），决定账本中没有这项决定。"
            )
        else:
            found = _differences(expected, actual, STANDBY_LABELS, names)
            if found:
                problems.append(f"{who}的待岗记录与决定账本不符：" + "；".join(found) + "。")
    return problems
