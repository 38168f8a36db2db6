"""A11 appointment: is it a promotion, when its probation ends, when its publicity ends."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from cadrex.rules.errors import RuleViolation
from cadrex.rules.policy import DEFAULT_POLICY, Policy
from cadrex.rules.scope import PostLevel, post_level
from cadrex.rules.workdays import WorkCalendar, add_months, nth_working_day

# Rank name → (scheme, band, step). A band is a grade tier shared by every scheme
# (3 = 副科 tier, 4 = 正科 tier …); the step orders ranks inside a band in the 2019 scheme
# (四级主任科员 < 三级主任科员). Across schemes only bands compare: 副科级 and
# 三级主任科员 are the same tier, neither above the other.
RANKS: dict[str, tuple[str, int, int]] = {
    # 2019 scheme (公务员职务与职级并行规定)
    "二级科员": ("2019", 1, 0),
    "一级科员": ("2019", 2, 0),
    "四级主任科员": ("2019", 3, 0),
    "三级主任科员": ("2019", 3, 1),
    "二级主任科员": ("2019", 4, 0),
    "一级主任科员": ("2019", 4, 1),
    "四级调研员": ("2019", 5, 0),
    "三级调研员": ("2019", 5, 1),
    "二级调研员": ("2019", 6, 0),
    "一级调研员": ("2019", 6, 1),
    # older non-leading ranks (非领导职务, in force in 2014)
    "办事员": ("old", 1, 0),
    "科员": ("old", 2, 0),
    "副主任科员": ("old", 3, 0),
    "主任科员": ("old", 4, 0),
    "副调研员": ("old", 5, 0),
    "调研员": ("old", 6, 0),
    # leadership grades (领导职务层次)
    "副科级": ("grade", 3, 0),
    "正科级": ("grade", 4, 0),
    "副处级": ("grade", 5, 0),
    "正处级": ("grade", 6, 0),
}

# S2 posts: a general cadre holds none (0), then deputy, then chief.
POST_ORDER: dict[PostLevel | None, int] = {None: 0, PostLevel.DEPUTY: 1, PostLevel.CHIEF: 2}


@dataclass(frozen=True)
class Standing:
    """A11: a person's middle-level post (None for a general cadre) and rank (None if unknown)."""

    post_level: PostLevel | None = None
    rank: str | None = None

    def __post_init__(self) -> None:
        if self.post_level is not None:
            object.__setattr__(self, "post_level", post_level(self.post_level, "A11"))
        if self.rank is not None:
            rank_position(self.rank)  # refuse an unknown name early


def rank_position(name: str) -> tuple[str, int, int]:
    """A11: (scheme, band, step) of a rank name, or a RuleViolation for an unknown one."""
    try:
        return RANKS[name.strip()]
    except KeyError:
        raise RuleViolation("A11", f"无法识别的职级“{name}”。", field="rank") from None


def compare_ranks(a: str, b: str) -> int:
    """A11: 1 if ``a`` is above ``b``, -1 if below, 0 if the same or of the same tier."""
    scheme_a, band_a, step_a = rank_position(a)
    scheme_b, band_b, step_b = rank_position(b)
    left, right = (band_a, step_a), (band_b, step_b)
    if scheme_a != scheme_b:
        left, right = (band_a,), (band_b,)
    return (left > right) - (left < right)


def is_promotion(before: Standing, after: Standing) -> bool:
    """A11: a promotion (提拔任职) raises the post (general → deputy → chief) or the rank."""
    if POST_ORDER[after.post_level] > POST_ORDER[before.post_level]:
        return True
    if before.rank is None or after.rank is None:
        return False
    return compare_ranks(after.rank, before.rank) > 0


def probation_end(
    *, decision_date: date, notice_date: date | None = None, policy: Policy = DEFAULT_POLICY
) -> date:
    """A11: a promotion's probation ends probation_months after its start (the decision by
    default, or the published notice when the policy says so); probation is [start, end)."""
    if policy.probation_start == "notice":
        if notice_date is None:
            raise RuleViolation(
                "A11", "试用期自任职发文公布之日起算，缺少发文日期。", field="notice_date"
            )
        start = notice_date
    else:
        start = decision_date
    return add_months(start, policy.probation_months)


def publicity_end(
    start: date,
    *,
    policy: Policy = DEFAULT_POLICY,
    holidays: Collection[date] = (),
    makeup_workdays: Collection[date] = (),
    calendar: WorkCalendar | None = None,
) -> date:
    """A11: the last day of a pre-appointment publicity (任前公示) of publicity_working_days,
    counting the start day when it is a working day. ``calendar`` (the site's holiday
    calendar, ADR 0012) replaces ``holidays``/``makeup_workdays`` when given."""
    if calendar is not None:
        return calendar.nth_working_day(start, policy.publicity_working_days)
    return nth_working_day(
        start, policy.publicity_working_days, holidays=holidays, makeup_workdays=makeup_workdays
    )


# ---------------------------------------------------------------------- the orgdept's word

PROBATION_MOVES = {"confirmed": "probation_confirm", "removed": "probation_remove"}


def review_note(*, approve: bool, note: str) -> str:
    """A11: the orgdept may approve a package without a word; returning one says why (the
    unit must know what to mend before it submits again)."""
    note = (note or "").strip()
    if not approve and not note:
        raise RuleViolation("A11", "退回时须写明原因。", field="note")
    return note


def probation_move(outcome: str, *, concluded: bool) -> str:
    """A11: the move of a probation's conclusion (``PROBATION_MOVES``): confirmed in the
    post, or removed from it; one conclusion only."""
    try:
        return PROBATION_MOVES[outcome]
    except KeyError:
        if concluded:
            raise RuleViolation("A11", "该试用期已有结论。") from None
        raise RuleViolation("A11", "请选择试用期结论。", field="outcome") from None


def conclusion_note(*, outcome: str, note: str) -> str:
    """A11: a removal at the end of probation states its reason (the cadre returns to the
    former rank on it); a confirmation needs none."""
    note = (note or "").strip()
    if outcome == "removed" and not note:
        raise RuleViolation("A11", "免职须写明理由。", field="note")
    return note
