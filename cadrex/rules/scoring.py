"""A8 the hearing score: trim each jury, average, round half-up, weight, rank.

Worked example (plan's defaults): leader jury 80 82 85 88 90 91 95 drops 95 and 80, mean
(82+85+88+90+91)/5 = 87.20; staff jury 70 75 80 85 drops 85 and 70, mean 77.50;
total 87.20 × 70% + 77.50 × 30% = 61.04 + 23.25 = 84.29.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from cadrex.rules.errors import RuleViolation
from cadrex.rules.policy import DEFAULT_POLICY, Policy

Score = int | str | Decimal


@dataclass(frozen=True)
class HearingScore:
    """A8: one contestant's hearing score, with what each jury kept and dropped.

    Indices refer to positions in the input sequences (0-based); the score summary marks
    the dropped highs and lows from them.
    """

    leader_scores: tuple[Decimal, ...]
    staff_scores: tuple[Decimal, ...]
    leader_kept: tuple[int, ...]
    leader_dropped: tuple[int, ...]
    leader_dropped_high: tuple[int, ...]
    leader_dropped_low: tuple[int, ...]
    staff_kept: tuple[int, ...]
    staff_dropped: tuple[int, ...]
    staff_dropped_high: tuple[int, ...]
    staff_dropped_low: tuple[int, ...]
    leader_mean: Decimal
    staff_mean: Decimal
    total: Decimal


@dataclass(frozen=True)
class _Jury:
    scores: tuple[Decimal, ...]
    kept: tuple[int, ...]
    dropped_high: tuple[int, ...]
    dropped_low: tuple[int, ...]
    mean: Decimal


def hearing_score(
    leader: Sequence[Score], staff: Sequence[Score], policy: Policy = DEFAULT_POLICY
) -> HearingScore:
    """A8: trim and average each jury, then weight: leader × 70% + staff × 30% by default.

    Each jury mean is rounded half-up to ``policy.score_places``; the total is computed
    from the rounded means and rounded the same way, so the summary table adds up.
    """
    leader_scores = _parse_jury(leader, "领导评委", "leader", policy)
    staff_scores = _parse_jury(staff, "群众评委", "staff", policy)
    if len(leader_scores) != policy.leader_jury_size:
        raise RuleViolation(
            "A8",
            f"领导评委应为{policy.leader_jury_size}人，实际收到{len(leader_scores)}份评分。",
            field="leader",
        )
    if len(staff_scores) < policy.min_staff_jury_size:
        raise RuleViolation(
            "A8",
            f"群众评委至少{policy.min_staff_jury_size}人，实际收到{len(staff_scores)}份评分。",
            field="staff",
        )
    lead = _trim_and_average(leader_scores, policy)
    crowd = _trim_and_average(staff_scores, policy)
    weighted = (lead.mean * policy.leader_weight + crowd.mean * policy.staff_weight) / 100
    return HearingScore(
        leader_scores=lead.scores,
        staff_scores=crowd.scores,
        leader_kept=lead.kept,
        leader_dropped=tuple(sorted(lead.dropped_high + lead.dropped_low)),
        leader_dropped_high=lead.dropped_high,
        leader_dropped_low=lead.dropped_low,
        staff_kept=crowd.kept,
        staff_dropped=tuple(sorted(crowd.dropped_high + crowd.dropped_low)),
        staff_dropped_high=crowd.dropped_high,
        staff_dropped_low=crowd.dropped_low,
        leader_mean=lead.mean,
        staff_mean=crowd.mean,
        total=round_score(weighted, policy),
    )


def check_leader_jury(
    *, jurors: int, office_assigned: int, policy: Policy = DEFAULT_POLICY
) -> None:
    """A8: the leader jury has leader_jury_size members, at least the minimum sent by the office."""
    if jurors != policy.leader_jury_size:
        raise RuleViolation(
            "A8", f"领导评委应为{policy.leader_jury_size}人，现安排{jurors}人。", field="leader"
        )
    if not 0 <= office_assigned <= jurors:
        raise RuleViolation("A8", "办公室选派的领导评委人数无效。", field="leader")
    if office_assigned < policy.min_office_assigned_leader_jurors:
        raise RuleViolation(
            "A8",
            f"领导评委中至少{policy.min_office_assigned_leader_jurors}人须由竞岗交流工作办公室选派，"
            f"现只有{office_assigned}人。",
            field="leader",
        )


def check_staff_jury(*, jurors: int, policy: Policy = DEFAULT_POLICY) -> None:
    """A8: the staff jury (all staff or their representatives) must be large enough to trim."""
    if jurors < policy.min_staff_jury_size:
        raise RuleViolation(
            "A8",
            f"群众评委至少{policy.min_staff_jury_size}人（去掉最高分和最低分后仍须有分可平均），"
            f"现只有{jurors}人。",
            field="staff",
        )


def round_score(value: Decimal, policy: Policy = DEFAULT_POLICY) -> Decimal:
    """A8: round half-up (85.125 → 85.13) to ``policy.score_places`` decimal places."""
    return value.quantize(Decimal(1).scaleb(-policy.score_places), rounding=ROUND_HALF_UP)


def parse_score(value: Score, policy: Policy = DEFAULT_POLICY, *, what: str = "评分") -> Decimal:
    """A8: one score as an exact Decimal within the range, or a RuleViolation naming ``what``.

    Floats are refused: 85.1 as a float is not 85.1, and a score must be what the juror wrote.
    """
    return _parse_number(
        value,
        what=what,
        low=policy.score_min,
        high=policy.score_max,
        places=policy.score_input_places,
    )


# A number as a person writes it: digits, at most one decimal point, perhaps a sign. Not
# "1e2" (Decimal reads it as 100, a juror never means that), not "NaN", not "1_0".
_WRITTEN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def _typed_number(text: str) -> str | None:
    """What was typed, as plain ASCII: a Chinese input method's full-width digits and point
    (８５．５) read as 85.5; None when it is not written as a plain number."""
    plain = unicodedata.normalize("NFKC", text).strip()
    return plain if _WRITTEN_NUMBER.fullmatch(plain) else None


def _parse_number(value: Score, *, what: str, low: Decimal, high: Decimal, places: int) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, int | str | Decimal):
        raise RuleViolation(
            "A8", f"{what}“{value!r}”类型无效：请以整数或数字字符串填写，不接受浮点数。"
        )
    typed = _typed_number(value) if isinstance(value, str) else value
    if typed is None:
        raise RuleViolation("A8", f"{what}“{value}”不是有效的数字。")
    try:
        number = Decimal(typed)
    except InvalidOperation:
        raise RuleViolation("A8", f"{what}“{value}”不是有效的数字。") from None
    if not number.is_finite():
        raise RuleViolation("A8", f"{what}“{value}”不是有效的数字。")
    if not low <= number <= high:
        raise RuleViolation("A8", f"{what}“{value}”超出{low}～{high}分的范围。")
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise RuleViolation("A8", f"{what}“{value}”最多只能保留{places}位小数。")
    return number


def _parse_jury(
    scores: Sequence[Score], jury: str, field: str, policy: Policy
) -> tuple[Decimal, ...]:
    # A bare string is a Sequence too; "85" must not be read as two scores 8 and 5.
    if isinstance(scores, str | bytes):
        raise RuleViolation("A8", f"{jury}评分应为一组分数，而不是单个字符串。", field=field)
    parsed = []
    for position, value in enumerate(scores, start=1):
        try:
            parsed.append(parse_score(value, policy, what=f"{jury}第{position}份评分"))
        except RuleViolation as problem:
            raise RuleViolation("A8", problem.message, field=field) from None
    return tuple(parsed)


def trim_words(policy: Policy) -> str:
    """A8: the policy's trimming as the score summary states it (各去掉1个最高分和1个最低分)."""
    parts = []
    if policy.trim_high:
        parts.append(f"{policy.trim_high}个最高分")
    if policy.trim_low:
        parts.append(f"{policy.trim_low}个最低分")
    if not parts:
        return "不去掉最高分、最低分"
    words = f"各去掉{'和'.join(parts)}"
    if policy.trim_only_above:
        return f"评分多于{policy.trim_only_above}份时{words}"
    return words


def _trim_and_average(scores: tuple[Decimal, ...], policy: Policy) -> _Jury:
    """A8: drop trim_high highest and trim_low lowest instances, then average the rest.

    Ordering by (score, position) makes the choice among tied extremes deterministic and
    keeps the high and low drops distinct instances even when every score is equal.
    """
    n = len(scores)
    trims = n > policy.trim_only_above
    high = policy.trim_high if trims else 0
    low = policy.trim_low if trims else 0
    order = sorted(range(n), key=lambda i: (scores[i], i))
    dropped_low = tuple(sorted(order[:low]))
    dropped_high = tuple(sorted(order[n - high :]))
    gone = set(dropped_low) | set(dropped_high)
    kept = tuple(i for i in range(n) if i not in gone)
    # Enough precision that the only rounding is the half-up one to score places.
    with localcontext() as ctx:
        ctx.prec = 60
        mean = sum((scores[i] for i in kept), Decimal(0)) / len(kept)
        rounded = round_score(mean, policy)
    return _Jury(scores, kept, dropped_high, dropped_low, rounded)


@dataclass(frozen=True)
class RankedRow:
    """A8: one line of the ranking; ``tied`` rows share a rank the office must resolve."""

    key: Hashable
    score: HearingScore
    rank: int
    tied: bool


def rank(
    entries: Sequence[tuple[Hashable, HearingScore]],
    policy: Policy = DEFAULT_POLICY,
    *,
    resolved: Mapping[int, Sequence[Hashable]] | None = None,
) -> tuple[RankedRow, ...]:
    """A8: order by total, then (by default) the higher leader mean; equal → shared rank.

    Competition ranking: totals 90, 88, 88, 85 rank 1, 2, 2, 4. ``resolved`` maps a shared
    rank to the office's order of exactly the contestants sharing it (see
    :func:`check_tie_break`); they then take that rank and the ones after it, in that order.
    """
    entries = tuple(entries)
    keys = [key for key, _ in entries]
    if len(set(keys)) != len(keys):
        raise RuleViolation("A8", "排名名单中有重复的竞岗对象。")

    def standing(score: HearingScore) -> tuple[Decimal, ...]:
        if policy.tie_break_by_leader_mean:
            return (score.total, score.leader_mean)
        return (score.total,)

    ordered = sorted(entries, key=lambda entry: standing(entry[1]), reverse=True)
    rows: list[RankedRow] = []
    for position, (key, score) in enumerate(ordered, start=1):
        same_as_previous = bool(rows) and standing(rows[-1].score) == standing(score)
        rows.append(RankedRow(key, score, rows[-1].rank if same_as_previous else position, False))
    counts: dict[int, int] = {}
    for row in rows:
        counts[row.rank] = counts.get(row.rank, 0) + 1
    shared = tuple(RankedRow(row.key, row.score, row.rank, counts[row.rank] > 1) for row in rows)
    for at, order in (resolved or {}).items():
        shared = _apply_tie_break(shared, at, order)
    return shared


def _apply_tie_break(
    rows: tuple[RankedRow, ...], at: int, order: Sequence[Hashable]
) -> tuple[RankedRow, ...]:
    check_tie_break(rows, at, order)
    place = {key: at + i for i, key in enumerate(order)}
    updated = [
        RankedRow(r.key, r.score, place[r.key], False) if r.key in place else r for r in rows
    ]
    return tuple(sorted(updated, key=lambda r: r.rank))


def tie_that_matters(rows: Sequence[RankedRow], cut: int) -> int | None:
    """A8/A9: the shared rank that straddles the first ``cut`` places (e.g. the vetting
    candidates, 1:2), or None. Only the office can resolve it (``check_tie_break``)."""
    ordered = sorted(rows, key=lambda r: r.rank)
    if 0 < cut < len(ordered) and ordered[cut - 1].rank == ordered[cut].rank:
        return ordered[cut].rank
    return None


def check_tie_break(rows: Sequence[RankedRow], at: int, order: Sequence[Hashable]) -> None:
    """A8: the office orders exactly the contestants sharing rank ``at``, each once."""
    group = {r.key for r in rows if r.rank == at and r.tied}
    if len(group) < 2:
        raise RuleViolation("A8", f"第{at}名没有并列的竞岗对象，无需确定先后。", field="order")
    if len(order) != len(set(order)) or set(order) != group:
        raise RuleViolation(
            "A8",
            f"须对并列第{at}名的{len(group)}名竞岗对象逐一排定先后，每人一次。",
            field="order",
        )


def sheet_total(
    items: Sequence[Score], maxima: Sequence[Score], policy: Policy = DEFAULT_POLICY
) -> Decimal:
    """A8: a juror's score from an item sheet (e.g. 4–5 items adding to 100), for phones.

    Each item lies within [0, its maximum]; the maxima must add up to the score range's top.
    """
    if len(items) != len(maxima):
        raise RuleViolation("A8", f"评分表共有{len(maxima)}项，实际填写{len(items)}项。")
    tops = [_parse_maximum(top, position) for position, top in enumerate(maxima, start=1)]
    if sum(tops, Decimal(0)) != policy.score_max:
        raise RuleViolation(
            "A8", f"评分表各项满分之和为{sum(tops, Decimal(0))}，应为{policy.score_max}分。"
        )
    total = Decimal(0)
    for position, (value, top) in enumerate(zip(items, tops, strict=True), start=1):
        what = f"评分表第{position}项"
        places = policy.score_input_places
        total += _parse_number(value, what=what, low=Decimal(0), high=top, places=places)
    return total


def _parse_maximum(value: Score, position: int) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, int | str | Decimal):
        raise RuleViolation("A8", f"评分表第{position}项的满分“{value!r}”无效。")
    try:
        top = Decimal(value)
    except InvalidOperation:
        raise RuleViolation("A8", f"评分表第{position}项的满分“{value}”无效。") from None
    if not top.is_finite() or top <= 0:
        raise RuleViolation("A8", f"评分表第{position}项的满分必须大于0。")
    return top


# A stand-in, not a person: 外邀评委1, 评委2, 领导评委3, 群众代表4 (full-width digits too).
_PLACEHOLDER_NAME = re.compile(
    r"^(?:(?:外邀|外聘|特邀|领导|群众|替补)?评委|群众代表)\s*[0-9０-９]+$"
)


def check_juror_name(name: str, *, what: str = "评委姓名", field: str = "name") -> str:
    """A8: a juror is a named person — the leader jury is the unit's leaders and the
    outside jurors the office invites, each by their real name. Returns the name stripped;
    refuses an empty one, a stand-in such as “外邀评委1”, control characters (a NUL byte)
    and more than 50 characters."""
    clean = (name or "").strip()
    if not clean:
        raise RuleViolation("A8", f"请填写{what}。", field=field)
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in clean):
        raise RuleViolation("A8", f"{what}含有不可见的控制字符，请重新输入。", field=field)
    if _PLACEHOLDER_NAME.match(clean):
        raise RuleViolation(
            "A8",
            f"{what}“{clean}”是占位名称，不是评委本人的姓名；请填写评委的真实姓名。",
            field=field,
        )
    if len(clean) > 50:
        raise RuleViolation("A8", f"{what}过长（不超过50字）。", field=field)
    return clean


def _person_key(name: str) -> str:
    """A name as a person: width folded (NFKC) and spaces dropped, so “谭 宏洋” is 谭宏洋."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def check_one_seat_per_person(
    name: str, seated: Sequence[tuple[str, str]], *, field: str = "name"
) -> None:
    """A8: one person, one seat on a hearing. ``seated`` lists the hearing's seats as
    (name, jury label) pairs, substitutes included (a substitute is a seat too); a name
    already among them is refused, naming the person and the jury they sit on."""
    key = _person_key(name)
    for other, jury in seated:
        if _person_key(other) == key:
            raise RuleViolation(
                "A8",
                f"{name.strip()}已是本场{jury}，同一人只能担任一个评委席位。",
                field=field,
            )


def item_field(position: int) -> str:
    """The name of the box of the sheet's ``position``-th item (from 1), on every page."""
    return f"item_{position}"


def policy_sheet_values(items: Sequence[Score | None], policy: Policy) -> tuple[Decimal, ...]:
    """A8: a juror's item sheet as the campaign's policy sets it (``policy.score_items``):
    one value per item, each within [0, its maximum] and the decimals a juror may type.
    Each refusal names its item and its box (``item_field``); the total is their sum,
    which lies in the score range because the maxima add up to its top."""
    sheet = policy.score_items
    if not sheet:
        raise RuleViolation("A8", "本次评分不使用分项评分表，请直接填写总分。")
    if isinstance(items, str | bytes) or len(items) != len(sheet):
        count = 1 if isinstance(items, str | bytes) else len(items)
        raise RuleViolation("A8", f"评分表共有{len(sheet)}项，实际填写{count}项。")
    values = []
    for position, (value, (name, top)) in enumerate(zip(items, sheet, strict=True), start=1):
        field = item_field(position)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise RuleViolation("A8", f"请填写“{name}”的得分（0～{top}分）。", field=field)
        try:
            number = _parse_number(
                value,
                what=f"“{name}”的得分",
                low=Decimal(0),
                high=top,
                places=policy.score_input_places,
            )
        except RuleViolation as problem:
            raise RuleViolation("A8", problem.message, field=field) from None
        values.append(number)
    return tuple(values)
