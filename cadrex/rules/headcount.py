"""A12 a unit's middle-level headcount after the campaign may not exceed its count before."""

from __future__ import annotations

from cadrex.rules.errors import RuleViolation


def headcount_excess(*, before: int, after: int) -> int:
    """A12: how many middle-level cadres ``after`` is over the frozen ``before`` (0 if within)."""
    _check_counts(before=before, after=after)
    return max(0, after - before)


def check_within_cap(*, before: int, current: int, adding: int = 1) -> None:
    """A12: refuse appointing ``adding`` more middle-level cadres when that would exceed the cap.

    A unit already over the cap can appoint nobody until it is back within it.
    """
    _check_counts(before=before, after=current)
    if adding < 1:
        raise RuleViolation("A12", "拟任命人数至少为1人。", field="adding")
    excess = headcount_excess(before=before, after=current + adding)
    if excess == 0:
        return
    if current > before:
        situation = f"现有{current}人，已超出{current - before}人"
    else:
        situation = f"现有{current}人，再任命{adding}人将超出{excess}人"
    raise RuleViolation(
        "A12",
        f"本单位竞岗前实有中层干部{before}人，{situation}；调整后中层人数不得超过竞岗前实有人数。",
    )


def _check_counts(*, before: int, after: int) -> None:
    if before < 0 or after < 0:
        raise RuleViolation("A12", "中层人数不能为负数。")


def check_not_over(*, before: int, current: int) -> None:
    """A12: while a unit is above its pre-competition headcount it may appoint no further
    middle-level cadre; the cross-unit appointment that tips it over is allowed, and the
    unit then brings the count back by its own adjustment (全员竞岗、局部轮岗)."""
    excess = headcount_excess(before=before, after=current)
    if excess:
        raise RuleViolation(
            "A12",
            f"本单位竞岗前实有中层干部{before}人，现有{current}人，超出{excess}人；"
            "须先通过本单位调整减至不超过竞岗前人数，才能继续任用中层干部。",
        )


def adjustment_change(
    *, action: str, cadre: str, own: bool, holds_post: bool, section: str, level: str
) -> int:
    """A12: what one of the unit's own adjustments (全员竞岗、局部轮岗) does to its
    middle-level headcount: -1 when ``cadre`` is released from a post, +1 when given one
    without holding one, 0 for a move between sections. The caller checks a +1 against the
    cap (:func:`check_within_cap`); a release is always allowed, it is how an over-cap unit
    comes back within it."""
    if not own:
        raise RuleViolation("A12", f"{cadre}不是本单位干部。", field="cadre")
    if action == "release":
        if not holds_post:
            raise RuleViolation("A12", f"{cadre}未担任中层职务，无需免去。", field="cadre")
        return -1
    if action == "assign":
        if not (section or "").strip() or level not in ("chief", "deputy"):
            raise RuleViolation("A12", "请填写科室（机构）和正副职。", field="section")
        return 0 if holds_post else 1
    raise RuleViolation("A12", "调整方式只能是任职或免职。", field="action")
