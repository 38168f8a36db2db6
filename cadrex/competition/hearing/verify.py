"""Re-deriving the hearing's published results from its evidence, the jurors' score chains
and the hearing's seals (A8, ADR 0003). Returns the problems found, in Chinese, naming the
record; an empty list means everything re-derives.

- every juror's chain, link by link (a gap, an altered or re-ordered entry breaks a link);
- the seals, link by link, and each seal's juror heads against the chains: an entry removed
  from, or added to, the end of a chain after a contestant's scoring closed disagrees with a
  seal; every entry lies between the seals of its own contestant's turn (nothing recorded
  for a contestant after their close, nothing moved into another contestant's turn);
- both directions between entries and rows: every score entry has its row, unchanged, and
  every row has its entry — so a deleted, added or altered score or void is named;
- every total recomputed by the rules core from the live scores, and against its seal.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict

from cadrex.competition.chain import entry_hash, score_payload
from cadrex.competition.hearing.ledger import seal_payload
from cadrex.competition.hearing.models import (
    ChainEntry,
    ChainSeal,
    Hearing,
    HearingContestant,
    Score,
    ScoringState,
)
from cadrex.competition.hearing.selectors import compute
from cadrex.rules import RuleViolation

# ------------------------------------------------------------------ A8 the hearing


class _Chains:
    """What the chains say: score entries and voids by (juror, seq), each entry's contestant,
    and each juror's entries in order."""

    def __init__(self) -> None:
        self.recorded: dict[tuple[int, int], dict] = {}
        self.voids: dict[tuple[int, int], str] = {}
        self.contestant_of: dict[tuple[int, int], int] = {}
        self.by_juror: dict[int, list[ChainEntry]] = defaultdict(list)


def _walk_chains(hearing: Hearing, names: dict[int, str], problems: list[str]) -> _Chains:
    chains = _Chains()
    for entry in ChainEntry.objects.filter(hearing=hearing).order_by("juror_id", "seq"):
        chains.by_juror[entry.juror_id].append(entry)
    for juror_id, entries in chains.by_juror.items():
        who = f"评委{names.get(juror_id, f'#{juror_id}')}的评分链"
        prev, expected = "", 1
        for entry in entries:
            if entry.seq != expected:
                problems.append(f"{who}缺少第{expected}条记录（下一条为第{entry.seq}条）。")
            if entry.prev_hash != prev or entry.hash != entry_hash(
                prev, entry.kind, entry.seq, entry.payload
            ):
                problems.append(f"{who}第{entry.seq}条的哈希不符，记录可能被改动。")
            prev, expected = entry.hash, entry.seq + 1
            _read_entry(chains, juror_id, entry, who, problems)
    return chains


def _read_entry(chains: _Chains, juror_id: int, entry: ChainEntry, who: str, problems) -> None:
    key = (juror_id, entry.seq)
    if entry.kind == "score":
        if entry.payload.get("juror") != juror_id:
            problems.append(f"{who}第{entry.seq}条记录的是另一位评委的评分，可能被移动。")
        chains.recorded[key] = entry.payload
        chains.contestant_of[key] = entry.payload.get("contestant")
    elif entry.kind == "void":
        scored = (juror_id, entry.payload.get("score_seq"))
        chains.voids[scored] = entry.payload.get("reason", "")
        chains.contestant_of[key] = chains.contestant_of.get(scored)
        if scored not in chains.recorded:
            problems.append(f"{who}第{entry.seq}条作废记录指向不存在的第{scored[1]}条评分。")
    else:
        problems.append(f"{who}第{entry.seq}条的类型“{entry.kind}”无法识别。")


def _walk_seals(
    hearing: Hearing,
    chains: _Chains,
    names: dict[int, str],
    problems: list[str],
) -> list[ChainSeal]:
    """The seal chain, and each seal's heads against the juror chains."""
    seals = list(ChainSeal.objects.filter(hearing=hearing).order_by("seq"))
    prev = ""
    for expected, seal in enumerate(seals, start=1):
        if seal.seq != expected:
            problems.append(f"封存记录缺少第{expected}次（下一条为第{seal.seq}次）。")
        if seal.prev_hash != prev or seal.hash != entry_hash(prev, "seal", seal.seq, seal.payload):
            problems.append(f"第{seal.seq}次封存记录的哈希不符，记录可能被改动。")
        prev = seal.hash
        if seal.payload.get("contestant") != seal.contestant_id:
            problems.append(f"第{seal.seq}次封存记录与其竞岗对象不符。")
        for juror, (seq, digest) in _heads(seal).items():
            entries = chains.by_juror.get(juror, [])
            found = next((e for e in entries if e.seq == seq), None)
            who = f"评委{names.get(juror, f'#{juror}')}的评分链"
            if found is None:
                last = entries[-1].seq if entries else 0
                gone = f"第{seq}条" if last + 1 >= seq else f"第{last + 1}条至第{seq}条"
                problems.append(
                    f"{who}缺少{gone}记录（第{seal.seq}次封存时已有{seq}条），评分可能被删除。"
                )
            elif found.hash != digest:
                problems.append(f"{who}第{seq}条与第{seal.seq}次封存记录不符，记录可能被改动。")
    if prev != hearing.chain_head or len(seals) != hearing.chain_length:
        problems.append(
            f"封存链末端与本场记录不符（记录{hearing.chain_length}次，现有{len(seals)}次），"
            "可能有封存记录被删除。"
        )
    return seals


def _heads(seal: ChainSeal) -> dict[int, tuple[int, str]]:
    heads = seal.payload.get("heads") or {}
    return {int(j): (int(seq), digest) for j, (seq, digest) in heads.items()}


def _check_turns(
    contestants: dict[int, HearingContestant],
    chains: _Chains,
    seals: list[ChainSeal],
    names: dict[int, str],
    problems: list[str],
) -> None:
    """Every entry lies in its own contestant's turn: after the seal before it and no later
    than the seal of its contestant's close; past the last seal only while still open."""
    sealed = {s.contestant_id: s for s in seals}
    for pk, contestant in contestants.items():
        if contestant.scoring == ScoringState.CLOSED and pk not in sealed:
            problems.append(f"{contestant}的评分已结束，但没有封存记录。")
        if contestant.scoring != ScoringState.CLOSED and pk in sealed:
            problems.append(f"{contestant}已封存，但评分状态不是“评分结束”，记录可能被改动。")
    cuts = [(s.contestant_id, _heads(s)) for s in seals]
    for juror, entries in chains.by_juror.items():
        bounds = [heads.get(juror, (0, ""))[0] for _, heads in cuts]
        bounds = [max(bounds[: i + 1]) for i in range(len(bounds))]  # never backwards
        for entry in entries:
            turn = bisect_left(bounds, entry.seq)
            owner = cuts[turn][0] if turn < len(cuts) else None
            mine = chains.contestant_of.get((juror, entry.seq))
            if mine == owner:
                continue
            who = f"评委{names.get(juror, f'#{juror}')}的评分链第{entry.seq}条（竞岗对象#{mine}）"
            if owner is not None:
                problems.append(f"{who}位于竞岗对象#{owner}的评分期间，记录顺序可能被改动。")
            elif mine not in contestants:
                problems.append(f"{who}不属于本场公开竞岗。")
            elif mine in sealed:
                problems.append(f"{who}在该竞岗对象评分结束封存之后，可能是事后添加的。")
            elif contestants[mine].scoring != ScoringState.OPEN:
                problems.append(f"{who}记录于该竞岗对象评分开始之前，可能是事后添加的。")


def _check_scores(
    hearing: Hearing, chains: _Chains, names: dict[int, str], problems: list[str]
) -> None:
    rows = list(
        Score.objects.filter(contestant__hearing=hearing).select_related(
            "juror", "contestant__application__cadre"
        )
    )
    by_key = Counter((score.juror_id, score.chain_seq) for score in rows)
    for score in rows:
        who = f"评分#{score.pk}（{score.juror.name} → {score.contestant}）"
        key = (score.juror_id, score.chain_seq)
        payload = chains.recorded.get(key)
        if payload is None:
            problems.append(f"{who}不在评分链中，可能是事后添加的。")
            continue
        if by_key[key] > 1:
            problems.append(f"{who}与其他评分共用评分链第{score.chain_seq}条，可能是事后添加的。")
        if payload != score_payload(score):
            problems.append(
                f"{who}与评分链记录不符：链中为{payload['value']}分，现为{score.value:.2f}分。"
            )
        if score.voided != (key in chains.voids):
            problems.append(f"{who}的作废状态与评分链记录不符。")
    for (juror, seq), payload in chains.recorded.items():
        if (juror, seq) not in by_key:
            problems.append(
                f"评委{names.get(juror, f'#{juror}')}的评分链第{seq}条（对竞岗对象"
                f"#{payload['contestant']}的{payload['value']}分）没有对应的评分记录，"
                "评分可能被删除。"
            )


def _check_totals(
    contestants: dict[int, HearingContestant], seals: list[ChainSeal], problems: list[str]
) -> None:
    sealed = {s.contestant_id: s for s in seals}
    for contestant in contestants.values():
        if contestant.scoring != ScoringState.CLOSED:
            continue
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
        seal = sealed.get(contestant.pk)
        if seal is not None:
            expected = seal_payload(contestant.pk, {}, result)
            if any(
                seal.payload.get(k) != expected[k] for k in ("leader_mean", "staff_mean", "total")
            ):
                problems.append(f"{contestant}：封存记录中的得分与按原始评分重新计算的不符。")


def verify_hearing(hearing: Hearing) -> list[str]:
    """A8: every juror's chain link by link, the seals and the heads they hold, each entry
    in its contestant's turn, each score row against its entry and each entry against its
    row, the voids, and every total recomputed by the rules core from the live scores."""
    hearing = Hearing.objects.select_related("opening__campaign").get(pk=hearing.pk)  # fresh head
    problems: list[str] = []
    names = dict(hearing.jurors.values_list("pk", "name"))
    contestants = {c.pk: c for c in hearing.contestants.select_related("application__cadre")}
    for contestant in contestants.values():
        contestant.hearing = hearing  # its policy, without a query each
    chains = _walk_chains(hearing, names, problems)
    seals = _walk_seals(hearing, chains, names, problems)
    _check_turns(contestants, chains, seals, names, problems)
    _check_scores(hearing, chains, names, problems)
    _check_totals(contestants, seals, problems)
    return problems
