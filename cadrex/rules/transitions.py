"""The life of every record that has a status: which moves exist, in which step's window,
under which guard. One table per status model; a service changes a status only by asking
its table (``Machine.check``), so a page cannot step around a rule.

A move goes from one of its ``source`` states to its ``target``; ``""`` as a source means
the record is being created. ``steps`` are the schedule windows in which the move is allowed
(any one of them open is enough; none listed: no window applies). ``guard`` is a pure rule
check from this package, called with the facts the service passes; it raises
``RuleViolation`` with the Chinese reason.

Nothing here reads a clock or a database: the service passes ``now`` and the windows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from cadrex.rules.errors import RuleViolation
from cadrex.rules.exchange import check_placement_decided, standby_served
from cadrex.rules.schedule import Step, Window, require_open

NEW = ""  # the source state of a move that creates the record


@dataclass(frozen=True)
class Move:
    """One edge of a status model: its name is also the audit log's action."""

    name: str
    label: str  # what the person does, in Chinese: "同意报名"
    rule: str
    source: tuple[str, ...]
    target: str
    steps: tuple[Step, ...] = ()
    guard: Callable[..., None] | None = None


@dataclass(frozen=True)
class Machine:
    """The transition table of one status model."""

    name: str  # the model, e.g. "application"
    label: str  # its Chinese name, e.g. "报名"
    field: str  # the model field that holds the state
    states: Mapping[str, str]  # state → Chinese label
    moves: Mapping[str, Move] = field(default_factory=dict)

    def state_label(self, state: str) -> str:
        return self.states.get(state, state or "新建")

    def move(self, name: str) -> Move:
        try:
            return self.moves[name]
        except KeyError:
            raise RuleViolation("S3", f"{self.label}没有“{name}”这一办理事项。") from None

    def check(
        self,
        name: str,
        *,
        current: str,
        now: datetime | None = None,
        windows: Mapping[Step, Window | None] | None = None,
        **facts,
    ) -> Move:
        """The move, if it may happen now from ``current``; else a RuleViolation saying why.

        Order of the checks: the state (the most common refusal: the same step twice, or a
        step out of order), then the window, then the rule's own guard.
        """
        move = self.move(name)
        if current not in move.source:
            raise RuleViolation(move.rule, self._wrong_state(move, current))
        if move.steps:
            _require_any_open(move.steps, windows or {}, now)
        if move.guard is not None:
            move.guard(**facts)
        return move

    def _wrong_state(self, move: Move, current: str) -> str:
        if current == move.target:
            return f"该{self.label}已是“{self.state_label(current)}”，无需重复办理。"
        if current == NEW:
            return f"该{self.label}尚不存在，不能办理“{move.label}”。"
        return f"该{self.label}当前为“{self.state_label(current)}”，不能办理“{move.label}”。"


def _require_any_open(
    steps: tuple[Step, ...], windows: Mapping[Step, Window | None], now: datetime | None
) -> None:
    """S3: open when any of ``steps`` is; otherwise the first step's refusal says when."""
    if now is None:
        raise RuleViolation("S3", "缺少办理时间，无法判断日程。")
    for step in steps:
        window = windows.get(step)
        if window is not None and window.contains(now):
            return
    require_open(steps[0], windows.get(steps[0]), now)


def _machine(name: str, label: str, field_name: str, states: dict, *moves: Move) -> Machine:
    table = {m.name: m for m in moves}
    for m in moves:  # a table that names an unknown state is a programming error
        assert m.target in states and all(s in states or s == NEW for s in m.source), m.name
    return Machine(name, label, field_name, states, table)


# ---------------------------------------------------------------------- guards (pure)


def not_before(day: date, *, earliest: date, what: str, rule: str, field: str = "") -> None:
    """A date may not fall before ``earliest`` (a publicity start, a probation's end …)."""
    if day < earliest:
        raise RuleViolation(rule, f"{what}不能早于{earliest:%Y年%m月%d日}。", field=field or None)


def term_served(*, today: date, end: date, what: str, rule: str) -> None:
    """A11: a term [start, end) is over on ``end``: no outcome before it (B7's standby:
    :func:`cadrex.rules.exchange.standby_served`)."""
    if today < end:
        raise RuleViolation(
            rule, f"{what}至{end:%Y年%m月%d日}届满，届满前不能作出结论。", field="outcome"
        )


# ---------------------------------------------------------------------- part A

APPLICATION_STATES = {
    "pending_consent": "待所在单位同意",
    "declined": "所在单位不同意",
    "submitted": "待资格审查",
    "qualified": "资格审查通过",
    "unqualified": "资格审查未通过",
    "opening_cancelled": "职位不进行竞岗，可改报",
    "contestant": "竞岗对象",
    "not_shortlisted": "未列为竞岗对象",
    "withdrawn": "已撤回",
    "switched": "已改报其他职位",
    "lapsed": "所在单位未在报名期内同意，未报送",
}
_REG = (Step.REGISTRATION,)
_CONSENT = (Step.REGISTRATION, Step.REAPPLICATION)
_REVIEW = (Step.QUALIFICATION_REVIEW, Step.REAPPLICATION)

APPLICATION = _machine(
    "application",
    "报名",
    "status",
    APPLICATION_STATES,
    Move("application_submit", "报名", "A3", (NEW,), "pending_consent", _REG),
    Move("application_submit_direct", "报名", "A3", (NEW,), "submitted", _REG),
    Move("application_consent", "同意报名", "A3", ("pending_consent",), "submitted", _CONSENT),
    Move("application_decline", "不同意报名", "A3", ("pending_consent",), "declined", _CONSENT),
    Move(
        "application_withdraw",
        "撤回报名",
        "A5",
        ("pending_consent", "submitted"),
        "withdrawn",
        _REG,
    ),
    Move("application_switch", "改报", "A5", ("pending_consent", "submitted"), "switched", _REG),
    Move(
        "application_reapply",
        "改报",
        "A6",
        ("opening_cancelled",),
        "switched",
        (Step.REAPPLICATION,),
    ),
    # The application a switch creates: consent carries over (A5), or is still awaited.
    Move("application_switch_in", "改报", "A5", (NEW,), "submitted", _CONSENT),
    Move("application_switch_in_pending", "改报", "A5", (NEW,), "pending_consent", _CONSENT),
    Move(
        "application_lapse",
        "因所在单位未同意而失效",
        "A3",
        ("pending_consent",),
        "lapsed",
        (Step.QUALIFICATION_REVIEW,),
    ),
    Move(
        "application_qualify", "审查通过", "A6", ("submitted", "unqualified"), "qualified", _REVIEW
    ),
    Move(
        "application_disqualify",
        "审查不通过",
        "A6",
        ("submitted", "qualified"),
        "unqualified",
        _REVIEW,
    ),
    # A6: the qualified applicants (and any not yet reviewed) may switch; someone found
    # unqualified stays so — failing the conditions earns no second chance elsewhere.
    Move(
        "application_opening_cancel",
        "因职位不进行竞岗而转为可改报",
        "A6",
        ("submitted", "qualified"),
        "opening_cancelled",
        _REVIEW,
    ),
    Move(
        "application_shortlist",
        "列为竞岗对象",
        "A7",
        ("qualified", "not_shortlisted"),
        "contestant",
        (Step.SHORTLIST,),
    ),
    Move(
        "application_not_shortlist",
        "不列为竞岗对象",
        "A7",
        ("qualified", "contestant"),
        "not_shortlisted",
        (Step.SHORTLIST,),
    ),
)

OPENING = _machine(
    "opening",
    "竞岗职位",
    "status",
    {"draft": "未公布", "published": "已公布", "cancelled": "不进行竞岗"},
    Move("opening_add", "填报竞岗职位", "A1", (NEW,), "draft", (Step.DECLARE_OPENINGS,)),
    Move("opening_publish", "公布", "A2", ("draft",), "published", (Step.PUBLISH_OPENINGS,)),
    Move("opening_cancel", "决定不进行竞岗", "A6", ("published",), "cancelled", _REVIEW),
)

DECLARATION_STATES = {"draft": "填报中", "submitted": "已报送", "returned": "已退回"}


def _declaration(name: str, label: str, rule: str, steps: tuple[Step, ...], prefix: str):
    """A1 and B1 share one workflow: the unit submits, the office may return it."""
    return _machine(
        name,
        label,
        "status",
        DECLARATION_STATES,
        Move(
            f"{prefix}declaration_submit", "报送", rule, ("draft", "returned"), "submitted", steps
        ),
        Move(f"{prefix}declaration_return", "退回", rule, ("submitted",), "returned", steps),
    )


OPENING_DECLARATION = _declaration(
    "openingdeclaration", "竞岗职位申报", "A1", (Step.DECLARE_OPENINGS,), ""
)

HEARING = _machine(
    "hearing",
    "公开竞岗",
    "status",
    {"planned": "筹备中", "running": "进行中", "finished": "已结束"},
    Move("hearing_schedule", "安排公开竞岗", "A8", (NEW,), "planned"),
    Move("hearing_start", "开始公开竞岗", "A8", ("planned",), "running", (Step.HEARING,)),
    Move("results_publish", "公布竞岗结果", "A8", ("running",), "finished"),
)

CONTESTANT = _machine(
    "hearingcontestant",
    "竞岗对象评分",
    "scoring",
    {"waiting": "未开始", "open": "评分中", "closed": "评分结束"},
    Move("contestant_enter", "抽签确定演说顺序", "A8", (NEW,), "waiting"),
    Move("scoring_open", "开始评分", "A8", ("waiting",), "open", (Step.HEARING,)),
    # No window: a hearing that runs past its window must still close the scoring it opened.
    Move("scoring_close", "结束评分", "A8", ("open",), "closed"),
)

BALLOT_STATES = {
    "open": "投票中",
    "decided": "已产生任职人选",
    "undecided": "未产生任职人选，须重新票决",
    "no_quorum": "到会不足三分之二，未进行票决",
}
BALLOT = _machine(
    "ballotround",
    "票决",
    "status",
    BALLOT_STATES,
    Move("ballot_open", "开始票决", "A10", (NEW,), "open", (Step.BALLOT,)),
    # A10: a meeting without quorum is recorded as a round that decides nothing.
    Move("ballot_no_quorum", "记录到会不足的会议", "A10", (NEW,), "no_quorum", (Step.BALLOT,)),
    Move("ballot_count", "计票", "A10", ("open",), "decided", (Step.BALLOT,)),
    Move("ballot_count_undecided", "计票", "A10", ("open",), "undecided", (Step.BALLOT,)),
)


def publicity_guard(*, start: date, end: date, minimum_end: date, today: date, approved_on: date):
    """A11: a publicity notice starts neither in the past nor before the orgdept's approval,
    and lasts at least the policy's working days."""
    not_before(start, earliest=today, what="任前公示开始日期", rule="A11", field="start")
    not_before(start, earliest=approved_on, what="任前公示开始日期", rule="A11", field="start")
    not_before(end, earliest=minimum_end, what="任前公示截止日期", rule="A11", field="end")


def publish_guard(*, on: date, today: date, publicity_end: date) -> None:
    """A11: the appointment is published on a day after the publicity, never in the future."""
    if on > today:
        raise RuleViolation("A11", "发文日期不能晚于今天。", field="on")
    if on <= publicity_end:
        raise RuleViolation(
            "A11", f"任前公示至{publicity_end:%Y-%m-%d}，期满后才能发文任职。", field="on"
        )


APPOINTMENT = _machine(
    "appointment",
    "任职",
    "status",
    {
        "draft": "准备材料",
        "submitted": "已报市委组织部审核",
        "returned": "已退回",
        "approved": "审核通过，待公示",
        "publicised": "任前公示中",
        "published": "已发文任职",
    },
    Move("appointment_prepare", "生成任免审批材料", "A11", (NEW,), "draft", (Step.APPOINTMENT,)),
    Move(
        "appointment_submit",
        "报送审核",
        "A11",
        ("draft", "returned"),
        "submitted",
        (Step.APPOINTMENT,),
    ),
    Move("appointment_approve", "审核通过", "A11", ("submitted",), "approved"),
    Move("appointment_return", "退回", "A11", ("submitted",), "returned"),
    Move(
        "appointment_publicise",
        "发布任前公示",
        "A11",
        ("approved",),
        "publicised",
        guard=publicity_guard,
    ),
    Move(
        "appointment_publish",
        "发文任职",
        "A11",
        ("publicised",),
        "published",
        guard=publish_guard,
    ),
)


def _probation_served(*, today: date, end: date) -> None:
    term_served(today=today, end=end, what="试用期", rule="A11")


PROBATION = _machine(
    "probation",
    "试用期",
    "outcome",
    {"": "试用中", "confirmed": "试用期满，正式任职", "removed": "不胜任，免职并恢复原职级"},
    Move("probation_confirm", "确认正式任职", "A11", ("",), "confirmed", guard=_probation_served),
    Move("probation_remove", "免去试用职务", "A11", ("",), "removed", guard=_probation_served),
)

# ---------------------------------------------------------------------- part B

_B1 = (Step.EXCHANGE_SIGNUP, Step.VACANCIES)
EXCHANGE_DECLARATION = _declaration(
    "exchangedeclaration", "交流对象与缺员申报", "B1", _B1, "exchange_"
)


PLACEMENT = _machine(
    "placement",
    "交流安排",
    "answer",
    {"pending": "待表态", "accepted": "服从安排", "refused": "不服从安排"},
    Move(
        "placement_accept",
        "表示服从安排",
        "B7",
        ("pending",),
        "accepted",
        (Step.ACCEPTANCE,),
        check_placement_decided,
    ),
    Move(
        "placement_refuse",
        "表示不服从安排",
        "C3",
        ("pending",),
        "refused",
        (Step.ACCEPTANCE,),
        check_placement_decided,
    ),
)


STANDBY = _machine(
    "standby",
    "待岗",
    "outcome",
    {"ongoing": "待岗中", "placed": "期满后已安排", "incompetent": "表现差，年度考核定为不称职"},
    Move("standby_start", "开始待岗", "B7", (NEW,), "ongoing"),
    Move("standby_place", "期满后安排", "B7", ("ongoing",), "placed", guard=standby_served),
    Move(
        "standby_incompetent",
        "定为不称职",
        "B7",
        ("ongoing",),
        "incompetent",
        guard=standby_served,
    ),
)

MACHINES: tuple[Machine, ...] = (
    APPLICATION,
    OPENING,
    OPENING_DECLARATION,
    HEARING,
    CONTESTANT,
    BALLOT,
    APPOINTMENT,
    PROBATION,
    EXCHANGE_DECLARATION,
    PLACEMENT,
    STANDBY,
)


def move_labels() -> dict[str, str]:
    """Every move's audit action → what it reads as in the log."""
    return {
        name: f"{machine.label}：{move.label}"
        for machine in MACHINES
        for name, move in machine.moves.items()
    }
