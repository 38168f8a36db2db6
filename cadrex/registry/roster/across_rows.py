"""The checks that need more than one row: duplicates, unknown units, people and posts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadrex.registry import idnumber
from cadrex.registry.models import Cadre, Unit
from cadrex.registry.roster.columns import (
    CADRE_SHEET,
    POST_SHEET,
    SHEETS,
    UNIT_SHEET,
    RosterError,
)

if TYPE_CHECKING:
    from cadrex.registry.roster.reading import ParsedRoster


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


def check_across_rows(parsed: ParsedRoster) -> None:
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
