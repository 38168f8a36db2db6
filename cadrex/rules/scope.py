"""S1 who takes part, and S2 what a middle-level post is and how a unit's headcount counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from cadrex.rules.errors import RuleViolation


class UnitKind(StrEnum):
    """S1: the kinds of unit the plan names."""

    TOWN = "town"  # 镇（街道）
    DEPARTMENT = "department"  # 市直属机关部门
    MASS_ORGANISATION = "mass_organisation"  # 群团机关
    PUBLIC_INSTITUTION = "public_institution"  # 事业单位

    @property
    def label(self) -> str:
        return _UNIT_KIND_LABELS[self]


_UNIT_KIND_LABELS = {
    UnitKind.TOWN: "镇（街道）",
    UnitKind.DEPARTMENT: "市直属机关部门",
    UnitKind.MASS_ORGANISATION: "群团机关",
    UnitKind.PUBLIC_INSTITUTION: "事业单位",
}


class PostLevel(StrEnum):
    """S2: chief or deputy of a section (正职 / 副职)."""

    DEPUTY = "deputy"
    CHIEF = "chief"

    @property
    def label(self) -> str:
        return "正职" if self is PostLevel.CHIEF else "副职"


class PostKind(StrEnum):
    """S2: where a post sits."""

    INTERNAL_SECTION = "internal_section"  # 内设科室
    DISPATCHED_AGENCY = "dispatched_agency"  # 派出机构
    TOWN_SECTION_LEVEL = "town_section_level"  # 镇街道享受股级待遇的岗位
    OTHER = "other"


def post_level(value: PostLevel | str, rule: str = "S2") -> PostLevel:
    """S2: a post level from its stored value, or a RuleViolation (cited as ``rule``)."""
    try:
        return PostLevel(value)
    except ValueError:
        raise RuleViolation(
            rule, f"职务层次“{value}”无效，只能是正职或副职。", field="level"
        ) from None


@dataclass(frozen=True)
class UnitFacts:
    """What the rules need to know about a unit."""

    code: str
    kind: UnitKind
    vertically_managed: bool = False
    middle_level_headcount: int = 0
    # Mass organisations and public institutions take part only when their staff are
    # managed as civil servants (参照公务员法管理).
    civil_service_managed: bool = True
    name: str = ""

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "kind", UnitKind(self.kind))
        except ValueError:
            raise RuleViolation("S1", f"单位类型“{self.kind}”无效。", field="kind") from None
        if self.middle_level_headcount < 0:
            raise RuleViolation("S2", "单位中层人数不能为负数。", field="middle_level_headcount")

    @property
    def display(self) -> str:
        return self.name or self.code


@dataclass(frozen=True)
class HeldPost:
    """S2: one post held by one person in one unit."""

    person_id: str
    unit: str
    kind: PostKind
    level: PostLevel | None = None
    in_establishment_plan: bool = True  # set by the unit's “三定”方案

    def __post_init__(self) -> None:
        # Accept the stored string values ("internal_section", "chief") as well as enums.
        try:
            object.__setattr__(self, "kind", PostKind(self.kind))
        except ValueError:
            raise RuleViolation("S2", f"岗位类别“{self.kind}”无效。", field="kind") from None
        if self.level is not None:
            object.__setattr__(self, "level", post_level(self.level))


def in_scope(unit: UnitFacts) -> bool:
    """S1: a unit takes part unless vertically managed or outside the civil service."""
    if unit.vertically_managed:
        return False
    if unit.kind in (UnitKind.TOWN, UnitKind.DEPARTMENT):
        return True
    return unit.civil_service_managed


def scope_problem(unit: UnitFacts, *, civil_servant: bool = True) -> str | None:
    """S1: why a person of ``unit`` cannot take part, or None when they can.

    ``civil_servant`` is true for civil servants and for staff managed as civil servants.
    """
    if unit.vertically_managed:
        return f"{unit.display}为垂直管理部门，其人员不参加本次竞岗交流。"
    if not in_scope(unit):
        return f"{unit.display}不是参照公务员法管理的单位，其人员不参加本次竞岗交流。"
    if not civil_servant:
        return "本次竞岗交流只在公务员和参照公务员法管理的工作人员中进行。"
    return None


def is_middle_level_post(post: HeldPost, unit_kind: UnitKind) -> bool:
    """S2: chief/deputy of a planned section or agency, or a town section-level post."""
    if post.kind is PostKind.TOWN_SECTION_LEVEL:
        return UnitKind(unit_kind) is UnitKind.TOWN
    if post.kind in (PostKind.INTERNAL_SECTION, PostKind.DISPATCHED_AGENCY):
        return post.level is not None and post.in_establishment_plan
    return False


def middle_level_headcount(posts: Iterable[HeldPost], unit: UnitFacts) -> int:
    """S2: the number of people (not posts) holding a middle-level post in ``unit``."""
    holders = {
        post.person_id
        for post in posts
        if post.unit == unit.code and is_middle_level_post(post, unit.kind)
    }
    return len(holders)


OWN_CASE_MESSAGE = "不能办理本人的事项：请由其他同志办理。"


def check_not_own_case(
    actor_cadre_id: int | None,
    subject_cadre_id: int | None,
    *,
    rule: str,
    message: str = OWN_CASE_MESSAGE,
) -> None:
    """One person, several roles (ADR 0014): whoever decides a matter must not be the person
    it concerns (公务员法 Art. 76: one withdraws from a matter of one's own). A cadre given an
    orgdept grant, say, may not settle their own placement, standby or appointment: another
    does. ``actor_cadre_id`` is the actor's own roster record (``User.cadre_id``), None for an
    account that is nobody's record (the system, an office account); cited as ``rule``.
    The A3 consent door has its own wording (``applications.check_consent_not_own``)."""
    if actor_cadre_id is not None and actor_cadre_id == subject_cadre_id:
        raise RuleViolation(rule, message)
