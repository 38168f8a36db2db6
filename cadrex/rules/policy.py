"""POLICY: a campaign's numbers (``spec/POLICY.md``), the plan's values as defaults.

A campaign stores only its overrides (:meth:`Policy.overrides`), as JSON; they come back
through :meth:`Policy.from_overrides`, which refuses unknown keys and impossible values.
Every :class:`Policy` is valid: the checks run on construction, however it is built.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Any

from cadrex.rules.errors import RuleViolation
from cadrex.rules.score_items import ScoreItems, parse_score_items, score_items_problems

# Education levels, lowest first (A3). Roster spellings are folded onto these by
# EDUCATION_ALIASES so that "大学本科" and "本科" compare the same.
EDUCATION_LEVELS: tuple[str, ...] = (
    "初中",
    "高中",
    "中专",
    "大专",
    "本科",
    "硕士研究生",
    "博士研究生",
)
EDUCATION_ALIASES: dict[str, str] = {
    "初中及以下": "初中",
    "中等专科": "中专",
    "大学专科": "大专",
    "专科": "大专",
    "大学本科": "本科",
    "研究生": "硕士研究生",
    "硕士": "硕士研究生",
    "博士": "博士研究生",
}

# Annual appraisal grades (年度考核等次), lowest first (A3).
APPRAISAL_GRADES: tuple[str, ...] = ("不称职", "基本称职", "称职", "优秀")

PROBATION_STARTS: tuple[str, ...] = ("decision", "notice")


def education_level(name: str) -> int:
    """A3: the position of an education level on the scale (higher is more)."""
    canonical = EDUCATION_ALIASES.get(name, name)
    if canonical not in EDUCATION_LEVELS:
        known = "、".join(EDUCATION_LEVELS)
        raise RuleViolation("A3", f"无法识别的学历“{name}”，应为：{known}。", field="education")
    return EDUCATION_LEVELS.index(canonical)


def appraisal_level(grade: str) -> int:
    """A3: the position of an appraisal grade (优秀 highest, 不称职 lowest)."""
    if grade not in APPRAISAL_GRADES:
        known = "、".join(reversed(APPRAISAL_GRADES))
        raise RuleViolation(
            "A3", f"无法识别的考核等次“{grade}”，应为：{known}。", field="appraisals"
        )
    return APPRAISAL_GRADES.index(grade)


@dataclass(frozen=True)
class _Spec:
    """How one policy field is labelled, typed and bounded."""

    label: str
    rule: str
    kind: str  # "int", "bool", "decimal" or "choice"
    minimum: int | None = None
    maximum: int | None = None
    optional: bool = False  # None allowed: the condition is not checked
    choices: tuple[str, ...] = ()


_SPECS: dict[str, _Spec] = {
    "mandatory_offer_threshold": _Spec("必须推出竞岗职位的中层人数下限（名）", "A1", "int", 1),
    "towns_must_offer": _Spec("镇（街道）必须推出竞岗职位", "A1", "bool"),
    "min_openings_when_mandatory": _Spec("必须推出的竞岗职位数下限（个）", "A1", "int", 1),
    "max_applications_per_person": _Spec("每人限报职位数（个）", "A3", "int", 1),
    "may_apply_to_own_unit": _Spec("允许报名本单位的竞岗职位", "A3", "bool"),
    "home_unit_consent_required": _Spec("报名须经所在单位同意", "A3", "bool"),
    "switch_allowed_in_window": _Spec("报名期内允许改报", "A5", "bool"),
    "min_qualified_to_compete": _Spec("职位进行竞岗所需符合条件人数下限（名）", "A6", "int", 1),
    "min_qualified_ratio": _Spec(
        "符合条件人数与职位数的最低比例（N:1，空为不用）", "A6", "int", 1, optional=True
    ),
    "shortlist_cap": _Spec("竞岗对象人数上限（名）", "A7", "int", 1),
    "shortlist_ratio": _Spec(
        "竞岗对象与职位数的比例上限（N:1，空为不用）", "A7", "int", 1, optional=True
    ),
    "leader_jury_size": _Spec("领导评委人数（人）", "A8", "int", 1),
    "min_office_assigned_leader_jurors": _Spec(
        "办公室选派的领导评委最少人数（人）", "A8", "int", 0
    ),
    "min_staff_jury_size": _Spec("群众评委最少人数（人）", "A8", "int", 1),
    "leader_weight": _Spec("领导评委评分权重（%）", "A8", "decimal"),
    "staff_weight": _Spec("群众评委评分权重（%）", "A8", "decimal"),
    "trim_high": _Spec("每组评委去掉的最高分个数", "A8", "int", 0),
    "trim_low": _Spec("每组评委去掉的最低分个数", "A8", "int", 0),
    "trim_only_above": _Spec("评分多于此份数时才去掉最高、最低分（0为始终去掉）", "A8", "int", 0),
    "score_min": _Spec("评分下限", "A8", "decimal"),
    "score_max": _Spec("评分上限", "A8", "decimal"),
    "score_items": _Spec(
        "分项评分表（名称=满分，以“；”分隔；空为只打总分）",
        "A8",
        "items",
        optional=True,
    ),
    "score_places": _Spec("平均分和总分保留的小数位数", "A8", "int", 0, 6),
    "score_input_places": _Spec("评委打分允许的小数位数", "A8", "int", 0, 6),
    "tie_break_by_leader_mean": _Spec("总分相同时领导评委平均分高者排前", "A8", "bool"),
    "vetting_ratio": _Spec("考察对象与职位数的比例（N:1）", "A9", "int", 1),
    "probation_months": _Spec("提拔任职试用期（月）", "A11", "int", 1),
    "probation_start": _Spec("试用期起算日", "A11", "choice", choices=PROBATION_STARTS),
    "publicity_working_days": _Spec("任前公示期（工作日）", "A11", "int", 1),
    "max_preferences": _Spec("每人可填报的意向单位数（个）", "B3", "int", 1),
    "proposal_ratio": _Spec("建议人选与缺员数的比例（N:1）", "B4", "int", 1),
    "matching_rounds": _Spec("双向选择匹配轮数", "B5", "int", 1),
    "standby_months": _Spec("不服从定向交流的待岗期限（月）", "B7", "int", 1),
    "answer_working_days": _Spec("交流安排表态期限（工作日）", "B7", "int", 1, 60),
    "reporting_working_days": _Spec("到新单位报到期限（工作日）", "C3", "int", 1),
    "max_age": _Spec("报名年龄上限（周岁，空为不限）", "A3", "int", 18, 70, optional=True),
    "min_years_in_post": _Spec("任现职最少年限（年，空为不限）", "A3", "int", 0, optional=True),
    "min_years_in_rank": _Spec("任现职级最少年限（年，空为不限）", "A3", "int", 0, optional=True),
    "min_education": _Spec(
        "最低学历（空为不限）", "A3", "choice", optional=True, choices=EDUCATION_LEVELS
    ),
    "appraisal_years": _Spec("审查近几年的年度考核（年）", "A3", "int", 0, 10),
    "min_appraisal_grade": _Spec(
        "近几年年度考核的最低等次（空为不查）",
        "A3",
        "choice",
        optional=True,
        choices=APPRAISAL_GRADES,
    ),
    "exclude_sanctioned": _Spec("处分影响期内不得报名", "A3", "bool"),
    "exclude_on_probation": _Spec("试用期内不得报名", "A3", "bool"),
    "check_recusal": _Spec("与竞岗单位领导有应回避亲属关系的不得报名", "A3", "bool"),
}

# Chinese names of coded choice values (the rest are already Chinese words).
CHOICE_LABELS: dict[str, str] = {"decision": "任职决定之日（票决日）", "notice": "任职发文之日"}

# Field → ((stored value, Chinese label), …) for every choice parameter, for forms.
POLICY_CHOICES: dict[str, tuple[tuple[str, str], ...]] = {
    name: tuple((value, CHOICE_LABELS.get(value, value)) for value in spec.choices)
    for name, spec in _SPECS.items()
    if spec.kind == "choice"
}

# Field → (Chinese label, rule ID), for the campaign settings form.
POLICY_LABELS: dict[str, tuple[str, str]] = {
    name: (spec.label, spec.rule) for name, spec in _SPECS.items()
}


@dataclass(frozen=True)
class Policy:
    """POLICY: every number of the plan a campaign may change; defaults are the plan's."""

    # A1 posts offered
    mandatory_offer_threshold: int = 8
    towns_must_offer: bool = True
    min_openings_when_mandatory: int = 1
    # A3 applying, A5 switching
    max_applications_per_person: int = 1
    may_apply_to_own_unit: bool = False
    home_unit_consent_required: bool = True
    switch_allowed_in_window: bool = True
    # A6 too few qualified: fewer than max(min_qualified_to_compete, ratio × seats)
    min_qualified_to_compete: int = 2
    min_qualified_ratio: int | None = None
    # A7 shortlist: at most min(shortlist_cap, shortlist_ratio × seats)
    shortlist_cap: int = 10
    shortlist_ratio: int | None = None
    # A8 hearing and score
    leader_jury_size: int = 7
    min_office_assigned_leader_jurors: int = 2
    min_staff_jury_size: int = 3
    leader_weight: Decimal = Decimal("70")
    staff_weight: Decimal = Decimal("30")
    trim_high: int = 1
    trim_low: int = 1
    trim_only_above: int = 0
    score_min: Decimal = Decimal("0")
    score_max: Decimal = Decimal("100")
    # The item sheet jurors fill in on their phones; empty: one total per juror.
    score_items: ScoreItems | None = ScoreItems()
    score_places: int = 2
    score_input_places: int = 2
    tie_break_by_leader_mean: bool = True
    # A9 vetting
    vetting_ratio: int = 2
    # A11 appointment
    probation_months: int = 12
    probation_start: str = "decision"
    publicity_working_days: int = 5
    # B part (used by matching/placement)
    max_preferences: int = 2
    proposal_ratio: int = 2
    matching_rounds: int = 1
    standby_months: int = 12
    # B7: working days after a placement is decided to say whether one accepts it (ADR 0012)
    answer_working_days: int = 3
    # C3 reporting for duty
    reporting_working_days: int = 10
    # A3 eligibility conditions; None = not checked
    max_age: int | None = None
    min_years_in_post: int | None = None
    min_years_in_rank: int | None = None
    min_education: str | None = None
    appraisal_years: int = 3
    min_appraisal_grade: str | None = "称职"
    exclude_sanctioned: bool = True
    exclude_on_probation: bool = True
    check_recusal: bool = True

    def __post_init__(self) -> None:
        # Coerce first (so Policy(leader_weight=40) works and a float is refused), then
        # check the combination: no Policy object is ever invalid.
        for name in _SPECS:
            object.__setattr__(self, name, _coerce(name, getattr(self, name)))
        problems: list[RuleViolation] = []
        _validate(
            {name: getattr(self, name) for name in _SPECS},
            prefer=frozenset(),
            report=problems.append,
        )
        if problems:
            raise problems[0]

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, Any] | None) -> Policy:
        """POLICY: build a policy from stored overrides (JSON values; Decimals as str)."""
        values, problems = _checked(overrides)
        if problems:
            raise problems[0]
        return cls(**values)

    def overrides(self) -> dict[str, Any]:
        """POLICY: only the fields that differ from the plan's defaults, JSON-ready."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value != getattr(DEFAULT_POLICY, f.name):
                if isinstance(value, ScoreItems):
                    out[f.name] = value.as_json()
                else:
                    out[f.name] = str(value) if isinstance(value, Decimal) else value
        return out


def policy_problems(overrides: Mapping[str, Any] | None) -> list[RuleViolation]:
    """POLICY: every refusal of ``overrides`` at once (each names its field), so a form can
    say them all beside their boxes in one answer; [] when a campaign can run with them."""
    return _checked(overrides)[1]


def _checked(overrides: Any) -> tuple[dict[str, Any], list[RuleViolation]]:
    values = {name: getattr(DEFAULT_POLICY, name) for name in _SPECS}
    if overrides is None:
        return values, []
    if not isinstance(overrides, Mapping):
        return values, [RuleViolation("POLICY", "策略参数必须是“参数名: 值”的形式。")]
    problems: list[RuleViolation] = []
    for key, raw in overrides.items():
        if key not in _SPECS:
            problems.append(RuleViolation("POLICY", f"未知的策略参数“{key}”。", field=str(key)))
            continue
        try:
            values[key] = _coerce(key, raw)
        except RuleViolation as violation:
            problems.append(violation)
    if not problems:  # the combined checks need every value in its type
        # Validate with the overridden keys preferred, so a combined check (e.g. weights)
        # reports on the field the user actually changed.
        _validate(values, prefer=frozenset(overrides), report=problems.append)
    return values, problems


def _coerce(name: str, raw: Any) -> Any:
    """POLICY: turn one JSON-ish value into the field's type, or refuse it."""
    spec = _SPECS[name]
    label = spec.label
    if spec.kind == "items":
        return parse_score_items(name, raw)
    if raw is None:
        if spec.optional:
            return None
        raise RuleViolation("POLICY", f"“{label}”不能为空。", field=name)
    if spec.kind == "bool":
        if not isinstance(raw, bool):
            raise RuleViolation("POLICY", f"“{label}”只能是“是”或“否”。", field=name)
        return raw
    if spec.kind == "int":
        return _coerce_int(name, spec, raw)
    if spec.kind == "decimal":
        return _coerce_decimal(name, label, raw)
    return _coerce_choice(name, spec, raw)


def _coerce_int(name: str, spec: _Spec, raw: Any) -> int:
    # bool is an int subclass in Python; a checkbox value must not pass as a count.
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise RuleViolation("POLICY", f"“{spec.label}”必须是整数。", field=name)
    if spec.minimum is not None and raw < spec.minimum:
        raise RuleViolation("POLICY", f"“{spec.label}”不能小于{spec.minimum}。", field=name)
    if spec.maximum is not None and raw > spec.maximum:
        raise RuleViolation("POLICY", f"“{spec.label}”不能大于{spec.maximum}。", field=name)
    return raw


def _coerce_decimal(name: str, label: str, raw: Any) -> Decimal:
    # Floats are refused: 0.1 is not exactly 0.1, and scores must be exact.
    if isinstance(raw, bool | float):
        raise RuleViolation("POLICY", f"“{label}”请填写整数或数字字符串。", field=name)
    try:
        value = Decimal(raw.strip()) if isinstance(raw, str) else Decimal(raw)
    except (InvalidOperation, TypeError, ValueError):
        raise RuleViolation("POLICY", f"“{label}”不是有效的数字：{raw!r}。", field=name) from None
    if not value.is_finite():
        raise RuleViolation("POLICY", f"“{label}”不是有效的数字：{raw!r}。", field=name)
    return value


def _coerce_choice(name: str, spec: _Spec, raw: Any) -> str:
    value = EDUCATION_ALIASES.get(raw, raw) if name == "min_education" else raw
    if not isinstance(value, str) or value not in spec.choices:
        known = "、".join(CHOICE_LABELS.get(c, c) for c in spec.choices)
        raise RuleViolation("POLICY", f"“{spec.label}”只能是：{known}。", field=name)
    return value


def _validate(values: Mapping[str, Any], *, prefer: frozenset[str], report: Any) -> None:
    """POLICY: report every combination no campaign can run with."""

    def fail(message: str, *names: str) -> None:
        chosen = next((n for n in names if n in prefer), names[0])
        report(RuleViolation("POLICY", message, field=chosen))

    v = values
    for name in ("leader_weight", "staff_weight"):
        if not Decimal(0) <= v[name] <= Decimal(100):
            fail(f"“{_SPECS[name].label}”必须在0到100之间。", name)
    if v["leader_weight"] + v["staff_weight"] != Decimal(100):
        fail(
            f"领导评委与群众评委的权重之和必须为100%，现为"
            f"{v['leader_weight']}% + {v['staff_weight']}%。",
            "leader_weight",
            "staff_weight",
        )
    if v["score_min"] >= v["score_max"]:
        fail(
            f"评分下限（{v['score_min']}）必须小于评分上限（{v['score_max']}）。",
            "score_min",
            "score_max",
        )
    if v["min_office_assigned_leader_jurors"] > v["leader_jury_size"]:
        fail(
            f"办公室选派的领导评委（{v['min_office_assigned_leader_jurors']}人）"
            f"不能多于领导评委总数（{v['leader_jury_size']}人）。",
            "min_office_assigned_leader_jurors",
            "leader_jury_size",
        )
    _validate_trim(v, fail)
    score_items_problems(v, fail)


def _validate_trim(v: Mapping[str, Any], fail: Any) -> None:
    """POLICY: after trimming, each jury keeps at least one score."""
    trims = v["trim_high"] + v["trim_low"]
    names = ("trim_high", "trim_low", "trim_only_above")
    leader = v["leader_jury_size"]
    if leader > v["trim_only_above"] and leader - trims < 1:
        fail(
            f"领导评委{leader}人，去掉{v['trim_high']}个最高分和{v['trim_low']}个最低分后"
            "没有剩余评分。",
            *names,
            "leader_jury_size",
        )
    # The smallest staff jury that gets trimmed is the minimum size, or the first size
    # above trim_only_above when the minimum is not trimmed at all.
    smallest = max(v["min_staff_jury_size"], v["trim_only_above"] + 1)
    if smallest - trims < 1:
        fail(
            f"群众评委{smallest}人时，去掉{v['trim_high']}个最高分和{v['trim_low']}个最低分后"
            "没有剩余评分；请提高群众评委最少人数或减少去掉的分数。",
            *names,
            "min_staff_jury_size",
        )


# The plan's policy: the default argument of every rule, and what overrides differ from.
DEFAULT_POLICY = Policy()
