"""The plain values the renderers take: what each official form shows, and nothing else.

The parts build them from their records (``competition/paperwork.py``,
``exchange/paperwork.py``); a renderer never sees a model, a queryset or the database. Every
value here is a string, a number, a ``Decimal``, a date, a tuple of rows, or a result of the
rules core. Dates are Beijing dates (the builder converts stored moments). Text is as typed:
the renderers make it safe for the file (``documents/xlsx.py``). An ID number arrives as the
viewer may read it — masked unless the builder was told otherwise (ADR 0007).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from cadrex.rules.scoring import HearingScore

# ------------------------------------------------------------------ A3 《跨单位竞岗报名表》


@dataclass(frozen=True)
class FormLine:
    """One labelled line of a form."""

    label: str
    value: str


@dataclass(frozen=True)
class Opinion:
    """A unit's or the office's word on an application: 同意 / 符合条件, its note, its date."""

    verdict: str
    note: str
    on: date


@dataclass(frozen=True)
class ApplicationForm:
    number: int  # 报名编号
    filed_on: date  # 报名时间 (Beijing date)
    lines: tuple[FormLine, ...]  # the form's fields in print order, 报名职位 among them
    consent: Opinion | None = None  # 所在单位意见
    review: Opinion | None = None  # 资格审查意见
    photo: bytes = b""  # JPEG / PNG for the photo box; empty: the box stays blank
    blank: bool = False  # a blank form to fill by hand: no number, no date


# ------------------------------------------------------------------ A1 《跨单位竞岗中层职位表》


@dataclass(frozen=True)
class OpeningRow:
    unit: str
    post_name: str
    level: str  # 正职 / 副职
    section: str
    seats: int
    duties: str
    conditions: str
    contact: str
    headcount: int | str  # 竞岗前中层人数 as frozen (A12); "" when not frozen


@dataclass(frozen=True)
class OpeningsTable:
    title: str
    rows: tuple[OpeningRow, ...]


# ------------------------------------------------------------------ A8 《竞岗得分汇总表》


@dataclass(frozen=True)
class MarkedScore:
    """One juror's score; ``dropped`` is "high" or "low" for the trimmed ones."""

    value: Decimal
    dropped: str = ""
    name: str = ""  # the leader juror's name (internal copy); "" for the staff jury

    @property
    def mark(self) -> str:
        return {"high": "最高（去掉）", "low": "最低（去掉）"}.get(self.dropped, "")


@dataclass(frozen=True)
class ScoreLine:
    """One contestant's line: each score with the dropped ones marked, and the result."""

    rank: int | None
    tied: bool
    order: int
    name: str
    unit: str  # the unit applied from
    leader: tuple[MarkedScore, ...]
    staff: tuple[MarkedScore, ...]
    result: HearingScore  # rules.scoring: the means and the total

    @property
    def staff_count(self) -> int:
        return len(self.staff)


@dataclass(frozen=True)
class ScoreSummary:
    unit_name: str
    post_name: str
    held_on: date
    room: str
    leader_weight: Decimal
    staff_weight: Decimal
    lines: tuple[ScoreLine, ...]  # closed contestants, by rank then speaking order
    trim_words: str = "各去掉1个最高分和1个最低分"  # the policy's trimming, as stated


# ------------------------------------------------------------------ A9 考察材料


@dataclass(frozen=True)
class VettingEntry:
    name: str
    unit: str  # the unit applied from
    methods: tuple[str, ...]  # 个别谈话, 查阅档案, ...
    findings: str
    opinion: str  # 同意作为拟任人选 / 不宜作为拟任人选 / 未形成
    vetted_on: date | None


@dataclass(frozen=True)
class VettingRecord:
    unit_name: str
    post_name: str
    reason: str  # why the unit departed from score order ("" when it did not)
    entries: tuple[VettingEntry, ...]


# ------------------------------------------------------------------ A10 《票决情况汇总表》

# What a round came to, as the summary's conclusion states it.
NO_QUORUM = "no_quorum"  # the meeting lacked two thirds: no vote taken
NOT_COUNTED = "not_counted"
QUORUM_NOT_MET = "quorum_not_met"
DECIDED = "decided"
REVOTE_TIED = "revote_tied"
UNDECIDED = "undecided"


@dataclass(frozen=True)
class BallotLine:
    name: str
    votes_for: int
    against: int
    abstain: int
    result: str  # 当选 / 未过半数 / "" before the count


@dataclass(frozen=True)
class BallotSummary:
    unit_name: str
    post_name: str
    committee: str
    held_on: date
    round: int
    expected: int
    present: int
    on_leave: str
    supervisor: str
    counter: str
    outcome: str  # one of NO_QUORUM ... UNDECIDED
    quorum_met: bool
    # As counted; "" before the count.
    returned: int | str = ""
    valid: int | str = ""
    invalid: int | str = ""
    threshold: int | str = ""
    lines: tuple[BallotLine, ...] = ()


# ------------------------------------------------------------------ A11 《干部任免审批表》


@dataclass(frozen=True)
class FamilyMember:
    relation: str  # 称谓
    name: str
    born: str  # 出生年月
    politics: str  # 政治面貌
    work: str  # 工作单位及职务


@dataclass(frozen=True)
class ApprovalForm:
    """The fields of the approval form; the roster's words, blank where it is silent."""

    name: str
    sex: str
    birth_date: date
    age: int  # on ``filled_on``
    ethnicity: str
    native_place: str
    birth_place: str
    party_join_date: date | None
    work_start_date: date | None
    health: str
    professional_title: str
    speciality: str
    ft_education: str
    ft_degree: str
    ft_school: str
    is_education: str
    is_degree: str
    is_school: str
    current_post: str  # as it stood when the package was made
    proposed_post: str
    post_to_leave: str
    resume: str
    rewards: str
    appraisals: tuple[tuple[str, str], ...]  # (year, grade), oldest first
    reason: str
    submitting_unit: str
    id_number: str  # masked unless the viewer may read it in full (ADR 0007)
    filled_on: date
    filled_by: str = ""
    family: tuple[FamilyMember, ...] = ()  # not in the roster: completed by hand
    photo: bytes = b""  # JPEG / PNG for the photo box; empty: the box stays blank


# ------------------------------------------------------------------ part B tables


@dataclass(frozen=True)
class CandidateRow:
    unit: str  # home unit
    name: str
    sex: str
    birth_date: date
    education: str
    rank: str
    current_post: str
    signed_up: bool
    added_reason: str  # why the unit named them when they did not sign up


@dataclass(frozen=True)
class CandidateTable:
    title: str
    rows: tuple[CandidateRow, ...]


@dataclass(frozen=True)
class PreferenceRow:
    name: str
    unit: str  # home unit
    choices: tuple[str, ...]  # unit names, first choice first
    filed_on: date | None


@dataclass(frozen=True)
class PreferenceForm:
    title: str
    max_preferences: int
    rows: tuple[PreferenceRow, ...]


@dataclass(frozen=True)
class ProposalLine:
    rank: int
    name: str
    home: str
    choice: int | str = ""  # the person's preference rank for the unit: internal copy only


@dataclass(frozen=True)
class ProposalUnit:
    unit: str
    vacancies: int
    proposals: tuple[ProposalLine, ...]


@dataclass(frozen=True)
class ProposalForm:
    title: str
    with_choice: bool  # the office's internal copy; a unit's never
    units: tuple[ProposalUnit, ...]


@dataclass(frozen=True)
class ResultRow:
    name: str
    home: str
    unit: str
    how: str
    note: str
    answer: str
    deadline: date | None  # 报到期限


@dataclass(frozen=True)
class ResultsTable:
    title: str
    rows: tuple[ResultRow, ...]


# ------------------------------------------------------------------ dates as printed


def cn_date(day: date | datetime | None) -> str:
    """A Beijing date as every download prints it: ``2026年12月3日`` ("" for none).

    A stored moment (an aware ``datetime``) is turned into its Beijing date first, so a file
    made at 00:30 Beijing time never shows the UTC date of the day before.
    """
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = timezone.localdate(day) if timezone.is_aware(day) else day.date()
    return f"{day.year}年{day.month}月{day.day}日"
