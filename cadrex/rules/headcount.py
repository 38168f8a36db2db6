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
