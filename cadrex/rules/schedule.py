"""S3: the campaign's steps in order, and whether a step's window is open.

A window is half-open ``[start, end)``; times are timezone-aware and passed in (the core
has no clock).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from cadrex.rules.errors import RuleViolation


class Step(StrEnum):
    """S3: every step of the plan that has a window, in the plan's order (A before B)."""

    DECLARE_OPENINGS = "declare_openings"
    PUBLISH_OPENINGS = "publish_openings"
    REGISTRATION = "registration"
    QUALIFICATION_REVIEW = "qualification_review"
    REAPPLICATION = "reapplication"
    SHORTLIST = "shortlist"
    HEARING = "hearing"
    VETTING = "vetting"
    BALLOT = "ballot"
    APPOINTMENT = "appointment"
    ADJUSTMENT = "adjustment"
    EXCHANGE_SIGNUP = "exchange_signup"
    VACANCIES = "vacancies"
    PREFERENCES = "preferences"
    PROPOSALS = "proposals"
    MATCHING = "matching"
    DIRECTED_PLACEMENT = "directed_placement"
    ACCEPTANCE = "acceptance"
    SUMMARY = "summary"


# (rule, Chinese step name, who acts) — printed on the 日程安排表.
STEP_INFO: dict[Step, tuple[str, str, str]] = {
    Step.DECLARE_OPENINGS: ("A1", "确定竞岗职位", "各单位"),
    Step.PUBLISH_OPENINGS: ("A2", "公布竞岗职位", "竞岗交流工作办公室"),
    Step.REGISTRATION: ("A3–A5", "报名、改报与每日公布报名人数", "干部本人、所在单位"),
    Step.QUALIFICATION_REVIEW: ("A6", "资格审查", "竞岗交流工作办公室"),
    Step.REAPPLICATION: ("A6", "不进行竞岗职位人员改报", "干部本人、所在单位"),
    Step.SHORTLIST: ("A7", "初步比选、确定竞岗对象", "目标岗位所在单位"),
    Step.HEARING: ("A8", "公开竞岗（竞职演说、追问、评分）", "各单位、竞岗交流工作办公室"),
    Step.VETTING: ("A9", "确定考察对象并考察", "各单位"),
    Step.BALLOT: ("A10", "党委（党组）差额票决", "各单位党委（党组）"),
    Step.APPOINTMENT: ("A11", "办理任职手续（审核、公示、发文）", "各单位、市委组织部"),
    Step.ADJUSTMENT: ("A12", "本单位中层干部调整", "各单位"),
    Step.EXCHANGE_SIGNUP: ("B1", "个人报名、确定交流对象", "干部本人、各单位"),
    Step.VACANCIES: ("B2", "公布缺员单位", "竞岗交流工作办公室"),
    Step.PREFERENCES: ("B3", "填报意向", "交流对象"),
    Step.PROPOSALS: ("B4", "提出建议人选", "各单位"),
    Step.MATCHING: ("B5", "双向选择匹配", "竞岗交流工作办公室"),
    Step.DIRECTED_PLACEMENT: ("B6", "落岗人员定向交流", "市委组织部部务会议"),
    Step.ACCEPTANCE: ("B7", "服从安排、报到", "交流人员、各单位"),
    Step.SUMMARY: ("S3", "总结完善", "竞岗交流工作办公室"),
}


@dataclass(frozen=True)
class Window:
    """A half-open time range ``[start, end)`` during which a step is allowed."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise RuleViolation("S3", "日程时间必须带时区。")
        if self.end <= self.start:
            raise RuleViolation("S3", "日程的结束时间必须晚于开始时间。")

    def contains(self, now: datetime) -> bool:
        return self.start <= now < self.end


def step_state(window: Window | None, now: datetime) -> str:
    """S3: ``"unset"``, ``"upcoming"``, ``"open"`` or ``"closed"`` for ``now``."""
    if window is None:
        return "unset"
    if now < window.start:
        return "upcoming"
    if now < window.end:
        return "open"
    return "closed"


def require_open(step: Step, window: Window | None, now: datetime) -> None:
    """S3: refuse an action outside its step's window, saying when it opens or closed."""
    state = step_state(window, now)
    name = STEP_INFO[step][1]
    if state == "unset":
        raise RuleViolation("S3", f"“{name}”尚未安排日程，暂不能办理。")
    if state == "upcoming":
        raise RuleViolation("S3", f"“{name}”将于 {_fmt(window.start)} 开始，现在还不能办理。")
    if state == "closed":
        raise RuleViolation("S3", f"“{name}”已于 {_fmt(window.end)} 截止，不能再办理。")


def window_out_of_years(window: Window, campaign_year: int) -> str | None:
    """S3: a window lies within the campaign's year, give or take one — the plan runs from
    mid-November to late December, preparation may start the year before and the last
    reports spill into the next. A year like 1900 or 9999 is a typo, not a schedule."""
    first, last = campaign_year - 1, campaign_year + 1
    if window.start.year < first or window.end.year > last:
        return f"时间须在 {first} 年至 {last} 年之间（本次工作为 {campaign_year} 年度）。"
    return None


def out_of_order(windows: Mapping[Step, Window]) -> list[Step]:
    """S3: the steps that start before a step the plan puts ahead of them. Not refused
    (an office may review early applications while registration runs, or set a window
    again to reopen it), but said beside the schedule so a slip of a date is seen."""
    late: list[Step] = []
    latest_start = None
    for step in Step:
        window = windows.get(step)
        if window is None:
            continue
        if latest_start is not None and window.start < latest_start:
            late.append(step)
        latest_start = max(latest_start or window.start, window.start)
    return late


def _fmt(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")
