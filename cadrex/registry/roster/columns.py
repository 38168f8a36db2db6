"""The roster workbook's layout (its sheets and columns) and what an import reports back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cadrex.registry.models import EDUCATIONS, RANKS, PostKind, PostLevel, StaffType, UnitKind

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str = "str"  # str | code | date | bool | choice | idnumber | appraisals | unit
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, label in the sheet)
    max_length: int = 100
    width: int = 14


def _labels(choices) -> tuple[tuple[str, str], ...]:
    return tuple((value, label) for value, label in choices)


UNIT_SHEET = "单位"
CADRE_SHEET = "干部"
POST_SHEET = "中层岗位"

UNIT_COLUMNS = (
    Column("单位代码", "code", "code", required=True, max_length=20, width=12),
    Column("单位名称", "name", required=True, width=28),
    Column("单位类别", "kind", "choice", required=True, choices=_labels(UnitKind.choices)),
    Column("垂直管理部门", "vertically_managed", "bool", width=12),
)

CADRE_COLUMNS = (
    Column("身份证号", "id_number", "idnumber", required=True, width=22),
    Column("姓名", "name", required=True, max_length=50, width=10),
    Column("性别", "sex", max_length=1, width=6),
    Column("单位代码", "unit", "unit", required=True, width=10),
    Column("人员类别", "staff_type", "choice", choices=_labels(StaffType.choices), width=16),
    Column("现任职务", "current_post", width=22),
    Column("任现职时间", "post_since", "date", width=12),
    Column("职级", "rank", "choice", choices=tuple((r, r) for r in sorted(RANKS)), width=14),
    Column("任现职级时间", "rank_since", "date", width=12),
    Column("民族", "ethnicity", max_length=20, width=8),
    Column("籍贯", "native_place", max_length=50),
    Column("出生地", "birth_place", max_length=50),
    Column("政治面貌", "political_status", max_length=20, width=10),
    Column("入党时间", "party_join_date", "date", width=12),
    Column("参加工作时间", "work_start_date", "date", width=12),
    Column("健康状况", "health", max_length=20, width=10),
    Column("专业技术职务", "professional_title", max_length=50),
    Column("熟悉专业有何专长", "speciality"),
    Column("全日制学历", "fulltime_education", "choice", choices=tuple((e, e) for e in EDUCATIONS)),
    Column("全日制学位", "fulltime_degree", max_length=20),
    Column("全日制毕业院校系及专业", "fulltime_school", width=28),
    Column("在职学历", "inservice_education", "choice", choices=tuple((e, e) for e in EDUCATIONS)),
    Column("在职学位", "inservice_degree", max_length=20),
    Column("在职毕业院校系及专业", "inservice_school", width=28),
    Column("近三年年度考核结果", "appraisals", "appraisals", width=34),
    Column("奖惩情况", "rewards_and_sanctions", max_length=500, width=20),
    Column("处分影响期至", "sanction_until", "date", width=12),
    Column("试用期至", "probation_until", "date", width=12),
    Column("简历", "resume", max_length=5000, width=40),
)

POST_COLUMNS = (
    Column("身份证号", "id_number", "idnumber", required=True, width=22),
    Column("姓名", "name", max_length=50, width=10),
    Column("单位代码", "unit", "unit", required=True, width=10),
    Column("科室（机构）", "section", required=True, width=24),
    Column("正副职", "level", "choice", required=True, choices=_labels(PostLevel.choices), width=8),
    Column("岗位类别", "kind", "choice", choices=_labels(PostKind.choices), width=18),
    Column("任职时间", "since", "date", width=12),
)

SHEETS = ((UNIT_SHEET, UNIT_COLUMNS), (CADRE_SHEET, CADRE_COLUMNS), (POST_SHEET, POST_COLUMNS))
CADRE_FIELDS = [c.field for c in CADRE_COLUMNS if c.field != "unit"] + ["unit_id", "birth_date"]


@dataclass(frozen=True)
class RosterError:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"“{self.sheet}”表"
        if self.row is not None:
            where += f"第{self.row}行"
        if self.column:
            where += f"“{self.column}”列"
        return f"{where}：{self.message}"


class RosterInvalid(Exception):
    """The file has errors; nothing was written. ``errors`` lists every one of them."""

    def __init__(self, errors: list[RosterError]):
        super().__init__(f"名册有 {len(errors)} 处错误，未导入任何数据。")
        self.errors = errors


@dataclass
class ImportResult:
    units_created: int = 0
    units_updated: int = 0
    cadres_created: int = 0
    cadres_updated: int = 0
    cadres_unchanged: int = 0
    posts_set: int = 0
    posts_removed: int = 0

    @property
    def changed(self) -> bool:
        return any(
            (
                self.units_created,
                self.units_updated,
                self.cadres_created,
                self.cadres_updated,
                self.posts_set,
                self.posts_removed,
            )
        )

    def summary(self) -> str:
        return (
            f"单位新增 {self.units_created}、更新 {self.units_updated}；"
            f"干部新增 {self.cadres_created}、更新 {self.cadres_updated}、未变 {self.cadres_unchanged}；"
            f"中层岗位设置 {self.posts_set}、撤销 {self.posts_removed}。"
        )
