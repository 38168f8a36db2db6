"""B5: the frozen form of a matching — canonical JSON, its SHA-256, and the replay.

Inputs and result are plain JSON (cadres by their candidate number as a string, units by
their code), serialised one way only: keys sorted, no spaces, UTF-8. Anybody holding the
two texts can re-hash them and re-run :func:`cadrex.rules.matching.match` on the inputs; the
same inputs always give the same result text, hence the same hash.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from cadrex.rules import RuleViolation
from cadrex.rules.matching import Matching, match
from cadrex.rules.matching_explain import blocking_pairs, explain
from cadrex.rules.policy import Policy

FORMAT = "cadrex.matching/1"


def canonical(value: Any) -> str:
    """The one serialisation that is hashed: sorted keys, no spaces, Chinese kept as is."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def policy_of(inputs: dict) -> Policy:
    return Policy.from_overrides(inputs["policy"])


def run(inputs: dict) -> Matching:
    """Re-run the matcher exactly as the office did (B5)."""
    return match(
        inputs["preferences"],
        inputs["proposals"],
        inputs["vacancies"],
        policy=policy_of(inputs),
        proposing=inputs["proposing"],
    )


def result_of(matching: Matching, inputs: dict) -> dict:
    """The part of a matching that is frozen: who goes where, who is left, and why (by kind)."""
    why = explain(matching, inputs["preferences"], inputs["proposals"])
    return {
        "format": FORMAT,
        "assignment": dict(matching.assignment),
        "unplaced": list(matching.unplaced),
        "outcomes": {
            cadre: {"outcome": str(e.outcome), "choice": e.choice} for cadre, e in why.items()
        },
    }


def freeze(inputs: dict) -> tuple[str, str, int]:
    """Canonical inputs text, canonical result text, and the number of blocking pairs.

    The inputs are parsed back from their own canonical text before matching, so the
    matcher sees exactly what ``verify`` will see later (same key order, same types).
    """
    inputs_text = canonical(inputs)
    parsed = json.loads(inputs_text)
    matching = run(parsed)
    pairs = blocking_pairs(
        matching, parsed["preferences"], parsed["proposals"], parsed["vacancies"]
    )
    return inputs_text, canonical(result_of(matching, parsed)), len(pairs)


def verify(inputs_text: str, inputs_hash: str, result_text: str, result_hash: str) -> list[str]:
    """Every way a stored matching fails to reproduce; empty when it is sound.

    Step 1. Both texts still hash to the stored hashes.
    Step 2. Re-running the matcher on the stored inputs gives the stored result, person by
            person (each difference is reported).
    Step 3. The stored assignment has no blocking pair (it is stable).
    """
    problems = []
    if sha256(inputs_text) != inputs_hash:
        problems.append(
            f"输入的 SHA-256 与记录不符：记录 {inputs_hash}，实际 {sha256(inputs_text)}。"
        )
    if sha256(result_text) != result_hash:
        problems.append(
            f"结果的 SHA-256 与记录不符：记录 {result_hash}，实际 {sha256(result_text)}。"
        )
    try:
        inputs, stored = json.loads(inputs_text), json.loads(result_text)
    except ValueError as error:
        return [*problems, f"冻结的文本不是有效的 JSON：{error}。"]
    try:
        again = result_of(run(inputs), inputs)
    except RuleViolation as violation:
        return [*problems, f"冻结的输入不能重新匹配：{violation.message}（规则 {violation.rule}）"]
    old, new = stored.get("assignment", {}), again["assignment"]
    for cadre in sorted(set(old) | set(new), key=_number_first):
        if old.get(cadre) != new.get(cadre):
            problems.append(
                f"交流对象 {cadre}：记录为 {old.get(cadre) or '落岗'}，"
                f"重新匹配为 {new.get(cadre) or '落岗'}。"
            )
    if canonical(stored) != canonical(again) and not any("交流对象" in p for p in problems):
        problems.append("结果的其他内容（落岗名单或匹配说明）与重新匹配不一致。")
    recorded = Matching(assignment=dict(old), unplaced=tuple(stored.get("unplaced", ())))
    pairs = blocking_pairs(
        recorded, inputs["preferences"], inputs["proposals"], inputs["vacancies"]
    )
    for cadre, unit in pairs:
        problems.append(f"记录的结果不稳定：交流对象 {cadre} 与单位 {unit} 互相更愿意选择对方。")
    return problems


def _number_first(key: str) -> tuple[int, str]:
    return (int(key), key) if key.isdigit() else (0, key)
