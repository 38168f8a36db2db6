"""Roster import and export (.xlsx): units, cadres and the middle-level posts they hold.

The workbook has three sheets — 单位, 干部, 中层岗位 — with the headers below. Import
checks every row of every sheet first and writes nothing unless the whole file is clean;
then it writes in one transaction, creating new people and updating known ones by ID
number, so importing the same file twice changes nothing the second time.

For each cadre listed in the 干部 sheet, the 中层岗位 sheet is authoritative: a listed
cadre without a post row holds no middle-level post after the import. Cadres absent from
the file are left as they are (the file may cover some units only).
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from cadrex.audit.services import event_record
from cadrex.documents.xlsx import append_row
from cadrex.registry import idnumber
from cadrex.registry.checks import text_problem, unit_code_problem
from cadrex.registry.models import (
    APPRAISAL_GRADES,
    EDUCATIONS,
    RANKS,
    Cadre,
    MiddleLevelPost,
    PostKind,
    PostLevel,
    StaffType,
    Unit,
    UnitKind,
)
from cadrex.registry.workbook_guard import LIMITS, NOT_XLSX, WorkbookRefused, check_workbook

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


# ---------------------------------------------------------------- cell parsing

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[.\-/年](\d{1,2})(?:[.\-/月](\d{1,2})日?)?月?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})?$"),
)


def parse_date(value) -> date:
    """Dates as people type them: 2015.07, 2015-07-01, 2015/7/1, 2015年7月, 201507, or a
    real date cell. A month without a day means its first day (as the forms print yyyy.MM)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float):
        # Excel turns a typed 2015.10 into the number 2015.1: only two decimals are safe.
        text = f"{value:.2f}"
        if float(text) != value:
            raise ValueError("日期格式有歧义，请写成 2015.07 或 2015-07-01")
        value = text
    text = str(value).strip()
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            year, month, day = int(m[1]), int(m[2]), int(m[3] or 1)
            try:
                return date(year, month, day)
            except ValueError:
                break
    raise ValueError(f"无法识别的日期“{text}”，请写成 2015.07 或 2015-07-01")


def parse_appraisals(value) -> dict[str, str]:
    """``2023:称职;2024:优秀`` (Chinese or ASCII separators, or ``2023年：称职``)."""
    result: dict[str, str] = {}
    for part in re.split(r"[;；,，、\s]+", str(value).strip()):
        if not part:
            continue
        m = re.match(r"^(\d{4})年?[:：]?(.+)$", part)
        if not m or m[2] not in APPRAISAL_GRADES:
            raise ValueError(
                f"“{part}”格式不对，应写成“2023:称职;2024:优秀”，等次为{'、'.join(APPRAISAL_GRADES)}"
            )
        result[m[1]] = m[2]
    return dict(sorted(result.items()))


_TRUE = {"是", "y", "yes", "true", "1", "√"}
_FALSE = {"否", "n", "no", "false", "0", ""}


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"应填“是”或“否”，而不是“{value}”")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_cell(column: Column, raw):
    """One cell → stored value, or ValueError with the Chinese reason."""
    empty = raw is None or (isinstance(raw, str) and not raw.strip())
    if empty:
        if column.required:
            raise ValueError("必填项为空")
        return {"date": None, "bool": False, "appraisals": {}}.get(column.kind, "")
    if column.kind == "date":
        return parse_date(raw)
    if column.kind == "bool":
        return parse_bool(raw)
    if column.kind == "appraisals":
        return parse_appraisals(raw)
    text = _cell_text(raw)
    if column.kind == "idnumber":
        text = idnumber.normalise(text)
        if "*" in text:
            raise ValueError(
                f"身份证号“{text}”已隐去部分数字（按权限遮盖的导出件），不能用于导入，请填写完整号码"
            )
        reason = idnumber.problem(text)
        if reason:
            raise ValueError(f"{reason}（{text}）")
        return text
    if column.kind == "choice":
        for value, label in column.choices:
            if text in (value, label):
                return value
        allowed = "、".join(label for _, label in column.choices)
        raise ValueError(f"“{text}”不是可选值（可选：{allowed}）")
    if len(text) > column.max_length:
        raise ValueError(f"内容过长（最多 {column.max_length} 字）")
    reason = unit_code_problem(text) if column.kind == "code" else text_problem(text)
    if reason:
        raise ValueError(reason)
    return text


# ---------------------------------------------------------------- reading


@dataclass
class ParsedRoster:
    units: list[tuple[int, dict]] = field(default_factory=list)
    cadres: list[tuple[int, dict]] = field(default_factory=list)
    posts: list[tuple[int, dict]] = field(default_factory=list)
    errors: list[RosterError] = field(default_factory=list)


def _file_error(message: str) -> RosterInvalid:
    return RosterInvalid([RosterError("文件", None, None, message)])


def _open_workbook(fileobj):
    """The workbook, read-only, once ``workbook_guard`` has passed it; and the shapes of the
    roster sheets it found (their row counts)."""
    try:
        shapes = check_workbook(fileobj, [sheet for sheet, _ in SHEETS])
    except WorkbookRefused as refused:
        error = RosterError(refused.sheet or "文件", refused.row, refused.column, refused.message)
        raise RosterInvalid([error]) from refused
    try:
        return load_workbook(fileobj, read_only=True, data_only=True), shapes
    except (InvalidFileException, KeyError, OSError, ValueError, TypeError) as exc:
        raise _file_error(f"{NOT_XLSX}（{type(exc).__name__}）") from exc
    except Exception as exc:  # zipfile.BadZipFile and friends from a broken upload
        raise _file_error(NOT_XLSX) from exc


def _read_sheet(
    ws, sheet: str, columns, errors: list[RosterError], progress: Progress | None, rows_in: int
):
    """Rows of one sheet as (row number, {field: value}); bad cells go to ``errors``.

    The sheet's declared dimension is ignored (a wrong one would cut rows off or, inflated,
    pad every row to 16,384 cells): rows and columns are read up to the guard's limits only."""
    ws.reset_dimensions()
    rows = ws.iter_rows(max_row=LIMITS.rows, max_col=LIMITS.columns, values_only=True)
    header = next(rows, None) or ()
    positions = {}
    names = [_cell_text(h).rstrip("*") for h in header]
    for column in columns:
        if column.header in names:
            positions[column.field] = names.index(column.header)
        elif column.required:
            errors.append(RosterError(sheet, 1, column.header, "缺少此列（请使用系统提供的模板）"))
    if any(c.required and c.field not in positions for c in columns):
        return []
    parsed = []
    total = max(rows_in - 1, 0)
    for number, row in enumerate(rows, start=2):
        if not any(v is not None and str(v).strip() for v in row):
            continue  # blank lines between blocks are harmless
        record = {}
        for column in columns:
            pos = positions.get(column.field)
            raw = row[pos] if pos is not None and pos < len(row) else None
            try:
                record[column.field] = _parse_cell(column, raw)
            except ValueError as exc:
                errors.append(RosterError(sheet, number, column.header, str(exc)))
        # A row with a bad cell still goes on to the cross-row checks with the cells that
        # parsed, so one upload reports every problem; nothing is written while any remain.
        parsed.append((number, record))
        if progress and number % 500 == 0:
            progress(f"校验{sheet}", min(number - 1, total), total)
    if progress:
        progress(f"校验{sheet}", total, total)
    return parsed


def parse_roster(fileobj, *, progress: Progress | None = None) -> ParsedRoster:
    wb, shapes = _open_workbook(fileobj)
    result = ParsedRoster()
    try:
        for sheet, columns in SHEETS:
            if sheet not in wb.sheetnames:
                if sheet != UNIT_SHEET:  # the unit sheet is optional: units may exist already
                    result.errors.append(RosterError(sheet, None, None, "缺少此工作表"))
                continue
            rows_in = shapes[sheet].rows if sheet in shapes else 0
            rows = _read_sheet(wb[sheet], sheet, columns, result.errors, progress, rows_in)
            setattr(
                result,
                {UNIT_SHEET: "units", CADRE_SHEET: "cadres", POST_SHEET: "posts"}[sheet],
                rows,
            )
    finally:
        wb.close()
    _check_across_rows(result)
    return result


def _duplicates(rows, key: str, sheet: str, column: str, message: str, errors) -> None:
    seen: dict[str, int] = {}
    for number, record in rows:
        value = record.get(key)
        if not value:
            continue
        if value in seen:
            errors.append(
                RosterError(sheet, number, column, message.format(value=value, first=seen[value]))
            )
        else:
            seen[value] = number


def _check_cadre_row(number: int, record: dict, known_units: set, errors: list) -> None:
    unit = record.get("unit")
    if unit and unit not in known_units:
        errors.append(RosterError(CADRE_SHEET, number, "单位代码", f"单位代码“{unit}”不存在"))
    given, number_ = record.get("sex", ""), record.get("id_number")
    if given not in ("", "男", "女"):
        errors.append(RosterError(CADRE_SHEET, number, "性别", "应填“男”或“女”"))
    elif given and number_ and given != idnumber.sex(number_):
        actual = idnumber.sex(number_)
        errors.append(
            RosterError(CADRE_SHEET, number, "性别", f"与身份证号不符（身份证号显示为{actual}）")
        )


def _check_post_row(
    number: int, record: dict, in_file: dict, in_db: dict, known_units: set, errors: list
) -> None:
    person, unit = record.get("id_number"), record.get("unit")
    if not person or not unit:
        return  # the cell's own error is already listed
    home = in_file.get(person, in_db.get(person))
    if home is None:
        errors.append(
            RosterError(POST_SHEET, number, "身份证号", f"{person}不在干部表或现有名册中")
        )
    elif unit not in known_units:
        errors.append(RosterError(POST_SHEET, number, "单位代码", f"单位代码“{unit}”不存在"))
    elif home and unit != home:
        errors.append(
            RosterError(
                POST_SHEET, number, "单位代码", f"中层岗位单位“{unit}”与本人所在单位“{home}”不一致"
            )
        )


def _check_unit_names(rows, errors: list[RosterError]) -> None:
    """A name belongs to one unit: a row may not take the name a unit outside the file keeps
    (names may still move between units that are both in the file)."""
    in_file = {r["code"]: r["name"] for _, r in rows if r.get("code") and r.get("name")}
    holders: dict[str, list[str]] = {}
    for code, name in Unit.objects.values_list("code", "name"):
        if code not in in_file:
            holders.setdefault(name, []).append(code)
    for number, record in rows:
        name = record.get("name")
        if record.get("code") and name in holders:
            errors.append(
                RosterError(
                    UNIT_SHEET,
                    number,
                    "单位名称",
                    f"单位名称“{name}”已是单位代码“{holders[name][0]}”的名称，"
                    "两个单位不能同名（如要改名，请把该单位也列在本表中）",
                )
            )


def _check_across_rows(parsed: ParsedRoster) -> None:
    """Checks that need more than one row: duplicates, unknown units, people and posts."""
    errors = parsed.errors
    _duplicates(
        parsed.units, "code", UNIT_SHEET, "单位代码", "单位代码“{value}”与第{first}行重复", errors
    )
    _duplicates(
        parsed.units, "name", UNIT_SHEET, "单位名称", "单位名称“{value}”与第{first}行重复", errors
    )
    _check_unit_names(parsed.units, errors)
    _duplicates(
        parsed.cadres,
        "id_number",
        CADRE_SHEET,
        "身份证号",
        "身份证号{value}与第{first}行重复",
        errors,
    )
    _duplicates(
        parsed.posts,
        "id_number",
        POST_SHEET,
        "身份证号",
        "同一人（{value}）不能同时担任两个中层岗位（与第{first}行重复）",
        errors,
    )
    known_units = set(Unit.objects.values_list("code", flat=True)) | {
        r["code"] for _, r in parsed.units if r.get("code")
    }
    for number, record in parsed.cadres:
        _check_cadre_row(number, record, known_units, errors)
    in_file = {r["id_number"]: r.get("unit") for _, r in parsed.cadres if r.get("id_number")}
    ids_needed = [
        r["id_number"]
        for _, r in parsed.posts
        if r.get("id_number") and r["id_number"] not in in_file
    ]
    in_db = dict(
        Cadre.objects.filter(id_number__in=ids_needed).values_list("id_number", "unit__code")
    )
    for number, record in parsed.posts:
        _check_post_row(number, record, in_file, in_db, known_units, errors)
    order = [sheet for sheet, _ in SHEETS]
    errors.sort(key=lambda e: (order.index(e.sheet) if e.sheet in order else -1, e.row or 0))


# ---------------------------------------------------------------- writing


def _apply_units(rows, result: ImportResult) -> dict[str, int]:
    existing = {u.code: u for u in Unit.objects.all()}
    _free_moving_names(rows, existing)
    for _, record in rows:
        unit = existing.get(record["code"])
        if unit is None:
            existing[record["code"]] = Unit.objects.create(**record)
            result.units_created += 1
        elif any(getattr(unit, k) != v for k, v in record.items()):
            for k, v in record.items():
                setattr(unit, k, v)
            unit.save()
            result.units_updated += 1
    return {code: unit.pk for code, unit in existing.items()}


def _free_moving_names(rows, existing: dict[str, Unit]) -> None:
    """Names are unique, and a file may move one between two units (A's old name to B, or a
    swap): the renamed units first take a temporary name, so no save meets the old holder."""
    held = {u.name for u in existing.values()}
    renamed = [
        existing[r["code"]]
        for _, r in rows
        if r["code"] in existing and existing[r["code"]].name != r["name"]
    ]
    taking = any(
        r["name"] in held and (r["code"] not in existing or existing[r["code"]].name != r["name"])
        for _, r in rows
    )
    if taking:
        for unit in renamed:
            Unit.objects.filter(pk=unit.pk).update(name=f"~{uuid.uuid4().hex}")


def _cadre_values(record: dict, unit_ids: dict[str, int]) -> dict:
    values = {k: v for k, v in record.items() if k != "unit"}
    values["unit_id"] = unit_ids[record["unit"]]
    values["sex"] = idnumber.sex(record["id_number"])
    values["birth_date"] = idnumber.birth_date(record["id_number"])
    return values


def _apply_cadres(
    rows, unit_ids, result: ImportResult, progress: Progress | None
) -> dict[str, int]:
    ids = [r["id_number"] for _, r in rows]
    existing = {}
    for chunk in _chunks(ids, 900):  # SQLite caps the number of query parameters
        existing.update({c.id_number: c for c in Cadre.objects.filter(id_number__in=chunk)})
    to_create, to_update = [], []
    for done, (_, record) in enumerate(rows, start=1):
        values = _cadre_values(record, unit_ids)
        cadre = existing.get(values["id_number"])
        if cadre is None:
            to_create.append(Cadre(**values))
        elif any(getattr(cadre, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(cadre, k, v)
            to_update.append(cadre)
        else:
            result.cadres_unchanged += 1
        if progress and done % 1000 == 0:
            progress("写入干部", done, len(rows))
    Cadre.objects.bulk_create(to_create, batch_size=500)
    Cadre.objects.bulk_update(to_update, CADRE_FIELDS, batch_size=500)
    if progress:
        progress("写入干部", len(rows), len(rows))
    result.cadres_created, result.cadres_updated = len(to_create), len(to_update)
    return _ids_by_number(ids)


def _ids_by_number(ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(ids, 900):
        found.update(Cadre.objects.filter(id_number__in=chunk).values_list("id_number", "pk"))
    return found


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _apply_posts(post_rows, cadre_rows, unit_ids, result: ImportResult) -> None:
    wanted = {
        r["id_number"]: {
            "unit_id": unit_ids[r["unit"]],
            "section": r["section"],
            "level": r["level"],
            "kind": r["kind"] or PostKind.INTERNAL_SECTION,
            "since": r["since"],
        }
        for _, r in post_rows
    }
    # Everyone named in either sheet: the post sheet decides what each of them holds.
    cadre_ids = _ids_by_number(list(set(wanted) | {r["id_number"] for _, r in cadre_rows}))
    existing = {}
    for chunk in _chunks(list(cadre_ids.values()), 900):
        existing.update({p.cadre_id: p for p in MiddleLevelPost.objects.filter(cadre_id__in=chunk)})
    to_create, to_update, to_delete = [], [], []
    for number, pk in cadre_ids.items():
        want, have = wanted.get(number), existing.get(pk)
        if want is None:
            if have is not None:
                to_delete.append(have.pk)
        elif have is None:
            to_create.append(MiddleLevelPost(cadre_id=pk, **want))
        elif any(getattr(have, k) != v for k, v in want.items()):
            for k, v in want.items():
                setattr(have, k, v)
            to_update.append(have)
    for chunk in _chunks(to_delete, 900):
        MiddleLevelPost.objects.filter(pk__in=chunk).delete()
    MiddleLevelPost.objects.bulk_create(to_create, batch_size=500)
    MiddleLevelPost.objects.bulk_update(
        to_update, ["unit_id", "section", "level", "kind", "since"], batch_size=500
    )
    result.posts_set, result.posts_removed = len(to_create) + len(to_update), len(to_delete)


def roster_import(
    *, actor, fileobj, filename: str = "", progress: Progress | None = None
) -> ImportResult:
    """Validate the whole file, then write it in one transaction, with one audit event."""
    parsed = parse_roster(fileobj, progress=progress)
    if parsed.errors:
        raise RosterInvalid(parsed.errors)
    result = ImportResult()
    with transaction.atomic():
        unit_ids = _apply_units(parsed.units, result)
        _apply_cadres(parsed.cadres, unit_ids, result, progress)
        _apply_posts(parsed.posts, parsed.cadres, unit_ids, result)
        if result.changed:
            event_record(
                actor=actor,
                action="roster_import",
                object_type="roster",
                object_repr=filename or "干部名册",
                after=result.__dict__,
                note=result.summary(),
            )
    return result


# ---------------------------------------------------------------- template and export

_HEAD_FILL = PatternFill("solid", fgColor="DDE7F3")


def _write_sheet(wb: Workbook, title: str, columns, rows: Iterable[list]) -> None:
    ws = wb.create_sheet(title)
    append_row(ws, [c.header + ("*" if c.required else "") for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(horizontal="center")
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    for row in rows:
        append_row(ws, row)  # text stays text: a name "=1+1" is no formula (security issue 2)
    # Text format keeps ID numbers and yyyy.MM dates exactly as typed (Excel would mangle them).
    last = max(ws.max_row, 500)
    for index, column in enumerate(columns, start=1):
        if column.kind in ("idnumber", "date"):
            for (cell,) in ws.iter_rows(min_col=index, max_col=index, min_row=2, max_row=last):
                cell.number_format = "@"


def _fmt(column: Column, value) -> str:
    if value in (None, ""):
        return ""
    if column.kind == "date":
        return value.strftime("%Y-%m-%d")
    if column.kind == "bool":
        return "是" if value else "否"
    if column.kind == "appraisals":
        return ";".join(f"{y}:{g}" for y, g in sorted(value.items()))
    if column.kind == "choice":
        return dict(column.choices).get(value, value)
    return str(value)


def _workbook(unit_rows, cadre_rows, post_rows) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    _write_sheet(wb, UNIT_SHEET, UNIT_COLUMNS, unit_rows)
    _write_sheet(wb, CADRE_SHEET, CADRE_COLUMNS, cadre_rows)
    _write_sheet(wb, POST_SHEET, POST_COLUMNS, post_rows)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


GUIDE_SHEET = "填写说明"


def roster_template() -> bytes:
    """Empty sheets to fill, and a 填写说明 sheet with a worked example that is never imported
    (an example row in a data sheet would be imported as a real person)."""
    example_id = "33990119900101" + "123"
    example_id += idnumber.check_digit(example_id)
    # The example names the three years before this one (a year is appraised early the next).
    this_year = timezone.localdate().year
    appraisals = ";".join(
        f"{year}:{grade}"
        for year, grade in zip(
            range(this_year - 3, this_year), ("称职", "优秀", "称职"), strict=True
        )
    )
    content = _workbook([], [], [])
    wb = load_workbook(io.BytesIO(content))
    guide = wb.create_sheet(GUIDE_SHEET, 0)
    lines = [
        ["干部名册导入模板 · 填写说明"],
        [
            "1. 在“单位”“干部”“中层岗位”三张表中填写，表头不要改动，带 * 的列必填。本说明页不会被导入。"
        ],
        ["2. 身份证号为18位，系统按国家标准核对校验位；性别、出生日期由身份证号确定。"],
        ["3. 日期可写成 2015.07、2015-07-01 或 2015年7月；只写到月的，按该月1日计。"],
        [f"4. 近三年年度考核结果写成：{appraisals}。"],
        ["5. 每人最多担任一个中层岗位；中层岗位的单位代码须与本人所在单位一致。"],
        [
            "6. 同一身份证号再次导入时更新原记录；有任何错误时整份文件都不导入，并列出全部错误所在的表、行、列。"
        ],
        [],
        ["示例（请勿复制到数据表中）"],
        ["单位：", "D001", "示例局", "市直属机关部门", "否"],
        [
            "干部：",
            example_id,
            "张示例",
            "男",
            "D001",
            "公务员",
            "办公室科员",
            "2018.07",
            "一级科员",
            "2018.07",
        ],
        ["中层岗位：", example_id, "张示例", "D001", "办公室", "副职", "内设科室", "2020.01"],
    ]
    for line in lines:
        append_row(guide, line)
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 16
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def roster_export(units=None, *, full_ids: bool = False) -> bytes:
    """The roster in the import template's layout, so it can be edited and re-imported.

    ``full_ids``: ID numbers in full — the office's copy, the only one that can be imported
    again (ADR 0007). Everyone else's copy masks them as their pages do."""
    shown = (lambda number: number) if full_ids else idnumber.mask
    unit_qs = Unit.objects.all() if units is None else units
    cadres = (
        Cadre.objects.filter(unit__in=unit_qs).select_related("unit").order_by("unit__code", "id")
    )
    posts = MiddleLevelPost.objects.filter(unit__in=unit_qs).select_related("cadre", "unit")
    unit_rows = [[_fmt(c, getattr(u, c.field)) for c in UNIT_COLUMNS] for u in unit_qs]
    cadre_rows = [[_export_cell(c, cadre, shown) for c in CADRE_COLUMNS] for cadre in cadres]
    post_rows = [
        [
            shown(p.cadre.id_number),
            p.cadre.name,
            p.unit.code,
            p.section,
            _fmt(POST_COLUMNS[4], p.level),
            _fmt(POST_COLUMNS[5], p.kind),
            _fmt(POST_COLUMNS[6], p.since),
        ]
        for p in posts
    ]
    return _workbook(unit_rows, cadre_rows, post_rows)


def _export_cell(column: Column, cadre: Cadre, shown: Callable[[str], str]) -> str:
    if column.kind == "unit":
        return cadre.unit.code
    if column.kind == "idnumber":
        return shown(cadre.id_number)
    return _fmt(column, getattr(cadre, column.field))
