"""A8 / POLICY: the optional item score sheet (分项评分表) of a campaign's policy — how it is
written, read and checked. ``rules.scoring.policy_sheet_values`` checks a juror's sheet."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from cadrex.rules.errors import RuleViolation


class ScoreItems(tuple):
    """A8: the item score sheet (分项评分表) — (name, maximum) pairs whose maxima add up to
    the top of the score range; empty when jurors give one total. Written for people as
    “工作思路=30；演讲表达=20；回答追问=30；综合素质=20”, stored as [[name, "max"], …]."""

    __slots__ = ()

    def __str__(self) -> str:
        return "；".join(f"{name}={top}" for name, top in self)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self)

    @property
    def maxima(self) -> tuple[Decimal, ...]:
        return tuple(top for _, top in self)

    def as_json(self) -> list[list[str]]:
        return [[name, str(top)] for name, top in self]


# The item sheet's limits: POLICY.md speaks of sheets of 4–5 items; a few more are allowed.
SCORE_ITEMS_MIN, SCORE_ITEMS_MAX, SCORE_ITEM_NAME_MAX = 2, 10, 20
_ITEM_SEPARATORS = re.compile(r"[；;，,、\n]+")
_ITEM_PAIR = re.compile(r"^(?P<name>.+?)\s*[=＝:：]\s*(?P<top>[^=＝:：]+)$")


def parse_score_items(name: str, raw: Any) -> ScoreItems:
    """A8: the item sheet from its text (“工作思路=30；演讲表达=20”), from JSON pairs
    ([["工作思路", "30"], …] or [{"name": …, "max": …}, …]) or as it is; None or "" is none."""
    if isinstance(raw, ScoreItems):
        return raw
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ScoreItems()
    if isinstance(raw, str):
        pairs = []
        for part in _ITEM_SEPARATORS.split(raw.strip()):
            if not part.strip():
                continue
            match = _ITEM_PAIR.match(part.strip())
            if match is None:
                raise RuleViolation(
                    "POLICY",
                    f"分项评分表中“{part.strip()}”应写成“名称=满分”，如“工作思路=30”。",
                    field=name,
                )
            pairs.append((match["name"], match["top"]))
    elif isinstance(raw, list | tuple):
        pairs = [_item_pair(name, entry) for entry in raw]
    else:
        raise RuleViolation("POLICY", "分项评分表应写成“名称=满分；名称=满分”。", field=name)
    items = []
    for position, (item, top) in enumerate(pairs, start=1):
        if not isinstance(item, str) or not item.strip():
            raise RuleViolation("POLICY", f"分项评分表第{position}项没有名称。", field=name)
        item = item.strip()
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in item):
            raise RuleViolation(
                "POLICY", f"分项评分表第{position}项的名称含有控制字符。", field=name
            )
        if len(item) > SCORE_ITEM_NAME_MAX:
            raise RuleViolation(
                "POLICY",
                f"分项评分表“{item}”的名称不超过{SCORE_ITEM_NAME_MAX}字。",
                field=name,
            )
        value = _maximum(name, item, top)
        if value <= 0:
            raise RuleViolation("POLICY", f"分项评分表“{item}”的满分必须大于0。", field=name)
        items.append((item, value))
    return ScoreItems(items)


def _item_pair(name: str, entry: Any) -> tuple[Any, Any]:
    if isinstance(entry, Mapping) and set(entry) == {"name", "max"}:
        return entry["name"], entry["max"]
    if isinstance(entry, list | tuple) and len(entry) == 2:
        return entry[0], entry[1]
    raise RuleViolation("POLICY", "分项评分表的每一项应为“名称”和“满分”两个值。", field=name)


def _maximum(name: str, item: str, raw: Any) -> Decimal:
    # Floats are refused: 0.1 is not exactly 0.1, and scores must be exact.
    what = f"分项评分表“{item}”的满分"
    if isinstance(raw, bool | float):
        raise RuleViolation("POLICY", f"“{what}”请填写整数或数字字符串。", field=name)
    try:
        value = Decimal(raw.strip()) if isinstance(raw, str) else Decimal(raw)
    except (InvalidOperation, TypeError, ValueError):
        raise RuleViolation("POLICY", f"“{what}”不是有效的数字：{raw!r}。", field=name) from None
    if not value.is_finite():
        raise RuleViolation("POLICY", f"“{what}”不是有效的数字：{raw!r}。", field=name)
    return value


def score_items_problems(v: Mapping[str, Any], fail: Any) -> None:
    """POLICY / A8: an item sheet has 2–10 items of distinct names whose maxima add up to
    the top of the score range, each within the decimals a juror may type; the range
    starts at 0 (an item may be given 0)."""
    items = v["score_items"]
    if not items:
        return
    if not SCORE_ITEMS_MIN <= len(items) <= SCORE_ITEMS_MAX:
        fail(
            f"分项评分表应有{SCORE_ITEMS_MIN}～{SCORE_ITEMS_MAX}项，现有{len(items)}项。",
            "score_items",
        )
    names = [item for item, _ in items]
    repeated = sorted({item for item in names if names.count(item) > 1})
    if repeated:
        fail(f"分项评分表的项目名称重复：{'、'.join(repeated)}。", "score_items")
    total = sum((top for _, top in items), Decimal(0))
    if total != v["score_max"]:
        fail(
            f"分项评分表各项满分之和为{total}，应等于评分上限{v['score_max']}分。",
            "score_items",
            "score_max",
        )
    places = v["score_input_places"]
    for item, top in items:
        if top != top.quantize(Decimal(1).scaleb(-places)):
            fail(
                f"分项评分表“{item}”的满分{top}超过评委打分允许的{places}位小数。",
                "score_items",
                "score_input_places",
            )
    if v["score_min"] != 0:
        fail(
            f"使用分项评分表时评分下限须为0（现为{v['score_min']}）。",
            "score_items",
            "score_min",
        )
