"""Re-deriving the hearing's published results from its evidence, the score chain (A8).
Returns the problems found, in Chinese, naming the record; an empty list means everything
re-derives.

Both directions are checked: every entry of the chain has its row, unchanged, and every row
has its entry — so a deleted, added or altered score or void is named.
"""

from __future__ import annotations

from collections import Counter

from cadrex.competition.chain import entry_hash, score_payload
from cadrex.competition.hearing.models import Hearing, Score, ScoringState
from cadrex.competition.hearing.selectors import compute
from cadrex.rules import RuleViolation

# ------------------------------------------------------------------ A8 the hearing


def _walk_chain(hearing: Hearing, problems: list[str]) -> tuple[dict[int, dict], dict[int, str]]:
    """Every link of the chain; returns the score entries and the voids by score seq."""
    prev = ""
    recorded: dict[int, dict] = {}
    voids: dict[int, str] = {}
    entries = list(hearing.chain.order_by("seq"))
    for expected_seq, entry in enumerate(entries, start=1):
        if entry.seq != expected_seq:
            problems.append(f"评分链缺少第{expected_seq}条记录（下一条为第{entry.seq}条）。")
        if entry.prev_hash != prev or entry.hash != entry_hash(
            prev, entry.kind, entry.seq, entry.payload
        ):
            problems.append(f"评分链第{entry.seq}条的哈希不符，记录可能被改动。")
        prev = entry.hash
        if entry.kind == "score":
            recorded[entry.seq] = entry.payload
        else:
            voids[entry.payload["score_seq"]] = entry.payload.get("reason", "")
    if prev != hearing.chain_head or len(entries) != hearing.chain_length:
        problems.append(
            f"评分链末端与本场记录不符（记录{hearing.chain_length}条，现有{len(entries)}条），"
            "可能有记录被删除。"
        )
    return recorded, voids


def _check_scores(
    hearing: Hearing, recorded: dict[int, dict], voids: dict[int, str], problems: list[str]
) -> None:
    rows = list(
        Score.objects.filter(contestant__hearing=hearing).select_related("juror", "contestant")
    )
    by_seq = Counter(score.chain_seq for score in rows)
    for score in rows:
        who = f"评分#{score.pk}（{score.juror.name} → {score.contestant}）"
        payload = recorded.get(score.chain_seq)
        if payload is None:
            problems.append(f"{who}不在评分链中，可能是事后添加的。")
            continue
        if by_seq[score.chain_seq] > 1:
            problems.append(f"{who}与其他评分共用评分链第{score.chain_seq}条，可能是事后添加的。")
        if payload != score_payload(score):
            problems.append(
                f"{who}与评分链记录不符：链中为{payload['value']}分，现为{score.value:.2f}分。"
            )
        if score.voided != (score.chain_seq in voids):
            problems.append(f"{who}的作废状态与评分链记录不符。")
    for seq, payload in recorded.items():
        if seq not in by_seq:
            problems.append(
                f"评分链第{seq}条（评委#{payload['juror']}对竞岗对象#{payload['contestant']}"
                f"的{payload['value']}分）没有对应的评分记录，评分可能被删除。"
            )
    for seq in voids:
        if seq not in recorded:
            problems.append(f"评分链中的作废记录指向不存在的第{seq}条评分。")


def _check_totals(hearing: Hearing, problems: list[str]) -> None:
    for contestant in hearing.contestants.filter(scoring=ScoringState.CLOSED):
        try:
            result = compute(contestant)
        except RuleViolation as violation:
            problems.append(f"{contestant}：按原始评分无法计算得分（{violation.message}）")
            continue
        if (result.leader_mean, result.staff_mean, result.total) != (
            contestant.leader_mean,
            contestant.staff_mean,
            contestant.total,
        ):
            problems.append(
                f"{contestant}：记录的得分{contestant.total}与按原始评分重新计算的"
                f"{result.total}不符。"
            )


def verify_hearing(hearing: Hearing) -> list[str]:
    """A8: the chain link by link, each score row against its entry and each entry against
    its row, the voids, and every total recomputed by the rules core from the live scores."""
    hearing = Hearing.objects.select_related("opening__campaign").get(pk=hearing.pk)  # fresh head
    problems: list[str] = []
    recorded, voids = _walk_chain(hearing, problems)
    _check_scores(hearing, recorded, voids, problems)
    _check_totals(hearing, problems)
    return problems
