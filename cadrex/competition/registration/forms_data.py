"""The application form (《跨单位竞岗报名表》): its fields, prefilled from the roster.

A field the roster fills is shown and printed as the roster has it; a field the roster is
silent on is typed by the applicant (FORMS.md: never invent a value).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cadrex.registry.models import Cadre


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    multiline: bool = False


APPLICATION_FIELDS: tuple[FormField, ...] = (
    FormField("name", "姓名"),
    FormField("sex", "性别"),
    FormField("birth", "出生年月（岁）"),
    FormField("ethnicity", "民族"),
    FormField("native_place", "籍贯"),
    FormField("political_status", "政治面貌 / 入党时间"),
    FormField("work_start", "参加工作时间"),
    FormField("fulltime_education", "全日制教育 学历学位"),
    FormField("fulltime_school", "全日制教育 毕业院校系及专业"),
    FormField("inservice_education", "在职教育 学历学位"),
    FormField("inservice_school", "在职教育 毕业院校系及专业"),
    FormField("unit_and_post", "现工作单位及职务"),
    FormField("rank", "职级"),
    FormField("post_since", "任现职（职级）时间"),
    FormField("phone", "联系电话"),
    FormField("resume", "简历", multiline=True),
    FormField("rewards", "奖惩情况", multiline=True),
    FormField("appraisals", "近三年年度考核结果"),
)
FIELD_KEYS = {f.key for f in APPLICATION_FIELDS}


def age_on(birth: date, on: date) -> int:
    """FORMS.md: whole years counted from the first day of the birth month."""
    start = birth.replace(day=1)
    return on.year - start.year - ((on.month, on.day) < (start.month, start.day))


def _ym(value: date | None) -> str:
    return f"{value:%Y.%m}" if value else ""


def roster_values(cadre: Cadre, on: date) -> dict[str, str]:
    """What the roster says for each field ('' where it says nothing)."""
    party = f"{cadre.political_status}" + (
        f"（{_ym(cadre.party_join_date)}入党）" if cadre.party_join_date else ""
    )
    grades = "；".join(f"{y}年：{g}" for y, g in sorted((cadre.appraisals or {}).items()))
    since = "；".join(
        part
        for part in (
            f"任现职 {_ym(cadre.post_since)}" if cadre.post_since else "",
            f"任现职级 {_ym(cadre.rank_since)}" if cadre.rank_since else "",
        )
        if part
    )
    return {
        "name": cadre.name,
        "sex": cadre.sex,
        "birth": f"{_ym(cadre.birth_date)}（{age_on(cadre.birth_date, on)}岁）",
        "ethnicity": cadre.ethnicity,
        "native_place": cadre.native_place,
        "political_status": party,
        "work_start": _ym(cadre.work_start_date),
        "fulltime_education": " ".join(
            x for x in (cadre.fulltime_education, cadre.fulltime_degree) if x
        ),
        "fulltime_school": cadre.fulltime_school,
        "inservice_education": " ".join(
            x for x in (cadre.inservice_education, cadre.inservice_degree) if x
        ),
        "inservice_school": cadre.inservice_school,
        "unit_and_post": f"{cadre.unit.name}{cadre.current_post}" if cadre.current_post else "",
        "rank": cadre.rank,
        "post_since": since,
        "phone": "",
        "resume": cadre.resume,
        "rewards": cadre.rewards_and_sanctions,
        "appraisals": grades,
    }


def merge_form(cadre: Cadre, on: date, typed: dict[str, str]) -> dict[str, str]:
    """The form as filed: roster values win; typed values fill only what the roster leaves blank."""
    values = roster_values(cadre, on)
    for key in FIELD_KEYS:
        if not values.get(key):
            values[key] = str(typed.get(key, "")).strip()[:2000]
    if not values["rewards"]:
        values["rewards"] = "无"
    return values
