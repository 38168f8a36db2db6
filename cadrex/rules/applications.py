"""A3 who may apply to an opening, A4 daily counts, A5 switching to another opening."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from cadrex.rules.errors import RuleViolation
from cadrex.rules.openings import OpeningFacts
from cadrex.rules.policy import DEFAULT_POLICY, Policy, appraisal_level, education_level
from cadrex.rules.schedule import Window
from cadrex.rules.scope import UnitFacts, check_not_own_case, scope_problem


@dataclass(frozen=True)
class CadreFacts:
    """What the A3 checks need to know about a person. Unknown facts are None."""

    person_id: str
    unit: str  # home unit code
    name: str = ""
    birth: date | None = None
    education: str | None = None  # highest level, see policy.EDUCATION_LEVELS
    post_since: date | None = None  # 任现职时间
    rank_since: date | None = None  # 任现职级时间
    appraisals: tuple[tuple[int, str], ...] = ()  # (year, grade) pairs
    sanction_until: date | None = None  # end of a sanction's effect period (exclusive)
    probation_until: date | None = None  # end of a probation (exclusive)
    relatives: frozenset[str] = field(default_factory=frozenset)  # kin's person ids
    civil_servant: bool = True  # or managed as a civil servant (S1)

    def __post_init__(self) -> None:
        object.__setattr__(self, "relatives", frozenset(self.relatives))
        pairs = self.appraisals.items() if isinstance(self.appraisals, Mapping) else self.appraisals
        object.__setattr__(self, "appraisals", tuple(sorted((int(y), g) for y, g in pairs)))

    def grade_in(self, year: int) -> str | None:
        return dict(self.appraisals).get(year)


def full_years(since: date, on: date) -> int:
    """A3: whole years elapsed from ``since`` to ``on`` (a birthday counts on its day)."""
    return on.year - since.year - ((on.month, on.day) < (since.month, since.day))


def eligibility_problems(
    cadre: CadreFacts,
    opening: OpeningFacts,
    *,
    on: date,
    policy: Policy = DEFAULT_POLICY,
    active_openings: Sequence[str] = (),
    home_unit: UnitFacts | None = None,
    latest_appraisal_year: int | None = None,
) -> list[str]:
    """A3: every reason ``cadre`` may not apply to ``opening`` on ``on``; empty when eligible.

    ``active_openings`` are the codes of the person's other active applications in this
    campaign. ``latest_appraisal_year`` defaults to the year before ``on`` (a year's
    appraisal is made early the next year).
    """
    problems: list[str] = []
    if home_unit is not None:
        problem = scope_problem(home_unit, civil_servant=cadre.civil_servant)
        if problem:
            problems.append(problem)
    problems += _application_limit_problems(cadre, opening, policy, active_openings)
    problems += _condition_problems(cadre, on, policy)
    latest = on.year - 1 if latest_appraisal_year is None else latest_appraisal_year
    problems += _appraisal_problems(cadre, latest, policy)
    if policy.check_recusal and cadre.relatives & opening.unit_leaders:
        problems.append("与竞岗职位所在单位领导班子成员有亲属关系，应当回避。")
    return problems


def check_eligibility(
    cadre: CadreFacts,
    opening: OpeningFacts,
    *,
    on: date,
    policy: Policy = DEFAULT_POLICY,
    active_openings: Sequence[str] = (),
    home_unit: UnitFacts | None = None,
    latest_appraisal_year: int | None = None,
) -> None:
    """A3: refuse the application with every reason at once."""
    problems = eligibility_problems(
        cadre,
        opening,
        on=on,
        policy=policy,
        active_openings=active_openings,
        home_unit=home_unit,
        latest_appraisal_year=latest_appraisal_year,
    )
    if problems:
        raise RuleViolation("A3", f"不能报名“{opening.label}”：" + "；".join(problems))


def _application_limit_problems(
    cadre: CadreFacts, opening: OpeningFacts, policy: Policy, active: Sequence[str]
) -> list[str]:
    problems = []
    if cadre.unit == opening.unit and not policy.may_apply_to_own_unit:
        problems.append("不得报名竞争本单位推出的竞岗职位。")
    if opening.code in active:
        problems.append("已报名该职位，不能重复报名。")
    elif len(active) >= policy.max_applications_per_person:
        problems.append(
            f"每人限报{policy.max_applications_per_person}个职位，已报{len(active)}个；"
            "如需更换，请在报名期内改报。"
        )
    return problems


def _condition_problems(cadre: CadreFacts, on: date, policy: Policy) -> list[str]:
    problems = []
    if policy.max_age is not None:
        if cadre.birth is None:
            problems.append("缺少出生日期，无法审查年龄条件。")
        elif (age := full_years(cadre.birth, on)) > policy.max_age:
            problems.append(f"年龄{age}周岁，超过{policy.max_age}周岁的年龄上限。")
    problems += _tenure_problem("任现职", cadre.post_since, policy.min_years_in_post, on)
    problems += _tenure_problem("任现职级", cadre.rank_since, policy.min_years_in_rank, on)
    if policy.min_education is not None:
        if cadre.education is None:
            problems.append("缺少学历信息，无法审查学历条件。")
        elif education_level(cadre.education) < education_level(policy.min_education):
            problems.append(f"学历为{cadre.education}，低于{policy.min_education}的要求。")
    if policy.exclude_sanctioned and cadre.sanction_until and on < cadre.sanction_until:
        problems.append(f"处分影响期未满（至{cadre.sanction_until:%Y-%m-%d}）。")
    if policy.exclude_on_probation and cadre.probation_until and on < cadre.probation_until:
        problems.append(f"尚在试用期内（至{cadre.probation_until:%Y-%m-%d}）。")
    return problems


def _tenure_problem(what: str, since: date | None, minimum: int | None, on: date) -> list[str]:
    if minimum is None:
        return []
    if since is None:
        return [f"缺少{what}时间，无法审查{what}年限。"]
    if since > on:
        return [f"{what}时间晚于审查日期，请核对。"]
    years = full_years(since, on)
    if years < minimum:
        return [f"{what}{years}年，不满{minimum}年。"]
    return []


def _appraisal_problems(cadre: CadreFacts, latest: int, policy: Policy) -> list[str]:
    if policy.min_appraisal_grade is None or policy.appraisal_years == 0:
        return []
    floor = appraisal_level(policy.min_appraisal_grade)
    problems = []
    # Oldest first, so the message reads like the form's “2012年：…；2013年：…”.
    for year in range(latest - policy.appraisal_years + 1, latest + 1):
        grade = cadre.grade_in(year)
        if grade is None:
            problems.append(f"缺少{year}年度考核结果。")
        elif appraisal_level(grade) < floor:
            problems.append(f"{year}年度考核为{grade}，低于{policy.min_appraisal_grade}。")
    return problems


def check_reaches_office(*, consented: bool, policy: Policy = DEFAULT_POLICY) -> None:
    """A3: an application reaches the office only after the home unit has consented."""
    if policy.home_unit_consent_required and not consented:
        raise RuleViolation("A3", "报名须经所在单位同意后才能报送竞岗交流工作办公室。")


def check_consent_not_own(*, deciding_cadre_id: int | None, applicant_cadre_id: int) -> None:
    """A3: the unit consents, not the applicant. A leader who is also a cadre of the unit
    (one person, several roles) may not decide on their own application; another of the
    unit's leaders does (公务员法 Art. 76: one withdraws from a matter of one's own)."""
    check_not_own_case(
        deciding_cadre_id,
        applicant_cadre_id,
        rule="A3",
        message="不能对本人的报名表态：请由本单位其他主要负责同志表态。",
    )


@dataclass(frozen=True)
class DailyCount:
    """A4: one row of the daily counts notice (no names)."""

    opening: str
    applicants: int
    change: int | None  # since the previous snapshot; None on the first day


def daily_counts(
    openings: Sequence[str],
    application_openings: Iterable[str],
    previous: Mapping[str, int] | None = None,
) -> tuple[DailyCount, ...]:
    """A4: applicants per opening (every opening listed, zeros too), with the day's change.

    ``application_openings`` holds, for each application that has reached the office, the
    code of its opening.
    """
    counts = Counter(application_openings)
    unknown = set(counts) - set(openings)
    if unknown:
        raise RuleViolation("A4", f"报名指向未公布的职位：{'、'.join(sorted(unknown))}。")
    return tuple(
        DailyCount(
            opening=code,
            applicants=counts[code],
            change=None if previous is None else counts[code] - previous.get(code, 0),
        )
        for code in openings
    )


def switch_application(
    active: Sequence[str],
    *,
    from_code: str,
    to: OpeningFacts,
    now: datetime,
    window: Window | None,
    policy: Policy = DEFAULT_POLICY,
    from_cancelled: bool = False,
    to_cancelled: bool = False,
) -> tuple[str, ...]:
    """A5: move one application to another opening; the person still holds as many as before.

    ``window`` is the registration window, or the re-application window when the opening
    left is cancelled (A6: its applicants may always switch). The caller re-checks A3
    eligibility for ``to`` with the other active applications.
    """
    if from_code not in active:
        raise RuleViolation("A5", "没有该职位的有效报名，无法改报。")
    if not from_cancelled and not policy.switch_allowed_in_window:
        raise RuleViolation("A5", "本次竞岗不允许改报职位。")
    if window is None or not window.contains(now):
        raise RuleViolation("A5", "只能在报名（改报）期内改报职位。")
    if to.code == from_code or to.code in active:
        raise RuleViolation("A5", f"已报名“{to.label}”，无需改报。")
    if to_cancelled:
        raise RuleViolation("A5", f"“{to.label}”符合条件人数不足，不进行竞岗，不能改报该职位。")
    return tuple(to.code if code == from_code else code for code in active)
